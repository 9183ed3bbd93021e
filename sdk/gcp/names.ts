/**
 * How GCP names a workload identity provider, the audience Keyless asks tokens to carry, and the
 * principal identifiers that IAM bindings name.
 *
 * @see https://cloud.google.com/iam/docs/principal-identifiers
 * @module
 */

/** Where workload identity pools live: they are global resources. */
export const GCP_POOL_LOCATION = "global";

/** The Security Token Service endpoint that exchanges an external token (RFC 8693). */
export const GCP_STS_TOKEN_URL = "https://sts.googleapis.com/v1/token";

/** The subject token type of an OIDC ID token in an RFC 8693 exchange. */
export const GCP_JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";

/** The role that lets a federated principal impersonate a service account. */
export const GCP_WORKLOAD_IDENTITY_USER_ROLE = "roles/iam.workloadIdentityUser";

/** Where a provider is: the project number (not its ID), the pool ID and the provider ID. */
export interface GcpProviderRef {
  /** The project's number (digits), as GCP writes it in resource names. */
  readonly projectNumber: string;
  /** The workload identity pool's ID. */
  readonly poolId: string;
  /** The provider's ID within the pool. */
  readonly providerId: string;
}

/** `projects/NUMBER/locations/global/workloadIdentityPools/POOL`. */
export function poolResourceName(ref: Omit<GcpProviderRef, "providerId">): string {
  return `projects/${ref.projectNumber}/locations/${GCP_POOL_LOCATION}/workloadIdentityPools/${ref.poolId}`;
}

/**
 * `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`: what
 * `google-github-actions/auth` calls `workload_identity_provider`.
 */
export function providerResourceName(ref: GcpProviderRef): string {
  return `${poolResourceName(ref)}/providers/${ref.providerId}`;
}

/**
 * The audience Keyless asks every token for this provider to carry, and the only one the provider
 * allows: `https://iam.googleapis.com/` + the provider's resource name. GCP accepts this form by
 * default, and it is what `google-github-actions/auth` requests when no audience is given, so a
 * hand-written step keeps working; Keyless still lists it explicitly and writes it into every CI
 * snippet, so that the accepted audience is visible in the provider rather than implied.
 */
export function gcpTokenAudience(ref: GcpProviderRef): string {
  return `https://iam.googleapis.com/${providerResourceName(ref)}`;
}

/**
 * The audience of the STS exchange (the `audience` of an `external_account` configuration):
 * `//iam.googleapis.com/` + the provider's resource name.
 */
export function gcpStsAudience(ref: GcpProviderRef): string {
  return `//iam.googleapis.com/${providerResourceName(ref)}`;
}

/** `principal://iam.googleapis.com/…/subject/SUBJECT`: one federated identity, by `google.subject`. */
export function subjectPrincipal(ref: Omit<GcpProviderRef, "providerId">, subject: string): string {
  return `principal://iam.googleapis.com/${poolResourceName(ref)}/subject/${subject}`;
}

/**
 * `principalSet://iam.googleapis.com/…/attribute.NAME/VALUE`: every federated identity of the pool
 * whose mapped attribute `NAME` equals `VALUE`.
 */
export function attributePrincipalSet(
  ref: Omit<GcpProviderRef, "providerId">,
  attribute: string,
  value: string,
): string {
  return `principalSet://iam.googleapis.com/${poolResourceName(ref)}/attribute.${attribute}/${value}`;
}
