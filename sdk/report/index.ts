/**
 * The trust report: a self-contained HTML page (graph, matrix, TTLs, findings, warnings) and a
 * Markdown summary, built from manifests.
 *
 * @module
 */
export { escapeHtml, escapeMarkdown } from "./escape";
export { renderReportHtml } from "./html";
export type { ReportHtmlOptions } from "./html";
export { layoutGraph } from "./layout";
export type { GraphLayout, PlacedEdge, PlacedNode } from "./layout";
export { renderReportMarkdown } from "./markdown";
export { buildReportModel, cloudName, REPORT_CLOUDS } from "./model";
export type {
  MatrixCell,
  MatrixRow,
  ReportCloud,
  ReportEdge,
  ReportFinding,
  ReportModel,
  ReportNode,
} from "./model";
export { readManifests } from "./read-manifests";
export { renderGraphSvg } from "./svg";
export { writeReport } from "./write-report";
export type { WrittenReport } from "./write-report";
