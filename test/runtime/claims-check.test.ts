import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManifestSubject } from "../../sdk/manifest";
import { checkClaims, ClaimsMismatchError, type ExpectedTrust } from "../../sdk/runtime";
import { startIssuer } from "./local-servers";

let issuer: Awaited<ReturnType<typeof startIssuer>>;
beforeAll(async () => {
  issuer = await startIssuer();
});
afterAll(() => issuer.close());

const trust = (subjects: Array<Partial<ManifestSubject>>): ExpectedTrust => ({
  target: "arn:aws:iam::123456789012:role/api-deploy",
  audience: "sts.amazonaws.com",
  subjects: subjects.map((s) => ({
    issuer: issuer.url,
    issuerKind: "github",
    sub: [],
    conditions: [],
    description: "acme/api on main",
    ...s,
  })),
});

describe("checkClaims", () => {
  it.each([
    ["an exact sub", ["repo:acme/api:ref:refs/heads/main"]],
    ["a glob sub", ["repo:acme/api:ref:refs/heads/*"]],
    ["one of several", ["repo:acme/web:*", "repo:acme/api:ref:refs/heads/ma?n"]],
  ])("accepts %s", async (_name, sub) => {
    const token = await issuer.mint({
      sub: "repo:acme/api:ref:refs/heads/main",
      aud: "sts.amazonaws.com",
    });
    expect(() => checkClaims(token, trust([{ sub }]))).not.toThrow();
  });

  it("names this job's sub and what the role trusts", async () => {
    const token = await issuer.mint({
      sub: "repo:acme/api:ref:refs/heads/feature",
      aud: "sts.amazonaws.com",
    });
    const run = () => checkClaims(token, trust([{ sub: ["repo:acme/api:ref:refs/heads/main"] }]));

    expect(run).toThrow(ClaimsMismatchError);
    expect(run).toThrow(
      'The token cannot reach arn:aws:iam::123456789012:role/api-deploy: acme/api on main: this job\'s `sub` is "repo:acme/api:ref:refs/heads/feature"; it trusts "repo:acme/api:ref:refs/heads/main".',
    );
  });

  it("names a condition the claims do not meet", async () => {
    const token = await issuer.mint({
      sub: "repo:acme/api:environment:staging",
      aud: "sts.amazonaws.com",
      environment: "staging",
    });
    const run = () =>
      checkClaims(
        token,
        trust([
          {
            sub: ["repo:acme/api:*"],
            conditions: [{ claim: "environment", anyOf: ["production"] }],
          },
        ]),
      );

    expect(run).toThrow('this job\'s `environment` is "staging"; it requires "production"');
  });

  it("names the audience when it differs", async () => {
    const token = await issuer.mint({
      sub: "repo:acme/api:ref:refs/heads/main",
      aud: "https://github.com/acme",
    });
    const err = (() => {
      try {
        checkClaims(token, trust([{ sub: ["*"] }]));
      } catch (e) {
        return e as ClaimsMismatchError;
      }
      return undefined;
    })();

    expect(err?.code).toBe("ERR_ACCESS_DENIED");
    expect(err?.message).toContain(
      'this job\'s `aud` is "https://github.com/acme"; arn:aws:iam::123456789012:role/api-deploy accepts "sts.amazonaws.com"',
    );
    expect(err?.message).not.toContain(token);
  });

  it("names the issuer when it differs", async () => {
    const token = await issuer.mint({ sub: "x", aud: "sts.amazonaws.com" });
    expect(() =>
      checkClaims(
        token,
        trust([{ issuer: "https://token.actions.githubusercontent.com", sub: ["x"] }]),
      ),
    ).toThrow(
      `the token's issuer is "${issuer.url}"; it trusts "https://token.actions.githubusercontent.com"`,
    );
  });
});
