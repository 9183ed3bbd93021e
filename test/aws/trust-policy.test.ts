import { describe, expect, it } from "vitest";
import { expectGolden as expectGoldenIn } from "../support/golden";
import { conditionValue, renderTrustPolicy } from "../../sdk/aws";
import { KeylessError, TrustValidationError } from "../../sdk/errors";
import { declareTrust, joinPattern, literal, type TrustArgs } from "../../sdk/trust";

function arnFor(issuerUrl: string, partition = "aws"): string {
  return `arn:${partition}:iam::123456789012:oidc-provider/${issuerUrl.replace(/^https:\/\//, "")}`;
}

function render(
  trust: TrustArgs | TrustArgs[],
  options: { audience?: string; partition?: string } = {},
) {
  const { subjects } = declareTrust(trust);
  const providerArns = Object.fromEntries(
    subjects.map((s) => [s.issuer.url, arnFor(s.issuer.url, options.partition)]),
  );
  return renderTrustPolicy(subjects, {
    providerArns,
    ...(options.audience ? { audience: options.audience } : {}),
  });
}

const expectGolden = (name: string, actual: unknown) => expectGoldenIn("aws", name, actual);

const GITLAB = "https://gitlab.com";
const EKS = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789";

describe("renderTrustPolicy", () => {
  it.each<[string, TrustArgs | TrustArgs[], { audience?: string; partition?: string }?]>([
    ["github-branch", { github: { repository: "acme/web", branch: "main" } }],
    ["github-branch-pattern", { github: { repository: "acme/web", branch: "release/*" } }],
    ["github-tag-pattern", { github: { repository: "acme/infra", tag: "v*" } }],
    [
      "github-environment-with-ids",
      {
        github: {
          repository: "acme/api",
          ownerId: 1234567,
          repositoryId: 7654321,
          environment: "production",
        },
      },
    ],
    [
      "github-environment-without-ids",
      { github: { repository: "acme/api", environment: "production" } },
    ],
    ["github-pull-request", { github: { repository: "acme/web", pullRequest: true } }],
    [
      "github-reusable-workflow",
      {
        github: {
          repository: "acme/api",
          workflow: "acme/workflows/.github/workflows/deploy.yml@refs/heads/main",
        },
      },
    ],
    [
      "github-enterprise",
      { github: { repository: "acme/api", branch: "main", enterprise: "acme" } },
    ],
    [
      "github-several-environments",
      [
        { github: { repository: "acme/api", environment: "staging" } },
        { github: { repository: "acme/api", environment: "production" } },
        { github: { repository: "acme/api", tag: "v*" } },
      ],
    ],
    ["gitlab-branch", { gitlab: { project: "acme/platform/deployer", branch: "main" } }],
    ["gitlab-tag-pattern", { gitlab: { project: "acme/platform/deployer", tag: "v*" } }],
    [
      "gitlab-self-managed",
      { gitlab: { project: "acme/app", branch: "main", url: "https://gitlab.acme.example" } },
    ],
    [
      "kubernetes-eks",
      { kubernetes: { issuerUrl: EKS, namespace: "payments", serviceAccount: "reader" } },
    ],
    [
      "kubernetes-self-managed",
      {
        kubernetes: {
          issuerUrl: "https://k8s.acme.example",
          namespace: "payments",
          serviceAccount: "reader",
        },
      },
    ],
    [
      "oidc-generic",
      {
        oidc: {
          issuerUrl: "https://idp.acme.example",
          subject: "spiffe://acme.example/ns/payments/sa/reader",
        },
      },
    ],
    [
      "oidc-pattern-with-dollar",
      { oidc: { issuerUrl: "https://idp.acme.example", subject: "svc:$team:deploy-*" } },
    ],
    [
      "oidc-google-organization",
      {
        oidc: {
          issuerUrl: "https://accounts.google.com",
          subject: "110000000000000000001",
          claims: { "google/organization_number": "123456789012" },
        },
      },
    ],
    [
      "oidc-circleci-project",
      {
        oidc: {
          issuerUrl: "https://oidc.circleci.com/org/00000000-0000-4000-8000-000000000001",
          subject:
            "org/00000000-0000-4000-8000-000000000001/project/00000000-0000-4000-8000-000000000002/user/*",
          claims: { "oidc.circleci.com/project-id": "00000000-0000-4000-8000-000000000002" },
        },
      },
    ],
    [
      "custom-audience-and-partition",
      { github: { repository: "acme/web", branch: "main" } },
      { audience: "https://github.com/acme", partition: "aws-cn" },
    ],
    [
      "mixed-issuers",
      [
        { github: { repository: "acme/web", branch: "main" } },
        { gitlab: { project: "acme/platform/deployer", branch: "main" } },
        { kubernetes: { issuerUrl: EKS, namespace: "payments", serviceAccount: "reader" } },
      ],
    ],
  ])("renders %s as the golden file says", (name, trust, options) => {
    const rendered = render(trust, options);
    expectGolden(name, { document: rendered.document, notes: rendered.notes });
  });

  it("accepts exactly the legacy and immutable sub and pins repository_id for a repository with IDs", () => {
    const { document, notes } = render({
      github: {
        repository: "acme/api",
        ownerId: 1234567,
        repositoryId: 7654321,
        environment: "production",
      },
    });
    expect(document.Statement).toHaveLength(1);
    expect(document.Statement[0]?.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": [
          "repo:acme/api:environment:production",
          "repo:acme@1234567/api@7654321:environment:production",
        ],
        "token.actions.githubusercontent.com:repository_id": "7654321",
      },
    });
    expect(notes).toEqual([expect.stringMatching(/repository_owner_id is left out .* implied by/)]);
  });

  it("uses StringLike only for declared patterns and never a set operator", () => {
    const { json, document } = render([
      { github: { repository: "acme/web", branch: "main" } },
      { github: { repository: "acme/infra", tag: "v*" } },
    ]);
    expect(json).not.toMatch(/ForAllValues|ForAnyValue/);
    expect(document.Statement.map((s) => Object.keys(s.Condition))).toEqual([
      ["StringEquals"],
      ["StringEquals", "StringLike"],
    ]);
  });

  it("takes the partition from the provider ARN", () => {
    const { document } = render(
      { github: { repository: "acme/web", branch: "main" } },
      { partition: "aws-us-gov" },
    );
    expect(document.Statement[0]?.Principal.Federated).toBe(
      "arn:aws-us-gov:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    );
  });

  it("returns a frozen document", () => {
    const { document } = render({ github: { repository: "acme/web", branch: "main" } });
    expect(Object.isFrozen(document)).toBe(true);
    expect(Object.isFrozen(document.Statement[0]?.Condition.StringEquals)).toBe(true);
    expect(() => {
      (document.Statement as unknown as unknown[]).push({});
    }).toThrow(TypeError);
  });
});

describe("conditionValue", () => {
  const pattern = joinPattern([literal("a*b?c$d-"), { kind: "wildcard", wildcard: "*" }]);

  it("escapes literal *, ? and $ inside a StringLike value and keeps declared wildcards", () => {
    expect(conditionValue(pattern, "StringLike")).toBe("a${*}b${?}c${$}d-*");
  });

  it("escapes only $ in a StringEquals value, where IAM still expands policy variables", () => {
    expect(conditionValue(literal("a*b?c${aws:username}"), "StringEquals")).toBe(
      "a*b?c${$}{aws:username}",
    );
  });
});

describe("renderTrustPolicy refusals", () => {
  const unenforceable = (trust: TrustArgs | TrustArgs[]) => () => render(trust);

  it.each<[string, TrustArgs, string, RegExp]>([
    [
      "protected GitLab refs",
      { gitlab: { project: "acme/platform/deployer", branch: "main", protectedOnly: true } },
      "trust.gitlab.protectedOnly",
      /AWS STS exposes only aud, sub, amr as condition keys for tokens from gitlab\.com, so an IAM trust policy cannot check the ref_protected claim \(only jobs on protected refs\)/,
    ],
    [
      "a GitLab environment",
      { gitlab: { project: "acme/platform/deployer", branch: "main", environment: "production" } },
      "trust.gitlab.environment",
      /cannot check the environment claim/,
    ],
    [
      "a GitLab project ID",
      { gitlab: { project: "acme/platform/deployer", branch: "main", projectId: 42 } },
      "trust.gitlab.projectId",
      /cannot check the project_id claim/,
    ],
    [
      "a claim of a generic issuer",
      {
        oidc: {
          issuerUrl: "https://idp.acme.example",
          subject: "svc",
          claims: { team: "payments" },
        },
      },
      "trust.oidc.claims.team",
      /cannot check the team claim/,
    ],
  ])("refuses %s with ERR_TRUST_UNENFORCEABLE", (_, trust, path, message) => {
    let error: unknown;
    try {
      unenforceable(trust)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustValidationError);
    expect((error as KeylessError).code).toBe("ERR_TRUST_UNENFORCEABLE");
    expect((error as TrustValidationError).problems.map((p) => p.path)).toEqual([path]);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(
      /leaving it out would admit tokens the declaration refuses\. Fix: Drop this condition/,
    );
  });

  it("reports every unenforceable condition of every subject at once", () => {
    expect(
      unenforceable([
        { gitlab: { project: "acme/a", branch: "main", protectedOnly: true } },
        { gitlab: { project: "acme/b", branch: "main", namespaceId: 7 } },
      ]),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_TRUST_UNENFORCEABLE",
        problems: [
          expect.objectContaining({ path: "trust[0].gitlab.protectedOnly" }),
          expect.objectContaining({ path: "trust[1].gitlab.namespaceId" }),
        ],
      }),
    );
  });

  it.each([
    ["is missing", {}],
    [
      "names another issuer",
      { [GITLAB]: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
    ],
    ["is not an ARN", { [GITLAB]: "gitlab.com" }],
  ])("refuses a provider ARN that %s with ERR_TRUST_INVALID", (_, providerArns) => {
    const { subjects } = declareTrust({ gitlab: { project: "acme/app", branch: "main" } });
    expect(() => renderTrustPolicy(subjects, { providerArns })).toThrow(
      expect.objectContaining({
        code: "ERR_TRUST_INVALID",
        message: expect.stringMatching(
          /trust\.providerArns\["https:\/\/gitlab\.com"\].*Every issuer needs the ARN of its IAM OIDC provider, arn:PARTITION:iam::ACCOUNT:oidc-provider\/gitlab\.com\./,
        ),
      }),
    );
  });

  it("refuses an empty audience", () => {
    expect(() =>
      render({ github: { repository: "acme/web", branch: "main" } }, { audience: " " }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_TRUST_INVALID",
        message: expect.stringMatching(/trust\.audience: " " — The audience is compared exactly/),
      }),
    );
  });
});

describe("renderTrustPolicy size limit", () => {
  // A generic subject whose length puts the whole document at exactly `target` characters.
  function sizedTo(target: number) {
    const issuerUrl = "https://idp.acme.example";
    const base = render({ oidc: { issuerUrl, subject: "x" } }).characters;
    const subject = "x".repeat(1 + target - base);
    const { subjects } = declareTrust({ oidc: { issuerUrl, subject } });
    return () => renderTrustPolicy(subjects, { providerArns: { [issuerUrl]: arnFor(issuerUrl) } });
  }

  it("accepts a policy of 2,048 characters", () => {
    expect(sizedTo(2048)().characters).toBe(2048);
  });

  it("refuses a policy of 2,049 characters with ERR_POLICY_TOO_LARGE", () => {
    expect(sizedTo(2049)).toThrow(
      expect.objectContaining({
        code: "ERR_POLICY_TOO_LARGE",
        message: expect.stringMatching(
          /trust: "2049 characters" — An IAM trust policy holds at most 2048 characters, not counting whitespace .* Fix: Split the subjects across several roles/,
        ),
      }),
    );
  });

  it("honours a raised limit", () => {
    const issuerUrl = "https://idp.acme.example";
    const { subjects } = declareTrust({ oidc: { issuerUrl, subject: "x".repeat(3000) } });
    const providerArns = { [issuerUrl]: arnFor(issuerUrl) };
    expect(() => renderTrustPolicy(subjects, { providerArns })).toThrow(/at most 2048/);
    expect(
      renderTrustPolicy(subjects, { providerArns, maxPolicyCharacters: 4096 }).characters,
    ).toBeGreaterThan(3000);
  });
});
