import { describe, expect, it } from "vitest";
import { TrustValidationError } from "../../sdk/errors";
import { declareTrust, patternText, type TrustArgs } from "../../sdk/trust";

const org = "1c2d3e4f-0000-4a5b-8c9d-0123456789ab";
const project = "5a6b7c8d-1111-4e2f-9a0b-abcdefabcdef";
const context = "9f8e7d6c-2222-4b3a-8c1d-112233445566";
const repoUuid = "3b9a7c1e-3333-4d2c-9e8f-aabbccddeeff";
const envUuid = "7e6d5c4b-4444-4a3b-8c2d-ffeeddccbbaa";

function only(trust: TrustArgs) {
  const [subject] = declareTrust(trust).subjects;
  if (!subject) throw new Error("no subject");
  return {
    issuer: subject.issuer.url,
    sub: subject.sub.map(patternText),
    conditions: Object.fromEntries(
      subject.conditions
        .filter((c) => !c.impliedBy)
        .map((c) => [c.claim, c.anyOf.map(patternText)]),
    ),
    audiences: subject.audiences,
  };
}

describe("declareTrust (every issuer's claim format)", () => {
  it.each<[string, TrustArgs, ReturnType<typeof only>]>([
    [
      "GitLab branch",
      { gitlab: { project: "acme/platform/deployer", branch: "main" } },
      {
        issuer: "https://gitlab.com",
        sub: ["project_path:acme/platform/deployer:ref_type:branch:ref:main"],
        conditions: {},
        audiences: undefined,
      },
    ],
    [
      "GitLab protected tag on a self-managed instance",
      {
        gitlab: {
          project: "acme/api",
          tag: "v*",
          protectedOnly: true,
          url: "https://gitlab.acme.example",
        },
      },
      {
        issuer: "https://gitlab.acme.example",
        sub: ["project_path:acme/api:ref_type:tag:ref:v*"],
        conditions: { ref_protected: ["true"] },
        audiences: undefined,
      },
    ],
    [
      "GitLab environment with IDs",
      {
        gitlab: {
          project: "acme/api",
          branch: "main",
          environment: "production",
          projectId: 42,
          namespaceId: 7,
        },
      },
      {
        issuer: "https://gitlab.com",
        sub: ["project_path:acme/api:ref_type:branch:ref:main"],
        conditions: { environment: ["production"], project_id: ["42"], namespace_id: ["7"] },
        audiences: undefined,
      },
    ],
    [
      "Kubernetes on EKS",
      {
        kubernetes: {
          issuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789",
          namespace: "payments",
          serviceAccount: "reader",
        },
      },
      {
        issuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789",
        sub: ["system:serviceaccount:payments:reader"],
        conditions: {},
        audiences: undefined,
      },
    ],
    [
      "CircleCI project on a branch with a context",
      {
        circleci: {
          organizationId: org,
          projectId: project,
          branch: "main",
          contextIds: [context],
        },
      },
      {
        issuer: `https://oidc.circleci.com/org/${org}`,
        sub: [`org/${org}/project/${project}/user/*`],
        conditions: {
          "oidc.circleci.com/vcs-ref": ["refs/heads/main"],
          "oidc.circleci.com/context-ids": [context],
        },
        audiences: { aws: org, gcp: org, azure: org },
      },
    ],
    [
      "Buildkite branch and step",
      { buildkite: { organization: "acme", pipeline: "deploy", branch: "main", step: "release" } },
      {
        issuer: "https://agent.buildkite.com",
        sub: ["organization:acme:pipeline:deploy:ref:refs/heads/main:commit:*:step:release"],
        conditions: {},
        audiences: undefined,
      },
    ],
    [
      "Terraform Cloud apply",
      {
        terraformCloud: {
          organization: "acme",
          project: "platform",
          workspace: "network-prod",
          runPhase: "apply",
        },
      },
      {
        issuer: "https://app.terraform.io",
        sub: ["organization:acme:project:platform:workspace:network-prod:run_phase:apply"],
        conditions: {},
        audiences: undefined,
      },
    ],
    [
      "Terraform Cloud, both phases",
      { terraformCloud: { organization: "acme", project: "platform", workspace: "network-prod" } },
      {
        issuer: "https://app.terraform.io",
        sub: [
          "organization:acme:project:platform:workspace:network-prod:run_phase:plan",
          "organization:acme:project:platform:workspace:network-prod:run_phase:apply",
        ],
        conditions: {},
        audiences: undefined,
      },
    ],
    [
      "Pulumi Deployments update",
      {
        pulumiCloud: {
          organization: "acme",
          deployment: { project: "network", stack: "prod", operation: "update" },
        },
      },
      {
        issuer: "https://api.pulumi.com/oidc",
        sub: ["pulumi:deploy:org:acme:project:network:stack:prod:operation:update:scope:write"],
        conditions: {},
        audiences: { aws: "acme" },
      },
    ],
    [
      "Pulumi ESC environment",
      { pulumiCloud: { organization: "acme", environment: "platform/production" } },
      {
        issuer: "https://api.pulumi.com/oidc",
        sub: ["pulumi:environments:org:acme:env:platform/production"],
        conditions: {},
        audiences: { aws: "aws:acme" },
      },
    ],
    [
      "Bitbucket deployment environment on a branch",
      {
        bitbucket: {
          workspace: "acme",
          repositoryUuid: repoUuid,
          environmentUuid: `{${envUuid}}`,
          branch: "main",
        },
      },
      {
        issuer: "https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc",
        sub: [`{${repoUuid}}{${envUuid}}:*`],
        conditions: { branchName: ["main"] },
        audiences: undefined,
      },
    ],
    [
      "generic OIDC with a claim",
      {
        oidc: {
          issuerUrl: "https://idp.acme.example/",
          subject: "spiffe://acme.example/ns/payments/sa/reader",
          claims: { azp: "deployer" },
        },
      },
      {
        issuer: "https://idp.acme.example/",
        sub: ["spiffe://acme.example/ns/payments/sa/reader"],
        conditions: { azp: ["deployer"] },
        audiences: undefined,
      },
    ],
  ])("reads %s", (_title, trust, expected) => {
    expect(only(trust)).toEqual(expected);
  });

  it.each<[string, TrustArgs, string, RegExp]>([
    [
      "a GitLab group wildcard",
      { gitlab: { project: "acme/*", branch: "main" } },
      "trust.gitlab.project",
      /wildcard in the project/,
    ],
    [
      "a GitLab trust without a ref",
      { gitlab: { project: "acme/api" } },
      "trust.gitlab",
      /exactly one of branch or tag/,
    ],
    [
      "a Kubernetes namespace wildcard",
      {
        kubernetes: {
          issuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/X",
          namespace: "*",
          serviceAccount: "reader",
        },
      },
      "trust.kubernetes.namespace",
      /wildcard in the namespace/,
    ],
    [
      "an AKS issuer without the trailing slash its tokens carry",
      {
        kubernetes: {
          issuerUrl:
            "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111",
          namespace: "a",
          serviceAccount: "b",
        },
      },
      "trust.kubernetes.issuerUrl",
      /ends with a slash/,
    ],
    [
      "a GitLab instance URL with a trailing slash",
      { gitlab: { project: "acme/api", branch: "main", url: "https://gitlab.acme.example/" } },
      "trust.gitlab.url",
      /ends with a slash/,
    ],
    [
      "an http issuer",
      {
        kubernetes: {
          issuerUrl: "http://cluster.acme.example",
          namespace: "a",
          serviceAccount: "b",
        },
      },
      "trust.kubernetes.issuerUrl",
      /must use https/,
    ],
    [
      "an empty issuer",
      { oidc: { issuerUrl: "", subject: "x" } },
      "trust.oidc.issuerUrl",
      /issuer URL is required/,
    ],
    [
      "a generic trust without a subject",
      { oidc: { issuerUrl: "https://idp.acme.example" } },
      "trust.oidc.subject",
      /lets in every token/,
    ],
    [
      "a bare * subject",
      { oidc: { issuerUrl: "https://idp.acme.example", subject: "*" } },
      "trust.oidc.subject",
      /lets in every token/,
    ],
    [
      "a CircleCI project that is not a UUID",
      { circleci: { organizationId: org, projectId: "*" } },
      "trust.circleci.projectId",
      /lower-case UUID/,
    ],
    [
      "a Buildkite trust without a ref",
      { buildkite: { organization: "acme", pipeline: "deploy" } },
      "trust.buildkite",
      /exactly one of branch or tag/,
    ],
    [
      "a Terraform workspace wildcard",
      { terraformCloud: { organization: "acme", project: "platform", workspace: "*" } },
      "trust.terraformCloud.workspace",
      /wildcard in the workspace/,
    ],
    [
      "a Pulumi trust naming both",
      {
        pulumiCloud: {
          organization: "acme",
          environment: "a/b",
          deployment: { project: "p", stack: "s" },
        },
      },
      "trust.pulumiCloud",
      /exactly one of deployment or environment/,
    ],
    [
      "a Bitbucket repository that is not a UUID",
      { bitbucket: { workspace: "acme", repositoryUuid: "api" } },
      "trust.bitbucket.repositoryUuid",
      /UUID as Bitbucket shows it/,
    ],
    [
      "two issuers in one entry",
      {
        github: { repository: "acme/api", branch: "main" },
        gitlab: { project: "acme/api", branch: "main" },
      },
      "trust",
      /exactly one issuer; github and gitlab/,
    ],
    ["no issuer", {}, "trust", /names its issuer/],
  ])("refuses %s with the path, the rule and a fix", (_title, trust, path, rule) => {
    try {
      declareTrust(trust);
      expect.unreachable("declareTrust accepted it");
    } catch (err) {
      expect(err).toBeInstanceOf(TrustValidationError);
      const problem = (err as TrustValidationError).problems.find(
        (p) => p.path === path && rule.test(p.rule),
      );
      expect(problem, (err as Error).message).toBeDefined();
      expect(problem?.fix).not.toBe("");
      expect((err as Error).message).toContain(path);
    }
  });

  it("refuses an empty list of trusts", () => {
    expect(() => declareTrust([])).toThrow(/at least one subject/);
  });

  it("lets dangerouslyAllowAnySubject past the refusal and still warns", () => {
    const trust = declareTrust({
      oidc: { issuerUrl: "https://idp.acme.example", dangerouslyAllowAnySubject: true },
    });
    expect(trust.subjects[0]?.sub.map(patternText)).toEqual(["*"]);
    expect(trust.warnings.map((w) => w.code)).toEqual(["dangerous-any-subject"]);
  });

  it.each<[TrustArgs, string]>([
    [{ gitlab: { project: "acme/api", branch: "release/*" } }, "gitlab-ref-pattern"],
    [{ circleci: { organizationId: org, projectId: project } }, "circleci-any-ref"],
    [
      { terraformCloud: { organization: "acme", project: "p", workspace: "w" } },
      "terraform-both-phases",
    ],
    [
      { pulumiCloud: { organization: "acme", deployment: { project: "p", stack: "s" } } },
      "pulumi-any-operation",
    ],
    [{ bitbucket: { workspace: "acme", repositoryUuid: repoUuid } }, "bitbucket-any-step"],
    [
      { github: { repository: "acme/api", tag: "v*", ownerId: 1, repositoryId: 2 } },
      "github-ref-pattern",
    ],
    [
      { github: { repository: "acme/api", pullRequest: true, ownerId: 1, repositoryId: 2 } },
      "github-pull-request",
    ],
  ])("warns about %j", (trust, code) => {
    expect(declareTrust(trust).warnings.map((w) => w.code)).toEqual([code]);
  });
});
