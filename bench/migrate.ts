/**
 * `keyless migrate` throughput on a generated corpus of 1,000 GitHub workflows: detection
 * (parse + find + plan) and rewrite (apply the edits, re-parse the result) measured separately,
 * each against the obvious alternative in the same run — a bare YAML parse for detection, a
 * whole-document re-stringify for the rewrite. Target: ≥ 1,000 files/s each.
 *
 * Run: npx tsx bench/migrate.ts
 */
import { parseDocument } from "yaml";
import { planMigration } from "../sdk/migrate";
import { planGitHubWorkflows } from "../sdk/migrate/github-migrate";
import { type GitHubWorkflow, readWorkflow } from "../sdk/migrate/github-workflow";
import { applyEdits, parseYaml } from "../sdk/migrate/yaml-text";

const FILES = 1_000;

const variants = [
  (i: number) => `      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID_${i} }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY_${i} }}
          aws-region: eu-west-1
      - run: aws s3 sync site s3://acme-site-${i}`,
  (i: number) => `      - uses: google-github-actions/auth@v2
        with:
          credentials_json: \${{ secrets.GCP_SA_KEY_${i} }}
      - run: gcloud storage cp dist/* gs://acme-${i}/`,
  (i: number) => `      - run: |
          az login --service-principal -u "$AZURE_CLIENT_ID" -p "$AZURE_CLIENT_SECRET" --tenant "$AZURE_TENANT_ID"
          az webapp restart --name acme-${i}
        env:
          AZURE_CLIENT_SECRET: \${{ secrets.AZURE_CLIENT_SECRET }}`,
  (i: number) => `      - run: terraform apply -auto-approve -var run=${i}
        env:
          ARM_CLIENT_SECRET: \${{ secrets.ARM_CLIENT_SECRET }}`,
  (i: number) => `      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.AWS_ROLE_ARN }}
          aws-region: eu-west-1
      - run: aws s3 ls s3://acme-${i}`,
];

function workflow(i: number): string {
  const variant = variants[i % variants.length] as (i: number) => string;
  return `# Workflow ${i}
name: deploy-${i}
on:
  push:
    branches: [main, "release/*"]
  workflow_dispatch:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test   # unit tests
  deploy:
    needs: test
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
${variant(i)}
`;
}

function rate(label: string, files: number, ms: number, baselineMs?: number, baseline?: string) {
  const perSecond = Math.round((files / ms) * 1000);
  const ratio = baselineMs ? `  (${(ms / baselineMs).toFixed(2)}× the time of ${baseline})` : "";
  console.log(`${label.padEnd(34)} ${String(perSecond).padStart(7)} files/s${ratio}`);
  return perSecond;
}

/** Best of `ROUNDS` runs: the machine is shared, and the fastest run is the least disturbed. */
const ROUNDS = 3;

function time<T>(fn: () => T): [T, number] {
  let best = Infinity;
  let value: T | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - start);
  }
  return [value as T, best];
}

async function main(): Promise<void> {
  const corpus = Array.from({ length: FILES }, (_, i) => ({
    file: `.github/workflows/w${i}.yml`,
    text: workflow(i),
  }));

  // Warm up the JIT on a slice so both sides are measured hot.
  for (const c of corpus.slice(0, 100)) parseDocument(c.text);

  const [, parseMs] = time(() => corpus.map((c) => parseDocument(c.text)));
  const [plans, detectMs] = time(() => {
    const workflows = corpus.map((c) => {
      const source = parseYaml(c.text);
      if ("error" in source) throw new Error(source.error);
      return readWorkflow(c.file, source) as GitHubWorkflow;
    });
    return planGitHubWorkflows(workflows, "acme/api");
  });
  const findings = [...plans.values()].reduce((n, p) => n + p.findings.length, 0);

  const docs = corpus.map((c) => parseDocument(c.text));
  const [, stringifyMs] = time(() => docs.map((d) => d.toString()));
  const [, rewriteMs] = time(() =>
    corpus.map((c) => {
      const after = applyEdits(c.text, plans.get(c.file)?.edits ?? []);
      if ("error" in parseYaml(after)) throw new Error(`invalid rewrite of ${c.file}`);
      return after;
    }),
  );

  const inputs = corpus.map((c) => ({ ...c, ci: "github" as const }));
  const timed = async (scanKeys: boolean) => {
    let best = Infinity;
    for (let i = 0; i < ROUNDS; i++) {
      const start = performance.now();
      await planMigration(inputs, { repository: "acme/api", scanKeys });
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };
  const planMs = await timed(false);
  const fullMs = await timed(true);

  console.log(`corpus: ${FILES} workflows, ${findings} findings\n`);
  const d = rate("detection (parse, find, plan)", FILES, detectMs, parseMs, "a bare YAML parse");
  const r = rate(
    "rewrite (apply edits, re-parse)",
    FILES,
    rewriteMs,
    stringifyMs,
    "doc.toString()",
  );
  rate("planMigration (all CI systems)", FILES, planMs);
  rate("planMigration + committed-key scan", FILES, fullMs, planMs, "planMigration alone");
  const ok = d >= 1_000 && r >= 1_000;
  console.log(`\ntarget ≥ 1,000 files/s for detection and rewrite: ${ok ? "met" : "NOT met"}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
