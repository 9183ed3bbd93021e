/**
 * Draws the laid-out trust graph as inline SVG: no scripts, no external references.
 *
 * @module
 */
import { escapeHtml } from "./escape";
import { GRAPH_FONT_PX, GRAPH_LINE_HEIGHT_PX, type GraphLayout } from "./layout";
import type { ReportNode } from "./model";

const fills: Readonly<Record<ReportNode["kind"], string>> = {
  issuer: "#eef2ff",
  subject: "#ecfeff",
  identity: "#fef9c3",
  role: "#ecfdf5",
};
const strokes: Readonly<Record<ReportNode["kind"], string>> = {
  issuer: "#4f46e5",
  subject: "#0e7490",
  identity: "#a16207",
  role: "#047857",
};

/** The graph as an `<svg>` element, sized to the layout. */
export function renderGraphSvg(layout: GraphLayout): string {
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="trust-graph" role="img" aria-labelledby="trust-graph-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" font-size="${GRAPH_FONT_PX}">`,
    `<title id="trust-graph-title">Trust graph: issuers, subjects, identities and cloud roles</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b"/></marker></defs>`,
  ];
  for (const { points } of layout.edges) {
    if (points.length < 2) continue;
    const d = points
      .map((p, i) => `${i === 0 ? "M" : "L"} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`)
      .join(" ");
    parts.push(
      `<path class="edge" d="${d}" fill="none" stroke="#64748b" stroke-width="1.2" marker-end="url(#arrow)"/>`,
    );
  }
  for (const placed of layout.nodes) {
    const { node } = placed;
    const left = placed.x - placed.width / 2;
    const top = placed.y - placed.height / 2;
    const full = [node.label, ...node.detail].join("\n");
    parts.push(
      `<g class="node node-${node.kind}" data-kind="${node.kind}"><title>${escapeHtml(full)}</title>`,
      `<rect x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${placed.width.toFixed(1)}" height="${placed.height.toFixed(1)}" rx="6" fill="${fills[node.kind]}" stroke="${strokes[node.kind]}"/>`,
    );
    placed.lines.forEach((line, i) => {
      const y = top + 6 + GRAPH_LINE_HEIGHT_PX * (i + 0.75);
      const weight = i === 0 ? ' font-weight="600"' : ' fill="#334155"';
      parts.push(
        `<text x="${(left + 12).toFixed(1)}" y="${y.toFixed(1)}"${weight}>${escapeHtml(line)}</text>`,
      );
    });
    parts.push("</g>");
  }
  parts.push("</svg>");
  return parts.join("\n");
}
