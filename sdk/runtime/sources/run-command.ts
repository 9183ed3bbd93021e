/**
 * Runs a program without a shell and returns what it printed. Injectable so tests replace the
 * agent binaries that only exist on CI machines.
 *
 * @module
 */
import { execFile } from "node:child_process";

/** What a failed command left behind: its exit code and a tail of what it wrote to stderr. */
export interface CommandFailure {
  readonly exitCode: number | string | null;
  readonly stderr: string;
}

/**
 * Runs `file` with `args` (no shell: arguments are never interpreted) and resolves with stdout.
 * Rejects with a {@link CommandFailure} when the program cannot start or exits non-zero.
 */
export type CommandRunner = (
  file: string,
  args: readonly string[],
  options: {
    readonly timeoutMs: number;
    readonly env: Readonly<Record<string, string | undefined>>;
  },
) => Promise<string>;

/** The {@link CommandRunner} that spawns real processes. */
export const runCommand: CommandRunner = (file, args, options) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        timeout: options.timeoutMs,
        maxBuffer: 1024 * 1024,
        env: { ...options.env },
        encoding: "utf8",
      },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as { code?: number | string }).code ?? null;
          reject({ exitCode: code, stderr: stderr.slice(-500) } satisfies CommandFailure);
        } else {
          resolve(stdout);
        }
      },
    );
  });

/** Whether `value` is a {@link CommandFailure}. */
export function isCommandFailure(value: unknown): value is CommandFailure {
  return typeof value === "object" && value !== null && "exitCode" in value && "stderr" in value;
}
