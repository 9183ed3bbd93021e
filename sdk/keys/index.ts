/**
 * Static keys: inventory (AWS access keys, GCP service-account keys, Azure app secrets and
 * certificates), staged retirement, and emergency revocation.
 *
 * @module
 */
export { isThrottlingError, mapAdaptive } from "./adaptive-pool";
export type { AdaptivePoolOptions } from "./adaptive-pool";
export { awsKeyControl, checkAccessKeyId, retirementTagKey } from "./aws-key-control";
export type { AwsKeyTarget } from "./aws-key-control";
export { readCredentialReport, resolveReportKeyIds } from "./aws-report-scan";
export type { CredentialReport, ReportPollOptions } from "./aws-report-scan";
export { scanAwsKeys } from "./aws-scan";
export type { AwsScanOptions, AwsScanResult } from "./aws-scan";
export { listAllUsers, scanUsersOneByOne } from "./aws-user-scan";
export { azureKeyControl } from "./azure-key-control";
export type { AzureKeyTarget } from "./azure-key-control";
export { scanAzureKeys } from "./azure-scan";
export type { AzureScanOptions } from "./azure-scan";
export { parseCredentialReport } from "./credential-report";
export type { CredentialReportRow } from "./credential-report";
export { defaultGcpClient, GCP_IAM_ENDPOINT } from "./gcp-http";
export type { GcpHttpClient } from "./gcp-http";
export { GCP_POLICY_ANALYZER_ENDPOINT, readGcpKeyLastUse } from "./gcp-key-activity";
export { gcpKeyControl } from "./gcp-key-control";
export type { GcpKeyTarget } from "./gcp-key-control";
export { scanGcpKeys } from "./gcp-scan";
export type { GcpScanOptions } from "./gcp-scan";
export { GRAPH_ENDPOINT } from "./graph-http";
export type { GraphTarget } from "./graph-http";
export type { KeyControl } from "./key-control";
export {
  checkRetirementPolicy,
  nextRetirementStep,
  recordRetirementStep,
  soakElapsed,
  undoRetirementStep,
} from "./retirement";
export type {
  KeyCapabilities,
  KeyObservation,
  RetirementMark,
  RetirementPolicy,
  RetirementStage,
  RetirementState,
  RetirementStep,
  UndoStep,
} from "./retirement";
export {
  AZURE_SESSION_REVOCATION_NOTE,
  disableGcpServiceAccount,
  renderRevokeOlderSessionsPolicy,
  REVOKE_POLICY_NAME,
  revokeAwsRoleSessions,
  roleNameOf,
} from "./revoke-sessions";
export type { SessionRevocation } from "./revoke-sessions";
export { assessKeyRisk, maskKeyId, sortByRisk } from "./risk";
export type { AssessedKey, RiskOptions } from "./risk";
export { advanceRetirement, undoRetirement } from "./run-retirement";
export type { RetirementRun } from "./run-retirement";
export type { KeyCloud, KeyRisk, KeyStatus, StaticKey } from "./static-key";
