import { describe, expect, it } from "vitest";
import {
  awsTargetKey,
  createAzureCredential,
  fromEnvironmentVariable,
  gcpTargetKey,
} from "../../sdk/runtime";

const tokenSource = fromEnvironmentVariable({ name: "UNUSED", env: {} });

describe("createAzureCredential", () => {
  it("refuses scopes it was not declared with instead of handing out a wrong token", async () => {
    const credential = createAzureCredential({
      tenantId: "00000000-0000-4000-8000-00000000000a",
      clientId: "00000000-0000-4000-8000-00000000000b",
      tokenSource,
    });

    await expect(credential.getToken("https://storage.azure.com/.default")).rejects.toThrow(
      'getToken: scopes "https://storage.azure.com/.default" were not declared for this credential',
    );
  });

  it.each([
    [{ tenantId: "acme" }, 'tenantId: "acme" is not a GUID'],
    [{ ttlSeconds: 59 }, "ttlSeconds: 59 must be whole seconds, at least 60"],
  ])("checks %j at the boundary", (extra, message) => {
    expect(() =>
      createAzureCredential({
        tenantId: "00000000-0000-4000-8000-00000000000a",
        clientId: "00000000-0000-4000-8000-00000000000b",
        tokenSource,
        ...extra,
      }),
    ).toThrow(message);
  });
});

describe("target keys", () => {
  const roleArn = "arn:aws:iam::123456789012:role/api-deploy";
  it("separate narrowed AWS credentials from full ones, and equal policies share a key", () => {
    const full = awsTargetKey({ roleArn, tokenSource });
    const narrowed = awsTargetKey({
      roleArn,
      tokenSource,
      sessionPolicy: { policy: { Version: "2012-10-17", Statement: [] } },
    });
    const same = awsTargetKey({
      roleArn,
      tokenSource,
      sessionPolicy: { policy: '{ "Version": "2012-10-17", "Statement": [] }' },
    });

    expect(narrowed).not.toBe(full);
    expect(narrowed.startsWith(`${full}|narrow:`)).toBe(true);
    expect(same).toBe(narrowed);
  });

  it("separate downscoped GCP tokens from full ones", () => {
    const providerName =
      "projects/123456789/locations/global/workloadIdentityPools/ci-pool/providers/github";
    const full = gcpTargetKey({ providerName, tokenSource });
    const narrowed = gcpTargetKey({
      providerName,
      tokenSource,
      accessBoundary: {
        accessBoundary: {
          accessBoundaryRules: [
            {
              availableResource: "//storage.googleapis.com/projects/_/buckets/acme",
              availablePermissions: ["inRole:roles/storage.objectViewer"],
            },
          ],
        },
      },
    });

    expect(narrowed).not.toBe(full);
  });
});
