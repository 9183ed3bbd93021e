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
