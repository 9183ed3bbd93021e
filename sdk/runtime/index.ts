/**
 * The runtime: fetch the platform's OIDC token, exchange it for short-lived AWS, GCP or Azure
 * credentials, cache and refresh them, and hand them to the standard cloud SDKs.
 *
 * @module
 */
export { CachedCredentials, CredentialCache } from "./cache";
export type { CacheEntryState, IssuedCredentials, RefreshOptions } from "./cache";
export { checkClaims } from "./claims-check";
export type { ExpectedTrust } from "./claims-check";
export { systemClock } from "./clock";
export type { Clock, RuntimeLogger } from "./clock";
export { ClaimsMismatchError, ExchangeError, redact, TokenSourceError } from "./errors";
export type { ExchangeFailureReason } from "./errors";
export {
  AWS_DEFAULT_AUDIENCE,
  createAwsExchanger,
  exchangeAwsCredentials,
  sessionPolicyJson,
  validateAwsExchangeOptions,
} from "./exchange/aws";
export type { AwsExchangeOptions, AwsSessionPolicy } from "./exchange/aws";
export {
  AZURE_DEFAULT_AUDIENCE,
  AZURE_MANAGEMENT_SCOPE,
  createAzureExchanger,
  validateAzureExchangeOptions,
} from "./exchange/azure";
export type { AzureAccessToken, AzureExchangeOptions } from "./exchange/azure";
export {
  createGcpExchanger,
  GCP_IAM_CREDENTIALS_ENDPOINT,
  GCP_STS_ENDPOINT,
  validateGcpExchangeOptions,
} from "./exchange/gcp";
export type { GcpAccessToken, GcpExchangeOptions } from "./exchange/gcp";
export {
  awsOptionsFromManifest,
  azureOptionsFromManifest,
  gcpOptionsFromManifest,
} from "./manifest-targets";
export {
  awsCredentialsEntry,
  awsTargetKey,
  azureCredentialsEntry,
  azureTargetKey,
  createAwsCredentialProvider,
  createAzureCredential,
  createGoogleAuthClient,
  defaultCredentialCache,
  gcpCredentialsEntry,
  gcpTargetKey,
} from "./providers";
export type { ProviderOptions } from "./providers";
export { backoffDelayMs, classifyFailure } from "./retry";
export type { RetryDecision, RetryPolicy } from "./retry";
export { MAX_ROLE_SESSION_NAME_LENGTH, roleSessionName } from "./session-name";
export { fromBuildkite } from "./sources/buildkite";
export type { BuildkiteSourceInit } from "./sources/buildkite";
export { fromChain, fromPlatform } from "./sources/chain";
export type { PlatformSourceInit } from "./sources/chain";
export { fromCircleCi } from "./sources/circleci";
export { fromCommand, fromEnvironmentVariable, fromFile } from "./sources/generic";
export type { CommandSourceInit, EnvironmentVariableSourceInit } from "./sources/generic";
export { fromGitHubActions } from "./sources/github-actions";
export type { GitHubActionsSourceInit } from "./sources/github-actions";
export { DEFAULT_GITLAB_TOKEN_VARIABLE, fromGitLabCi } from "./sources/gitlab-ci";
export type { GitLabCiSourceInit } from "./sources/gitlab-ci";
export { DEFAULT_KUBERNETES_TOKEN_PATH, fromKubernetes } from "./sources/kubernetes";
export type { KubernetesSourceInit } from "./sources/kubernetes";
export { runCommand } from "./sources/run-command";
export type { CommandFailure, CommandRunner } from "./sources/run-command";
export { fromTerraformCloud } from "./sources/terraform-cloud";
export type { TerraformCloudSourceInit } from "./sources/terraform-cloud";
export type {
  Environment,
  TokenRequest,
  TokenSource,
  TokenSourceInit,
  TokenSourceKind,
} from "./sources/token-source";
