import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeReport } from "../../sdk/report";
import { fixtureManifests } from "./manifests";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
if (CHROMIUM === undefined) {
  // Skipped, and said so: CI installs Chromium before the tests (see .ci/run).
  process.stderr.write(
    "report-in-chromium: Chromium not found at /usr/bin/chromium; the rendering test is SKIPPED.\n",
  );
}

const work = mkdtempSync(join(tmpdir(), "keyless-report-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function chromium(...args: string[]): string {
  return execFileSync(
    CHROMIUM as string,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${join(work, "profile")}`,
      ...args,
    ],
    { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "ignore"] },
  );
}

describe.skipIf(CHROMIUM === undefined)("writeReport in headless Chromium", () => {
  it("renders the SVG graph and the trust matrix into the DOM", async () => {
    const written = await writeReport(fixtureManifests(), join(work, "out"));

    const dom = chromium("--dump-dom", pathToFileURL(written.html).href);

    expect(dom).toMatch(/<svg [^>]*id="trust-graph"/);
    expect(dom.match(/<g class="node node-[a-z]+"/g)).toHaveLength(written.model.nodes.length);
    expect(dom.match(/<path class="edge"/g)).toHaveLength(written.model.edges.length);
    const matrix = /<table id="trust-matrix">([\s\S]*?)<\/table>/.exec(dom)?.[1] ?? "";
    expect(matrix.match(/<tr>/g)).toHaveLength(1 + written.model.matrix.length);
    expect(matrix).toContain("arn:aws:iam::123456789012:role/api-deploy");
  });

  it("paints a non-trivial screenshot", async () => {
    const written = await writeReport(fixtureManifests(), join(work, "shot"));
    const png = join(work, "report.png");

    chromium("--window-size=1280,1600", `--screenshot=${png}`, pathToFileURL(written.html).href);

    const bytes = readFileSync(png);
    expect(bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(bytes.readUInt32BE(16)).toBe(1280);
    expect(bytes.readUInt32BE(20)).toBe(1600);
    // A blank page of this size compresses to a few kilobytes; text, tables and the graph do not.
    expect(bytes.length).toBeGreaterThan(50_000);
  });
});
