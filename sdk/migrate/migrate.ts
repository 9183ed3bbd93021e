/**
 * `migrate`'s entry point: reads CI files, finds static cloud credentials and committed keys,
 * plans the OIDC rewrite of each file and the declarations that back it.
 *
 * @module
 */
import type { TrustArgs } from "../trust";
import { planBitbucket } from "./bitbucket";
import type { CiPlan } from "./ci-plan";
import { planCircleCi } from "./circleci";
import { scanCommittedKeys } from "./committed-keys";
import { buildDeclarations } from "./declarations";
import type { MigrationInput } from "./discover";
import { planGitHubWorkflows } from "./github-migrate";
import { type GitHubWorkflow, readWorkflow } from "./github-workflow";
import { planGitLab } from "./gitlab";
import type {
  CiSystem,
  CommittedKeyFinding,
  FileRewrite,
  JobMigration,
  MigrationPlan,
  MigrationWarning,
} from "./types";
import { applyEdits, parseYaml, type YamlSource } from "./yaml-text";

/** Options of {@link planMigration}. */
export interface MigrationOptions {
  /**
   * The repository the files belong to: `OWNER/NAME` on GitHub and Bitbucket, the project path on
   * GitLab. Declarations name it. @default "replace-me/replace-me", a placeholder to correct
   */
  readonly repository?: string;
  /** Also scan every input for committed key material. @default true */
  readonly scanKeys?: boolean;
}

/** The repository used in declarations when none is known. */
export const PLACEHOLDER_REPOSITORY = "replace-me/replace-me";

/**
 * Plans the migration of `inputs`: nothing is written; {@link FileRewrite.after} holds each file's
 * new text.
 *
 * @example
 * ```ts
 * const plan = await planMigration(collectInputs(["."], process.cwd()), { repository: "acme/api" });
 * const diffs = plan.rewrites.filter((r) => r.changed).map((r) => unifiedDiff(r.file, r.before, r.after));
 * ```
 */
export async function planMigration(
  inputs: readonly MigrationInput[],
  options: MigrationOptions = {},
): Promise<MigrationPlan> {
  const repository = options.repository ?? PLACEHOLDER_REPOSITORY;
  const warnings: MigrationWarning[] = [];
  const parsed: Array<{ input: MigrationInput & { ci: CiSystem }; source: YamlSource }> = [];
  for (const input of inputs) {
    if (!input.ci) continue;
    const source = parseYaml(input.text);
    if ("error" in source) {
      warnings.push({
        code: "yaml-invalid",
        file: input.file,
        line: 1,
        message: `The file is not valid YAML (${source.error}); it was not read.`,
        fix: "Fix the YAML and rerun migrate.",
      });
      continue;
    }
    parsed.push({ input: input as MigrationInput & { ci: CiSystem }, source });
  }

  const plans = new Map<string, CiPlan>();
  const workflows = parsed
    .filter((p) => p.input.ci === "github")
    .map((p) => readWorkflow(p.input.file, p.source))
    .filter((w): w is GitHubWorkflow => w !== undefined);
  for (const [file, plan] of planGitHubWorkflows(workflows, repository)) {
    plans.set(file, {
      ...plan,
      jobs: plan.jobs.map((j) => ({ ...j, trust: j.trust.map((g) => ({ github: g })) })),
    });
  }
  for (const { input, source } of parsed) {
    const opts = { repository };
    if (input.ci === "gitlab") plans.set(input.file, planGitLab(input.file, source, opts));
    if (input.ci === "circleci") plans.set(input.file, planCircleCi(input.file, source, opts));
    if (input.ci === "bitbucket") plans.set(input.file, planBitbucket(input.file, source, opts));
  }

  const rewrites: FileRewrite[] = [];
  const migrations: JobMigration[] = [];
  for (const { input } of parsed) {
    const plan = plans.get(input.file);
    if (!plan) continue;
    warnings.push(...plan.warnings);
    const after = rewriteOf(input, plan, warnings);
    rewrites.push({
      file: input.file,
      ci: input.ci,
      before: input.text,
      after,
      changed: after !== input.text,
      jobs: after === input.text ? [] : plan.jobs.map((j) => j.job),
    });
    for (const j of after === input.text ? [] : plan.jobs) {
      migrations.push({
        file: input.file,
        ci: input.ci,
        job: j.job,
        clouds: j.clouds,
        trust: j.trust as TrustArgs[],
      });
    }
  }

  const committedKeys: CommittedKeyFinding[] = [];
  if (options.scanKeys !== false) {
    for (const input of inputs)
      committedKeys.push(...(await scanCommittedKeys(input.file, input.text)));
  }
  const prefix = repository.split("/").pop() ?? "ci";
  return Object.freeze({
    findings: Object.freeze([...plans.values()].flatMap((p) => p.findings)),
    committedKeys: Object.freeze(committedKeys),
    warnings: Object.freeze(warnings),
    rewrites: Object.freeze(rewrites),
    declarations: Object.freeze(buildDeclarations(migrations, prefix)),
  });
}

/**
 * The file's new text, or its old text with a warning when the planned edits do not make valid
 * YAML: a rewrite that could break a pipeline is never offered.
 */
function rewriteOf(input: MigrationInput, plan: CiPlan, warnings: MigrationWarning[]): string {
  if (plan.edits.length === 0) return input.text;
  let reason: string | undefined;
  let after = input.text;
  try {
    after = applyEdits(input.text, plan.edits);
    const check = parseYaml(after);
    if ("error" in check) reason = check.error;
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    reason = err.message;
  }
  if (reason === undefined) return after;
  warnings.push({
    code: "rewrite-invalid",
    file: input.file,
    line: 1,
    message: `The planned rewrite of this file would not be valid YAML (${reason}); the file is left as it is.`,
    fix: "Rewrite the findings listed for this file by hand, and report the file's layout as a migrate bug.",
  });
  return input.text;
}
