import { describe, expect, it } from "vitest";
import {
  AZURE_TOKEN_EXCHANGE_AUDIENCE,
  isValidCredentialName,
  renderAzureCredentials,
  type RenderAzureCredentialsOptions,
} from "../../sdk/azure";
import { KeylessError, TrustValidationError } from "../../sdk/errors";
import { declareTrust, type TrustArgs } from "../../sdk/trust";
import { expectGolden as expectGoldenIn } from "../support/golden";

const expectGolden = (name: string, value: unknown) => expectGoldenIn("azure", name, value);

const ids = { ownerId: 1234567, repositoryId: 7654321 };
const aks =
  "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";

function render(trust: TrustArgs | TrustArgs[], options: RenderAzureCredentialsOptions = {}) {
  return renderAzureCredentials(declareTrust(trust).subjects, options);
}

/** What a golden file holds: the rendered credentials and warnings, or the refusal. */
function outcome(trust: TrustArgs | TrustArgs[], options: RenderAzureCredentialsOptions = {}) {
  try {
    return { input: { trust, options }, rendered: render(trust, options) };
  } catch (err) {
    if (!(err instanceof TrustValidationError)) throw err;
    return {
      input: { trust, options },
      refused: { code: err.code, message: err.message, problems: err.problems },
    };
  }
}

describe("renderAzureCredentials", () => {
  it.each<[string, TrustArgs | TrustArgs[], RenderAzureCredentialsOptions?]>([
    ["github-branch", { github: { repository: "acme/api", branch: "main" } }],
    ["github-environment", { github: { repository: "acme/api", environment: "production" } }],
    [
      "github-environment-ids",
      { github: { repository: "acme/api", ...ids, environment: "production" } },
    ],
    [
      "github-environment-ids-strict",
      { github: { repository: "acme/api", ...ids, environment: "production" } },
      { strictSubjects: true },
    ],
    ["github-pull-request", { github: { repository: "acme/api", pullRequest: true } }],
    ["github-tag-pattern-refused", { github: { repository: "acme/api", ...ids, tag: "v*" } }],
    [
      "github-tag-pattern-flexible",
      { github: { repository: "acme/api", ...ids, tag: "v*" } },
      { flexibleMatching: true },
    ],
    [
      "github-tag-pattern-flexible-no-ids-refused",
      { github: { repository: "acme/api", tag: "v*" } },
      { flexibleMatching: true },
    ],
    [
      "github-environment-ids-flexible",
      { github: { repository: "acme/api", ...ids, environment: "production" } },
      { flexibleMatching: true },
    ],
    [
      "github-workflow-flexible",
      {
        github: {
          repository: "acme/api",
          ...ids,
          workflow: "acme/workflows/.github/workflows/deploy.yml@refs/heads/main",
        },
      },
      { flexibleMatching: true },
    ],
    [
      "github-enterprise-pattern-flexible-refused",
      { github: { repository: "acme/api", ...ids, branch: "release/*", enterprise: "acme" } },
      { flexibleMatching: true },
    ],
    ["gitlab-branch", { gitlab: { project: "acme/platform/deployer", branch: "main" } }],
    [
      "gitlab-protected-environment-refused",
      {
        gitlab: {
          project: "acme/platform/deployer",
          branch: "main",
          protectedOnly: true,
          environment: "production",
        },
      },
    ],
    [
      "gitlab-tag-pattern-flexible",
      { gitlab: { project: "acme/platform/deployer", tag: "v*", projectId: 4242 } },
      { flexibleMatching: true },
    ],
    [
      "gitlab-protected-flexible-refused",
      {
        gitlab: {
          project: "acme/platform/deployer",
          branch: "main",
          protectedOnly: true,
          projectId: 4242,
        },
      },
      { flexibleMatching: true },
    ],
    [
      "kubernetes-aks",
      { kubernetes: { issuerUrl: aks, namespace: "payments", serviceAccount: "reader" } },
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
      "oidc-claim-refused",
      {
        oidc: {
          issuerUrl: "https://idp.acme.example",
          subject: "spiffe://acme.example/ns/payments/sa/reader",
          claims: { tenant: "acme" },
        },
      },
    ],
    [
      "oidc-pattern-flexible-refused",
      { oidc: { issuerUrl: "https://idp.acme.example", subject: "spiffe://acme.example/ns/*" } },
      { flexibleMatching: true },
    ],
    [
      "several-issuers",
      [
        { github: { repository: "acme/api", ...ids, environment: "production" } },
        { gitlab: { project: "acme/platform/deployer", branch: "main" } },
        { kubernetes: { issuerUrl: aks, namespace: "payments", serviceAccount: "reader" } },
      ],
    ],
  ])("renders %s as its golden file says", (name, trust, options) => {
    expectGolden(name, outcome(trust, options));
  });

  it("gives every credential Azure's audience and a valid, unique name", () => {
    const { credentials } = render([
      { github: { repository: "acme/api", ...ids, environment: "production" } },
      { github: { repository: "acme/api", branch: "release/x" } },
      { github: { repository: "acme/api", branch: "release-x" } },
    ]);
    expect(credentials.map((c) => c.audiences)).toEqual(
      credentials.map(() => [AZURE_TOKEN_EXCHANGE_AUDIENCE]),
    );
    expect(credentials.every((c) => isValidCredentialName(c.name))).toBe(true);
    expect(new Set(credentials.map((c) => c.name)).size).toBe(credentials.length);
  });

  it("renders one credential per concrete subject, legacy and immutable form", () => {
    const { credentials } = render({
      github: { repository: "acme/api", ...ids, environment: "production" },
    });
    expect(credentials.map((c) => (c.kind === "exact" ? c.subject : c.kind))).toEqual([
      "repo:acme/api:environment:production",
      "repo:acme@1234567/api@7654321:environment:production",
    ]);
  });

  it("keeps the issuer exactly as tokens carry it, AKS's trailing slash included", () => {
    const [credential] = render({
      kubernetes: { issuerUrl: aks, namespace: "payments", serviceAccount: "reader" },
    }).credentials;
    expect(credential?.issuer).toBe(aks);
    expect(
      render({ github: { repository: "acme/api", branch: "main" } }).credentials[0]?.issuer,
    ).toBe("https://token.actions.githubusercontent.com");
  });

  it("renders a duplicated declaration once", () => {
    const trust = { github: { repository: "acme/api", branch: "main" } };
    expect(render([trust, trust]).credentials).toHaveLength(1);
  });

  it("returns frozen documents and leaves the subjects untouched", () => {
    const { subjects } = declareTrust({ github: { repository: "acme/api", branch: "main" } });
    const before = JSON.stringify(subjects);
    const rendered = renderAzureCredentials(subjects);
    expect(JSON.stringify(subjects)).toBe(before);
    expect(Object.isFrozen(rendered.credentials)).toBe(true);
    expect(Object.isFrozen(rendered.credentials[0])).toBe(true);
    expect(Object.isFrozen(rendered.credentials[0]?.audiences)).toBe(true);
  });

  it("holds flexible credentials on an app registration", () => {
    expect(render({ github: { repository: "acme/api", branch: "main" } }).holder).toBe(
      "managed-identity",
    );
    expect(
      render({ github: { repository: "acme/api", branch: "main" } }, { flexibleMatching: true })
        .holder,
    ).toBe("app-registration");
  });
});

describe("renderAzureCredentials refusals", () => {
  it.each<[string, TrustArgs, RenderAzureCredentialsOptions, string, RegExp]>([
    [
      "a tag pattern",
      { github: { repository: "acme/api", tag: "v*" } },
      {},
      "trust.github",
      /compares a federated credential's subject exactly .* "repo:acme\/api:ref:refs\/tags\/v\*".* Fix: Name it exactly .*azure\.flexibleMatching: true/,
    ],
    [
      "a branch pattern",
      { github: { repository: "acme/api", branch: "release/*" } },
      {},
      "trust.github",
      /pattern "repo:acme\/api:ref:refs\/heads\/release\/\*"/,
    ],
    [
      "GitLab protectedOnly",
      { gitlab: { project: "acme/deployer", branch: "main", protectedOnly: true } },
      {},
      "trust.gitlab.protectedOnly",
      /condition on `ref_protected` .* cannot be checked, and leaving it out would admit every token with subject "project_path:acme\/deployer:ref_type:branch:ref:main"\. Fix: Leave the condition out/,
    ],
    [
      "a GitLab environment",
      { gitlab: { project: "acme/deployer", branch: "main", environment: "production" } },
      {},
      "trust.gitlab.environment",
      /condition on `environment` \(only jobs deploying to environment production\) cannot be checked/,
    ],
    [
      "a GitLab project ID, which exact credentials cannot check but flexible ones can",
      { gitlab: { project: "acme/deployer", branch: "main", projectId: 4242 } },
      {},
      "trust.gitlab.projectId",
      /condition on `project_id` .* Fix: Set azure\.flexibleMatching: true \(Azure then tests `project_id`/,
    ],
    [
      "a GitHub pattern without IDs under flexible matching",
      { github: { repository: "acme/api", tag: "v*" } },
      { flexibleMatching: true },
      "trust.github",
      /refuses a flexible credential for GitHub tokens that does not also test `repository_id` or `repository_owner_id`.* Fix: Declare ownerId and repositoryId/,
    ],
    [
      "a Kubernetes pattern under flexible matching",
      {
        kubernetes: {
          issuerUrl: aks,
          namespace: "payments",
          serviceAccount: "ci-*",
          dangerouslyAllowWildcards: true,
        },
      },
      { flexibleMatching: true },
      "trust.kubernetes",
      /pattern "system:serviceaccount:payments:ci-\*" .* Fix: Name it exactly .*: Azure matches patterns only in tokens from GitHub's github.com issuer, GitLab and Terraform Cloud, not from https:\/\/eastus/,
    ],
    [
      "a quote in a flexible comparand",
      { github: { repository: "acme/api", ...ids, branch: "it's/*" } },
      { flexibleMatching: true },
      "trust.github",
      /cannot test `sub` against this value: it holds a single quote/,
    ],
  ])("refuses %s with ERR_TRUST_UNENFORCEABLE", (_, trust, options, path, message) => {
    let caught: unknown;
    try {
      render(trust, options);
    } catch (err) {
      caught = err;
    }
    expect(KeylessError.isInstance(caught)).toBe(true);
    const err = caught as TrustValidationError;
    expect(err.code).toBe("ERR_TRUST_UNENFORCEABLE");
    expect(err.problems.map((p) => p.path)).toContain(path);
    expect(err.message).toMatch(message);
  });

  it("reports every unenforceable subject at once", () => {
    expect(() =>
      render([
        { github: { repository: "acme/api", tag: "v*" } },
        { gitlab: { project: "acme/deployer", branch: "main", protectedOnly: true } },
      ]),
    ).toThrow(/has 2 problems/);
  });

  it("warns about, rather than refuses, the name-only form when IDs are declared", () => {
    const { warnings } = render({
      github: { repository: "acme/api", ...ids, environment: "production" },
    });
    expect(warnings).toMatchObject([
      { code: "azure-condition-unchecked", path: "trust.github.repositoryId" },
    ]);
    expect(warnings[0]?.message).toMatch(/"repo:acme\/api:environment:production"/);
    expect(warnings[0]?.fix).toMatch(/strictSubjects: true.*flexibleMatching: true/);
  });

  it("renders only the immutable form with strictSubjects", () => {
    const rendered = render(
      { github: { repository: "acme/api", ...ids, environment: "production" } },
      { strictSubjects: true },
    );
    expect(rendered.credentials.map((c) => (c.kind === "exact" ? c.subject : ""))).toEqual([
      "repo:acme@1234567/api@7654321:environment:production",
    ]);
    expect(rendered.warnings).toEqual([]);
  });

  it("refuses strictSubjects when no form of a subject is left", () => {
    // Not reachable through GitHub's model today (the immutable form always carries the IDs), so
    // the subject is built by hand: one name-only form with a condition it does not carry.
    const [subject] = declareTrust({
      github: { repository: "acme/api", ...ids, environment: "production" },
    }).subjects;
    const nameOnly = { ...subject!, sub: subject!.sub.slice(0, 1) };
    expect(() => renderAzureCredentials([nameOnly], { strictSubjects: true })).toThrow(
      /none of this subject's forms does/,
    );
  });
});

describe("renderAzureCredentials limits", () => {
  const environments = (n: number): TrustArgs[] =>
    Array.from({ length: n }, (_, i) => ({
      github: { repository: "acme/api", environment: `env-${i + 1}` },
    }));

  it.each([
    [15, false],
    [16, true],
  ])("with %i credentials warns near the limit: %s", (n, warns) => {
    const { credentials, warnings } = render(environments(n));
    expect(credentials).toHaveLength(n);
    const near = warnings.filter((w) => w.code === "azure-credentials-near-limit");
    expect(near).toHaveLength(warns ? 1 : 0);
    if (warns) expect(near[0]?.message).toMatch(new RegExp(`holds ${n} of the 20`));
  });

  it("accepts 20 credentials", () => {
    expect(render(environments(20)).credentials).toHaveLength(20);
  });

  it("refuses 21 credentials with the count and the ways out", () => {
    expect(() => render(environments(21))).toThrow(
      expect.objectContaining({
        code: "ERR_TRUST_UNENFORCEABLE",
        message: expect.stringMatching(
          /trust: 21 — An Azure identity holds at most 20 federated identity credentials; this trust needs 21\. Fix: To fit: split the trust across several identities .*, or set azure\.flexibleMatching: true/,
        ),
      }),
    );
  });

  it("counts both forms of a subject with IDs against the limit", () => {
    const withIds = (n: number): TrustArgs[] =>
      Array.from({ length: n }, (_, i) => ({
        github: { repository: "acme/api", ...ids, environment: `env-${i + 1}` },
      }));
    expect(render(withIds(10)).credentials).toHaveLength(20);
    expect(() => render(withIds(11))).toThrow(/this trust needs 22/);
  });
});

describe("renderAzureCredentials with flexible matching on an issuer Azure cannot match flexibly", () => {
  it("falls back to exact credentials, warning about the name-only form", () => {
    const rendered = render(
      { github: { repository: "acme/api", ...ids, environment: "production", enterprise: "acme" } },
      { flexibleMatching: true },
    );
    expect(rendered.credentials.map((c) => c.kind)).toEqual(["exact", "exact"]);
    expect(rendered.warnings.map((w) => w.code)).toEqual(["azure-condition-unchecked"]);
    expect(rendered.warnings[0]?.fix).not.toMatch(/flexibleMatching/);
  });
});
