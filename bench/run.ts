/**
 * Runs every benchmark in turn; each prints its figures as ratios against the obvious alternative
 * measured in the same run. `npm run bench`, or `npm run bench -- synthesis simulate` for some.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const benchmarks = [
  "synthesis",
  "simulate",
  "runtime",
  "keys",
  "migrate",
  "azure-imports",
] as const;

const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [...benchmarks];
let failed = 0;
for (const name of chosen) {
  if (!(benchmarks as readonly string[]).includes(name)) {
    console.error(`No benchmark ${name}; there are: ${benchmarks.join(", ")}.`);
    process.exit(2);
  }
  console.log(`\n## ${name}`);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, `${name}.ts`)], {
    stdio: "inherit",
    // The AWS SDK's notice about Node.js 22 would interleave with the figures.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...process.env },
  });
  if (run.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
