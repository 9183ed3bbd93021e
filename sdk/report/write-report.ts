/**
 * Writes the report's files: `report.html` (self-contained) and `report.md`.
 *
 * @module
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { IdentityManifest } from "../manifest";
import { renderReportHtml } from "./html";
import { renderReportMarkdown } from "./markdown";
import { buildReportModel, type ReportModel } from "./model";

/** What {@link writeReport} wrote. */
export interface WrittenReport {
  readonly html: string;
  readonly markdown: string;
  readonly model: ReportModel;
}

/**
 * Builds the report from manifests and writes `report.html` and `report.md` into `outDir`
 * (created when missing; only those two files are written).
 *
 * @returns the paths written and the report's content.
 * @example
 * ```ts
 * await writeReport(manifests, "trust-report");
 * ```
 */
export async function writeReport(
  manifests: readonly IdentityManifest[],
  outDir: string,
): Promise<WrittenReport> {
  const model = buildReportModel(manifests);
  const html = join(outDir, "report.html");
  const markdown = join(outDir, "report.md");
  await mkdir(outDir, { recursive: true });
  await writeFile(html, renderReportHtml(model), "utf8");
  await writeFile(markdown, renderReportMarkdown(model), "utf8");
  return { html, markdown, model };
}
