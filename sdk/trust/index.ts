/**
 * The trust model: issuers, subjects, claim conditions and durations. Pure: no Pulumi, no cloud
 * SDK, no I/O.
 *
 * @module
 */
export {
  hasWildcard,
  isLiteral,
  joinPattern,
  literal,
  literalText,
  matchesPattern,
  parseGlob,
  patternText,
} from "./claim-pattern";
export type { ClaimPattern, PatternPart } from "./claim-pattern";
export { declareBitbucketTrust } from "./bitbucket";
export type { BitbucketTrustArgs } from "./bitbucket";
export { declareBuildkiteTrust } from "./buildkite";
export type { BuildkiteTrustArgs } from "./buildkite";
export { declareCircleCiTrust } from "./circleci";
export type { CircleCiTrustArgs } from "./circleci";
export { formatDuration, parseDuration } from "./duration";
export type { DurationInput } from "./duration";
export { declareGitHubTrust, githubSubjectPatterns } from "./github";
export type { GitHubTrustArgs } from "./github";
export { declareGitLabTrust, gitlabSubjectPattern } from "./gitlab";
export type { GitLabTrustArgs } from "./gitlab";
export {
  BUILDKITE_ISSUER_URL,
  GITHUB_ISSUER_URL,
  GITLAB_COM_ISSUER_URL,
  parseIssuerUrl,
  PULUMI_CLOUD_ISSUER_URL,
  TERRAFORM_CLOUD_ISSUER_URL,
} from "./issuer";
export type { IssuerKind, OidcIssuer } from "./issuer";
export { declareKubernetesTrust, kubernetesSubjectPattern } from "./kubernetes";
export type { KubernetesTrustArgs } from "./kubernetes";
export { declareOidcTrust } from "./oidc";
export type { OidcTrustArgs } from "./oidc";
export { declarePulumiCloudTrust } from "./pulumi-cloud";
export type { PulumiCloudTrustArgs, PulumiDeploymentArgs } from "./pulumi-cloud";
export type {
  ClaimCondition,
  GitHubContext,
  SubjectDeclaration,
  SubjectSource,
  TrustSubject,
} from "./subject";
export { declareTerraformCloudTrust, TerraformRunPhase } from "./terraform-cloud";
export type { TerraformCloudTrustArgs } from "./terraform-cloud";
export { checkKnownKeys, keysOf } from "./segments";
export { declareTrust, trustKinds } from "./trust";
export type { DeclaredTrust, TrustArgs } from "./trust";
export { checkTtlRange, DEFAULT_TTL_SECONDS, resolveTtl } from "./ttl";
