/**
 * The `keyless` command: parses arguments and dispatches to one file per command under
 * `commands/`. Thin: every command calls the library.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import { KeylessError } from "../errors";
import { register as registerAudit } from "./commands/audit";
import { register as registerCheck } from "./commands/check";
import { register as registerCreds } from "./commands/creds";
import { register as registerKeys } from "./commands/keys";
import { register as registerLint } from "./commands/lint";
import { register as registerMigrate } from "./commands/migrate";
import { register as registerPlan } from "./commands/plan";
import { register as registerReport } from "./commands/report";
import { register as registerSessions } from "./commands/sessions";
import { type CliIo, type CommandRegistration, ExitCode, processIo, UsageError } from "./io";

// One line per command; each command lives in its own file under commands/.
const registrations: readonly CommandRegistration[] = [
  registerPlan,
  registerCheck,
  registerLint,
  registerAudit,
  registerReport,
  registerCreds,
  registerMigrate,
  registerKeys,
  registerSessions,
];

/**
 * Runs the `keyless` command with `argv` (without the node and script paths).
 *
 * @returns the exit code: 0 done, 1 the check found a problem, 2 the input could not be used.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command("keyless")
    .description("Federated, short-lived cloud trust for CI jobs and workloads.")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const register of registrations) {
    register(program, io, (code) => {
      exitCode = Math.max(exitCode, code);
    });
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.unusable;
    }
    if (err instanceof UsageError || KeylessError.isInstance(err)) {
      io.stderr.write(`keyless: ${err.message}\n`);
      return ExitCode.unusable;
    }
    throw err;
  }
}
