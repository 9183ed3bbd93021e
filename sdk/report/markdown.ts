/**
 * The report as a Markdown summary, for a pull-request comment or a wiki: the matrix, the TTLs,
 * the findings and the warnings (the graph is in the HTML page).
 *
 * @module
 */
import { ruleDoc } from "../simulate/lint";
import { formatDuration } from "../trust";
import { escapeMarkdown as m } from "./escape";
import { cloudName, REPORT_CLOUDS, type ReportModel } from "./model";

/** Renders the report's summary as Markdown. */
export function renderReportMarkdown(model: ReportModel, title = "Keyless trust report"): string {
  const lines: string[] = [`# ${m(title)}`, ""];
  lines.push(
    `${model.matrix.length} identities, ${model.findings.length} lint findings, ${model.warnings.length} warnings.`,
    "",
    "## Trust matrix",
    "",
    `| Identity | Who may act as it | ${REPORT_CLOUDS.map(cloudName).join(" | ")} |`,
    `| --- | --- | ${REPORT_CLOUDS.map(() => "---").join(" | ")} |`,
  );
  for (const row of model.matrix) {
    const cells = REPORT_CLOUDS.map((c) => {
      const cell = row.cells[c];
      return cell === undefined
        ? "—"
        : `${m(cell.target)}<br>aud ${m(cell.audience)}<br>TTL ${formatDuration(cell.ttlSeconds)}`;
    });
    lines.push(
      `| ${m(row.identity)} | ${row.subjects.map(m).join("<br>")} | ${cells.join(" | ")} |`,
    );
  }

  lines.push(
    "",
    "## TTLs per cloud",
    "",
    "| Cloud | Identity | TTL | Longest allowed |",
    "| --- | --- | --- | --- |",
  );
  for (const cloud of REPORT_CLOUDS) {
    for (const row of model.matrix) {
      const cell = row.cells[cloud];
      if (cell === undefined) continue;
      const max =
        cell.maxTtlSeconds === undefined
          ? ""
          : `${formatDuration(cell.maxTtlSeconds)}${cell.maxTtlNote ? ` (${cell.maxTtlNote})` : ""}`;
      lines.push(
        `| ${cloudName(cloud)} | ${m(row.identity)} | ${formatDuration(cell.ttlSeconds)} | ${max} |`,
      );
    }
  }

  lines.push("", "## Lint findings", "");
  if (model.findings.length === 0) lines.push("No findings.");
  else {
    lines.push(
      "| Severity | Rule | Where | Finding | Fix | OWASP NHI | NIST CSF |",
      "| --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const { identity, cloud, finding } of model.findings) {
      const doc = ruleDoc(finding.rule);
      lines.push(
        `| ${finding.severity} | ${m(finding.rule)} | ${m(identity)} · ${cloudName(cloud)} · ${m(finding.path)} | ${m(finding.message)} | ${m(finding.fix)} | ${m(doc.owasp.id)} | ${m(doc.nist.id)} |`,
      );
    }
  }

  lines.push("", "## Warnings", "");
  if (model.warnings.length === 0) lines.push("No warnings.");
  for (const w of model.warnings) lines.push(`- ${m(w.identity)}: ${m(w.message)}`);
  return `${lines.join("\n")}\n`;
}
