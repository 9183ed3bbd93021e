import { describe, expect, it } from "vitest";
import { evaluateAwsTrust, isExposedKey, webIdentityContext } from "../../../sdk/simulate/aws";

const gh = "https://token.actions.githubusercontent.com";
const provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const roleArn = "arn:aws:iam::123456789012:role/api-deploy";

const claims = {
  iss: gh,
  aud: "sts.amazonaws.com",
  sub: "repo:acme/api:environment:production",
  repository: "acme/api",
  repository_id: "7654321",
  repository_owner_id: "1234567",
  environment: "production",
  event_name: "push",
  ref: "refs/heads/main",
};

function trust(condition: Record<string, unknown>) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: provider },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: condition,
      },
    ],
  };
}

describe("isExposedKey", () => {
  it.each([
    ["token.actions.githubusercontent.com", "sub", true],
    ["token.actions.githubusercontent.com", "repository_id", true],
    ["token.actions.githubusercontent.com", "job_workflow_ref", true],
    ["token.actions.githubusercontent.com/acme-enterprise", "environment", true],
    ["token.actions.githubusercontent.com", "event_name", false],
    ["token.actions.acme.ghe.com", "repository_owner_id", false],
    ["token.actions.acme.ghe.com", "repository_id", true],
    ["accounts.google.com", "oaud", true],
    ["oidc.circleci.com/org/0000-1111", "oidc.circleci.com/project-id", true],
    ["gitlab.com", "ref_protected", false],
    ["gitlab.example.com", "ref_protected", false],
    ["oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE", "amr", true],
    ["oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE", "kubernetes.io", false],
  ])("%s exposes %s: %s", (issuer, claim, expected) => {
    expect(isExposedKey(issuer, claim)).toBe(expected);
  });
});

describe("webIdentityContext", () => {
  it("sets a key per exposed claim, lower-cased, and leaves the rest out", () => {
    const context = webIdentityContext(claims);
    expect(context.get("token.actions.githubusercontent.com:repository_id")).toEqual(["7654321"]);
    expect(context.has("token.actions.githubusercontent.com:event_name")).toBe(false);
  });

  it.each<[string, unknown, string[] | undefined]>([
    ["a number as its JSON text", 7654321, ["7654321"]],
    ["a boolean as its JSON text", true, ["true"]],
    ["an array as a multi-valued key", ["a", "b"], ["a", "b"]],
    ["null as no key", null, undefined],
    ["an object as no key", { a: 1 }, undefined],
    ["an empty array as no key", [], undefined],
  ])("turns %s", (_title, value, expected) => {
    const context = webIdentityContext({ iss: gh, repository_id: value });
    expect(context.get("token.actions.githubusercontent.com:repository_id")).toEqual(expected);
  });

  it("puts azp in ISSUER:aud and aud in ISSUER:oaud for Google", () => {
    const context = webIdentityContext({
      iss: "https://accounts.google.com",
      aud: "a",
      azp: "b",
      sub: "1",
    });
    expect(context.get("accounts.google.com:aud")).toEqual(["b"]);
    expect(context.get("accounts.google.com:oaud")).toEqual(["a"]);
  });
});

describe("evaluateAwsTrust", () => {
  it("allows a token that meets every condition and lists what matched", () => {
    const verdict = evaluateAwsTrust({
      trustPolicy: trust({
        StringEquals: {
          "token.actions.githubusercontent.com:sub": claims.sub,
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        },
      }),
      roleArn,
      claims,
    });
    expect(verdict.kind).toBe("allow");
    expect(verdict.reasons.filter((r) => r.kind === "matched")).toHaveLength(3);
  });

  it("explains that STS does not expose a claim the policy conditions on", () => {
    const verdict = evaluateAwsTrust({
      trustPolicy: trust({
        StringEquals: { "token.actions.githubusercontent.com:event_name": "push" },
      }),
      roleArn,
      claims,
    });
    expect(verdict.kind).toBe("deny");
    expect(verdict.reasons.map((r) => r.message)).toEqual([
      'trustPolicy.Statement[0] requires token.actions.githubusercontent.com:event_name (StringEquals ["push"]), but the request has no such key.',
      "The token carries event_name, but STS does not expose it as a condition key for token.actions.githubusercontent.com, so token.actions.githubusercontent.com:event_name is always absent. Condition on sub (or a claim STS exposes for this issuer) instead.",
    ]);
  });

  it("names the wrong audience and how to request the right one", () => {
    const verdict = evaluateAwsTrust({
      trustPolicy: trust({
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      }),
      roleArn,
      claims: { ...claims, aud: "https://github.com/acme" },
    });
    const hint = verdict.reasons.find((r) => r.kind === "hint");
    expect(hint?.message).toContain(
      'The token was issued for audience "https://github.com/acme", but the trust accepts "sts.amazonaws.com"',
    );
  });

  it("denies before the policy when the account has no provider for the issuer", () => {
    const verdict = evaluateAwsTrust({
      trustPolicy: trust({}),
      roleArn,
      claims: { ...claims, iss: `${gh}/` },
      providerArns: [provider],
    });
    expect(verdict.kind).toBe("deny");
    expect(verdict.reasons[0]?.message).toContain(
      'The role trusts no OIDC provider for the issuer "https://token.actions.githubusercontent.com/"',
    );
    expect(verdict.reasons[1]?.message).toContain("differ by a trailing slash");
  });

  it.each([
    [
      "an environment job against a branch trust",
      "repo:acme/api:environment:production",
      "repo:acme/api:ref:refs/heads/main",
      'so GitHub puts "environment:production" in sub instead of the ref',
    ],
    [
      "a branch job against an environment trust",
      "repo:acme/api:ref:refs/heads/main",
      "repo:acme/api:environment:production",
      "this job has no environment",
    ],
    [
      "an immutable subject against a legacy trust",
      "repo:acme@1234567/api@7654321:environment:production",
      "repo:acme/api:environment:production",
      "immutable subject form (OWNER@ID/REPO@ID) and the trust accepts only the legacy form",
    ],
    [
      "a legacy subject against an immutable trust",
      "repo:acme/api:environment:production",
      "repo:acme@1234567/api@7654321:environment:production",
      "legacy subject form (OWNER/REPO) and the trust accepts only the immutable form",
    ],
    [
      "re-created repository IDs",
      "repo:acme@1234567/api@9999999:environment:production",
      "repo:acme@1234567/api@7654321:environment:production",
      "differ from the trusted ones",
    ],
    [
      "a case difference",
      "repo:acme/api:environment:production",
      "repo:ACME/api:environment:production",
      "only in letter case",
    ],
  ])("hints at %s", (_title, tokenSub, trusted, hint) => {
    const verdict = evaluateAwsTrust({
      trustPolicy: trust({ StringEquals: { "token.actions.githubusercontent.com:sub": trusted } }),
      roleArn,
      claims: { ...claims, sub: tokenSub },
    });
    expect(verdict.kind).toBe("deny");
    const hints = verdict.reasons.filter((r) => r.kind === "hint").map((r) => r.message);
    expect(hints.join("\n")).toContain(hint);
  });

  it("presents a Google token as the bare accounts.google.com principal", () => {
    const google = { iss: "https://accounts.google.com", aud: "client-1", sub: "1000001" };
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: "accounts.google.com" },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { "accounts.google.com:aud": "client-1" } },
        },
      ],
    };
    expect(evaluateAwsTrust({ trustPolicy: policy, roleArn, claims: google }).kind).toBe("allow");
  });

  it("refuses a role ARN that is not one", () => {
    expect(() =>
      evaluateAwsTrust({ trustPolicy: trust({}), roleArn: "api-deploy", claims }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_INPUT_UNUSABLE",
        message: expect.stringContaining(
          'roleArn: "api-deploy" — a role ARN is arn:aws:iam::ACCOUNT:role/NAME',
        ),
      }),
    );
  });
});
