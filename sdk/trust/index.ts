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
export { formatDuration, parseDuration } from "./duration";
export type { DurationInput } from "./duration";
export { declareGitHubTrust, githubSubjectPatterns } from "./github";
export type { GitHubTrustArgs } from "./github";
export { declareGitLabTrust, gitlabSubjectPattern } from "./gitlab";
export type { GitLabTrustArgs } from "./gitlab";
export { GITHUB_ISSUER_URL, GITLAB_COM_ISSUER_URL, parseIssuerUrl } from "./issuer";
export type { IssuerKind, OidcIssuer } from "./issuer";
export { declareKubernetesTrust, kubernetesSubjectPattern } from "./kubernetes";
export type { KubernetesTrustArgs } from "./kubernetes";
export { declareOidcTrust } from "./oidc";
export type { OidcTrustArgs } from "./oidc";
export type { ClaimCondition, GitHubContext, SubjectSource, TrustSubject } from "./subject";
export { declareTrust, trustKinds } from "./trust";
export type { DeclaredTrust, TrustArgs } from "./trust";
export { checkTtlRange, DEFAULT_TTL_SECONDS, resolveTtl } from "./ttl";
