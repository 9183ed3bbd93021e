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
  AZURE_TOKEN_EXCHANGE_AUDIENCE,
  AzureFederatedIdentity,
  BUILT_IN_ROLES,
  renderAzureCredentials,
} from "./azure";
export type {
  AzureFederatedCredential,
  AzureFederatedIdentityArgs,
  AzureRoleGrant,
  RenderedAzureCredentials,
} from "./azure";
export {
  GcpFederatedServiceAccount,
  GcpWorkloadIdentityPool,
  renderCredentialConfiguration,
  renderGcpProvider,
  renderGitHubAuthStep,
  renderGitLabCiConfig,
  resolveGcpLifetime,
} from "./gcp";
export type {
  GcpCredentialConfiguration,
  GcpFederatedServiceAccountArgs,
  GcpIdentityProvider,
  GcpProviderDocument,
  GcpResourceGrant,
  GcpSubjectBinding,
  GcpTokenSource,
  GcpWorkloadIdentityPoolArgs,
  RenderedGcpProvider,
} from "./gcp";
export {
  awsOptionsFromManifest,
  azureOptionsFromManifest,
  CachedCredentials,
  checkClaims,
  ClaimsMismatchError,
  createAwsCredentialProvider,
  createAwsExchanger,
  createAzureCredential,
  createAzureExchanger,
  createGcpExchanger,
  createGoogleAuthClient,
  CredentialCache,
  defaultCredentialCache,
  ExchangeError,
  fromBuildkite,
  fromChain,
  fromCircleCi,
  fromCommand,
  fromEnvironmentVariable,
  fromFile,
  fromGitHubActions,
  fromGitLabCi,
  fromKubernetes,
  fromPlatform,
  fromTerraformCloud,
  gcpOptionsFromManifest,
  roleSessionName,
  TokenSourceError,
} from "./runtime";
export type {
  AwsExchangeOptions,
  AwsSessionPolicy,
  AzureExchangeOptions,
  Clock,
  ExchangeFailureReason,
  ExpectedTrust,
  GcpAccessToken,
  GcpExchangeOptions,
  IssuedCredentials,
  ProviderOptions,
  RefreshOptions,
  RetryPolicy,
  RuntimeLogger,
  TokenRequest,
  TokenSource,
  TokenSourceKind,
} from "./runtime";
export {
  buildDeclarations,
  ciOfContent,
  ciOfPath,
  cloudComponents,
  collectInputs,
  PLACEHOLDER_REPOSITORY,
  planMigration,
  printDeclaration,
  printImports,
  repositoryFromRemote,
  scanCommittedKeys,
  unifiedDiff,
} from "./migrate";
export type {
  CiSystem,
  Cloud,
  CommittedKeyFinding,
  CredentialFinding,
  CredentialVia,
  Declaration,
  FileRewrite,
  JobMigration,
  MigrationInput,
  MigrationOptions,
  MigrationPlan,
  MigrationWarning,
  MigrationWarningCode,
} from "./migrate";
export {
  advanceRetirement,
  assessKeyRisk,
  maskKeyId,
  nextRetirementStep,
  revokeAwsRoleSessions,
  scanAwsKeys,
  scanAzureKeys,
  scanGcpKeys,
  sortByRisk,
} from "./keys";
export type {
  AssessedKey,
  AwsScanOptions,
  AwsScanResult,
  KeyCloud,
  KeyControl,
  KeyRisk,
  KeyStatus,
  RetirementPolicy,
  RetirementState,
  StaticKey,
} from "./keys";
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
export { checkTtlCoherence, GcpResourceKind, Identity, PolicyEffect } from "./identity";
export type {
  IdentityArgs,
  IdentityAwsGrant,
  IdentityAzureGrant,
  IdentityGcpGrant,
  IdentityGcpResourceRole,
  IdentityPolicyStatement,
  TtlCoherenceOptions,
} from "./identity";
