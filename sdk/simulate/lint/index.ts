/**
 * The trust linter: findings on AWS trust policies, GCP workload identity providers and Azure
 * federated credentials, from Keyless or from anywhere else. Pure: no I/O.
 *
 * @module
 */
export { awsExposesClaim } from "./aws-visible-claims";
export { AZURE_CREDENTIALS_NEAR_LIMIT, AZURE_MAX_CREDENTIALS } from "./azure-rules";
export {
  detectTrustDocuments,
  parseJsonText,
  readTrustDocuments,
  UnreadableDocumentError,
} from "./document";
export type { AzureCredential, TrustDocument } from "./document";
export { isAtLeast, SEVERITIES, severityRank } from "./finding";
export type { LintFinding, Severity } from "./finding";
export { classifyIssuer, subjectBoundaryCrossing } from "./issuers";
export type { BoundaryCrossing, LintIssuer, LintIssuerKind } from "./issuers";
export { lintTrustDocument, lintTrustText } from "./lint";
export type { LintResult } from "./lint";
export { renderRuleTable } from "./rule-table";
export { lintRules, ruleDoc } from "./rules";
export type { LintCloud, LintRuleDoc, NistCsfOutcome, OwaspNhiRisk } from "./rules";
