/**
 * One declaration, three clouds: a trust and a TTL, with optional AWS, GCP and Azure grants. Each
 * grant becomes the cloud's own component, sharing per-cloud infrastructure across identities (one
 * AWS OIDC provider per issuer and account, one GCP pool and provider per issuer and project).
 *
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { FederatedRole, type InlinePolicyStatement } from "../aws/federated-role";
import { AzureFederatedIdentity, type AzureRoleGrant } from "../azure/federated-identity";
import { GcpFederatedServiceAccount } from "../gcp/federated-service-account";
import type { GcpResourceGrant } from "../gcp/resource-grants";
import type { TrustArgs } from "../trust/trust";
import { type Problem, throwIfProblems } from "../errors";
import { checkKnownKeys, keysOf } from "../trust/segments";
import { checkTtlCoherence } from "./ttl-coherence";

/** Whether a policy statement allows or denies; an enumeration every Pulumi language can write. */
export const PolicyEffect = {
  /** The statement grants its actions. */
  Allow: "Allow",
  /** The statement denies its actions, whatever else allows them. */
  Deny: "Deny",
} as const;

/** `Allow` or `Deny`: one value of {@link PolicyEffect}. */
export type PolicyEffect = (typeof PolicyEffect)[keyof typeof PolicyEffect];

/** One statement of the AWS role's inline policy, in a form every Pulumi language can write. */
export interface IdentityPolicyStatement {
  /** `Allow` or `Deny`. @default "Allow" */
  readonly effect?: PolicyEffect;
  /** The actions, e.g. `s3:PutObject`. */
  readonly actions: string[];
  /** The resources, by ARN (wildcards as IAM allows them). */
  readonly resources: string[];
  /** The statement's ID. @default none */
  readonly sid?: string;
}

/** What the identity may do in AWS: an IAM role's permissions. */
export interface IdentityAwsGrant {
  /** Managed policies to attach, by ARN. @default none */
  readonly managedPolicyArns?: string[];
  /** Statements of one inline policy. @default none */
  readonly policyStatements?: IdentityPolicyStatement[];
  /** The ARN of a permissions boundary. @default none */
  readonly permissionsBoundary?: string;
  /** The role's name in IAM. @default derived from the identity's name */
  readonly roleName?: string;
  /** The region CI snippets configure. @default the `aws:region` setting */
  readonly region?: string;
  /** Tags of the role. @default none */
  readonly tags?: Record<string, string>;
}

/** The kinds of GCP resource a role can be granted on; an enumeration every language can write. */
export const GcpResourceKind = {
  /** A Cloud Storage bucket, named by `name`. */
  StorageBucket: "storage-bucket",
  /** A Secret Manager secret, named by its ID. */
  Secret: "secret",
  /** An Artifact Registry repository, named by its ID, with `location`. */
  ArtifactRegistryRepository: "artifact-registry-repository",
  /** A Pub/Sub topic, named by `name`. */
  PubsubTopic: "pubsub-topic",
} as const;

/** One value of {@link GcpResourceKind}. */
export type GcpResourceKind = (typeof GcpResourceKind)[keyof typeof GcpResourceKind];

/** A role on one named GCP resource. */
export interface IdentityGcpResourceRole {
  /** What the resource is. */
  readonly kind: GcpResourceKind;
  /** The resource's name or ID: bucket, secret ID, repository ID or topic. */
  readonly name: string;
  /** The role, e.g. `roles/storage.objectViewer`. */
  readonly role: string;
  /** The repository's location; Artifact Registry only. @default none */
  readonly location?: string;
  /** The resource's project. @default the grant's project */
  readonly project?: string;
}

/** What the identity may do in GCP: a service account's roles, or direct resource access. */
export interface IdentityGcpGrant {
  /** The project that holds the pool, the service account and the project roles. */
  readonly project: string;
  /** The project's number; lets a preview show the rendered trust. @default read from the pool */
  readonly projectNumber?: string;
  /** Roles on the project, e.g. `roles/run.developer`. @default none */
  readonly roles?: string[];
  /** Roles on named resources. @default none */
  readonly resourceRoles?: IdentityGcpResourceRole[];
  /**
   * The purpose of the pool the identity joins; identities of one project and purpose share a
   * pool and one provider per issuer. @default "keyless"
   */
  readonly poolPurpose?: string;
  /** Tokens may live up to 12 h: the organisation policy allows the extension. @default false */
  readonly lifetimeExtensionAllowed?: boolean;
  /** Bind the principals to the roles directly, without a service account. @default false */
  readonly directAccess?: boolean;
}

/** What the identity may do in Azure: role assignments of a user-assigned managed identity. */
export interface IdentityAzureGrant {
  /** The resource group of the managed identity. */
  readonly resourceGroupName: string;
  /** The identity's region. @default the resource group's */
  readonly location?: string;
  /** Role assignments by role name or ID at a scope. @default none */
  readonly roles?: AzureRoleGrant[];
  /** Match patterns with a flexible credential on an app registration (preview). @default false */
  readonly flexibleMatching?: boolean;
  /**
   * Leave out the name-only GitHub credential once every token carries the immutable subject
   * form, so Azure pins the repository by ID. @default false
   */
  readonly strictSubjects?: boolean;
}

/**
 * An identity declared once for every cloud it is granted in.
 *
 * @example
 * ```ts
 * new Identity("api-deploy", {
 *   trust: [{ github: { repository: "acme/api", ownerId: 1234567, repositoryId: 7654321, environment: "production" } }],
 *   ttl: "45m",
 *   aws: { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonECS_FullAccess"] },
 *   gcp: { project: "acme-prod", roles: ["roles/run.developer"] },
 *   azure: { resourceGroupName: "platform", roles: [{ role: "Contributor", scope: "/subscriptions/…/resourceGroups/api" }] },
 * });
 * ```
 */
export interface IdentityArgs {
  /** Who may act as the identity: any one of these subjects admits a token. */
  readonly trust: TrustArgs[];
  /** How long credentials live, in every granted cloud. @default "1h" */
  readonly ttl?: string;
  /** The AWS grant. @default no AWS access */
  readonly aws?: IdentityAwsGrant;
  /** The GCP grant. @default no GCP access */
  readonly gcp?: IdentityGcpGrant;
  /** The Azure grant. @default no Azure access */
  readonly azure?: IdentityAzureGrant;
}

/**
 * An identity in AWS, GCP and Azure from one trust and one TTL. Refuses, before creating anything,
 * a TTL that any granted cloud cannot honour, naming each such cloud and its limit.
 */
export class Identity extends pulumi.ComponentResource {
  /** The AWS role's ARN, when AWS is granted. */
  readonly awsRoleArn: pulumi.Output<string | undefined>;
  /** The GCP service account's e-mail, when GCP is granted through one. */
  readonly gcpServiceAccountEmail: pulumi.Output<string | undefined>;
  /** The GCP workload identity provider's resource name, when GCP is granted. */
  readonly gcpProviderName: pulumi.Output<string | undefined>;
  /** The Azure managed identity's client ID, when Azure is granted. */
  readonly azureClientId: pulumi.Output<string | undefined>;
  /** The TTL in seconds every cloud honours (or, for Azure, the runtime enforces). */
  readonly ttlSeconds: pulumi.Output<number>;

  constructor(name: string, args: IdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    // The TTL is an input so policies (keyless-max-ttl) see it on the component.
    super("keyless:index:Identity", name, { ttl: args.ttl ?? "1h" }, opts);

    throwIfProblems(checkIdentityArgs(name, args));
    const granted = {
      aws: args.aws !== undefined,
      gcp: args.gcp !== undefined,
      azure: args.azure !== undefined,
    };
    const ttl = checkTtlCoherence(
      args.ttl,
      {
        ...granted,
        ...(args.gcp?.lifetimeExtensionAllowed ? { gcpLifetimeExtensionAllowed: true } : {}),
      },
      `${name}.ttl`,
    );
    // Azure's TTL warning is reported by the Azure component itself, on its own resource.

    const child = { parent: this };
    const trust = args.trust;
    const ttlText = `${ttl.ttlSeconds}`;
    // Each grant is the cloud's own component under the identity's name, so the manifests they
    // record merge into one per identity.
    const aws = args.aws
      ? new FederatedRole(name, { trust, ttl: ttlText, ...awsRoleArgs(args.aws) }, child)
      : undefined;
    const gcp = args.gcp
      ? new GcpFederatedServiceAccount(
          name,
          { trust, ttl: ttlText, ...gcpAccountArgs(args.gcp) },
          child,
        )
      : undefined;
    const azure = args.azure
      ? new AzureFederatedIdentity(name, { trust, ttl: ttlText, ...definedOf(args.azure) }, child)
      : undefined;

    this.awsRoleArn = aws ? aws.roleArn : pulumi.output(undefined);
    this.gcpServiceAccountEmail = gcp ? gcp.serviceAccountEmail : pulumi.output(undefined);
    this.gcpProviderName = gcp ? gcp.providerName : pulumi.output(undefined);
    this.azureClientId = azure ? azure.clientId : pulumi.output(undefined);
    this.ttlSeconds = pulumi.output(ttl.ttlSeconds);
    this.registerOutputs({
      awsRoleArn: this.awsRoleArn,
      gcpServiceAccountEmail: this.gcpServiceAccountEmail,
      gcpProviderName: this.gcpProviderName,
      azureClientId: this.azureClientId,
      ttlSeconds: this.ttlSeconds,
    });
  }
}

function awsRoleArgs(grant: IdentityAwsGrant) {
  const { policyStatements, ...rest } = grant;
  const statements: InlinePolicyStatement[] | undefined = policyStatements?.map((s) => ({
    Effect: s.effect ?? "Allow",
    Action: s.actions,
    Resource: s.resources,
    ...(s.sid !== undefined ? { Sid: s.sid } : {}),
  }));
  return { ...definedOf(rest), ...(statements ? { policyStatements: statements } : {}) };
}

function gcpAccountArgs(grant: IdentityGcpGrant) {
  const { poolPurpose, resourceRoles, ...rest } = grant;
  const grants = resourceRoles?.map(toResourceGrant);
  return {
    ...(grants ? { resourceRoles: grants } : {}),
    ...definedOf(rest),
    ...(poolPurpose !== undefined ? { pool: { purpose: poolPurpose } } : {}),
  };
}

function toResourceGrant(r: IdentityGcpResourceRole): GcpResourceGrant {
  const project = r.project !== undefined ? { project: r.project } : {};
  switch (r.kind) {
    case "storage-bucket":
      return { kind: r.kind, bucket: r.name, role: r.role };
    case "secret":
      return { kind: r.kind, secretId: r.name, role: r.role, ...project };
    case "artifact-registry-repository":
      return {
        kind: r.kind,
        repository: r.name,
        location: r.location ?? "",
        role: r.role,
        ...project,
      };
    case "pubsub-topic":
      return { kind: r.kind, topic: r.name, role: r.role, ...project };
  }
}

// Optional properties left undefined are dropped, so `exactOptionalPropertyTypes` holds when a
// grant is passed on to the cloud's component.
function definedOf<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const identityKeys = keysOf<IdentityArgs>()(["trust", "ttl", "aws", "gcp", "azure"]);
const awsKeys = keysOf<IdentityAwsGrant>()([
  "managedPolicyArns",
  "policyStatements",
  "permissionsBoundary",
  "roleName",
  "region",
  "tags",
]);
const gcpKeys = keysOf<IdentityGcpGrant>()([
  "project",
  "projectNumber",
  "roles",
  "resourceRoles",
  "poolPurpose",
  "lifetimeExtensionAllowed",
  "directAccess",
]);
const azureKeys = keysOf<IdentityAzureGrant>()([
  "resourceGroupName",
  "location",
  "roles",
  "flexibleMatching",
  "strictSubjects",
]);
const statementKeys = keysOf<IdentityPolicyStatement>()(["effect", "actions", "resources", "sid"]);
const resourceRoleKeys = keysOf<IdentityGcpResourceRole>()([
  "kind",
  "name",
  "role",
  "location",
  "project",
]);

/**
 * Properties the identity or its grants do not know (a misspelt `gpc` grant would otherwise be
 * dropped without a word), and an identity granted nowhere.
 */
function checkIdentityArgs(name: string, args: IdentityArgs): Problem[] {
  const problems = checkKnownKeys(args, identityKeys, name);
  if (args.aws !== undefined) problems.push(...checkKnownKeys(args.aws, awsKeys, `${name}.aws`));
  if (args.gcp !== undefined) problems.push(...checkKnownKeys(args.gcp, gcpKeys, `${name}.gcp`));
  if (args.azure !== undefined) {
    problems.push(...checkKnownKeys(args.azure, azureKeys, `${name}.azure`));
  }
  (args.aws?.policyStatements ?? []).forEach((s, i) =>
    problems.push(...checkKnownKeys(s, statementKeys, `${name}.aws.policyStatements[${i}]`)),
  );
  (args.gcp?.resourceRoles ?? []).forEach((r, i) =>
    problems.push(...checkKnownKeys(r, resourceRoleKeys, `${name}.gcp.resourceRoles[${i}]`)),
  );
  if (args.aws === undefined && args.gcp === undefined && args.azure === undefined) {
    problems.push({
      path: name,
      value: Object.keys(args ?? {}),
      rule: "An identity granted in no cloud creates nothing, so every job that counts on it fails.",
      fix: "Declare what it may do in aws, gcp or azure (or several).",
    });
  }
  return problems;
}
