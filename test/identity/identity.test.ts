import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { TrustValidationError } from "../../sdk/errors";
import { checkTtlCoherence } from "../../sdk/identity";

const root = resolve(__dirname, "../..");

interface PlannedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

describe("Identity (examples/multi-cloud-ci under keyless plan)", () => {
  let plan: { resources: PlannedResource[]; identities: Array<Record<string, any>> };
  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(
      "node",
      [join(root, "bin/keyless.js"), "plan", "examples/multi-cloud-ci", "--json"],
      { cwd: root, maxBuffer: 32 * 1024 * 1024 },
    );
    plan = JSON.parse(stdout);
  }, 60_000);

  const ofType = (type: string) => plan.resources.filter((r) => r.type === type);

  it("gives the production identity one GCP provider whose condition pins the owner and repository IDs", () => {
    const providers = ofType("gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider");
    const github = providers.filter(
      (p) =>
        (p.inputs.oidc as { issuerUri: string }).issuerUri ===
        "https://token.actions.githubusercontent.com",
    );
    expect(github).toHaveLength(1);
    const condition = github[0]?.inputs.attributeCondition as string;
    expect(condition).toContain("assertion.repository_owner_id == '1234567'");
    expect(condition).toContain("assertion.repository_id == '7654321'");
  });

  it("binds workloadIdentityUser to exactly the declared principals, never the pool", () => {
    const bindings = ofType("gcp:serviceaccount/iAMMember:IAMMember").filter((b) =>
      b.name.startsWith("api-production"),
    );
    expect(bindings.map((b) => b.inputs.role)).toEqual([
      "roles/iam.workloadIdentityUser",
      "roles/iam.workloadIdentityUser",
    ]);
    const members = bindings.map((b) => b.inputs.member as string).sort();
    expect(members).toEqual([
      "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/keyless-ndf1v/subject/repo:acme/api:environment:production",
      "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/keyless-ndf1v/subject/repo:acme@1234567/api@7654321:environment:production",
    ]);
    expect(
      ofType("gcp:serviceaccount/iAMMember:IAMMember").some((b) =>
        /\/\*$/.test(String(b.inputs.member)),
      ),
    ).toBe(false);
  });

  it("gives Azure one credential per subject form, in the legacy and the immutable form", () => {
    const credentials = ofType("azure-native:managedidentity:FederatedIdentityCredential").filter(
      (c) => c.name.startsWith("api-production"),
    );
    expect(credentials.map((c) => c.inputs.subject).sort()).toEqual([
      "repo:acme/api:environment:production",
      "repo:acme@1234567/api@7654321:environment:production",
    ]);
    for (const c of credentials) {
      expect(c.inputs.issuer).toBe("https://token.actions.githubusercontent.com");
      expect(c.inputs.audiences).toEqual(["api://AzureADTokenExchange"]);
    }
  });

  it("shares one AWS OIDC provider and one GCP pool across identities", () => {
    expect(ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).toHaveLength(1);
    expect(ofType("gcp:iam/workloadIdentityPool:WorkloadIdentityPool")).toHaveLength(1);
    expect(
      ofType("gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider"),
    ).toHaveLength(2);
  });

  it("keeps the AWS role's trust from the first slice", () => {
    const [role] = ofType("aws:iam/role:Role");
    const policy = JSON.parse(role?.inputs.assumeRolePolicy as string);
    expect(
      policy.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"],
    ).toEqual([
      "repo:acme/api:environment:production",
      "repo:acme@1234567/api@7654321:environment:production",
    ]);
    expect(role?.inputs.maxSessionDuration).toBe(3600);
  });

  it("merges each identity's clouds into one manifest", () => {
    const production = plan.identities.find((m) => m.identity === "api-production");
    expect(
      Object.keys(production ?? {})
        .filter((k) => ["aws", "gcp", "azure"].includes(k))
        .sort(),
    ).toEqual(["aws", "azure", "gcp"]);
    expect(production?.ttlSeconds).toBe(3600);
    expect(plan.identities.map((m) => m.identity)).toEqual([
      "api-production",
      "artifacts-reader",
      "reports-reader",
    ]);
  });
});

describe("checkTtlCoherence", () => {
  it.each<
    [
      string,
      { aws: boolean; gcp: boolean; azure: boolean; gcpLifetimeExtensionAllowed?: boolean },
      number,
    ]
  >([
    ["1h", { aws: true, gcp: true, azure: true }, 3600],
    ["15m", { aws: true, gcp: true, azure: false }, 900],
    ["12h", { aws: true, gcp: true, azure: false, gcpLifetimeExtensionAllowed: true }, 43200],
    ["10m", { aws: false, gcp: true, azure: true }, 600],
  ])("accepts %s where every granted cloud honours it", (ttl, clouds, seconds) => {
    expect(checkTtlCoherence(ttl, clouds).ttlSeconds).toBe(seconds);
  });

  it("refuses one second past GCP's hour, naming GCP and its limit", () => {
    try {
      checkTtlCoherence("3601", { aws: true, gcp: true, azure: false }, "api.ttl");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TrustValidationError);
      expect((err as TrustValidationError).code).toBe("ERR_TTL_OUT_OF_RANGE");
      expect((err as TrustValidationError).problems.map((p) => p.rule)).toEqual([
        expect.stringMatching(/^GCP honours a TTL from 10m to 1h/),
      ]);
    }
  });

  it("names every cloud that cannot honour the TTL, together", () => {
    expect(() => checkTtlCoherence("14m", { aws: true, gcp: true, azure: false })).not.toThrow(
      /GCP/,
    );
    expect(() => checkTtlCoherence("9m", { aws: true, gcp: true, azure: false })).toThrow(
      /2 problems[\s\S]*AWS honours a TTL from 15m to 12h[\s\S]*GCP honours a TTL from 10m to 1h/,
    );
  });

  it("warns that Azure enforces a short TTL only at runtime", () => {
    expect(
      checkTtlCoherence("45m", { aws: false, gcp: false, azure: true }).warnings.map((w) => w.code),
    ).toEqual(["azure-ttl-at-runtime"]);
    expect(checkTtlCoherence("90m", { aws: false, gcp: false, azure: true }).warnings).toEqual([]);
  });
});
