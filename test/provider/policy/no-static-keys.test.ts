import { describe, expect, it } from "vitest";
import { keylessPolicies } from "../../../provider/policy/policies";
import { noStaticKeys } from "../../../provider/policy/static-keys";
import { urnOf, validate } from "./harness";

const keys = [
  ["aws:iam/accessKey:AccessKey", { user: "ci-deployer" }, "FederatedRole"],
  ["gcp:serviceaccount/key:Key", { serviceAccountId: "ci-deployer" }, "GcpFederatedServiceAccount"],
  [
    "azuread:index/applicationPassword:ApplicationPassword",
    { applicationId: "/applications/00000000-0000-0000-0000-000000000001" },
    "AzureFederatedIdentity",
  ],
  [
    "azuread:index/servicePrincipalPassword:ServicePrincipalPassword",
    { servicePrincipalId: "/servicePrincipals/00000000-0000-0000-0000-000000000002" },
    "AzureFederatedIdentity",
  ],
] as const;

describe("keyless-no-static-keys", () => {
  it.each(keys)("rejects %s and names its replacement", async (type, props, replacement) => {
    const resource = { type, name: "ci-key", props: { ...props } };

    const violations = await validate(noStaticKeys, resource);

    expect(violations).toHaveLength(1);
    expect(violations[0]?.urn).toBe(urnOf(resource));
    expect(violations[0]?.message).toMatch(/^ci-key \(.+\) breaks keyless-no-static-keys: /);
    expect(violations[0]?.message).toContain(replacement);
    expect(violations[0]?.message).toContain("until someone revokes it");
  });

  it("is mandatory unless the pack's configuration lowers it", () => {
    expect(noStaticKeys.enforcementLevel).toBe("mandatory");
    expect(keylessPolicies).toContain(noStaticKeys);
  });

  it.each([
    ["name", "legacy-vendor-key"],
    ["URN", urnOf({ type: "aws:iam/accessKey:AccessKey", name: "legacy-vendor-key", props: {} })],
  ])("accepts a key listed by %s in the exceptions", async (_by, listed) => {
    const resource = { type: "aws:iam/accessKey:AccessKey", name: "legacy-vendor-key", props: {} };
    const config = {
      exceptions: [{ resource: listed, reason: "Vendor tool without OIDC; ACME-42" }],
    };

    expect(await validate(noStaticKeys, resource, config)).toEqual([]);
  });

  it("rejects a key whose name is only close to an exception", async () => {
    const resource = {
      type: "aws:iam/accessKey:AccessKey",
      name: "legacy-vendor-key-2",
      props: {},
    };
    const config = { exceptions: [{ resource: "legacy-vendor-key", reason: "ACME-42" }] };

    expect(await validate(noStaticKeys, resource, config)).toHaveLength(1);
  });

  it("requires a reason for every exception in its schema", () => {
    const items = noStaticKeys.configSchema?.properties["exceptions"]?.items as {
      required: string[];
    };
    expect(items.required).toEqual(["resource", "reason"]);
  });

  it("leaves other resources alone", async () => {
    const role = { type: "aws:iam/role:Role", name: "deployer", props: {} };
    expect(await validate(noStaticKeys, role)).toEqual([]);
  });
});
