import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../../sdk/cli/io";
import { main } from "../../../sdk/cli/main";

const work = mkdtempSync(join(tmpdir(), "keyless-report-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const fixture = join(__dirname, "../../fixtures/report/manifests.json");

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: work,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe("keyless report", () => {
  it("writes report.html and report.md from manifests", async () => {
    const { code, stdout } = await run("report", "--manifest", fixture, "--out", "out");
    expect(code).toBe(0);
    expect(stdout).toBe(
      `Wrote ${join(work, "out", "report.html")} and ${join(work, "out", "report.md")}: 4 identities, 1 finding, 2 warnings.\n`,
    );
    expect(readFileSync(join(work, "out", "report.html"), "utf8")).toContain(
      '<table id="trust-matrix">',
    );
    expect(readFileSync(join(work, "out", "report.md"), "utf8")).toMatch(
      /^# Keyless trust report$/m,
    );
  });

  it("exits 2 naming a --program that does not exist", async () => {
    const { code, stderr } = await run("report", "--program", "infra", "--out", "out");
    expect(code).toBe(2);
    expect(stderr).toMatch(/infra: no such file or folder/);
  });

  it.each([
    [
      ["report", "--out", "out"],
      "keyless: report reads exactly one of --program <path> or --manifest <file>.",
    ],
    [
      ["report", "--manifest", "m.json", "--program", "p", "--out", "out"],
      "keyless: report reads exactly one of --program <path> or --manifest <file>.",
    ],
    [
      ["report", "--manifest", "missing.json", "--out", "out"],
      "keyless: missing.json: no such file.",
    ],
    [["report", "--manifest", "bad.json", "--out", "out"], "keyless: bad.json is not JSON"],
    [
      ["report", "--manifest", "old.json", "--out", "out"],
      "keyless: old.json (api-deploy) has manifest version 0",
    ],
  ])("exits 2 on %j, saying why", async (argv, message) => {
    writeFileSync(join(work, "bad.json"), "{ not json");
    writeFileSync(join(work, "old.json"), JSON.stringify({ version: 0, identity: "api-deploy" }));
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
