/**
 * `keyless report (--program P | --manifest M) --out DIR`: a self-contained HTML page and a
 * Markdown summary of every identity's trust, TTLs, warnings and lint findings.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { IdentityManifest } from "../../manifest";
import { collectProgramManifests } from "../../plan/run";
import { readManifests, writeReport } from "../../report";
import { parseJsonText } from "../../simulate/lint";
import { type CliIo, type CommandRegistration, ExitCode, UsageError } from "../io";
import { addProgramOptions, type ProgramCliOptions, programOptionsFrom } from "./plan";

interface ReportFlags extends ProgramCliOptions {
  readonly program?: string;
  readonly manifest?: string;
  readonly out: string;
}

/** Registers `keyless report`. */
export const register: CommandRegistration = (program, io, exit) => {
  addProgramOptions(program.command("report"))
    .option("--program <path>", "a Pulumi program folder or file to run under the mock engine")
    .option("--manifest <file>", 'manifests as JSON: one, a list, or {"manifests": [...]}')
    .requiredOption("--out <dir>", "the folder to write report.html and report.md into")
    .description("write an HTML page and a Markdown summary of the trust, TTLs and findings")
    .action(async (flags: ReportFlags) => {
      const manifests = await loadManifests(flags, io);
      const written = await writeReport(manifests, resolve(io.cwd, flags.out));
      io.stdout.write(
        `Wrote ${written.html} and ${written.markdown}: ${count(written.model.matrix.length, "identity", "identities")}, ${count(written.model.findings.length, "finding")}, ${count(written.model.warnings.length, "warning")}.\n`,
      );
      exit(ExitCode.ok);
    });
};

async function loadManifests(flags: ReportFlags, io: CliIo): Promise<readonly IdentityManifest[]> {
  if ((flags.program === undefined) === (flags.manifest === undefined)) {
    throw new UsageError("report reads exactly one of --program <path> or --manifest <file>.");
  }
  if (flags.program !== undefined) {
    return collectProgramManifests(resolve(io.cwd, flags.program), programOptionsFrom(flags));
  }
  const file = flags.manifest as string;
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${file}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code})`}.`,
      {
        cause: error,
      },
    );
  }
  // Unreadable JSON and bad manifests are KeylessErrors that name the file; the CLI exits 2.
  return readManifests(parseJsonText(text, file), file);
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
