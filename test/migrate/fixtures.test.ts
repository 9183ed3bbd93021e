import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { planMigration } from "../../sdk/migrate";
import { fixtureCases, fixturesDir, readTree } from "./support";
import { workflowErrors } from "./workflow-schema";

const update = process.env.UPDATE_GOLDEN === "1";

/** What a case's `expected.json` pins: findings, warning codes and declarations. */
function summary(plan: Awaited<ReturnType<typeof planMigration>>) {
  return {
    findings: plan.findings.map(({ file, line, ci, cloud, secrets, job, via }) => ({
      file,
      line,
      ci,
      cloud,
      secrets,
      job,
      via,
    })),
    warnings: plan.warnings.map((w) => `${w.file}:${w.line} ${w.job ?? "*"} ${w.code}`),
    declarations: plan.declarations.map((d) => ({
      name: d.name,
      subjects: d.subjects,
      typescript: d.typescript.split("\n"),
    })),
  };
}

describe.each(fixtureCases())("planMigration on fixture %s", (name) => {
  const dir = join(fixturesDir, name);
  const inputs = readTree(join(dir, "input"));

  it("finds, warns and declares as the golden file says", async () => {
    const plan = await planMigration(inputs, { repository: "acme/api" });
    const file = join(dir, "expected.json");
    const actual = JSON.stringify(summary(plan), null, 2) + "\n";
    if (update || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, "utf8"));
  });

  it("rewrites to the golden output and leaves every other file byte-identical", async () => {
    const plan = await planMigration(inputs, { repository: "acme/api" });
    for (const r of plan.rewrites) {
      const golden = join(dir, "output", r.file);
      if (!r.changed) {
        expect(r.after).toBe(r.before);
        expect(existsSync(golden)).toBe(false);
        continue;
      }
      if (update || !existsSync(golden)) {
        mkdirSync(dirname(golden), { recursive: true });
        writeFileSync(golden, r.after);
      }
      expect(r.after).toBe(readFileSync(golden, "utf8"));
    }
  });

  it("writes GitHub workflows that GitHub's parser accepts", async () => {
    const plan = await planMigration(inputs, { repository: "acme/api" });
    for (const r of plan.rewrites.filter((x) => x.ci === "github")) {
      expect(workflowErrors(r.file, r.after), r.file).toEqual([]);
    }
  });

  it("finds nothing more to rewrite in its own output", async () => {
    const plan = await planMigration(inputs, { repository: "acme/api" });
    const again = await planMigration(
      inputs.map((i) => ({
        ...i,
        text: plan.rewrites.find((r) => r.file === i.file)?.after ?? i.text,
      })),
      { repository: "acme/api" },
    );
    expect(again.rewrites.filter((r) => r.changed).map((r) => r.file)).toEqual([]);
    const rewritten = new Set(plan.rewrites.flatMap((r) => r.jobs.map((j) => `${r.file} ${j}`)));
    expect(again.findings.filter((f) => rewritten.has(`${f.file} ${f.job}`))).toEqual([]);
  });
});
