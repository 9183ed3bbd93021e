import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../sdk/cli/main";
import type { CliIo } from "../../../sdk/cli/io";

const fixtures = join(__dirname, "../../fixtures/lint");

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: fixtures,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe("keyless lint", () => {
  it("exits 1 and prints a critical finding for a GitHub trust with aud and no sub", async () => {
    const { code, stdout } = await run("lint", "aws-no-subject-condition.json");
    expect(code).toBe(1);
    expect(stdout).toContain("aws-no-subject-condition.json (aws-trust-policy)");
    expect(stdout).toMatch(/critical +aws-no-subject-condition +\$\.Statement\[0\]\.Condition/);
    expect(stdout).toContain(
      "NHI6:2025 Insecure Cloud Deployment Configurations · NIST CSF PR.AA-05",
    );
    expect(stdout).toContain("1 finding: 1 critical");
  });

  it("prints the findings of every file as JSON", async () => {
    const { code, stdout } = await run(
      "lint",
      "--json",
      "aws-no-subject-condition.json",
      "gcp-whole-pool-binding.json",
      "aws-clean.json",
    );
    expect(code).toBe(1);
    const { findings } = JSON.parse(stdout) as { findings: Array<Record<string, string>> };
    expect(findings.map((f) => [f.file, f.rule, f.severity])).toEqual([
      ["aws-no-subject-condition.json", "aws-no-subject-condition", "critical"],
      ["gcp-whole-pool-binding.json", "gcp-whole-pool-binding", "high"],
    ]);
    expect(Object.keys(findings[0] ?? {})).toEqual([
      "file",
      "rule",
      "severity",
      "path",
      "message",
      "fix",
      "owasp",
      "nist",
    ]);
  });

  it.each([
    ["aws-clean.json", 0],
    ["aws-no-audience-condition.json", 0],
    ["azure-credential-budget-near.json", 0],
    ["aws-pull-request-subject.json", 1],
    ["gcp-no-attribute-condition-gke.json", 1],
  ])("exits with the worst severity's code for %s", async (file, expected) => {
    expect((await run("lint", file)).code).toBe(expected);
  });

  it("says there is nothing to report for a clean document", async () => {
    const { stdout } = await run("lint", "aws-clean.json");
    expect(stdout).toBe("aws-clean.json (aws-trust-policy)\n  no findings\n\nno findings\n");
  });

  it.each([
    ["missing.json", "keyless: missing.json: no such file."],
    ["not-json.txt", "keyless: not-json.txt: the file is not JSON"],
    ["not-a-trust-document.json", "keyless: not-a-trust-document.json: $ is not a trust document"],
  ])("exits 2 on %s, naming the file and why", async (file, message) => {
    const { code, stderr, stdout } = await run("lint", "aws-clean.json", file);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toContain("aws-clean.json");
  });
});
