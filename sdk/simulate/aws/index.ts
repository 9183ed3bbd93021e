/**
 * The AWS evaluator: IAM trust policies for `sts:AssumeRoleWithWebIdentity`, with STS's rules.
 * Pure: no AWS SDK, no I/O.
 *
 * @module
 */
export { ASSUME_ROLE_WITH_WEB_IDENTITY, compileTrustPolicy } from "./compile-policy";
export type { CompiledStatement, CompiledTrustPolicy } from "./compile-policy";
export { parseOperator } from "./conditions";
export type {
  BaseOperator,
  CompiledCondition,
  RequestContext,
  UnsupportedCondition,
} from "./conditions";
export { evaluateTrustPolicy, isTrustAllowed } from "./evaluate-policy";
export type { WebIdentityRequest } from "./evaluate-policy";
export { evaluateAwsTrust } from "./evaluate-role";
export type { AwsTrustOptions } from "./evaluate-role";
export { isExposedKey } from "./exposed-keys";
export {
  BUILT_IN_WEB_IDENTITY_PROVIDERS,
  claimValues,
  issuerHostPath,
  oidcProviderArn,
  webIdentityContext,
} from "./request-context";
export type { Claims } from "./request-context";
