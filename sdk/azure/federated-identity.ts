/**
 * `AzureFederatedIdentity`: an Azure identity that CI jobs and workloads reach with their OIDC
 * token — a user-assigned managed identity (or an app registration, for flexible credentials), its
 * federated identity credentials, and its role assignments. Thin wiring of what
 * {@link renderAzureCredentials} renders into `@pulumi/azure-native` and `@pulumi/azuread`.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust-user-assigned-managed-identity
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization/getClientConfig";
import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment";
import { FederatedIdentityCredential } from "@pulumi/azure-native/managedidentity/federatedIdentityCredential";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity/userAssignedIdentity";
import { ApplicationFederatedIdentityCredential } from "@pulumi/azuread/applicationFederatedIdentityCredential";
import { ApplicationFlexibleFederatedIdentityCredential } from "@pulumi/azuread/applicationFlexibleFederatedIdentityCredential";
import { ApplicationRegistration } from "@pulumi/azuread/applicationRegistration";
import { getClientConfigOutput as getDirectoryConfigOutput } from "@pulumi/azuread/getClientConfig";
import { ServicePrincipal } from "@pulumi/azuread/servicePrincipal";
import { createHash } from "node:crypto";
import {
  formatWarning,
  type Problem,
  throwIfProblems,
  TrustValidationError,
  type TrustWarning,
} from "../errors";
import {
  type IdentityManifest,
  MANIFEST_VERSION,
  recordManifest,
  toManifestSubject,
} from "../manifest";
import { checkKnownKeys, keysOf } from "../trust/segments";
import { type DeclaredTrust, declareTrust, type TrustArgs } from "../trust/trust";
import { resolveTtl } from "../trust/ttl";
import {
  type AzureRoleReference,
  checkScope,
  resolveRole,
  roleDefinitionIdAt,
} from "./built-in-roles";
import { githubLoginStep, gitlabLoginJob } from "./ci-snippets";
import {
  AZURE_TOKEN_EXCHANGE_AUDIENCE,
  type AzureCredentialHolder,
  type AzureFederatedCredential,
  renderAzureCredentials,
} from "./render-credentials";
import { roleAssignmentName } from "./role-assignment-name";
import { checkAzureTtl } from "./token-lifetime";

/** One role granted to the identity at one scope. */
export interface AzureRoleGrant {
  /**
   * The role: a built-in name Keyless knows (`Reader`, `Contributor`, `Storage Blob Data Reader`,
   * … see `BUILT_IN_ROLES`), a role-definition GUID, or a role definition's resource ID.
   */
  readonly role: string;
  /**
   * Where the role applies: a subscription, resource group or resource ID, or a management group.
   * @example "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod"
   */
  readonly scope: pulumi.Input<string>;
}

/**
 * The inputs of {@link AzureFederatedIdentity}. Plain data, so every Pulumi language can write it.
 */
export interface AzureFederatedIdentityArgs {
  /**
   * Who may act as the identity: one or more trusts, any one of which admits a token. A list, not
   * "one or a list", so that every Pulumi language can write it.
   */
  readonly trust: TrustArgs[];
  /**
   * The resource group of the managed identity. Required unless `flexibleMatching` holds the
   * identity on an app registration, which lives in the directory instead.
   */
  readonly resourceGroupName?: pulumi.Input<string>;
  /** The managed identity's region. @default the resource group's region */
  readonly location?: pulumi.Input<string>;
  /**
   * The Azure name of the managed identity, or the display name of the app registration.
   * @default the component's name
   */
  readonly identityName?: string;
  /** The roles the identity receives. @default none */
  readonly roles?: AzureRoleGrant[];
  /**
   * How long the credentials a job receives may live. Azure does not shorten its tokens for it;
   * a TTL under 90 minutes is enforced by the Keyless runtime, with a warning. Written as a
   * duration string (`"45m"`, `"1h30m"`, `"PT45M"`, or whole seconds as `"2700"`). @default "1h"
   */
  readonly ttl?: string;
  /**
   * Allow flexible federated credentials (preview) for patterns (`v*`, `release/*`) and for
   * conditions Azure can test in an expression. The identity is then an app registration with a
   * service principal, not a managed identity. @default false
   */
  readonly flexibleMatching?: boolean;
  /**
   * Leave out the credentials Azure could match by name only (GitHub's name-only subject when the
   * repository's IDs are declared); tokens in that form are then refused. @default false
   */
  readonly strictSubjects?: boolean;
  /** The subscription the CI snippets select. @default the provider's subscription */
  readonly subscriptionId?: pulumi.Input<string>;
  /** Tags for the managed identity. @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The component's Pulumi type token, as every language names it. */
export const AZURE_FEDERATED_IDENTITY_TYPE = "keyless:index:AzureFederatedIdentity";

/**
 * An Azure identity that CI jobs and workloads reach with their OIDC token, without a secret.
 *
 * Its federated identity credentials are created one after another, because Azure refuses
 * concurrent writes to the credentials of one identity (HTTP 409).
 *
 * @example
 * ```ts
 * const deployer = new AzureFederatedIdentity("api-deploy", {
 *   trust: [{ github: { repository: "acme/api", ownerId: 1234567, repositoryId: 7654321, environment: "production" } }],
 *   resourceGroupName: "acme-identities",
 *   roles: [{ role: "Contributor", scope: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod" }],
 *   ttl: "1h",
 * });
 * export const loginStep = deployer.githubLoginStep;
 * ```
 */
export class AzureFederatedIdentity extends pulumi.ComponentResource {
  /** The application (client) ID jobs log in with. */
  public readonly clientId!: pulumi.Output<string>;
  /** The object ID of the identity's service principal: what role assignments name. */
  public readonly principalId!: pulumi.Output<string>;
  /** The Microsoft Entra tenant ID. */
  public readonly tenantId!: pulumi.Output<string>;
  /** The subscription the CI snippets select. */
  public readonly subscriptionId!: pulumi.Output<string>;
  /** The GitHub Actions job fragment (`permissions` and the `azure/login` step), when GitHub is trusted. */
  public readonly githubLoginStep?: pulumi.Output<string>;
  /** The GitLab CI hidden job with `id_tokens` and `az login`, when GitLab is trusted. */
  public readonly gitlabLoginJob?: pulumi.Output<string>;

  /** What holds the credentials. */
  get holder(): AzureCredentialHolder {
    return details.get(this)?.holder as AzureCredentialHolder;
  }

  /** The credentials as rendered, in creation order. */
  get credentials(): readonly AzureFederatedCredential[] {
    return details.get(this)?.credentials as readonly AzureFederatedCredential[];
  }

  /** The identity's manifest, as the simulator and the CLI read it. */
  get manifest(): pulumi.Output<IdentityManifest> {
    return details.get(this)?.manifest as pulumi.Output<IdentityManifest>;
  }

  constructor(
    name: string,
    args: AzureFederatedIdentityArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    throwIfProblems(checkKnownKeys(args, identityKeys, name));
    // The multi-language provider serves every component as `keyless:index:<ClassName>`, and a
    // component constructed there registers under its own type: the two must be the same token.
    // The alias keeps stacks created under the earlier token. The TTL is the one input registered
    // with the component, so that policies (keyless-max-ttl) see it in every language.
    super(AZURE_FEDERATED_IDENTITY_TYPE, name, args.ttl === undefined ? {} : { ttl: args.ttl }, {
      ...opts,
      aliases: [{ type: "keyless:azure:FederatedIdentity" }, ...(opts?.aliases ?? [])],
    });
    // Rehydrated from an existing URN: the children already exist.
    if (opts?.urn) return;

    const { trust, ttlSeconds, roles } = readArgs(name, args);

    const rendered = renderAzureCredentials(trust.subjects, {
      flexibleMatching: args.flexibleMatching === true,
      strictSubjects: args.strictSubjects === true,
      path: `${name}.trust`,
      optionsPath: name,
    });
    const ttlWarning = checkAzureTtl(ttlSeconds, `${name}.ttl`);
    const warnings: TrustWarning[] = [
      ...trust.warnings,
      ...rendered.warnings,
      ...(ttlWarning ? [ttlWarning] : []),
    ];
    for (const warning of warnings) pulumi.log.warn(formatWarning(warning), this);

    const displayName = args.identityName ?? name;
    const principal =
      rendered.holder === "managed-identity"
        ? this.createManagedIdentity(name, displayName, args, rendered.credentials)
        : this.createAppRegistration(name, displayName, rendered.credentials);
    for (const grant of roles) {
      this.assignRole(name, grant.role, grant.scope, grant.index, principal.principalId);
    }

    const subscriptionId = args.subscriptionId
      ? pulumi.output(args.subscriptionId)
      : getClientConfigOutput({ parent: this }).subscriptionId;
    const ids = pulumi
      .all([principal.clientId, principal.tenantId, subscriptionId])
      .apply(([clientId, tenantId, subscription]) => ({
        clientId,
        tenantId,
        subscriptionId: subscription,
      }));
    const kinds = new Set(trust.subjects.map((s) => s.issuer.kind));
    const manifest = ids.apply((loginIds): IdentityManifest => ({
      version: MANIFEST_VERSION,
      identity: name,
      ttlSeconds,
      subjects: trust.subjects.map(toManifestSubject),
      azure: {
        ...loginIds,
        audience: AZURE_TOKEN_EXCHANGE_AUDIENCE,
        credentials: rendered.credentials.map((c) => ({
          name: c.name,
          issuer: c.issuer,
          ...(c.kind === "exact"
            ? { subject: c.subject }
            : { claimsMatchingExpression: c.claimsMatchingExpression }),
          audiences: c.audiences,
        })),
        ttlSeconds,
      },
      warnings: warnings.map(formatWarning),
    }));
    // Not yet: under a real preview the IDs are unknown and this never resolves, because apply
    // callbacks do not run on unknown values; manifests are collected under the mock engine.
    recordManifest(new Promise((resolve) => manifest.apply(resolve)));

    details.set(this, { holder: rendered.holder, credentials: rendered.credentials, manifest });
    Object.assign(this, {
      clientId: principal.clientId,
      principalId: principal.principalId,
      tenantId: principal.tenantId,
      subscriptionId,
      ...(kinds.has("github") ? { githubLoginStep: ids.apply(githubLoginStep) } : {}),
      ...(kinds.has("gitlab") ? { gitlabLoginJob: ids.apply((i) => gitlabLoginJob(i)) } : {}),
    });
    this.registerOutputs({
      clientId: this.clientId,
      principalId: this.principalId,
      tenantId: this.tenantId,
      subscriptionId: this.subscriptionId,
      githubLoginStep: this.githubLoginStep,
      gitlabLoginJob: this.gitlabLoginJob,
      manifest: this.manifest,
    });
  }

  private createManagedIdentity(
    name: string,
    displayName: string,
    args: AzureFederatedIdentityArgs,
    credentials: readonly AzureFederatedCredential[],
  ): Principal {
    const resourceGroupName = args.resourceGroupName as pulumi.Input<string>;
    const identity = new UserAssignedIdentity(
      name,
      {
        resourceGroupName,
        resourceName: displayName,
        ...(args.location !== undefined ? { location: args.location } : {}),
        ...(args.tags !== undefined ? { tags: { ...args.tags } } : {}),
      },
      { parent: this },
    );
    // Azure refuses concurrent writes to one identity's credentials (409): chain them.
    let previous: pulumi.Resource | undefined;
    for (const credential of credentials) {
      if (credential.kind !== "exact") {
        // Not reachable: the renderer holds flexible credentials on an app registration only.
        throw new TypeError(
          `A managed identity cannot hold the flexible credential ${credential.name}.`,
        );
      }
      previous = new FederatedIdentityCredential(
        `${name}-${credential.name}`,
        {
          resourceGroupName,
          resourceName: identity.name,
          federatedIdentityCredentialResourceName: credential.name,
          issuer: credential.issuer,
          subject: credential.subject,
          audiences: [...credential.audiences],
        },
        { parent: this, ...(previous ? { dependsOn: [previous] } : {}) },
      );
    }
    return {
      clientId: identity.clientId,
      principalId: identity.principalId,
      tenantId: identity.tenantId,
    };
  }

  private createAppRegistration(
    name: string,
    displayName: string,
    credentials: readonly AzureFederatedCredential[],
  ): Principal {
    const application = new ApplicationRegistration(name, { displayName }, { parent: this });
    const servicePrincipal = new ServicePrincipal(
      name,
      { clientId: application.clientId },
      { parent: this },
    );
    // Writes to one application's credentials are serialised for the same reason.
    let previous: pulumi.Resource | undefined;
    for (const credential of credentials) {
      const options = { parent: this, ...(previous ? { dependsOn: [previous] } : {}) };
      const common = {
        applicationId: application.id,
        displayName: credential.name,
        issuer: credential.issuer,
        description: credential.description,
      };
      previous =
        credential.kind === "exact"
          ? new ApplicationFederatedIdentityCredential(
              `${name}-${credential.name}`,
              { ...common, subject: credential.subject, audiences: [...credential.audiences] },
              options,
            )
          : new ApplicationFlexibleFederatedIdentityCredential(
              `${name}-${credential.name}`,
              {
                ...common,
                claimsMatchingExpression: credential.claimsMatchingExpression,
                audience: AZURE_TOKEN_EXCHANGE_AUDIENCE,
              },
              options,
            );
    }
    return {
      clientId: application.clientId,
      principalId: servicePrincipal.objectId,
      tenantId: getDirectoryConfigOutput({ parent: this }).tenantId,
    };
  }

  private assignRole(
    name: string,
    role: AzureRoleReference,
    scope: pulumi.Input<string>,
    index: number,
    principalId: pulumi.Output<string>,
  ): void {
    const roleLabel = role.kind === "built-in" ? role.name : role.guid;
    // A scope known now names the resource by meaning, so reordering grants replaces nothing.
    const key = typeof scope === "string" ? shortDigest(scope.toLowerCase()) : String(index);
    const scopeText = pulumi.output(scope);
    new RoleAssignment(
      `${name}-${roleLabel.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${key}`,
      {
        scope: scopeText,
        principalId,
        // A new principal may not have replicated yet; naming its type lets Azure skip the lookup.
        principalType: "ServicePrincipal",
        roleDefinitionId: scopeText.apply((s) => roleDefinitionIdAt(role, s)),
        roleAssignmentName: pulumi
          .all([scopeText, principalId])
          .apply(([s, p]) => roleAssignmentName(s, p, role.guid)),
        description: `Keyless: ${name}`,
      },
      { parent: this },
    );
  }
}

/**
 * What TypeScript programs read from the component beyond its outputs. Kept off the instance's
 * own properties, which the multi-language provider serves as outputs: these types are unions and
 * rendered documents that other languages have no type for.
 */
interface Details {
  readonly holder: AzureCredentialHolder;
  readonly credentials: readonly AzureFederatedCredential[];
  readonly manifest: pulumi.Output<IdentityManifest>;
}

const details = new WeakMap<AzureFederatedIdentity, Details>();

interface Principal {
  readonly clientId: pulumi.Output<string>;
  readonly principalId: pulumi.Output<string>;
  readonly tenantId: pulumi.Output<string>;
}

const managedIdentityName = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;

interface ResolvedGrant {
  readonly role: AzureRoleReference;
  readonly scope: pulumi.Input<string>;
  readonly index: number;
}

/** Validates every input and throws once with every problem found. */
function readArgs(
  name: string,
  args: AzureFederatedIdentityArgs,
): { trust: DeclaredTrust; ttlSeconds: number; roles: ResolvedGrant[] } {
  const problems: Problem[] = [];
  let trust: DeclaredTrust | undefined;
  try {
    trust = declareTrust(args.trust, `${name}.trust`);
  } catch (err) {
    if (!(err instanceof TrustValidationError)) throw err;
    problems.push(...err.problems);
  }
  const ttl = resolveTtl(args.ttl, `${name}.ttl`);
  if (typeof ttl !== "number") problems.push(ttl);
  const roles = readRoles(args.roles ?? [], `${name}.roles`, problems);
  const identityName = args.identityName ?? name;
  if (args.flexibleMatching !== true && !managedIdentityName.test(identityName)) {
    problems.push({
      path: args.identityName === undefined ? name : `${name}.identityName`,
      value: identityName,
      rule: "A managed identity's name is 3–128 letters, digits, '-' or '_', starting with a letter or digit.",
      fix: "Set identityName to such a name.",
    });
  }
  if (args.flexibleMatching !== true && args.resourceGroupName === undefined) {
    problems.push({
      path: `${name}.resourceGroupName`,
      value: undefined,
      rule: "A managed identity lives in a resource group.",
      fix: "Name the resource group the identity should be created in.",
    });
  }
  const onlyTtl = problems.length === 1 && typeof ttl !== "number";
  throwIfProblems(problems, onlyTtl ? "ERR_DURATION_INVALID" : "ERR_TRUST_INVALID");
  return { trust: trust as DeclaredTrust, ttlSeconds: ttl as number, roles };
}

function readRoles(
  grants: readonly AzureRoleGrant[],
  path: string,
  problems: Problem[],
): ResolvedGrant[] {
  const roles: ResolvedGrant[] = [];
  grants.forEach((grant, index) => {
    const role = resolveRole(grant?.role, `${path}[${index}].role`);
    if ("path" in role) problems.push(role);
    const scope = grant?.scope;
    const scopeProblem =
      scope === undefined || scope === null || scope === ""
        ? {
            path: `${path}[${index}].scope`,
            value: scope,
            rule: "A role is granted at a scope.",
            fix: "Give the subscription, resource group or resource ID the role applies to.",
          }
        : typeof scope === "string"
          ? checkScope(scope, `${path}[${index}].scope`)
          : undefined;
    if (scopeProblem) problems.push(scopeProblem);
    if (!("path" in role) && !scopeProblem) {
      roles.push({ role, scope: scope as pulumi.Input<string>, index });
    }
  });
  return roles;
}

function shortDigest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

const identityKeys = keysOf<AzureFederatedIdentityArgs>()([
  "trust",
  "resourceGroupName",
  "location",
  "identityName",
  "roles",
  "ttl",
  "flexibleMatching",
  "strictSubjects",
  "subscriptionId",
  "tags",
]);
