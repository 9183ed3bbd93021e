/**
 * Keyless: declare once which CI jobs and workloads may act as which cloud identity, for how long;
 * render, simulate and exchange that trust for AWS, GCP and Azure.
 *
 * @module
 */
export {
  formatProblem,
  formatWarning,
  KeylessError,
  throwIfProblems,
  TrustValidationError,
} from "./errors";
export type { KeylessErrorCode, Problem, TrustWarning } from "./errors";
export * as trust from "./trust";
export {
  AWS_DEFAULT_AUDIENCE,
  AWS_PROVIDER_CLAIM_KEYS,
  AWS_STANDARD_CLAIM_KEYS,
  AWS_TRUST_POLICY_MAX_CHARACTERS,
  awsCanCheckClaim,
  awsCheckableClaims,
  awsConditionKey,
  awsSessionDuration,
  FederatedRole,
  OidcProvider,
  renderCiSnippet,
  renderTrustPolicy,
} from "./aws";
export type {
  AwsProviderClaimKeys,
  AwsSessionDuration,
  CiSnippetOptions,
  FederatedRoleArgs,
  InlinePolicyStatement,
  OidcProviderArgs,
  RenderedTrustPolicy,
  RenderTrustPolicyOptions,
  TrustPolicyDocument,
  TrustPolicyStatement,
} from "./aws";
