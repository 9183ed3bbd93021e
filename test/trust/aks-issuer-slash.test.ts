import { describe, expect, it } from "vitest";
import { declareTrust } from "../../sdk/trust";

const aks =
  "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";

describe("declareTrust (Kubernetes on AKS)", () => {
  it("keeps the trailing slash AKS issuers and their tokens carry", () => {
    const [subject] = declareTrust({
      kubernetes: { issuerUrl: aks, namespace: "payments", serviceAccount: "reader" },
    }).subjects;
    expect(subject?.issuer.url).toBe(aks);
  });

  it("refuses an AKS issuer without its trailing slash", () => {
    expect(() =>
      declareTrust({
        kubernetes: {
          issuerUrl: aks.slice(0, -1),
          namespace: "payments",
          serviceAccount: "reader",
        },
      }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_TRUST_INVALID",
        message: expect.stringMatching(
          /trust\.kubernetes\.issuerUrl: .* An AKS cluster's issuer URL ends with a slash.* Fix: Use https:\/\/eastus\.oic\.prod-aks\.azure\.com\/.*111111111111\/ /,
        ),
      }),
    );
  });

  it("still refuses a trailing slash on a GitLab instance URL", () => {
    expect(() =>
      declareTrust({
        gitlab: { project: "acme/deployer", branch: "main", url: "https://gitlab.acme.example/" },
      }),
    ).toThrow(/ends with a slash/);
  });
});
