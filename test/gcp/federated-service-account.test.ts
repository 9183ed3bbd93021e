import * as pulumi from "@pulumi/pulumi";
import { ExternalAccountClient } from "google-auth-library";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { KeylessError, TrustValidationError } from "../../sdk/errors";
import {
  GcpFederatedServiceAccount,
  GcpWorkloadIdentityPool,
  resetGcpPoolRegistry,
} from "../../sdk/gcp";
import { startCollectingManifests } from "../../sdk/manifest";
import { PROJECT_NUMBER, type Recorded, recordResources, settle, valueOf } from "./mocks";

const POOL = "gcp:iam/workloadIdentityPool:WorkloadIdentityPool";
const PROVIDER = "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider";
const ACCOUNT = "gcp:serviceaccount/account:Account";
const SA_MEMBER = "gcp:serviceaccount/iAMMember:IAMMember";
const PROJECT_MEMBER = "gcp:projects/iAMMember:IAMMember";
const BUCKET_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember";
const ids = { ownerId: 1234567, repositoryId: 7654321 };

const recorded: Recorded[] = recordResources();
const ofType = (type: string) => recorded.filter((r) => r.type === type);

beforeEach(() => {
  resetGcpPoolRegistry();
  recorded.length = 0;
});
afterEach(() => vi.restoreAllMocks());

describe("GcpFederatedServiceAccount", () => {
  it("creates the pool, the provider, the service account and exactly the declared bindings", async () => {
    const identity = new GcpFederatedServiceAccount("api-deploy", {
      project: "acme-prod",
      trust: { github: { repository: "acme/api", environment: "production", ...ids } },
      roles: ["roles/run.developer", "roles/artifactregistry.writer"],
      ttl: "30m",
    });
    const email = await valueOf(identity.serviceAccountEmail);
    const providers = await valueOf(identity.providers);
    await settle();

    const [pool] = ofType(POOL);
    expect(ofType(POOL)).toHaveLength(1);
    expect(pool?.inputs).toMatchObject({ project: "acme-prod" });
    expect(pool?.inputs.workloadIdentityPoolId).toMatch(/^keyless-[a-z0-9]{5}$/);
    const poolId = String(pool?.inputs.workloadIdentityPoolId);

    const [provider] = ofType(PROVIDER);
    expect(ofType(PROVIDER)).toHaveLength(1);
    const providerId = String(provider?.inputs.workloadIdentityPoolProviderId);
    expect(providerId).toMatch(/^github-[a-z0-9]{5}$/);
    const providerName = `projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${poolId}/providers/${providerId}`;
    expect(provider?.inputs).toMatchObject({
      project: "acme-prod",
      workloadIdentityPoolId: poolId,
      attributeCondition:
        "assertion.repository_owner_id == '1234567' && (assertion.sub == 'repo:acme/api:environment:production' || assertion.sub == 'repo:acme@1234567/api@7654321:environment:production') && assertion.repository_id == '7654321'",
      attributeMapping: { "google.subject": "assertion.sub" },
      oidc: {
        issuerUri: "https://token.actions.githubusercontent.com",
        allowedAudiences: [`https://iam.googleapis.com/${providerName}`],
      },
    });

    const [account] = ofType(ACCOUNT);
    expect(account?.inputs).toMatchObject({ project: "acme-prod" });
    expect(account?.inputs.accountId).toMatch(/^api-deploy-[a-z0-9]{5}$/);
    expect(email).toBe(`${String(account?.inputs.accountId)}@acme-prod.iam.gserviceaccount.com`);

    const pool_ = `principal://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${poolId}`;
    expect(
      ofType(SA_MEMBER)
        .map((r) => [r.inputs.role, r.inputs.member])
        .sort(),
    ).toEqual([
      ["roles/iam.workloadIdentityUser", `${pool_}/subject/repo:acme/api:environment:production`],
      [
        "roles/iam.workloadIdentityUser",
        `${pool_}/subject/repo:acme@1234567/api@7654321:environment:production`,
      ],
    ]);
    expect(
      ofType(SA_MEMBER).every(
        (r) =>
          r.inputs.serviceAccountId === account?.inputs.name ||
          typeof r.inputs.serviceAccountId === "string",
      ),
    ).toBe(true);
    expect(
      ofType(PROJECT_MEMBER)
        .map((r) => [r.inputs.role, r.inputs.member])
        .sort(),
    ).toEqual([
      ["roles/artifactregistry.writer", `serviceAccount:${email}`],
      ["roles/run.developer", `serviceAccount:${email}`],
    ]);

    expect(identity.lifetimeSeconds).toBe(1800);
    expect(providers).toHaveLength(1);
    expect(providers[0]?.name).toBe(providerName);
    expect(await valueOf(identity.providerName)).toBe(providerName);
    const step = parse((await valueOf(identity.githubAuthStep)) ?? "");
    expect(step.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(step.steps[0].with).toMatchObject({
      workload_identity_provider: providerName,
      service_account: email,
      audience: `https://iam.googleapis.com/${providerName}`,
      access_token_lifetime: "1800s",
    });
    expect(await valueOf(identity.gitlabCiConfig)).toBeUndefined();

    const config = JSON.parse(providers[0]?.credentialConfiguration ?? "{}");
    expect(config.service_account_impersonation).toEqual({ token_lifetime_seconds: 1800 });
    expect(ExternalAccountClient.fromJSON(config)?.getServiceAccountEmail()).toBe(email);
  });

  it("shares one pool and one provider between identities of the same project and issuer", async () => {
    const api = new GcpFederatedServiceAccount("api", {
      project: "acme-prod",
      projectNumber: PROJECT_NUMBER,
      trust: { github: { repository: "acme/api", environment: "production", ...ids } },
    });
    const web = new GcpFederatedServiceAccount("web", {
      project: "acme-prod",
      projectNumber: PROJECT_NUMBER,
      trust: { github: { repository: "acme/web", branch: "main" } },
    });
    const [apiPrincipals, webPrincipals] = await Promise.all([
      valueOf(api.principals),
      valueOf(web.principals),
    ]);
    await settle();

    expect(ofType(POOL)).toHaveLength(1);
    expect(ofType(PROVIDER)).toHaveLength(1);
    const condition = String(ofType(PROVIDER)[0]?.inputs.attributeCondition);
    expect(condition).toContain("repo:acme/api:environment:production");
    expect(condition).toContain(
      "assertion.repository_owner == 'acme' && assertion.sub == 'repo:acme/web:ref:refs/heads/main'",
    );
    expect(apiPrincipals).toHaveLength(2);
    expect(webPrincipals).toEqual([
      expect.stringMatching(/\/subject\/repo:acme\/web:ref:refs\/heads\/main$/),
    ]);
    const members = ofType(SA_MEMBER).map((r) => r.inputs.member);
    expect(members.sort()).toEqual([...apiPrincipals, ...webPrincipals].sort());
    expect(members.some((m) => String(m).endsWith("/*"))).toBe(false);
  });

  it("binds principals directly to the roles with directAccess, without a service account", async () => {
    const reader = new GcpFederatedServiceAccount("reader", {
      project: "acme-prod",
      projectNumber: PROJECT_NUMBER,
      trust: {
        kubernetes: {
          issuerUrl:
            "https://container.googleapis.com/v1/projects/acme-prod/locations/europe-west1/clusters/main",
          namespace: "payments",
          serviceAccount: "reader",
        },
      },
      directAccess: true,
      roles: ["roles/secretmanager.secretAccessor"],
      resourceRoles: [
        { kind: "storage-bucket", bucket: "acme-reports", role: "roles/storage.objectViewer" },
      ],
    });
    const [principals, email, providers] = await Promise.all([
      valueOf(reader.principals),
      valueOf(reader.serviceAccountEmail),
      valueOf(reader.providers),
    ]);
    await settle();

    expect(email).toBeUndefined();
    expect(ofType(ACCOUNT)).toEqual([]);
    expect(ofType(SA_MEMBER)).toEqual([]);
    expect(principals).toEqual([
      expect.stringMatching(/^principal:\/\/.*\/subject\/system:serviceaccount:payments:reader$/),
    ]);
    expect(ofType(PROJECT_MEMBER).map((r) => [r.inputs.role, r.inputs.member])).toEqual([
      ["roles/secretmanager.secretAccessor", principals[0]],
    ]);
    expect(ofType(BUCKET_MEMBER).map((r) => r.inputs)).toEqual([
      { bucket: "acme-reports", role: "roles/storage.objectViewer", member: principals[0] },
    ]);
    const config = JSON.parse(providers[0]?.credentialConfiguration ?? "{}");
    expect(config).not.toHaveProperty("service_account_impersonation_url");
    expect(config.credential_source.file).toBe("/var/run/secrets/tokens/gcp-token");
  });

  it("joins a pool declared on its own, and grants roles on named resources", async () => {
    const pool = new GcpWorkloadIdentityPool("ci", {
      project: "acme-prod",
      projectNumber: PROJECT_NUMBER,
      purpose: "ci",
    });
    const identity = new GcpFederatedServiceAccount("publisher", {
      project: "acme-prod",
      projectNumber: PROJECT_NUMBER,
      pool: { purpose: "ci" },
      trust: { github: { repository: "acme/api", tag: "v*", ...ids } },
      resourceRoles: [
        { kind: "storage-bucket", bucket: "acme-releases", role: "roles/storage.objectAdmin" },
        { kind: "secret", secretId: "release-signing", role: "roles/secretmanager.secretAccessor" },
        {
          kind: "artifact-registry-repository",
          repository: "images",
          location: "europe-west1",
          role: "roles/artifactregistry.writer",
        },
        {
          kind: "pubsub-topic",
          topic: "releases",
          role: "roles/pubsub.publisher",
          project: "acme-ops",
        },
      ],
    });
    const [email, principals] = await Promise.all([
      valueOf(identity.serviceAccountEmail),
      valueOf(identity.principals),
    ]);
    await settle();

    expect(ofType(POOL)).toHaveLength(1);
    expect(ofType(POOL)[0]?.inputs.workloadIdentityPoolId).toBe(pool.poolId);
    expect(pool.poolId).toMatch(/^ci-[a-z0-9]{5}$/);
    expect(principals).toEqual([
      `principalSet://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${pool.poolId}/attribute.repository_id/7654321`,
    ]);
    const member = `serviceAccount:${email}`;
    expect(
      recorded
        .filter((r) => /IamMember|IAMMember/.test(r.type) && r.type !== SA_MEMBER)
        .map((r) => [r.type, r.inputs])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      [
        "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
        {
          repository: "images",
          location: "europe-west1",
          project: "acme-prod",
          role: "roles/artifactregistry.writer",
          member,
        },
      ],
      [
        "gcp:pubsub/topicIAMMember:TopicIAMMember",
        { topic: "releases", project: "acme-ops", role: "roles/pubsub.publisher", member },
      ],
      [
        "gcp:secretmanager/secretIamMember:SecretIamMember",
        {
          secretId: "release-signing",
          project: "acme-prod",
          role: "roles/secretmanager.secretAccessor",
          member,
        },
      ],
      [BUCKET_MEMBER, { bucket: "acme-releases", role: "roles/storage.objectAdmin", member }],
    ]);
  });

  it("uses one provider per issuer for an identity trusted from two CI platforms", async () => {
    const identity = new GcpFederatedServiceAccount("reader", {
      project: "acme-prod",
      projectNumber: PROJECT_NUMBER,
      trust: [
        { github: { repository: "acme/api", branch: "main", ...ids } },
        { gitlab: { project: "acme/platform/deployer", branch: "main", namespaceId: 4242 } },
      ],
    });
    const [providers, github, gitlab] = await Promise.all([
      valueOf(identity.providers),
      valueOf(identity.githubAuthStep),
      valueOf(identity.gitlabCiConfig),
    ]);
    await settle();

    expect(
      ofType(PROVIDER)
        .map((r) => (r.inputs.oidc as { issuerUri: string }).issuerUri)
        .sort(),
    ).toEqual(["https://gitlab.com", "https://token.actions.githubusercontent.com"]);
    expect(providers.map((p) => p.issuer)).toEqual([
      "https://token.actions.githubusercontent.com",
      "https://gitlab.com",
    ]);
    expect(parse(github ?? "").steps[0].with.workload_identity_provider).toBe(providers[0]?.name);
    expect(parse(gitlab ?? "").variables.GCP_WORKLOAD_IDENTITY_PROVIDER).toBe(providers[1]?.name);
    expect(ofType(SA_MEMBER)).toHaveLength(3);
  });

  it("renders GitLab variables for a GitLab subject", async () => {
    const deployer = new GcpFederatedServiceAccount("gl-deploy", {
      project: "acme-prod",
      projectNumber: PROJECT_NUMBER,
      trust: {
        gitlab: {
          project: "acme/platform/deployer",
          branch: "main",
          projectId: 2323,
          namespaceId: 4242,
        },
      },
    });
    const config = parse((await valueOf(deployer.gitlabCiConfig)) ?? "");
    expect(config.id_tokens.GCP_ID_TOKEN.aud).toMatch(
      /^https:\/\/iam\.googleapis\.com\/projects\/123456789012\/.*\/providers\/gitlab-[a-z0-9]{5}$/,
    );
    expect(config.variables.GCP_SERVICE_ACCOUNT).toMatch(
      /^gl-deploy-[a-z0-9]{5}@acme-prod\.iam\.gserviceaccount\.com$/,
    );
    expect(await valueOf(deployer.githubAuthStep)).toBeUndefined();
  });

  it("records the identity's manifest with its gcp section", async () => {
    const collect = startCollectingManifests();
    const identity = new GcpFederatedServiceAccount("api-deploy", {
      project: "acme-prod",
      projectNumber: PROJECT_NUMBER,
      trust: { github: { repository: "acme/api", branch: "main" } },
      ttl: 900,
    });
    const [manifest] = await collect();
    expect(manifest).toMatchObject({
      version: 1,
      identity: "api-deploy",
      ttlSeconds: 900,
      subjects: [
        {
          issuer: "https://token.actions.githubusercontent.com",
          issuerKind: "github",
          sub: ["repo:acme/api:ref:refs/heads/main"],
        },
      ],
      gcp: {
        serviceAccountEmail: await valueOf(identity.serviceAccountEmail),
        lifetimeSeconds: 900,
        principals: await valueOf(identity.principals),
        audience: (await valueOf(identity.providers))[0]?.audience,
        providers: [{ issuerUri: "https://token.actions.githubusercontent.com" }],
      },
    });
    expect(manifest?.warnings).toEqual([
      expect.stringMatching(/^api-deploy\.trust\.github\.repository: .*\[github-no-ids\]$/),
    ]);
  });

  it("reports the declaration's warnings through pulumi.log with the component attached", async () => {
    const warn = vi.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
    const identity = new GcpFederatedServiceAccount("api", {
      project: "acme-prod",
      projectNumber: PROJECT_NUMBER,
      trust: { github: { repository: "acme/api", tag: "v*" } },
    });
    await valueOf(identity.principals);
    await settle();
    const messages = warn.mock.calls.map(([m]) => String(m));
    expect(messages.some((m) => m.includes("[github-no-ids]"))).toBe(true);
    expect(messages.some((m) => m.includes("[gcp-subject-id-mapping]"))).toBe(true);
    expect(warn.mock.calls.every(([, resource]) => resource === identity)).toBe(true);
  });
});

describe("GcpFederatedServiceAccount refusals", () => {
  it("refuses a TTL past one hour without the org policy, naming GCP and the limit", () => {
    const run = () =>
      new GcpFederatedServiceAccount("long", {
        project: "acme-prod",
        trust: { github: { repository: "acme/api", branch: "main" } },
        ttl: "2h",
      });
    expect(run).toThrow(KeylessError);
    expect(run).toThrow(/long\.ttl: "2h" — GCP honours a TTL from 10m to 1h/);
    try {
      run();
    } catch (err) {
      expect((err as KeylessError).code).toBe("ERR_TTL_OUT_OF_RANGE");
    }
  });

  it("accepts 12 hours when the org policy allows the extension", () => {
    const identity = new GcpFederatedServiceAccount("long", {
      project: "acme-prod",
      trust: { github: { repository: "acme/api", branch: "main" } },
      ttl: "12h",
      lifetimeExtensionAllowed: true,
    });
    expect(identity.lifetimeSeconds).toBe(43_200);
  });

  it.each([
    [
      { pool: { poolId: "abc" } },
      /\.poolId: "abc" — A workload identity pool ID is 4 to 32 characters/,
    ],
    [{ pool: { poolId: "gcp-ci" } }, /reserves that prefix/],
    [{ accountId: "Deployer" }, /\.accountId: "Deployer" — A service account ID is 6 to 30/],
    [{ roles: ["run.developer"] }, /roles\[0\]: "run\.developer" — A GCP role is `roles\/NAME`/],
    [
      { directAccess: true, lifetimeExtensionAllowed: true },
      /\.lifetimeExtensionAllowed: true — The lifetime extension applies to service account tokens/,
    ],
  ])("refuses bad input %j with the property path", (extra, message) => {
    const run = () =>
      new GcpFederatedServiceAccount("bad", {
        project: "acme-prod",
        trust: { github: { repository: "acme/api", branch: "main" } },
        ...extra,
      });
    expect(run).toThrow(TrustValidationError);
    expect(run).toThrow(message);
  });

  it("refuses an identity that joins a provider after it was rendered", async () => {
    new GcpFederatedServiceAccount("first", {
      project: "acme-prod",
      projectNumber: PROJECT_NUMBER,
      trust: { github: { repository: "acme/api", branch: "main" } },
    });
    await settle();
    const run = () =>
      new GcpFederatedServiceAccount("late", {
        project: "acme-prod",
        projectNumber: PROJECT_NUMBER,
        trust: { github: { repository: "acme/web", branch: "main" } },
      });
    expect(run).toThrow(/late: the GCP provider "github-[a-z0-9]{5}" .* was already rendered/);
    try {
      run();
    } catch (err) {
      expect((err as KeylessError).code).toBe("ERR_DUPLICATE_ISSUER");
    }
  });

  it("fails the manifest when two identities on one provider could reach each other", async () => {
    // Every Output derived from the refused provider rejects, as the engine would report them;
    // they are collected here and checked to be that one refusal, not something else.
    const saved = process.listeners("unhandledRejection");
    const seen: unknown[] = [];
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", (reason) => seen.push(reason));
    try {
      const collect = startCollectingManifests();
      new GcpFederatedServiceAccount("prod", {
        project: "acme-prod",
        projectNumber: PROJECT_NUMBER,
        trust: {
          gitlab: { project: "acme/platform/deployer", branch: "main", environment: "production" },
        },
      });
      new GcpFederatedServiceAccount("build", {
        project: "acme-prod",
        projectNumber: PROJECT_NUMBER,
        trust: { gitlab: { project: "acme/platform/deployer", branch: "main" } },
      });
      const failure = await collect().catch((err: unknown) => err);
      expect((failure as KeylessError).code).toBe("ERR_TRUST_UNENFORCEABLE");
      expect(String((failure as Error).message)).toMatch(/Identity "build" .* would act as "prod"/);
      // Bounded wait for the engine to finish reporting the refused registrations.
      for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.removeAllListeners("unhandledRejection");
      saved.forEach((l) => process.on("unhandledRejection", l));
    }
    expect(seen.length).toBeGreaterThan(0);
    for (const reason of seen) {
      // The engine copies the message when it reports a failed input; the code stays on the first.
      expect(String((reason as Error).message)).toMatch(/Identity "build" .* would act as "prod"/);
    }
  });

  it("refuses a second pool with the same project and ID", () => {
    new GcpWorkloadIdentityPool("ci", { project: "acme-prod", purpose: "ci" });
    expect(
      () => new GcpWorkloadIdentityPool("ci-again", { project: "acme-prod", purpose: "ci" }),
    ).toThrow(/the pool "ci-[a-z0-9]{5}" in project "acme-prod" is already declared/);
  });
});
