import { describe, expect, it } from "vitest";
import { awsCanCheckClaim, awsCheckableClaims, AWS_PROVIDER_CLAIM_KEYS } from "../../sdk/aws";

describe("awsCheckableClaims", () => {
  it.each([
    ["token.actions.githubusercontent.com", "GitHub Actions"],
    ["token.actions.githubusercontent.com/acme", "GitHub Actions"],
    ["token.actions.acme.ghe.com", "GitHub Actions"],
    ["accounts.google.com", "Google"],
    ["oidc.circleci.com/org/00000000-0000-4000-8000-000000000001", "CircleCI"],
    ["idcs-0123abcd.identity.oraclecloud.com", "Oracle Cloud Infrastructure"],
  ])("gives %s the provider claims of %s", (hostPath, provider) => {
    const family = AWS_PROVIDER_CLAIM_KEYS.find((f) => f.provider === provider);
    expect(awsCheckableClaims(hostPath)).toEqual(["aud", "sub", "amr", ...(family?.claims ?? [])]);
  });

  it.each([
    "gitlab.com",
    "gitlab.acme.example",
    "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789",
    "token.actions.githubusercontent.com.evil.example",
    "evil.example/token.actions.githubusercontent.com",
    "token.actions.a.b.ghe.com",
    "idcs-.identity.oraclecloud.com",
  ])("gives %s only aud, sub and amr", (hostPath) => {
    expect(awsCheckableClaims(hostPath)).toEqual(["aud", "sub", "amr"]);
  });

  it.each([
    ["repository_id", true],
    ["job_workflow_ref", true],
    ["environment", true],
    ["enterprise_id", true],
    ["repository_owner_id", false],
    ["event_name", false],
    ["Repository_ID", false],
  ])("says whether GitHub's %s is checkable (%s)", (claim, checkable) => {
    expect(awsCanCheckClaim("token.actions.githubusercontent.com", claim)).toBe(checkable);
  });

  it("is frozen, so no caller widens what AWS is said to check", () => {
    expect(Object.isFrozen(AWS_PROVIDER_CLAIM_KEYS)).toBe(true);
    expect(Object.isFrozen(AWS_PROVIDER_CLAIM_KEYS[0]?.claims)).toBe(true);
  });
});
