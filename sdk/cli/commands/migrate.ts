/**
 * `keyless migrate PATH… [--write] [--repo OWNER/NAME] [--json]`: finds static cloud keys in CI
 * files, prints the OIDC rewrite as a diff and the declarations that back it; `--write` writes the
 * files, each original kept next to it as `FILE.keyless-backup`.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  collectInputs,
  type MigrationPlan,
  PLACEHOLDER_REPOSITORY,
  planMigration,
  printImports,
  repositoryFromRemote,
  unifiedDiff,
} from "../../migrate";
import { type CliIo, type CommandRegistration, ExitCode, UsageError } from "../io";

/** Registers `keyless migrate`. */
export const register: CommandRegistration = (program, io, exit) => {
  program
    .command("migrate")
    .argument("<paths...>", "CI files or folders (a repository root finds them all)")
    .option("--write", "write the rewritten files (originals kept as FILE.keyless-backup)")
    .option("--repo <owner/name>", "the repository the declarations name (default: the git remote)")
    .option("--json", "print findings, rewrites and declarations as JSON")
    .description(
      "rewrite CI jobs that log in with static cloud keys to OIDC, with the trust they need",
    )
    .action(async (paths: string[], opts: { write?: boolean; repo?: string; json?: boolean }) => {
      const repository = opts.repo ?? remoteRepository(io);
      if (opts.repo !== undefined && !/^[^/\s]+(\/[^/\s]+)+$/.test(opts.repo)) {
        throw new UsageError(
          `--repo "${opts.repo}" is not OWNER/NAME; write e.g. --repo acme/api.`,
        );
      }
      let inputs;
      try {
        inputs = collectInputs(paths, io.cwd);
      } catch (err) {
        throw new UsageError(`cannot read ${paths.join(", ")}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      const plan = await planMigration(inputs, repository ? { repository } : {});
      if (opts.write) writeFiles(plan, io);
      if (opts.json) io.stdout.write(JSON.stringify(jsonOf(plan), null, 2) + "\n");
      else printPlan(plan, io, opts.write === true, repository);
      // After --write, what is left is what a person must still do: plan the written files again.
      const left = opts.write
        ? await planMigration(collectInputs(paths, io.cwd), repository ? { repository } : {})
        : plan;
      exit(left.findings.length + left.committedKeys.length > 0 ? ExitCode.finding : ExitCode.ok);
    });
};

function remoteRepository(io: CliIo): string | undefined {
  try {
    const url = execFileSync("git", ["config", "--get", "remote.origin.url"], {
      cwd: io.cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return repositoryFromRemote(url);
  } catch {
    // No git, no repository or no remote: the declarations use a labelled placeholder instead.
    return undefined;
  }
}

function writeFiles(plan: MigrationPlan, io: CliIo): void {
  for (const r of plan.rewrites) {
    if (!r.changed) continue;
    const path = join(io.cwd, r.file);
    const backup = `${path}.keyless-backup`;
    if (!existsSync(backup)) copyFileSync(path, backup);
    writeFileSync(path, r.after);
  }
}

function jsonOf(plan: MigrationPlan) {
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
    committedKeys: plan.committedKeys.map(({ file, line, rule, messageId }) => ({
      file,
      line,
      rule,
      messageId,
    })),
    warnings: plan.warnings,
    rewrites: plan.rewrites
      .filter((r) => r.changed)
      .map((r) => ({
        file: r.file,
        ci: r.ci,
        jobs: r.jobs,
        diff: unifiedDiff(r.file, r.before, r.after),
      })),
    declarations: plan.declarations.map(
      ({
        name,
        cloud,
        component,
        jobs,
        trust,
        subjects,
        variables,
        trustWarnings,
        typescript,
      }) => ({
        name,
        cloud,
        component,
        jobs,
        trust,
        subjects,
        variables,
        trustWarnings,
        typescript,
      }),
    ),
  };
}

function printPlan(plan: MigrationPlan, io: CliIo, written: boolean, repository?: string): void {
  const out = (s: string) => io.stdout.write(s);
  for (const r of plan.rewrites) if (r.changed) out(unifiedDiff(r.file, r.before, r.after));
  if (plan.findings.length > 0) {
    out(
      `\n# ${plan.findings.length} static credential${plan.findings.length === 1 ? "" : "s"} found\n`,
    );
    for (const f of plan.findings) {
      out(
        `${f.file}:${f.line}  ${f.ci} ${f.job}  ${f.cloud}  ${f.secrets.join(", ") || "(no secret named)"}  via ${f.via}\n`,
      );
    }
  }
  for (const k of plan.committedKeys) {
    out(
      `${k.file}:${k.line}  committed key material (${k.messageId}, ${k.rule}): retire the key, then remove it from history\n`,
    );
  }
  if (plan.warnings.length > 0) {
    out(`\n# ${plan.warnings.length} to decide by hand\n`);
    for (const w of plan.warnings) {
      out(
        `${w.file}:${w.line}${w.job ? `  ${w.job}` : ""}  ${w.message} Fix: ${w.fix} [${w.code}]\n`,
      );
    }
  }
  if (plan.declarations.length > 0) {
    out(
      "\n# Keyless declarations (paste into your Pulumi program; REPLACE_ME values are yours to set)\n\n",
    );
    out(printImports(plan.declarations.map((d) => d.cloud)) + "\n");
    for (const d of plan.declarations) out(d.typescript + "\n");
    const trustWarnings = plan.declarations.flatMap((d) => d.trustWarnings);
    if (trustWarnings.length > 0) {
      out("# About these declarations\n");
      const seen = new Set<string>();
      for (const w of trustWarnings) {
        const line = `${w.message} Fix: ${w.fix} [${w.code}]`;
        if (!seen.has(line)) out(`${line}\n`);
        seen.add(line);
      }
      out("\n");
    }
    out("# CI variables the rewritten files read\n");
    for (const d of plan.declarations) {
      for (const v of d.variables)
        out(`${v.name} = ${v.value}   (${d.jobs.map((j) => `${j.file} ${j.job}`).join(", ")})\n`);
    }
  }
  if (repository === undefined && plan.declarations.length > 0) {
    io.stderr.write(
      `keyless: no --repo and no git remote; the declarations name ${PLACEHOLDER_REPOSITORY}.\n`,
    );
  }
  const changed = plan.rewrites.filter((r) => r.changed);
  if (written && changed.length > 0) {
    out(
      `\nWrote ${changed.length} file${changed.length === 1 ? "" : "s"}; each original is kept as FILE.keyless-backup (undo: mv FILE.keyless-backup FILE).\n`,
    );
  } else if (changed.length > 0) {
    out("\nNothing written; rerun with --write to apply.\n");
  } else if (plan.findings.length === 0 && plan.committedKeys.length === 0) {
    out("No static cloud credentials found.\n");
  }
}
