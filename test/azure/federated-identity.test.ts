import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AzureFederatedIdentity,
  type AzureFederatedIdentityArgs,
  roleAssignmentName,
} from "../../sdk/azure";
import { KeylessError } from "../../sdk/errors";
import { type IdentityManifest, startCollectingManifests } from "../../sdk/manifest";

const subscriptionId = "00000000-0000-0000-0000-0000000000b1";
const tenantId = "00000000-0000-0000-0000-0000000000e1";
const identityPrincipal = "11111111-2222-3333-4444-555555555555";
const appPrincipal = "11111111-2222-3333-4444-666666666666";
const ids = { ownerId: 1234567, repositoryId: 7654321 };
const scope = "/subscriptions/00000000-0000-0000-0000-0000000000b1/resourceGroups/acme-prod";

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

const registered: Registered[] = [];

pulumi.runtime.setMocks(
  {
    newResource(args) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      const state: Record<string, unknown> = { ...args.inputs };
      switch (args.type) {
        case "azure-native:managedidentity:UserAssignedIdentity":
          Object.assign(state, {
            name: args.inputs.resourceName,
            clientId: "00000000-0000-0000-0000-0000000000c1",
            principalId: identityPrincipal,
            tenantId,
          });
          break;
        case "azuread:index/applicationRegistration:ApplicationRegistration":
          Object.assign(state, { clientId: "00000000-0000-0000-0000-0000000000c2" });
          break;
        case "azuread:index/servicePrincipal:ServicePrincipal":
          Object.assign(state, { objectId: appPrincipal });
          break;
      }
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      if (args.token.endsWith("getClientConfig")) {
        return { subscriptionId, tenantId, clientId: "ci-runner", objectId: "ci-runner" };
      }
      throw new Error(`The mocks do not answer ${args.token}.`);
    },
  },
  "keyless",
  "test",
  false,
);

const output = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

/**
 * Builds the component, records each child's `dependsOn` (by child name) as Pulumi passes the
 * options, and waits until every child is registered with the mock engine.
 */
async function build(name: string, args: AzureFederatedIdentityArgs) {
  registered.length = 0;
  const children: pulumi.Resource[] = [];
  const names = new Map<pulumi.Resource, string>();
  const dependsOn = new Map<string, string[]>();
  const component = new AzureFederatedIdentity(name, args, {
    transformations: [
      (t) => {
        children.push(t.resource);
        names.set(t.resource, t.name);
        const deps = (t.opts.dependsOn ?? []) as pulumi.Resource[];
        dependsOn.set(
          t.name,
          deps.map((d) => names.get(d) ?? "?"),
        );
        return undefined;
      },
    ],
  });
  await Promise.all(children.map((c) => output(c.urn)));
  await output(component.manifest);
  const ofType = (type: string) => registered.filter((r) => r.type === `azure-native:${type}`);
  return { component, dependsOn, ofType };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("AzureFederatedIdentity", () => {
  it("creates a managed identity with one credential per subject form", async () => {
    const { ofType } = await build("api-deploy", {
      trust: [{ github: { repository: "acme/api", ...ids, environment: "production" } }],
      resourceGroupName: "acme-identities",
      location: "westeurope",
    });
    expect(ofType("managedidentity:UserAssignedIdentity")).toEqual([
      {
        type: "azure-native:managedidentity:UserAssignedIdentity",
        name: "api-deploy",
        inputs: {
          resourceGroupName: "acme-identities",
          resourceName: "api-deploy",
          location: "westeurope",
        },
      },
    ]);
    const credentials = ofType("managedidentity:FederatedIdentityCredential").map((r) => r.inputs);
    expect(credentials).toEqual([
      expect.objectContaining({
        resourceGroupName: "acme-identities",
        resourceName: "api-deploy",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:acme/api:environment:production",
        audiences: ["api://AzureADTokenExchange"],
        federatedIdentityCredentialResourceName: expect.stringMatching(
          /^repo-acme-api-environment-production-/,
        ),
      }),
      expect.objectContaining({
        subject: "repo:acme@1234567/api@7654321:environment:production",
      }),
    ]);
  });

  it("creates the credentials one after another", async () => {
    const { dependsOn, ofType } = await build("chain", {
      trust: [
        { github: { repository: "acme/api", ...ids, environment: "production" } },
        { github: { repository: "acme/api", branch: "main" } },
        {
          kubernetes: {
            issuerUrl: "https://k8s.acme.example",
            namespace: "payments",
            serviceAccount: "reader",
          },
        },
      ],
      resourceGroupName: "acme-identities",
    });
    const names = ofType("managedidentity:FederatedIdentityCredential").map((r) => r.name);
    expect(names).toHaveLength(4);
    expect(dependsOn.get(names[0] as string)).toEqual([]);
    for (let i = 1; i < names.length; i++) {
      expect(dependsOn.get(names[i] as string)).toEqual([names[i - 1]]);
    }
  });

  it("assigns roles by name with deterministic assignment names", async () => {
    const { ofType } = await build("reader", {
      trust: [{ github: { repository: "acme/api", branch: "main" } }],
      resourceGroupName: "acme-identities",
      roles: [
        { role: "Reader", scope },
        {
          role: "Storage Blob Data Reader",
          scope: pulumi.output(`${scope}/providers/Microsoft.Storage/storageAccounts/acme`),
        },
      ],
    });
    const assignments = ofType("authorization:RoleAssignment");
    expect(assignments.map((a) => a.inputs)).toEqual([
      {
        scope,
        principalId: identityPrincipal,
        principalType: "ServicePrincipal",
        roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
        roleAssignmentName: roleAssignmentName(
          scope,
          identityPrincipal,
          "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        ),
        description: "Keyless: reader",
      },
      expect.objectContaining({
        roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`,
      }),
    ]);
    expect(assignments[0]?.inputs.roleAssignmentName).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    // A scope known at construction names the resource by meaning, an Output by position.
    expect(assignments.map((a) => a.name)).toEqual([
      expect.stringMatching(/^reader-reader-[0-9a-f]{8}$/),
      "reader-storage-blob-data-reader-1",
    ]);
  });

  it("gives the same role assignment names on a second run", async () => {
    const args = {
      trust: [{ github: { repository: "acme/api", branch: "main" } }],
      resourceGroupName: "acme-identities",
      roles: [{ role: "Contributor", scope }],
    };
    const first = (await build("again", args)).ofType("authorization:RoleAssignment")[0]?.inputs;
    const second = (await build("again", args)).ofType("authorization:RoleAssignment")[0]?.inputs;
    expect(second?.roleAssignmentName).toBe(first?.roleAssignmentName);
  });

  it("outputs the IDs and the azure/login step", async () => {
    const { component } = await build("outputs", {
      trust: [{ github: { repository: "acme/api", branch: "main" } }],
      resourceGroupName: "acme-identities",
    });
    expect(await output(component.clientId)).toBe("00000000-0000-0000-0000-0000000000c1");
    expect(await output(component.principalId)).toBe(identityPrincipal);
    expect(await output(component.tenantId)).toBe(tenantId);
    expect(await output(component.subscriptionId)).toBe(subscriptionId);
    const step = await output(component.githubLoginStep as pulumi.Output<string>);
    expect(step).toContain("id-token: write");
    expect(step).toContain("client-id: 00000000-0000-0000-0000-0000000000c1");
    expect(step).toContain(`subscription-id: ${subscriptionId}`);
    expect(component.gitlabLoginJob).toBeUndefined();
  });

  it("outputs the GitLab job when GitLab is trusted", async () => {
    const { component } = await build("gitlab", {
      trust: [{ gitlab: { project: "acme/platform/deployer", branch: "main" } }],
      resourceGroupName: "acme-identities",
      subscriptionId: "00000000-0000-0000-0000-0000000000b2",
    });
    const job = await output(component.gitlabLoginJob as pulumi.Output<string>);
    expect(job).toContain("aud: api://AzureADTokenExchange");
    expect(job).toContain("AZURE_SUBSCRIPTION_ID: 00000000-0000-0000-0000-0000000000b2");
    expect(component.githubLoginStep).toBeUndefined();
  });

  it("records the manifest with the credentials and the TTL", async () => {
    const collect = startCollectingManifests();
    await build("manifest", {
      trust: [{ github: { repository: "acme/api", ...ids, environment: "production" } }],
      resourceGroupName: "acme-identities",
      ttl: "2h",
    });
    const [manifest] = (await collect()) as IdentityManifest[];
    expect(manifest).toMatchObject({
      version: 1,
      identity: "manifest",
      ttlSeconds: 7200,
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
      azure: {
        clientId: "00000000-0000-0000-0000-0000000000c1",
        tenantId,
        subscriptionId,
        audience: "api://AzureADTokenExchange",
        ttlSeconds: 7200,
        credentials: [
          {
            subject: "repo:acme/api:environment:production",
            audiences: ["api://AzureADTokenExchange"],
          },
          { subject: "repo:acme@1234567/api@7654321:environment:production" },
        ],
      },
    });
    expect(manifest?.warnings.some((w) => w.includes("[azure-condition-unchecked]"))).toBe(true);
  });

  it.each([
    ["15m", true],
    ["90m", false],
  ])("with a TTL of %s warns that Azure cannot shorten its tokens: %s", async (ttl, warns) => {
    const warn = vi.spyOn(pulumi.log, "warn");
    const { component } = await build(`ttl-${ttl}`, {
      trust: [{ github: { repository: "acme/api", ...ids, branch: "main" } }],
      resourceGroupName: "acme-identities",
      strictSubjects: true,
      ttl,
    });
    const ttlWarnings = warn.mock.calls.filter(([message]) =>
      message.includes("[azure-ttl-at-runtime]"),
    );
    expect(ttlWarnings).toHaveLength(warns ? 1 : 0);
    if (warns) {
      expect(ttlWarnings[0]?.[0]).toMatch(/TTL of 15m is enforced at runtime/);
      expect(ttlWarnings[0]?.[1]).toBe(component);
    }
  });

  it("holds flexible credentials on an app registration, one after another", async () => {
    const { dependsOn } = await build("flex", {
      trust: [
        { github: { repository: "acme/api", ...ids, tag: "v*" } },
        { github: { repository: "acme/api", branch: "main" } },
      ],
      flexibleMatching: true,
      roles: [{ role: "AcrPush", scope }],
    });
    const of = (type: string) => registered.filter((r) => r.type === `azuread:index/${type}`);
    expect(of("applicationRegistration:ApplicationRegistration")[0]?.inputs).toEqual({
      displayName: "flex",
    });
    expect(of("servicePrincipal:ServicePrincipal")[0]?.inputs).toEqual({
      clientId: "00000000-0000-0000-0000-0000000000c2",
    });
    const flexible = of(
      "applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential",
    );
    expect(flexible.map((r) => r.inputs)).toEqual([
      expect.objectContaining({
        applicationId: "flex-id",
        issuer: "https://token.actions.githubusercontent.com",
        audience: "api://AzureADTokenExchange",
        claimsMatchingExpression:
          "claims['sub'] matches 'repo:acme/api:ref:refs/tags/v*' and claims['repository_id'] eq '7654321' and claims['repository_owner_id'] eq '1234567'",
      }),
      expect.objectContaining({
        claimsMatchingExpression:
          "claims['sub'] matches 'repo:acme@1234567/api@7654321:ref:refs/tags/v*' and claims['repository_id'] eq '7654321' and claims['repository_owner_id'] eq '1234567'",
      }),
    ]);
    const exact = of(
      "applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    );
    expect(exact.map((r) => r.inputs.subject)).toEqual(["repo:acme/api:ref:refs/heads/main"]);
    const chain = [...flexible, ...exact].map((r) => r.name);
    expect(dependsOn.get(chain[1] as string)).toEqual([chain[0]]);
    expect(dependsOn.get(chain[2] as string)).toEqual([chain[1]]);
    expect(
      registered.filter((r) => r.type === "azure-native:authorization:RoleAssignment")[0]?.inputs,
    ).toMatchObject({
      principalId: appPrincipal,
      roleDefinitionId: expect.stringMatching(/8311e382-0749-4cb8-b61a-304f252e45ec$/),
    });
  });

  it.each<[string, AzureFederatedIdentityArgs, string, RegExp]>([
    [
      "a pattern without flexible matching",
      { trust: [{ github: { repository: "acme/api", tag: "v*" } }], resourceGroupName: "rg" },
      "ERR_TRUST_UNENFORCEABLE",
      /bad\.trust\[0\]\.github: "repo:acme\/api:ref:refs\/tags\/v\*" — Azure compares .* Fix: .*bad\.flexibleMatching: true/,
    ],
    [
      "an unknown role and a missing resource group together",
      {
        trust: [{ github: { repository: "acme/api", branch: "main" } }],
        roles: [{ role: "Readr", scope }],
      },
      "ERR_TRUST_INVALID",
      /has 2 problems:\n  - bad\.roles\[0\]\.role: "Readr" — .*\n  - bad\.resourceGroupName: /,
    ],
    [
      "a scope that is not a resource ID",
      {
        trust: [{ github: { repository: "acme/api", branch: "main" } }],
        resourceGroupName: "rg",
        roles: [{ role: "Reader", scope: "acme-prod" }],
      },
      "ERR_TRUST_INVALID",
      /bad\.roles\[0\]\.scope: "acme-prod" — A scope is an Azure resource ID/,
    ],
    [
      "an unreadable TTL",
      {
        trust: [{ github: { repository: "acme/api", branch: "main" } }],
        resourceGroupName: "rg",
        ttl: "1 day",
      },
      "ERR_DURATION_INVALID",
      /bad\.ttl: "1 day" — A duration is/,
    ],
  ])("refuses %s before creating anything", async (_, args, code, message) => {
    registered.length = 0;
    let caught: unknown;
    try {
      new AzureFederatedIdentity("bad", args);
    } catch (err) {
      caught = err;
    }
    expect(KeylessError.isInstance(caught)).toBe(true);
    expect((caught as KeylessError).code).toBe(code);
    expect((caught as KeylessError).message).toMatch(message);
    await new Promise((resolve) => setImmediate(resolve));
    expect(registered.filter((r) => r.type.startsWith("azure"))).toEqual([]);
  });
});

describe("AzureFederatedIdentity names", () => {
  it.each([
    ["ab", false],
    ["abc", true],
    ["a".repeat(128), true],
    ["a".repeat(129), false],
    ["-abc", false],
  ])("accepts the managed identity name %s: %s", (identityName, ok) => {
    const create = () =>
      new AzureFederatedIdentity(`n-${identityName.length}-${ok}`, {
        trust: [{ github: { repository: "acme/api", branch: "main" } }],
        resourceGroupName: "rg",
        identityName,
      });
    if (ok) expect(create).not.toThrow();
    else expect(create).toThrow(/identityName: .* A managed identity's name is 3–128 letters/);
  });
});
