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
import { checkTtlCoherence } from "./ttl-coherence";

/** What the identity may do in AWS: an IAM role's permissions. */
export interface IdentityAwsGrant {
  /** Managed policies to attach, by ARN. @default none */
  readonly managedPolicyArns?: readonly string[];
  /** Statements of one inline policy. @default none */
  readonly policyStatements?: readonly InlinePolicyStatement[];
  /** The ARN of a permissions boundary. @default none */
  readonly permissionsBoundary?: string;
  /** The role's name in IAM. @default derived from the identity's name */
  readonly roleName?: string;
  /** The region CI snippets configure. @default the `aws:region` setting */
  readonly region?: string;
  /** Tags of the role. @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What the identity may do in GCP: a service account's roles, or direct resource access. */
export interface IdentityGcpGrant {
  /** The project that holds the pool, the service account and the project roles. */
  readonly project: string;
  /** The project's number; lets a preview show the rendered trust. @default read from the pool */
  readonly projectNumber?: string;
  /** Roles on the project. @default none */
  readonly roles?: readonly string[];
  /** Roles on named resources. @default none */
  readonly resourceRoles?: readonly GcpResourceGrant[];
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
  readonly roles?: readonly AzureRoleGrant[];
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
  readonly trust: readonly TrustArgs[];
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
    super("keyless:index:Identity", name, {}, opts);

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
      ? new FederatedRole(name, { trust, ttl: ttlText, ...definedOf(args.aws) }, child)
      : undefined;
    const gcp = args.gcp
      ? new GcpFederatedServiceAccount(name, { trust, ttl: ttlText, ...definedOf(args.gcp) }, child)
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

// Optional properties left undefined are dropped, so `exactOptionalPropertyTypes` holds when a
// grant is passed on to the cloud's component.
function definedOf<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
