import { describe, expect, it } from "vitest";
import { classifyIssuer, subjectBoundaryCrossing } from "../../../sdk/simulate/lint";

describe("subjectBoundaryCrossing", () => {
  it.each([
    ["github", "repo:*", { boundary: "owner", outermost: true }],
    ["github", "*", { boundary: "owner", outermost: true }],
    ["github", "repo:acme*", { boundary: "owner", outermost: true }],
    ["github", "repo:acme/*", { boundary: "repository", outermost: false }],
    ["github", "repo:acme/api*:ref:refs/heads/main", { boundary: "repository", outermost: false }],
    ["github", "repo:acme/api:*", undefined],
    ["github", "repo:acme/api:ref:refs/heads/release/*", undefined],
    ["gitlab", "project_path:acme/*", { boundary: "project", outermost: false }],
    ["gitlab", "project_path:*:ref_type:branch:ref:main", { boundary: "group", outermost: true }],
    ["kubernetes", "system:serviceaccount:*:deployer", { boundary: "namespace", outermost: true }],
    [
      "kubernetes",
      "system:serviceaccount:payments:*",
      { boundary: "service account", outermost: false },
    ],
    ["kubernetes", "system:serviceaccount:payments:reader", undefined],
    [
      "terraform",
      "organization:acme:project:*:workspace:prod:run_phase:apply",
      { boundary: "project", outermost: false },
    ],
    ["other", "*", { boundary: "subject", outermost: true }],
    ["other", "spiffe://acme/*", undefined],
    ["other", "project_path:acme/*", { boundary: "project", outermost: false }],
    ["other", "system:serviceaccount:*:deployer", { boundary: "namespace", outermost: true }],
  ] as const)("on %s, %s crosses %j", (kind, pattern, expected) => {
    expect(subjectBoundaryCrossing(kind, pattern)).toEqual(expected);
  });
});

describe("classifyIssuer", () => {
  it.each([
    ["https://token.actions.githubusercontent.com", "github", true],
    ["token.actions.githubusercontent.com/acme", "github", false],
    ["https://gitlab.com", "gitlab", true],
    ["https://gitlab.acme.example", "other", false],
    ["https://oidc.circleci.com/org/00000000-0000-0000-0000-000000000000", "circleci", true],
    ["https://app.terraform.io", "terraform", true],
    ["https://agent.buildkite.com", "buildkite", true],
    ["https://api.pulumi.com/oidc", "pulumi", true],
    ["accounts.google.com", "google", true],
    ["https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF", "kubernetes", false],
    [
      "https://container.googleapis.com/v1/projects/acme/locations/europe-west1/clusters/main",
      "kubernetes",
      false,
    ],
  ])("classifies %s as %s", (url, kind, shared) => {
    expect(classifyIssuer(url)).toMatchObject({ kind, shared });
  });
});
