import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderGcpProvider } from "../../sdk/gcp";
import { declareTrust, matchesPattern, type TrustArgs } from "../../sdk/trust";
import { githubClaims, gitlabClaims, kubernetesClaims } from "./claims";
import { exchange, reaches } from "./gcp-evaluator";

const ref = { projectNumber: "123456789012", poolId: "ci-00000", providerId: "prov-00000" };
const GKE =
  "https://container.googleapis.com/v1/projects/acme-prod/locations/europe-west1/clusters/main";
const ids = { ownerId: 1234567, repositoryId: 7654321 };
const render = (trust: TrustArgs | TrustArgs[]) =>
  renderGcpProvider(declareTrust(trust).subjects, ref);

type Row = [string, TrustArgs, Record<string, unknown>, boolean];

describe("renderGcpProvider attribute condition, evaluated as CEL", () => {
  it.each<Row>([
    [
      "the declared branch",
      { github: { repository: "acme/api", branch: "main" } },
      githubClaims(),
      true,
    ],
    [
      "another branch",
      { github: { repository: "acme/api", branch: "main" } },
      githubClaims({ sub: "repo:acme/api:ref:refs/heads/dev", ref: "refs/heads/dev" }),
      false,
    ],
    [
      "a look-alike owner",
      { github: { repository: "acme/api", branch: "main" } },
      githubClaims({ repository_owner: "acme-evil", sub: "repo:acme/api:ref:refs/heads/main" }),
      false,
    ],
    [
      "a matching tag",
      { github: { repository: "acme/api", tag: "v*", ...ids } },
      githubClaims({
        sub: "repo:acme/api:ref:refs/tags/v1.2.0",
        ref: "refs/tags/v1.2.0",
        ref_type: "tag",
      }),
      true,
    ],
    [
      "a matching tag in the immutable form",
      { github: { repository: "acme/api", tag: "v*", ...ids } },
      githubClaims({ sub: "repo:acme@1234567/api@7654321:ref:refs/tags/v2", ref: "refs/tags/v2" }),
      true,
    ],
    [
      "a tag that does not match",
      { github: { repository: "acme/api", tag: "v*", ...ids } },
      githubClaims({ sub: "repo:acme/api:ref:refs/tags/nightly", ref: "refs/tags/nightly" }),
      false,
    ],
    [
      "a recreated repository (same name, other ID)",
      { github: { repository: "acme/api", environment: "production", ...ids } },
      githubClaims({ sub: "repo:acme/api:environment:production", repository_id: "9999999" }),
      false,
    ],
    [
      "the declared environment",
      { github: { repository: "acme/api", environment: "production", ...ids } },
      githubClaims({ sub: "repo:acme/api:environment:production", environment: "production" }),
      true,
    ],
    [
      "a pull request when pull requests are trusted",
      { github: { repository: "acme/api", pullRequest: true, ...ids } },
      githubClaims({ sub: "repo:acme/api:pull_request", event_name: "pull_request" }),
      true,
    ],
    [
      "the pinned reusable workflow from any ref",
      {
        github: {
          repository: "acme/api",
          workflow: "acme/workflows/.github/workflows/deploy.yml@refs/heads/main",
          ...ids,
        },
      },
      githubClaims({
        sub: "repo:acme/api:ref:refs/heads/feature/x",
        job_workflow_ref: "acme/workflows/.github/workflows/deploy.yml@refs/heads/main",
      }),
      true,
    ],
    [
      "another workflow",
      {
        github: {
          repository: "acme/api",
          workflow: "acme/workflows/.github/workflows/deploy.yml@refs/heads/main",
          ...ids,
        },
      },
      githubClaims({ job_workflow_ref: "acme/api/.github/workflows/deploy.yml@refs/heads/main" }),
      false,
    ],
  ])("GitHub: %s → %s", (_, trust, claims, expected) => {
    expect(reaches(render(trust), 0, claims)).toBe(expected);
  });

  const gitlabProd: TrustArgs = {
    gitlab: {
      project: "acme/platform/deployer",
      branch: "main",
      protectedOnly: true,
      environment: "production",
      projectId: 2323,
      namespaceId: 4242,
    },
  };
  it.each<Row>([
    ["a protected production job", gitlabProd, gitlabClaims(), true],
    ["an unprotected ref", gitlabProd, gitlabClaims({ ref_protected: "false" }), false],
    ["another environment", gitlabProd, gitlabClaims({ environment: "staging" }), false],
    [
      "a job without environment",
      gitlabProd,
      (() => {
        const c = gitlabClaims();
        delete c.environment;
        return c;
      })(),
      false,
    ],
    ["a recreated project", gitlabProd, gitlabClaims({ project_id: "9999" }), false],
    [
      "a tag pattern without IDs",
      { gitlab: { project: "acme/platform/deployer", tag: "v*" } },
      gitlabClaims({
        sub: "project_path:acme/platform/deployer:ref_type:tag:ref:v3",
        ref: "v3",
        ref_type: "tag",
      }),
      true,
    ],
    [
      "another group's project of the same path suffix",
      { gitlab: { project: "acme/platform/deployer", tag: "v*" } },
      gitlabClaims({
        namespace_path: "evil/platform",
        project_path: "evil/platform/deployer",
        sub: "project_path:evil/platform/deployer:ref_type:tag:ref:v3",
      }),
      false,
    ],
  ])("GitLab: %s → %s", (_, trust, claims, expected) => {
    expect(reaches(render(trust), 0, claims)).toBe(expected);
  });

  const k8s: TrustArgs = {
    kubernetes: { issuerUrl: GKE, namespace: "payments", serviceAccount: "reader" },
  };
  it.each<Row>([
    ["the declared service account", k8s, kubernetesClaims(), true],
    [
      "another service account",
      k8s,
      kubernetesClaims({ sub: "system:serviceaccount:payments:writer" }),
      false,
    ],
    [
      "another cluster",
      k8s,
      kubernetesClaims({
        iss: "https://container.googleapis.com/v1/projects/acme-dev/locations/europe-west1/clusters/main",
      }),
      false,
    ],
  ])("Kubernetes: %s → %s", (_, trust, claims, expected) => {
    expect(reaches(render(trust), 0, claims)).toBe(expected);
  });

  it("rejects a token for another audience", () => {
    expect(
      exchange(render(k8s), kubernetesClaims({ aud: ["https://kubernetes.default.svc"] })).admitted,
    ).toBe(false);
  });

  it("keeps two identities on one provider apart", () => {
    const r = renderGcpProvider(
      declareTrust([
        { github: { repository: "acme/api", environment: "production", ...ids } },
        { github: { repository: "acme/web", branch: "main" } },
      ]).subjects,
      { ...ref, identities: ["api", "web"] },
    );
    const api = githubClaims({ sub: "repo:acme/api:environment:production" });
    const web = githubClaims({
      sub: "repo:acme/web:ref:refs/heads/main",
      repository: "acme/web",
      repository_id: "111",
    });
    expect([reaches(r, 0, api), reaches(r, 1, api)]).toEqual([true, false]);
    expect([reaches(r, 0, web), reaches(r, 1, web)]).toEqual([false, true]);
  });

  it("maps a bounded ID-based google.subject for a long ref", () => {
    const r = render({ github: { repository: "acme/api", branch: "release/*" } });
    const long = `release/${"x".repeat(150)}`;
    const result = exchange(
      r,
      githubClaims({ sub: `repo:acme/api:ref:refs/heads/${long}`, ref: `refs/heads/${long}` }),
    );
    expect(result.admitted).toBe(true);
    expect(result.subject).toBe("7654321:5123456789:1");
    expect(Buffer.byteLength(result.subject ?? "")).toBeLessThanOrEqual(127);
  });

  // The rendered provider, evaluated as GCP would, admits a token exactly when the trust model
  // says its subject matches: the renderer and the model cannot disagree silently.
  it("agrees with the trust model on every branch pattern and ref", () => {
    const chars = fc.constantFrom("a", "b", "/", "-", ".", "*", "?");
    const refChars = fc.constantFrom("a", "b", "/", "-", ".", "x");
    fc.assert(
      fc.property(
        fc
          .array(chars, { minLength: 1, maxLength: 6 })
          .map((cs) => cs.join(""))
          .filter((g) => !/^[*?]+$/.test(g)),
        fc.array(refChars, { minLength: 1, maxLength: 8 }).map((cs) => cs.join("")),
        (glob, branch) => {
          const { subjects } = declareTrust({ github: { repository: "acme/api", branch: glob } });
          const rendered = renderGcpProvider(subjects, ref);
          const sub = `repo:acme/api:ref:refs/heads/${branch}`;
          const expected = subjects[0]?.sub.some((p) => matchesPattern(p, sub)) ?? false;
          const claims = githubClaims({ sub, ref: `refs/heads/${branch}` });
          expect(reaches(rendered, 0, claims)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
