/**
 * GCP: the renderer (trust model → workload identity pool provider and principals), the pool and
 * federated service account components, TTL rules, the credential configuration and CI snippets.
 *
 * @module
 */
export { celMatch, celRegex, celString, claimRef } from "./cel";
export {
  CI_TOKEN_FILE,
  GOOGLE_GITHUB_ACTIONS_AUTH,
  renderGitHubAuthStep,
  renderGitLabCiConfig,
} from "./ci-config";
export type { GcpCiOptions } from "./ci-config";
export { renderCredentialConfiguration } from "./credential-config";
export type {
  GcpCredentialConfiguration,
  GcpCredentialConfigurationOptions,
  GcpTokenSource,
} from "./credential-config";
export {
  DEFAULT_KUBERNETES_TOKEN_FILE,
  GcpFederatedServiceAccount,
} from "./federated-service-account";
export type {
  GcpFederatedServiceAccountArgs,
  GcpIdentityProvider,
} from "./federated-service-account";
export { buildGcpIdentityManifest } from "./identity-manifest";
export type { GcpIdentityFacts } from "./identity-manifest";
export { checkPoolOrProviderId, checkServiceAccountId, deriveId, shortSuffix } from "./ids";
export type { GcpIdKind } from "./ids";
export {
  attributePrincipalSet,
  GCP_JWT_TOKEN_TYPE,
  GCP_POOL_LOCATION,
  GCP_STS_TOKEN_URL,
  GCP_WORKLOAD_IDENTITY_USER_ROLE,
  gcpStsAudience,
  gcpTokenAudience,
  poolResourceName,
  providerResourceName,
  subjectPrincipal,
} from "./names";
export type { GcpProviderRef } from "./names";
export { GcpWorkloadIdentityPool, resetGcpPoolRegistry } from "./pool";
export type { GcpPoolAdmission, GcpWorkloadIdentityPoolArgs } from "./pool";
export {
  GCP_MAX_ATTRIBUTE_KEY_CHARS,
  GCP_MAX_CONDITION_CHARS,
  GCP_MAX_CUSTOM_ATTRIBUTES,
  GCP_MAX_SUBJECT_BYTES,
  renderGcpProvider,
} from "./render-provider";
export type {
  GcpProviderDocument,
  GcpSubjectBinding,
  GcpSubjectMapping,
  RenderedGcpProvider,
  RenderGcpProviderOptions,
} from "./render-provider";
export { grantTarget } from "./resource-grants";
export type { GcpResourceGrant } from "./resource-grants";
export {
  GCP_DEFAULT_MAX_LIFETIME_SECONDS,
  GCP_EXTENDED_MAX_LIFETIME_SECONDS,
  GCP_LIFETIME_EXTENSION_POLICY,
  GCP_MIN_LIFETIME_SECONDS,
  resolveGcpLifetime,
} from "./ttl";
export type { GcpLifetimeOptions } from "./ttl";
