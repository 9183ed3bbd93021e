/**
 * What an audit of a live account returns: every federated trust resource it read, each with the
 * lint findings on it.
 *
 * @module
 */
import type { LintFinding, TrustDocument } from "../simulate/lint";

/** The clouds `keyless audit` reads. */
export type AuditCloud = "aws" | "gcp" | "azure";

/** One resource that holds federated trust, and what the linter found on it. */
export interface AuditedResource {
  /** The resource's ID: a role ARN, a provider's or service account's resource name, an identity's ARM ID. */
  readonly resource: string;
  readonly kind: TrustDocument["kind"];
  readonly findings: readonly LintFinding[];
}

/** The result of one audit. */
export interface AuditResult {
  readonly cloud: AuditCloud;
  /** What was read: the account, project or subscription. */
  readonly scope: string;
  readonly resources: readonly AuditedResource[];
  /** Facts worth printing that are not findings, e.g. `2 OIDC providers, 14 roles read`. */
  readonly notes: readonly string[];
}

/** Options every audit takes. */
export interface AuditOptions {
  /** Called with a line of progress for long runs. @default no progress is reported */
  readonly onProgress?: (message: string) => void;
}
