/**
 * What the linter reports: one finding per risky or broken piece of a trust document, with a
 * stable rule ID, a severity, the JSON path it is about, the reason and the fix.
 *
 * @module
 */

/** How bad a finding is, from the worst down. */
export type Severity = "critical" | "high" | "medium" | "low";

/** The severities, worst first: the order findings are sorted and printed in. */
export const SEVERITIES: readonly Severity[] = Object.freeze(["critical", "high", "medium", "low"]);

/** Ranks a severity: 0 for `critical`, 3 for `low`. Lower is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Whether `severity` is `threshold` or worse. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** One finding on one trust document. */
export interface LintFinding {
  /** The stable rule ID, e.g. `aws-no-subject-condition`; see {@link lintRules}. */
  readonly rule: string;
  readonly severity: Severity;
  /**
   * The JSON path of the offending value inside the document as read, e.g.
   * `Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"]`; `$` for the
   * document itself.
   */
  readonly path: string;
  /** What is wrong and why it matters, quoting the offending value. */
  readonly message: string;
  /** What to change. */
  readonly fix: string;
}
