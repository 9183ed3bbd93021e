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
export * as keys from "./keys";
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
