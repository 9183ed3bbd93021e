import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FederatedRole, OidcProvider } from "../../sdk/aws";
import { startCollectingManifests } from "../../sdk/manifest";
import { installAwsMocks, settle, valueOf } from "./mock-aws";

const ROLE = "aws:iam/role:Role";
const PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
const GITHUB_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

let mocks: Awaited<ReturnType<typeof installAwsMocks>>;

beforeEach(async () => {
  mocks = await installAwsMocks();
});

afterEach(async () => {
  // Registrations still in flight would otherwise reach the next test's mocks.
  await settle();
  vi.restoreAllMocks();
});

function trustOf(name: string): { Statement: Array<Record<string, any>> } {
  return JSON.parse(mocks.find(ROLE, name).inputs.assumeRolePolicy as string);
}

describe("FederatedRole", () => {
  it("creates a role whose trust policy is the rendered trust with the provider's ARN", async () => {
    const role = new FederatedRole("web-main", {
      trust: { github: { repository: "acme/web", branch: "main" } },
    });
    await valueOf(role.trustPolicy);
    await settle();

    expect(trustOf("web-main")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: GITHUB_ARN },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": "repo:acme/web:ref:refs/heads/main",
            },
          },
        },
      ],
    });
    expect(await valueOf(role.roleArn)).toMatch(/^arn:aws:iam::123456789012:role\/web-main-/);
  });

  it.each([
    ["15m", 900, 3600],
    ["45m", 2700, 3600],
    ["2h", 7200, 7200],
    ["12h", 43_200, 43_200],
  ])("derives MaxSessionDuration from a TTL of %s", async (ttl, session, max) => {
    const role = new FederatedRole("r", {
      trust: { github: { repository: "acme/web", branch: "main" } },
      ttl,
    });
    expect(await valueOf(role.sessionDurationSeconds)).toBe(session);
    await valueOf(role.roleArn);
    expect(mocks.find(ROLE, "r").inputs.maxSessionDuration).toBe(max);
  });

  it("shares one OIDC provider between roles trusting the same issuer", async () => {
    const a = new FederatedRole("a", {
      trust: { github: { repository: "acme/a", branch: "main" } },
    });
    const b = new FederatedRole("b", { trust: { github: { repository: "acme/b", tag: "v*" } } });
    await Promise.all([valueOf(a.trustPolicy), valueOf(b.trustPolicy)]);
    await settle();

    const providers = mocks.resources.filter((r) => r.type === PROVIDER);
    expect(providers).toEqual([
      {
        type: PROVIDER,
        name: "keyless-oidc-token-actions-githubusercontent-com",
        inputs: {
          url: "https://token.actions.githubusercontent.com",
          clientIdLists: ["sts.amazonaws.com"],
        },
      },
    ]);
    expect(trustOf("a").Statement[0]?.Principal.Federated).toBe(GITHUB_ARN);
    expect(trustOf("b").Statement[0]?.Principal.Federated).toBe(GITHUB_ARN);
  });

  it("uses a provider declared earlier in the program for the same issuer", async () => {
    const gitlab = new OidcProvider("gitlab", { issuerUrl: "https://gitlab.com" });
    const role = new FederatedRole("deploy", {
      trust: { gitlab: { project: "acme/platform/deployer", branch: "main" } },
    });
    await valueOf(role.trustPolicy);
    await settle();

    expect(mocks.resources.filter((r) => r.type === PROVIDER).map((r) => r.name)).toEqual([
      "gitlab",
    ]);
    expect(await valueOf(gitlab.arn)).toBe("arn:aws:iam::123456789012:oidc-provider/gitlab.com");
  });

  it("adopts an existing provider by ARN without creating one", async () => {
    const existing = "arn:aws:iam::123456789012:oidc-provider/gitlab.com";
    const role = new FederatedRole("deploy", {
      trust: { gitlab: { project: "acme/app", branch: "main" } },
      oidcProvider: existing,
    });
    await valueOf(role.trustPolicy);
    await settle();

    expect(mocks.resources.filter((r) => r.type === PROVIDER)).toEqual([]);
    expect(trustOf("deploy").Statement[0]?.Principal.Federated).toBe(existing);
  });

  it("refuses a second explicit provider for the same issuer, naming both", () => {
    new OidcProvider("github", { issuerUrl: "https://token.actions.githubusercontent.com" });
    expect(
      () =>
        new OidcProvider("github-again", {
          issuerUrl: "https://token.actions.githubusercontent.com",
        }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_DUPLICATE_ISSUER",
        message: expect.stringMatching(
          /OidcProvider "github-again" declares the issuer https:\/\/token\.actions\.githubusercontent\.com, but OidcProvider "github" already declares it/,
        ),
      }),
    );
  });

  it("refuses an explicit provider for an issuer a role already got a shared provider for", () => {
    new FederatedRole("web", { trust: { github: { repository: "acme/web", branch: "main" } } });
    expect(
      () =>
        new OidcProvider("github", { issuerUrl: "https://token.actions.githubusercontent.com" }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_DUPLICATE_ISSUER",
        message: expect.stringMatching(
          /"keyless-oidc-token-actions-githubusercontent-com" was already created for it by a role that named no oidcProvider.*Fix: declare one provider for the issuer before the roles/,
        ),
      }),
    );
  });

  it("allows one provider per issuer for each AWS provider (account)", async () => {
    class AwsProvider extends pulumi.ProviderResource {
      constructor(name: string) {
        super("aws", name, {});
      }
    }
    const other = new AwsProvider("other-account");
    new OidcProvider("github", { issuerUrl: "https://token.actions.githubusercontent.com" });
    const p = new OidcProvider(
      "github-other",
      { issuerUrl: "https://token.actions.githubusercontent.com" },
      { provider: other },
    );
    expect(await valueOf(p.arn)).toBe(GITHUB_ARN);
  });

  it("refuses to create a provider for a self-hosted issuer without thumbprints", () => {
    expect(
      () =>
        new FederatedRole("reader", {
          trust: {
            kubernetes: {
              issuerUrl: "https://k8s.acme.example",
              namespace: "payments",
              serviceAccount: "reader",
            },
          },
        }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_TRUST_INVALID",
        message: expect.stringMatching(
          /thumbprints: undefined — IAM verifies k8s\.acme\.example by certificate thumbprint.*Fix: Declare the provider yourself with thumbprints/,
        ),
      }),
    );
  });

  it("passes declared thumbprints for a self-hosted issuer", async () => {
    const thumbprint = "0123456789abcdef0123456789abcdef01234567";
    const k8s = new OidcProvider("k8s", {
      issuerUrl: "https://k8s.acme.example",
      thumbprints: [thumbprint],
    });
    const role = new FederatedRole("reader", {
      trust: {
        kubernetes: {
          issuerUrl: "https://k8s.acme.example",
          namespace: "payments",
          serviceAccount: "reader",
        },
      },
      oidcProvider: k8s,
    });
    await valueOf(role.trustPolicy);
    expect(mocks.find(PROVIDER, "k8s").inputs.thumbprintLists).toEqual([thumbprint]);
  });

  it("refuses an audience the shared provider does not accept", () => {
    new FederatedRole("a", { trust: { github: { repository: "acme/a", branch: "main" } } });
    expect(
      () =>
        new FederatedRole("b", {
          trust: { github: { repository: "acme/b", branch: "main" } },
          audience: "https://github.com/acme",
        }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_TRUST_INVALID",
        message: expect.stringMatching(
          /audience: "https:\/\/github\.com\/acme" — The OIDC provider for https:\/\/token\.actions\.githubusercontent\.com accepts only sts\.amazonaws\.com/,
        ),
      }),
    );
  });

  it("attaches managed policies and one inline policy", async () => {
    const role = new FederatedRole("api", {
      trust: { github: { repository: "acme/api", environment: "production" } },
      managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonECS_FullAccess"],
      policyStatements: [{ Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-api/*" }],
      permissionsBoundary: "arn:aws:iam::123456789012:policy/boundary",
      tags: { team: "api" },
    });
    await valueOf(role.roleArn);
    await settle();

    expect(
      mocks.find("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "api-AmazonECS_FullAccess")
        .inputs.policyArn,
    ).toBe("arn:aws:iam::aws:policy/AmazonECS_FullAccess");
    const inline = mocks.find("aws:iam/rolePolicy:RolePolicy", "api-inline").inputs;
    expect(JSON.parse(inline.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-api/*" },
      ],
    });
    expect(mocks.find(ROLE, "api").inputs).toMatchObject({
      permissionsBoundary: "arn:aws:iam::123456789012:policy/boundary",
      tags: { team: "api" },
    });
  });

  it("refuses an unenforceable trust before registering any resource", async () => {
    expect(
      () =>
        new FederatedRole("gl", {
          trust: {
            gitlab: { project: "acme/platform/deployer", branch: "main", protectedOnly: true },
          },
        }),
    ).toThrow(expect.objectContaining({ code: "ERR_TRUST_UNENFORCEABLE" }));
    await settle();
    expect(mocks.resources).toEqual([]);
  });

  it.each([
    [{ github: { repository: "acme/web", branch: "main" } }, ["github-no-ids"]],
    [
      { github: { repository: "acme/web", pullRequest: true } },
      ["github-no-ids", "github-pull-request"],
    ],
    [
      { github: { repository: "acme/web", ownerId: 1, repositoryId: 2, branch: "release/*" } },
      ["github-ref-pattern"],
    ],
    [
      {
        github: { repository: "acme/web", ownerId: 1, repositoryId: 2, environment: "production" },
      },
      [],
    ],
  ])(
    "reports the trust's warnings through pulumi.log on the component (%j)",
    async (trust, codes) => {
      const warn = vi.spyOn(pulumi.log, "warn").mockResolvedValue();
      const role = new FederatedRole("w", { trust });
      await valueOf(role.roleArn);

      expect(warn.mock.calls.map(([message]) => /\[([a-z-]+)\]$/.exec(message)?.[1])).toEqual(
        codes,
      );
      for (const [, resource] of warn.mock.calls) expect(resource).toBe(role);
    },
  );

  it("records a manifest with the AWS section filled", async () => {
    const collect = startCollectingManifests();
    const role = new FederatedRole("api-deploy", {
      trust: {
        github: {
          repository: "acme/api",
          ownerId: 1234567,
          repositoryId: 7654321,
          environment: "production",
        },
      },
      ttl: "45m",
    });
    await valueOf(role.manifest);
    const [manifest] = await collect();

    expect(manifest).toMatchObject({
      version: 1,
      identity: "api-deploy",
      ttlSeconds: 2700,
      subjects: [
        {
          issuer: "https://token.actions.githubusercontent.com",
          issuerKind: "github",
          sub: [
            "repo:acme/api:environment:production",
            "repo:acme@1234567/api@7654321:environment:production",
          ],
        },
      ],
      aws: {
        roleArn: await valueOf(role.roleArn),
        providerArns: [GITHUB_ARN],
        audience: "sts.amazonaws.com",
        sessionDurationSeconds: 2700,
        maxSessionDurationSeconds: 3600,
        trustPolicy: JSON.parse(await valueOf(role.trustPolicy)),
      },
      warnings: [],
    });
  });

  it("emits a GitHub job with id-token: write and the configure-aws-credentials step", async () => {
    const role = new FederatedRole("api-deploy", {
      trust: {
        github: { repository: "acme/api", ownerId: 1, repositoryId: 2, environment: "production" },
      },
      ttl: "45m",
      region: "eu-west-1",
    });
    const snippet = parse(await valueOf(role.ciSnippet));

    expect(snippet).toEqual({
      "api-deploy": {
        "runs-on": "ubuntu-latest",
        environment: "production",
        permissions: { "id-token": "write", contents: "read" },
        steps: [
          {
            name: "Configure AWS credentials",
            uses: "aws-actions/configure-aws-credentials@v5",
            with: {
              "role-to-assume": await valueOf(role.roleArn),
              "role-duration-seconds": 2700,
              "aws-region": "eu-west-1",
            },
          },
        ],
      },
    });
  });
});

describe("FederatedRole with several issuers", () => {
  it("trusts each issuer through its own shared provider", async () => {
    const role = new FederatedRole("multi", {
      trust: [
        { github: { repository: "acme/web", ownerId: 1, repositoryId: 2, branch: "main" } },
        { gitlab: { project: "acme/platform/deployer", branch: "main" } },
      ],
      roleName: "acme-multi",
    });
    expect(await valueOf(role.roleName)).toBe("acme-multi");
    await valueOf(role.trustPolicy);
    await settle();

    expect(mocks.resources.filter((r) => r.type === PROVIDER).map((r) => r.inputs.url)).toEqual([
      "https://token.actions.githubusercontent.com",
      "https://gitlab.com",
    ]);
    expect(trustOf("multi").Statement.map((s) => s.Principal.Federated)).toEqual([
      GITHUB_ARN,
      "arn:aws:iam::123456789012:oidc-provider/gitlab.com",
    ]);
  });

  it("refuses a trust policy over the account's limit before registering any resource", async () => {
    expect(
      () =>
        new FederatedRole("big", {
          trust: { github: { repository: "acme/web", branch: "main" } },
          maxPolicyCharacters: 100,
        }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_POLICY_TOO_LARGE",
        message: expect.stringMatching(
          /big\.trust: ".* characters" — An IAM trust policy holds at most 100 characters/,
        ),
      }),
    );
    await settle();
    expect(mocks.resources).toEqual([]);
  });

  it("refuses a provider ARN for an issuer the trust does not name", () => {
    expect(
      () =>
        new FederatedRole("wrong", {
          trust: { github: { repository: "acme/web", branch: "main" } },
          oidcProvider: "arn:aws:iam::123456789012:oidc-provider/gitlab.com",
        }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_TRUST_INVALID",
        message: expect.stringMatching(
          /oidcProvider: "arn:aws:iam::123456789012:oidc-provider\/gitlab\.com" — An oidcProvider is an OidcProvider or an IAM OIDC provider ARN for one of the trusted issuers \(https:\/\/token\.actions\.githubusercontent\.com\)/,
        ),
      }),
    );
  });
});
