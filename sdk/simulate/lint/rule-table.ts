/**
 * The rule table as Markdown, for the docs: generated from {@link lintRules} so the docs and the
 * linter cannot drift apart (a test compares them).
 *
 * @module
 */
import { lintRules } from "./rules";

/** The lint rules as a Markdown table: ID, severity, what, why, fix, OWASP NHI, NIST CSF. */
export function renderRuleTable(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const rows = lintRules.map((r) =>
    [
      `\`${r.id}\``,
      r.severities.join(", "),
      cell(r.title),
      cell(r.rationale),
      cell(r.fix),
      `${r.owasp.id} ${r.owasp.name}`,
      `${r.nist.id}`,
    ].join(" | "),
  );
  return [
    "| Rule | Severity | Flags | Why | Fix | OWASP NHI Top 10 | NIST CSF 2.0 |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r} |`),
  ].join("\n");
}
