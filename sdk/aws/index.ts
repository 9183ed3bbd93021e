/**
 * AWS: the pure trust policy renderer, the condition keys STS exposes, CI snippets, and the
 * Pulumi components that wire them into IAM.
 *
 * @module
 */
export { CONFIGURE_AWS_CREDENTIALS_ACTION, renderCiSnippet } from "./ci-snippet";
export type { CiSnippetOptions } from "./ci-snippet";
export {
  AWS_PROVIDER_CLAIM_KEYS,
  AWS_STANDARD_CLAIM_KEYS,
  awsCanCheckClaim,
  awsCheckableClaims,
  awsConditionKey,
  awsProviderClaimKeys,
} from "./condition-keys";
export type { AwsProviderClaimKeys } from "./condition-keys";
export { FederatedRole } from "./federated-role";
export type { FederatedRoleArgs, InlinePolicyStatement } from "./federated-role";
export { checkAudience, OidcProvider } from "./oidc-provider";
export type { OidcProviderArgs } from "./oidc-provider";
export {
  AWS_TRUST_POLICY_MAX_CHARACTERS,
  checkPolicySize,
  countPolicyCharacters,
} from "./policy-size";
export { formatOidcProviderArn, parseOidcProviderArn } from "./provider-arn";
export type { OidcProviderArnParts } from "./provider-arn";
export {
  AWS_MAX_SESSION_SECONDS,
  AWS_MIN_MAX_SESSION_SECONDS,
  AWS_MIN_SESSION_SECONDS,
  awsSessionDuration,
} from "./session-duration";
export type { AwsSessionDuration } from "./session-duration";
export { AWS_DEFAULT_AUDIENCE, conditionValue, renderTrustPolicy } from "./trust-policy";
export type {
  AwsStringOperator,
  RenderedTrustPolicy,
  RenderTrustPolicyOptions,
  TrustPolicyDocument,
  TrustPolicyStatement,
} from "./trust-policy";
