/**
 * How `keyless lint` and `keyless audit` print findings: grouped by source (a file, a role, a
 * provider), worst first, each with its rule's OWASP NHI and NIST CSF references.
 *
 * @module
 */
import { isAtLeast, type LintFinding, ruleDoc, SEVERITIES, type Severity } from "../simulate/lint";
import { ExitCode } from "./io";

/** The findings of one source: a file for `lint`, a cloud resource for `audit`. */
export interface FindingGroup {
  /** What the findings are about: a file name, a role ARN, a provider's resource name. */
  readonly source: string;
  /** What the source held, e.g. `aws-trust-policy`. */
  readonly kinds: readonly string[];
  readonly findings: readonly LintFinding[];
}

/** A finding as `--json` prints it. */
export interface FindingJson {
  readonly rule: string;
  readonly severity: Severity;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  readonly owasp: string;
  readonly nist: string;
}

/** One finding as `--json` prints it, with the source under `sourceKey` (`file`, `resource`). */
export function findingJson(
  sourceKey: string,
  source: string,
  finding: LintFinding,
): Record<string, string> & FindingJson {
  const doc = ruleDoc(finding.rule);
  return {
    [sourceKey]: source,
    rule: finding.rule,
    severity: finding.severity,
    path: finding.path,
    message: finding.message,
    fix: finding.fix,
    owasp: `${doc.owasp.id} ${doc.owasp.name}`,
    nist: doc.nist.id,
  };
}

/** Formats findings for a person: grouped by source, with a closing tally. */
export function formatFindingGroups(groups: readonly FindingGroup[]): string {
  const lines: string[] = [];
  for (const group of groups) {
    const kinds = group.kinds.length > 0 ? ` (${[...new Set(group.kinds)].join(", ")})` : "";
    lines.push(`${group.source}${kinds}`);
    if (group.findings.length === 0) lines.push("  no findings");
    for (const finding of group.findings) {
      const doc = ruleDoc(finding.rule);
      lines.push(`  ${finding.severity.padEnd(8)} ${finding.rule}  ${finding.path}`);
      lines.push(`           ${finding.message}`);
      lines.push(`           Fix: ${finding.fix}`);
      lines.push(`           ${doc.owasp.id} ${doc.owasp.name} · NIST CSF ${doc.nist.id}`);
    }
    lines.push("");
  }
  lines.push(tally(groups.flatMap((g) => g.findings)));
  return `${lines.join("\n")}\n`;
}

/** `3 findings: 1 critical, 2 medium` or `no findings`. */
export function tally(findings: readonly LintFinding[]): string {
  if (findings.length === 0) return "no findings";
  const counts = SEVERITIES.map(
    (s) => [s, findings.filter((f) => f.severity === s).length] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const noun = findings.length === 1 ? "finding" : "findings";
  return `${findings.length} ${noun}: ${counts.join(", ")}`;
}

/** The exit code for findings: 1 when any is `high` or worse, else 0. */
export function findingsExitCode(findings: readonly LintFinding[]): number {
  return findings.some((f) => isAtLeast(f.severity, "high")) ? ExitCode.finding : ExitCode.ok;
}
