/**
 * The umbrella identity: one trust and one TTL, granted in AWS, GCP and Azure.
 *
 * @module
 */
export { GcpResourceKind, Identity, PolicyEffect } from "./identity";
export type {
  IdentityArgs,
  IdentityAwsGrant,
  IdentityAzureGrant,
  IdentityGcpGrant,
  IdentityGcpResourceRole,
  IdentityPolicyStatement,
} from "./identity";
export { checkTtlCoherence } from "./ttl-coherence";
export type { TtlCoherenceOptions } from "./ttl-coherence";
