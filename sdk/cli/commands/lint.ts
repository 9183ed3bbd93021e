/**
 * `keyless lint FILE… [--json]`: findings on trust documents from anywhere — AWS trust policies,
 * GCP workload identity providers and IAM policies, Azure federated credentials.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { lintTrustText, UnreadableDocumentError } from "../../simulate/lint";
import {
  type FindingGroup,
  findingJson,
  findingsExitCode,
  formatFindingGroups,
} from "../findings-output";
import { type CommandRegistration, ExitCode } from "../io";

/** Registers `keyless lint`. */
export const register: CommandRegistration = (program, io, exit) => {
  program
    .command("lint")
    .argument(
      "<files...>",
      "trust documents: AWS trust policy or GetRole response, GCP provider or IAM policy, Azure federated credentials",
    )
    .option("--json", 'print {"findings": [...]} instead of text')
    .description("lint trust documents; exit 1 when a finding is high or critical")
    .action((files: string[], options: { json?: boolean }) => {
      const groups: FindingGroup[] = [];
      const unreadable: string[] = [];
      for (const file of files) {
        const read = readDocument(resolve(io.cwd, file));
        if (typeof read === "string") {
          unreadable.push(`keyless: ${file}: ${read}`);
          continue;
        }
        groups.push({ source: file, kinds: read.documents, findings: read.findings });
      }

      const findings = groups.flatMap((g) => g.findings);
      if (options.json === true) {
        const json = groups.flatMap((g) => g.findings.map((f) => findingJson("file", g.source, f)));
        io.stdout.write(`${JSON.stringify({ findings: json }, null, 2)}\n`);
      } else if (groups.length > 0) {
        io.stdout.write(formatFindingGroups(groups));
      }
      for (const line of unreadable) io.stderr.write(`${line}\n`);
      exit(unreadable.length > 0 ? ExitCode.unusable : findingsExitCode(findings));
    });
};

/** The lint result of a file, or why it could not be read. */
function readDocument(path: string): ReturnType<typeof lintTrustText> | string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? "no such file."
      : code === "EISDIR"
        ? "is a folder; name the trust documents inside it."
        : `cannot be read (${code ?? (err as Error).message}).`;
  }
  try {
    return lintTrustText(text);
  } catch (err) {
    if (err instanceof UnreadableDocumentError) return err.message;
    throw err;
  }
}
