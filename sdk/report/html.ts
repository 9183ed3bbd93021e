/**
 * The report as one self-contained HTML page: inline CSS and SVG, no scripts, no external
 * assets, and a Content-Security-Policy that forbids loading any.
 *
 * @module
 */
import { ruleDoc, SEVERITIES } from "../simulate/lint";
import { formatDuration } from "../trust";
import { escapeHtml as e } from "./escape";
import { layoutGraph } from "./layout";
import { cloudName, type MatrixCell, REPORT_CLOUDS, type ReportModel } from "./model";
import { renderGraphSvg } from "./svg";

/** Options of {@link renderReportHtml}. */
export interface ReportHtmlOptions {
  /** The page's title. @default "Keyless trust report" */
  readonly title?: string;
}

const style = `
:root { color-scheme: light; --muted: #475569; --line: #e2e8f0; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #0f172a; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.summary { color: var(--muted); margin: 0 0 12px; }
.graph svg { max-width: 100%; height: auto; }
.graph { overflow: auto; border: 1px solid var(--line); border-radius: 8px; padding: 8px; background: #fff; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f8fafc; font-weight: 600; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.none { color: #94a3b8; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 12px; }
.sev-critical { color: #b91c1c; } .sev-high { color: #c2410c; } .sev-medium { color: #a16207; } .sev-low { color: #475569; }
ul.warnings li { margin: 4px 0; }
`;

/** Renders the report as one HTML document. */
export function renderReportHtml(model: ReportModel, options: ReportHtmlOptions = {}): string {
  const title = options.title ?? "Keyless trust report";
  const svg = renderGraphSvg(layoutGraph(model.nodes, model.edges));
  const issuers = model.nodes.filter((n) => n.kind === "issuer").length;
  const subjects = model.nodes.filter((n) => n.kind === "subject").length;
  const counts = SEVERITIES.map(
    (s) => [s, model.findings.filter((f) => f.finding.severity === s).length] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${e(title)}</h1>
<p class="summary">${count(model.matrix.length, "identity", "identities")} · ${count(subjects, "subject")} · ${count(issuers, "issuer")} · ${count(model.findings.length, "finding")}${counts.length > 0 ? ` (${counts.join(", ")})` : ""} · ${count(model.warnings.length, "warning")}</p>

<h2 id="graph-heading">Trust graph</h2>
<p class="summary">Issuers → subjects → identities → cloud roles.</p>
<div class="graph">
${svg}
</div>

<h2 id="matrix-heading">Trust matrix</h2>
${matrixTable(model)}

<h2 id="ttl-heading">TTLs per cloud</h2>
${ttlTable(model)}

<h2 id="findings-heading">Lint findings</h2>
${findingsTable(model)}

<h2 id="warnings-heading">Warnings</h2>
${warningsList(model)}
</body>
</html>
`;
}

function matrixTable(model: ReportModel): string {
  const head = `<tr><th>Identity</th><th>Who may act as it</th>${REPORT_CLOUDS.map((c) => `<th>${cloudName(c)}</th>`).join("")}</tr>`;
  const rows = model.matrix.map((row) => {
    const cells = REPORT_CLOUDS.map((c) => `<td>${cellHtml(row.cells[c])}</td>`).join("");
    const who = row.subjects.map((s) => e(s)).join("<br>");
    return `<tr><th scope="row"><code>${e(row.identity)}</code></th><td>${who}</td>${cells}</tr>`;
  });
  return `<table id="trust-matrix"><thead>${head}</thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

function cellHtml(cell: MatrixCell | undefined): string {
  if (cell === undefined) return `<span class="none">—</span>`;
  return `<code>${e(cell.target)}</code><br>aud <code>${e(cell.audience)}</code><br>TTL ${e(formatDuration(cell.ttlSeconds))}`;
}

function ttlTable(model: ReportModel): string {
  const rows = REPORT_CLOUDS.flatMap((cloud) =>
    model.matrix.flatMap((row) => {
      const cell = row.cells[cloud];
      if (cell === undefined) return [];
      const max =
        cell.maxTtlSeconds === undefined
          ? ""
          : `${formatDuration(cell.maxTtlSeconds)}${cell.maxTtlNote ? ` (${cell.maxTtlNote})` : ""}`;
      return [
        `<tr><td>${cloudName(cloud)}</td><td><code>${e(row.identity)}</code></td><td>${e(formatDuration(cell.ttlSeconds))}</td><td>${e(max)}</td></tr>`,
      ];
    }),
  );
  return `<table id="ttls"><thead><tr><th>Cloud</th><th>Identity</th><th>TTL</th><th>Longest allowed</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

function findingsTable(model: ReportModel): string {
  if (model.findings.length === 0) return `<p id="findings" class="none">No findings.</p>`;
  const rows = model.findings.map(({ identity, cloud, finding }) => {
    const doc = ruleDoc(finding.rule);
    return `<tr><td class="sev sev-${finding.severity}">${finding.severity}</td><td><code>${e(finding.rule)}</code></td><td><code>${e(identity)}</code> · ${cloudName(cloud)}</td><td><code>${e(finding.path)}</code></td><td>${e(finding.message)}</td><td>${e(finding.fix)}</td><td>${e(`${doc.owasp.id} ${doc.owasp.name}`)}</td><td>${e(doc.nist.id)}</td></tr>`;
  });
  return `<table id="findings"><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Path</th><th>Finding</th><th>Fix</th><th>OWASP NHI</th><th>NIST CSF</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

function warningsList(model: ReportModel): string {
  if (model.warnings.length === 0) return `<p id="warnings" class="none">No warnings.</p>`;
  const items = model.warnings.map(
    (w) => `<li><code>${e(w.identity)}</code>: ${e(w.message)}</li>`,
  );
  return `<ul id="warnings" class="warnings">\n${items.join("\n")}\n</ul>`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
