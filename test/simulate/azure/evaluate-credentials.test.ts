import { describe, expect, it } from "vitest";
import { evaluateAzureCredentials, parseClaimsExpression } from "../../../sdk/simulate/azure";

const gh = "https://token.actions.githubusercontent.com";
const aud = "api://AzureADTokenExchange";
const claims = {
  iss: gh,
  aud,
  sub: "repo:acme/api:environment:production",
  job_workflow_ref: "acme/workflows/.github/workflows/deploy.yml@refs/heads/main",
};
const exact = {
  name: "api-production",
  issuer: gh,
  subject: "repo:acme/api:environment:production",
  audiences: [aud],
};

describe("evaluateAzureCredentials", () => {
  it("allows an exact match and names the credential", () => {
    const verdict = evaluateAzureCredentials([exact], claims);
    expect(verdict).toEqual({
      kind: "allow",
      reasons: [
        {
          kind: "matched",
          message: `Credential "api-production" matches: issuer "${gh}", subject "repo:acme/api:environment:production", audience "${aud}".`,
        },
      ],
    });
  });

  it.each([
    [
      "a subject in another case",
      { sub: "repo:acme/API:environment:production" },
      "only in letter case",
    ],
    ["an issuer with a trailing slash", { iss: `${gh}/` }, "differ by a trailing slash"],
    [
      "the wrong audience",
      { aud: "sts.amazonaws.com" },
      'The token was issued for audience "sts.amazonaws.com"',
    ],
    [
      "a branch job against an environment credential",
      { sub: "repo:acme/api:ref:refs/heads/main" },
      "this job has no environment",
    ],
  ])("denies %s with a hint", (_title, change, hint) => {
    const verdict = evaluateAzureCredentials([exact], { ...claims, ...change });
    expect(verdict.kind).toBe("deny");
    expect(
      verdict.reasons
        .filter((r) => r.kind === "hint")
        .map((r) => r.message)
        .join("\n"),
    ).toContain(hint);
  });

  it("reads the REST shape with properties", () => {
    const rest = {
      name: "api-production",
      type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      properties: { issuer: gh, subject: claims.sub, audiences: [aud] },
    };
    expect(evaluateAzureCredentials([rest as never], claims).kind).toBe("allow");
  });

  it.each([
    ["claims['sub'] matches 'repo:acme/api:*'", true],
    ["claims['sub'] matches 'repo:acme/web:*'", false],
    ["claims['sub'] eq 'repo:acme/api:environment:production'", true],
    [
      "claims['sub'] matches 'repo:acme/*' and claims['job_workflow_ref'] eq 'acme/workflows/.github/workflows/deploy.yml@refs/heads/main'",
      true,
    ],
    [
      "claims['sub'] matches 'repo:acme/*' and claims['job_workflow_ref'] matches 'acme/other/*'",
      false,
    ],
    ["claims['sub'] matches 'repo:acme/ap?:*'", true],
  ])("evaluates the flexible expression %s", (expression, expected) => {
    const verdict = evaluateAzureCredentials(
      [
        {
          issuer: gh,
          claimsMatchingExpression: { value: expression, languageVersion: 1 },
          audiences: [aud],
        },
      ],
      claims,
    );
    expect(verdict.kind === "allow").toBe(expected);
  });

  it("refuses an expression outside the documented language, saying so", () => {
    const verdict = evaluateAzureCredentials(
      [
        {
          name: "flex",
          issuer: gh,
          claimsMatchingExpression: "claims['sub'] matches 'repo:acme/*' or claims['sub'] eq 'x'",
          audiences: [aud],
        },
      ],
      claims,
    );
    expect(verdict.kind).toBe("deny");
    expect(verdict.reasons[0]).toMatchObject({
      kind: "unsupported",
      message: expect.stringContaining('joins terms with something other than "and"'),
    });
  });
});

describe("parseClaimsExpression", () => {
  it.each([
    [
      "claims['environment'] eq 'production'",
      gh,
      "claims['environment'] is not a claim flexible credentials support",
    ],
    [
      "claims['sub'] matches 'x'",
      "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
      "the issuer is not supported by flexible credentials",
    ],
    ["sub == 'x'", gh, "outside the documented language"],
    ["claims['sub']  matches 'x'", gh, "outside the documented language"],
  ])("refuses %s for %s", (source, issuer, message) => {
    const parsed = parseClaimsExpression(source, issuer);
    expect(parsed.kind).toBe("unsupported");
    expect(parsed.kind === "unsupported" && parsed.message).toContain(message);
  });

  it("reads a GitLab subject pattern", () => {
    expect(
      parseClaimsExpression(
        "claims['sub'] matches 'project_path:acme/*:ref_type:branch:ref:main'",
        "https://gitlab.com",
      ),
    ).toEqual({
      kind: "expression",
      terms: [
        {
          claim: "sub",
          operator: "matches",
          value: "project_path:acme/*:ref_type:branch:ref:main",
        },
      ],
    });
  });
});
