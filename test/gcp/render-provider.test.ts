import { describe, expect, it } from "vitest";
import { KeylessError, TrustValidationError } from "../../sdk/errors";
import { renderGcpProvider } from "../../sdk/gcp";
import { declareTrust, type TrustArgs } from "../../sdk/trust";
import { expectGolden as expectGoldenIn } from "../support/golden";

const expectGolden = (name: string, value: unknown) => expectGoldenIn("gcp", name, value);

const ref = { projectNumber: "123456789012", poolId: "ci-00000", providerId: "prov-00000" };
const GKE =
  "https://container.googleapis.com/v1/projects/acme-prod/locations/europe-west1/clusters/main";
const ids = { ownerId: 1234567, repositoryId: 7654321 };
const render = (trust: TrustArgs | TrustArgs[], identities?: string[]) =>
  renderGcpProvider(declareTrust(trust).subjects, {
    ...ref,
    ...(identities ? { identities } : {}),
  });

describe("renderGcpProvider", () => {
  it.each<[string, TrustArgs | TrustArgs[]]>([
    ["github-branch", { github: { repository: "acme/api", branch: "main" } }],
    ["github-tag-pattern", { github: { repository: "acme/api", tag: "v*", ...ids } }],
    [
      "github-environment-ids",
      { github: { repository: "acme/api", environment: "production", ...ids } },
    ],
    [
      "github-environment-no-ids",
      { github: { repository: "acme/api", environment: "production" } },
    ],
    ["github-pull-request", { github: { repository: "acme/api", pullRequest: true, ...ids } }],
    [
      "github-reusable-workflow",
      {
        github: {
          repository: "acme/api",
          workflow: "acme/workflows/.github/workflows/deploy.yml@refs/heads/main",
          ...ids,
        },
      },
    ],
    [
      "github-several-subjects",
      [
        { github: { repository: "acme/api", branch: "main", ...ids } },
        { github: { repository: "acme/web", environment: "production" } },
      ],
    ],
    [
      "gitlab-ids",
      {
        gitlab: {
          project: "acme/platform/deployer",
          branch: "main",
          protectedOnly: true,
          environment: "production",
          projectId: 2323,
          namespaceId: 4242,
        },
      },
    ],
    ["gitlab-no-ids", { gitlab: { project: "acme/platform/deployer", tag: "v*" } }],
    [
      "kubernetes-gke",
      { kubernetes: { issuerUrl: GKE, namespace: "payments", serviceAccount: "reader" } },
    ],
    [
      "oidc-generic",
      {
        oidc: {
          issuerUrl: "https://idp.acme.example",
          subject: "spiffe://acme.example/ns/payments/sa/reader",
          claims: { "acme.example/team": "payments", env: "prod*" },
        },
      },
    ],
  ])("renders %s as its golden file", (name, trust) => {
    expectGolden(name, render(trust));
  });

  it("always pins the owner, by ID when the IDs are declared", () => {
    expect(
      render({ github: { repository: "acme/api", branch: "main" } }).provider.attributeCondition,
    ).toMatch(/^assertion\.repository_owner == 'acme' && /);
    expect(
      render({ github: { repository: "acme/api", branch: "main", ...ids } }).provider
        .attributeCondition,
    ).toMatch(/^assertion\.repository_owner_id == '1234567' && /);
    expect(
      render({ gitlab: { project: "acme/platform/deployer", branch: "main" } }).provider
        .attributeCondition,
    ).toMatch(/^assertion\.namespace_path == 'acme\/platform' && /);
    expect(
      render({ gitlab: { project: "acme/platform/deployer", branch: "main", namespaceId: 4242 } })
        .provider.attributeCondition,
    ).toContain("assertion.namespace_id == '4242'");
  });

  it("escapes regex metacharacters and quotes in patterns and literals", () => {
    const { provider } = render({ github: { repository: "acme/api.v2", tag: "v1.*+(x)" } });
    expect(provider.attributeCondition).toContain(
      "assertion.sub.matches('^repo:acme/api\\\\.v2:ref:refs/tags/v1\\\\..*\\\\+\\\\(x\\\\)$')",
    );
  });

  it("never binds the whole pool", () => {
    const all = [
      render({ github: { repository: "acme/api", tag: "v*" } }),
      render({ gitlab: { project: "acme/platform/deployer", tag: "v*" } }),
      render({
        kubernetes: {
          issuerUrl: GKE,
          namespace: "payments",
          serviceAccount: "reader-*",
          dangerouslyAllowWildcards: true,
        },
      }),
    ];
    for (const r of all) {
      for (const p of r.bindings.flatMap((b) => b.principals)) {
        expect(p).not.toMatch(/\/\*$/);
        expect(p).toMatch(/\/(subject|attribute\.[a-z0-9_]+)\/.+/);
      }
    }
  });

  it("returns frozen documents", () => {
    const r = render({ github: { repository: "acme/api", branch: "main" } });
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.provider)).toBe(true);
    expect(Object.isFrozen(r.provider.attributeMapping)).toBe(true);
    expect(Object.isFrozen(r.bindings[0])).toBe(true);
    expect(Object.isFrozen(r.bindings[0]?.principals)).toBe(true);
  });
});

describe("renderGcpProvider limits", () => {
  // "repo:acme/" + repo + ":environment:" + env: 23 bytes around the names.
  const envSubject = (length: number) => ({
    github: { repository: `acme/${"r".repeat(50)}`, environment: "e".repeat(length - 73) },
  });

  it("keeps sub as google.subject at 127 bytes", () => {
    const r = render(envSubject(127));
    expect(Buffer.byteLength(r.bindings[0]?.principals[0]?.split("/subject/")[1] ?? "")).toBe(127);
    expect(r.provider.subjectMapping).toBe("sub");
    expect(r.provider.attributeMapping["google.subject"]).toBe("assertion.sub");
    expect(r.warnings).toEqual([]);
  });

  it("maps google.subject to an ID-based value at 128 bytes, and says so", () => {
    const r = render(envSubject(128));
    expect(r.provider.subjectMapping).toBe("id-based");
    expect(r.provider.attributeMapping["google.subject"]).toBe(
      "assertion.repository_id + ':' + assertion.run_id + ':' + assertion.run_attempt",
    );
    expect(r.provider.attributeMapping["attribute.sub"]).toBe("assertion.sub");
    expect(r.bindings[0]?.principals[0]).toMatch(/\/attribute\.sub\/repo:acme\//);
    expect(r.warnings).toMatchObject([{ code: "gcp-subject-id-mapping", path: "trust.github" }]);
    expect(r.warnings[0]?.message).toMatch(/127 bytes/);
  });

  it("counts bytes, not characters", () => {
    // 63 two-byte characters: 126 bytes of environment, far past 127 bytes of sub in total.
    const r = render({ github: { repository: "acme/api", environment: "é".repeat(60) } });
    expect(r.provider.subjectMapping).toBe("id-based");
  });

  it.each([
    ["abcd", "ok"],
    ["abc", "fails"],
    ["a".repeat(32), "ok"],
    ["a".repeat(33), "fails"],
    ["gcp-pool", "fails"],
    ["Pool-1", "fails"],
  ])("checks the pool ID %j: %s", (poolId, outcome) => {
    const run = () =>
      renderGcpProvider(
        declareTrust({ github: { repository: "acme/api", branch: "main" } }).subjects,
        { ...ref, poolId },
      );
    if (outcome === "ok") {
      expect(run().provider.name).toContain(`/workloadIdentityPools/${poolId}/providers/`);
      return;
    }
    expect(run).toThrow(TrustValidationError);
    try {
      run();
    } catch (err) {
      expect((err as TrustValidationError).code).toBe("ERR_TRUST_INVALID");
      expect((err as Error).message).toContain(`gcp.poolId: ${JSON.stringify(poolId)}`);
      expect((err as Error).message).toMatch(
        poolId.startsWith("gcp-") ? /reserves that prefix/ : /4 to 32 characters/,
      );
    }
  });

  it.each([
    [90, "ok"],
    [91, "fails"],
  ])("checks attribute keys of %i claim characters (key ≤ 100): %s", (length, outcome) => {
    const claim = "c".repeat(length);
    const run = () =>
      render({
        oidc: { issuerUrl: "https://idp.acme.example", subject: "svc", claims: { [claim]: "x" } },
      });
    if (outcome === "ok") {
      expect(run().provider.attributeMapping).toHaveProperty(`attribute.${claim}`);
      return;
    }
    expect(run).toThrow(/attribute key is at most 100 characters; this claim name makes it 101/);
  });

  it("refuses a condition longer than 4,096 characters", () => {
    const many: TrustArgs[] = Array.from({ length: 60 }, (_, i) => ({
      github: { repository: `acme/service-${i}`, branch: `release-${i}` },
    }));
    const run = () => render(many);
    expect(run).toThrow(KeylessError);
    expect(run).toThrow(/attribute condition is \d+ characters; GCP accepts at most 4096/);
    try {
      run();
    } catch (err) {
      expect((err as KeylessError).code).toBe("ERR_POLICY_TOO_LARGE");
    }
  });
});

describe("renderGcpProvider refusals", () => {
  it("refuses a generic issuer's pattern subject that may pass 127 bytes", () => {
    const run = () =>
      render({
        oidc: {
          issuerUrl: "https://idp.acme.example",
          subject: "spiffe://acme.example/ns/payments/*",
        },
      });
    expect(run).toThrow(TrustValidationError);
    try {
      run();
    } catch (err) {
      expect((err as TrustValidationError).code).toBe("ERR_TRUST_UNENFORCEABLE");
      expect((err as Error).message).toContain(
        'trust.oidc.subject: ["spiffe://acme.example/ns/payments/*"]',
      );
      expect((err as Error).message).toMatch(/at most 127 bytes/);
    }
  });

  it("refuses one identity reaching another's principal through a weaker trust", () => {
    const run = () =>
      render(
        [
          {
            gitlab: {
              project: "acme/platform/deployer",
              branch: "main",
              environment: "production",
            },
          },
          { gitlab: { project: "acme/platform/deployer", branch: "main" } },
        ],
        ["prod-deploy", "main-build"],
      );
    expect(run).toThrow(TrustValidationError);
    try {
      run();
    } catch (err) {
      expect((err as TrustValidationError).code).toBe("ERR_TRUST_UNENFORCEABLE");
      expect((err as Error).message).toMatch(
        /trust\[0\]\.gitlab: \["principal:\/\/iam\.googleapis\.com\/.*\/subject\/project_path:acme\/platform\/deployer:ref_type:branch:ref:main"\]/,
      );
      expect((err as Error).message).toMatch(/Identity "main-build" .* would act as "prod-deploy"/);
      expect((err as Error).message).toMatch(/its own pool/);
    }
  });

  it("refuses a pattern binding another identity of the same repository could reach", () => {
    expect(() =>
      render(
        [
          { github: { repository: "acme/api", tag: "v*", ...ids } },
          { github: { repository: "acme/api", branch: "main", ...ids } },
        ],
        ["release", "build"],
      ),
    ).toThrow(/Identity "build" .* would act as "release"/);
  });

  it("lets identities share a provider when neither can reach the other", () => {
    const r = render(
      [
        { github: { repository: "acme/api", environment: "production", ...ids } },
        { github: { repository: "acme/web", branch: "main" } },
      ],
      ["api", "web"],
    );
    expect(r.bindings.map((b) => b.identity)).toEqual(["api", "web"]);
  });

  it("lets one identity hold overlapping subjects", () => {
    const r = render([
      { github: { repository: "acme/api", tag: "v*", ...ids } },
      { github: { repository: "acme/api", branch: "main", ...ids } },
    ]);
    expect(r.bindings).toHaveLength(2);
  });

  it("rejects subjects of two issuers", () => {
    expect(() =>
      render([
        { github: { repository: "acme/api", branch: "main" } },
        { gitlab: { project: "acme/platform/deployer", branch: "main" } },
      ]),
    ).toThrow(/one issuer at a time/);
  });
});
