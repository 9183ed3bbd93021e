/**
 * Migration of CI configuration off static cloud keys: detection, OIDC rewrite, and the Keyless
 * declarations that back the rewrite.
 *
 * @module
 */
export { scanCommittedKeys } from "./committed-keys";
export { buildDeclarations } from "./declarations";
export { ciOfContent, ciOfPath, collectInputs, repositoryFromRemote } from "./discover";
export type { MigrationInput } from "./discover";
export { PLACEHOLDER_REPOSITORY, planMigration } from "./migrate";
export type { MigrationOptions } from "./migrate";
export { cloudComponents, printDeclaration, printImports } from "./print-declaration";
export type {
  CiSystem,
  Cloud,
  CommittedKeyFinding,
  CredentialFinding,
  CredentialVia,
  Declaration,
  FileRewrite,
  JobMigration,
  MigrationPlan,
  MigrationWarning,
  MigrationWarningCode,
} from "./types";
export { unifiedDiff } from "./unified-diff";
