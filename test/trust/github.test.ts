import { describe, expect, it } from "vitest";
import { TrustValidationError } from "../../sdk/errors";
import { declareTrust, patternText } from "../../sdk/trust";

const subs = (trust: Parameters<typeof declareTrust>[0]) =>
  declareTrust(trust).subjects.flatMap((s) => s.sub.map(patternText));

describe("declareTrust (GitHub)", () => {
  it.each([
    [{ branch: "main" }, ["repo:acme/api:ref:refs/heads/main"]],
    [{ branch: "release/*" }, ["repo:acme/api:ref:refs/heads/release/*"]],
    [{ tag: "v*" }, ["repo:acme/api:ref:refs/tags/v*"]],
    [{ environment: "production" }, ["repo:acme/api:environment:production"]],
    [{ pullRequest: true }, ["repo:acme/api:pull_request"]],
  ])("lays out sub for %j", (context, expected) => {
    expect(subs({ github: { repository: "acme/api", ...context } })).toEqual(expected);
  });

  it("accepts the legacy and the immutable form when both IDs are declared", () => {
    const trust = declareTrust({
      github: {
        repository: "acme/api",
        ownerId: 1234567,
        repositoryId: 7654321,
        environment: "production",
      },
    });
    expect(trust.subjects[0]?.sub.map(patternText)).toEqual([
      "repo:acme/api:environment:production",
      "repo:acme@1234567/api@7654321:environment:production",
    ]);
    expect(trust.subjects[0]?.conditions.map((c) => [c.claim, c.anyOf.map(patternText)])).toEqual([
      ["repository_id", ["7654321"]],
      ["repository_owner_id", ["1234567"]],
    ]);
    expect(trust.warnings.map((w) => w.code)).toEqual([]);
  });

  it("warns about recycled names when no IDs are declared", () => {
    const trust = declareTrust({ github: { repository: "acme/web", branch: "main" } });
    expect(trust.warnings).toMatchObject([
      { code: "github-no-ids", path: "trust.github.repository" },
    ]);
    expect(trust.warnings[0]?.message).toMatch(/inherits this trust/);
    expect(trust.warnings[0]?.fix).toMatch(/ownerId and repositoryId/);
  });

  it("uses the enterprise issuer when an enterprise slug is declared", () => {
    const [subject] = declareTrust({
      github: { repository: "acme/api", branch: "main", enterprise: "acme" },
    }).subjects;
    expect(subject?.issuer.url).toBe("https://token.actions.githubusercontent.com/acme");
    expect(subject?.issuer.hostPath).toBe("token.actions.githubusercontent.com/acme");
  });

  it.each([
    [
      { repository: "acme/*", branch: "main" },
      "trust.github.repository",
      /wildcard in the repository/,
    ],
    [{ repository: "*/api", branch: "main" }, "trust.github.repository", /wildcard in the owner/],
    [{ repository: "acme/api", branch: "*" }, "trust.github.branch", /bare "\*"/],
    [{ repository: "acme/api" }, "trust.github", /names what the job runs for/],
    [{ repository: "acme/api", branch: "main", tag: "v1" }, "trust.github", /exactly one of/],
    [{ repository: "acme", branch: "main" }, "trust.github.repository", /OWNER\/REPO/],
    [
      { repository: "acme/api", branch: "main", ownerId: 12 },
      "trust.github.repositoryId",
      /both the owner ID/,
    ],
    [
      { repository: "acme/api", branch: "main", ownerId: -1, repositoryId: 3 },
      "trust.github.ownerId",
      /positive whole number/,
    ],
    [
      { repository: "acme/api", environment: "prod-*" },
      "trust.github.environment",
      /named exactly/,
    ],
  ])("refuses %j", (github, path, rule) => {
    let error: unknown;
    try {
      declareTrust({ github });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TrustValidationError);
    const problems = (error as TrustValidationError).problems;
    expect((error as TrustValidationError).code).toBe("ERR_TRUST_INVALID");
    expect(problems.some((p) => p.path === path && rule.test(p.rule) && p.fix.length > 0)).toBe(
      true,
    );
  });

  it("lets a dangerously option past a wildcard refusal, and still warns", () => {
    const trust = declareTrust({
      github: { repository: "acme/*", branch: "main", dangerouslyAllowWildcards: true },
    });
    expect(trust.subjects[0]?.sub.map(patternText)).toEqual(["repo:acme/*:ref:refs/heads/main"]);
    expect(trust.warnings.map((w) => w.code)).toContain("dangerous-wildcards");
  });

  it("collects every problem of every entry before throwing", () => {
    expect(() =>
      declareTrust([
        { github: { repository: "acme/*", branch: "*" } },
        { kubernetes: { issuerUrl: "http://x", namespace: "a", serviceAccount: "b" } },
      ]),
    ).toThrow(
      /3 problems[\s\S]*trust\[0\]\.github\.repository[\s\S]*trust\[0\]\.github\.branch[\s\S]*trust\[1\]\.kubernetes\.issuerUrl/,
    );
  });
});
