/**
 * The umbrella identity: one trust and one TTL, granted in AWS, GCP and Azure.
 *
 * @module
 */
export { Identity } from "./identity";
export type {
  IdentityArgs,
  IdentityAwsGrant,
  IdentityAzureGrant,
  IdentityGcpGrant,
} from "./identity";
export { checkTtlCoherence } from "./ttl-coherence";
export type { TtlCoherenceOptions } from "./ttl-coherence";
