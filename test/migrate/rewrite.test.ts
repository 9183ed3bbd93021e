import ts from "typescript";
import { describe, expect, it } from "vitest";
import { TrustValidationError } from "../../sdk/errors";
import {
  buildDeclarations,
  planMigration,
  printDeclaration,
  printImports,
} from "../../sdk/migrate";
import { fixtureCases, fixturesDir, readTree } from "./support";
import { workflowErrors } from "./workflow-schema";
import { join } from "node:path";

const commentLines = (text: string) => text.split("\n").filter((l) => /(^|\s)#/.test(l));

/** Whether TypeScript source has a comment anywhere (strings excluded). */
function hasComment(code: string): boolean {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    false,
    ts.LanguageVariant.Standard,
    code,
  );
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t === ts.SyntaxKind.SingleLineCommentTrivia || t === ts.SyntaxKind.MultiLineCommentTrivia) {
      return true;
    }
  }
  return false;
}

describe("planMigration rewrites", () => {
  it.each(fixtureCases())("keeps every YAML comment of %s", async (name) => {
    const inputs = readTree(join(fixturesDir, name, "input"));
    const plan = await planMigration(inputs, { repository: "acme/api" });
    for (const r of plan.rewrites) {
      // Comments on removed credential lines go with them; every other comment stays verbatim.
      const removed = new Set(r.before.split("\n").filter((l) => !r.after.split("\n").includes(l)));
      for (const line of commentLines(r.before)) {
        if (!removed.has(line)) expect(r.after.split("\n")).toContain(line);
      }
    }
  });

  it("leaves the spacing and quoting of untouched lines exactly as written", async () => {
    const text = [
      "on:",
      "  push:",
      "    branches: [ main ]   # spaced",
      "jobs:",
      "  deploy:",
      "    runs-on: 'ubuntu-latest'",
      "    steps:",
      "    - uses: aws-actions/configure-aws-credentials@v4",
      "      with:",
      '        aws-access-key-id: "${{ secrets.KEY_ID }}"',
      "        aws-secret-access-key: ${{ secrets.KEY }}",
      "        aws-region: eu-west-1",
      "",
    ].join("\n");
    const plan = await planMigration([{ file: ".github/workflows/d.yml", text, ci: "github" }], {
      repository: "acme/api",
    });
    const after = plan.rewrites[0]?.after ?? "";
    expect(after).toContain("    branches: [ main ]   # spaced\n");
    expect(after).toContain("    runs-on: 'ubuntu-latest'\n");
    expect(after).toContain("    - uses: aws-actions/configure-aws-credentials@v4\n");
    expect(workflowErrors("d.yml", after)).toEqual([]);
  });
});

describe("workflowErrors", () => {
  it("reports what GitHub's parser refuses", () => {
    const bad =
      "on: push\njobs:\n  a:\n    runs-on: x\n    permissions:\n      id-token: sometimes\n    steps:\n      - run: x\n";
    expect(workflowErrors("bad.yml", bad).length).toBeGreaterThan(0);
  });
});

describe("printDeclaration", () => {
  it.each(["aws", "gcp", "azure"] as const)("prints TypeScript that parses, for %s", (cloud) => {
    const code =
      printImports([cloud]) +
      printDeclaration({
        name: "api-deploy",
        cloud,
        trust: [{ github: { repository: "acme/api", branch: "release/*" } }],
      });
    const out = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: {} });
    expect(out.diagnostics ?? []).toEqual([]);
    expect(code).toContain('trust: [{ github: { repository: "acme/api", branch: "release/*" } }]');
    expect(code).toMatch(/REPLACE_ME_/);
    expect(hasComment(code)).toBe(false);
  });
});

describe("buildDeclarations", () => {
  it("refuses a trust the model refuses instead of printing it", () => {
    const build = () =>
      buildDeclarations(
        [
          {
            file: "w.yml",
            ci: "github",
            job: "deploy",
            clouds: ["aws"],
            trust: [{ github: { repository: "acme/api", branch: "*" } }],
          },
        ],
        "api",
      );
    expect(build).toThrow(TrustValidationError);
    expect(build).toThrow(
      /api-deploy-aws\.trust\[0\]\.github\.branch: "\*" — A bare "\*" accepts every branch/,
    );
  });
});
