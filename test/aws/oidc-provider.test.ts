import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OidcProvider } from "../../sdk/aws";
import { installAwsMocks, settle, valueOf } from "./mock-aws";

let mocks: Awaited<ReturnType<typeof installAwsMocks>>;

beforeEach(async () => {
  mocks = await installAwsMocks("aws-cn");
});

afterEach(async () => {
  await settle();
});

describe("OidcProvider", () => {
  it("creates a provider with the audiences as client IDs and no thumbprint for a trusted CA", async () => {
    const p = new OidcProvider("github", {
      issuerUrl: "https://token.actions.githubusercontent.com",
      audiences: ["sts.amazonaws.com", "https://github.com/acme"],
    });
    expect(await valueOf(p.arn)).toBe(
      "arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    );
    expect(
      mocks.find("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "github").inputs,
    ).toEqual({
      url: "https://token.actions.githubusercontent.com",
      clientIdLists: ["sts.amazonaws.com", "https://github.com/acme"],
    });
  });

  it.each([
    [
      { issuerUrl: "https://gitlab.acme.example", thumbprints: ["xyz"] },
      /thumbprints: \["xyz"\] — IAM takes one to five thumbprints, each the SHA-1 of a certificate as 40 hex digits\./,
    ],
    [
      { issuerUrl: "https://gitlab.acme.example" },
      /thumbprints: undefined — IAM verifies gitlab\.acme\.example by certificate thumbprint/,
    ],
    [
      {
        issuerUrl: "https://gitlab.com",
        existingArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
      },
      /existingArn: .* — An adopted provider's ARN is arn:PARTITION:iam::ACCOUNT:oidc-provider\/gitlab\.com for this issuer\./,
    ],
    [
      { issuerUrl: "http://gitlab.com" },
      /issuerUrl: "http:\/\/gitlab\.com" — OIDC issuers must use https/,
    ],
    [
      { issuerUrl: "https://gitlab.com", audiences: [] },
      /audiences: \[\] — A provider accepts at least one audience/,
    ],
  ])("refuses %j with ERR_TRUST_INVALID", (args, message) => {
    expect(() => new OidcProvider("p", args)).toThrow(
      expect.objectContaining({
        code: "ERR_TRUST_INVALID",
        message: expect.stringMatching(message),
      }),
    );
  });

  it("adopts an existing provider without creating a resource", async () => {
    const arn = "arn:aws-cn:iam::123456789012:oidc-provider/gitlab.com";
    const p = new OidcProvider("gitlab", { issuerUrl: "https://gitlab.com", existingArn: arn });
    expect(await valueOf(p.arn)).toBe(arn);
    await settle();
    expect(mocks.resources.map((r) => r.type)).toEqual(["keyless:aws:OidcProvider"]);
  });
});
