import { describe, expect, it } from "vitest";
import { comparandProblem, flexiblePlatform, writeExpression } from "../../sdk/azure";
import { literal, parseGlob } from "../../sdk/trust";

describe("flexiblePlatform", () => {
  it.each([
    ["https://token.actions.githubusercontent.com", "GitHub"],
    ["https://token.actions.githubusercontent.com/acme", undefined],
    ["https://gitlab.com", "GitLab"],
    ["https://gitlab.acme.com", "GitLab"],
    ["https://gitlab.acme.ca", "GitLab"],
    ["https://gitlab.acme.de", undefined],
    ["https://git.acme.com", undefined],
    ["https://app.terraform.io", "Terraform Cloud"],
    ["https://app.eu.terraform.io", "Terraform Cloud"],
    ["https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE", undefined],
  ])("for %s is %s", (issuer, name) => {
    expect(flexiblePlatform(issuer)?.name).toBe(name);
  });
});

describe("writeExpression", () => {
  it("uses eq for exact values, matches for patterns, and joins with and", () => {
    expect(
      writeExpression([
        { claim: "sub", value: parseGlob("repo:acme/api:ref:refs/heads/release/*") },
        { claim: "repository_id", value: literal("7654321") },
      ]),
    ).toBe(
      "claims['sub'] matches 'repo:acme/api:ref:refs/heads/release/*' and claims['repository_id'] eq '7654321'",
    );
  });

  it("keeps the single-character wildcard", () => {
    expect(writeExpression([{ claim: "sub", value: parseGlob("v?") }])).toBe(
      "claims['sub'] matches 'v?'",
    );
  });
});

describe("comparandProblem", () => {
  it.each([
    [literal("main"), undefined],
    [literal("a*b"), undefined],
    [parseGlob("v*"), undefined],
    [literal("it's"), /single quote/],
    [
      {
        parts: [
          { kind: "literal", text: "a*" },
          { kind: "wildcard", wildcard: "*" },
        ],
      },
      /literal '\*' or '\?'/,
    ],
  ] as const)("for %j is %s", (value, expected) => {
    const problem = comparandProblem(value as Parameters<typeof comparandProblem>[0]);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
