/**
 * What a command reads and writes, passed in so tests run commands in-process with captured
 * output and a controlled environment.
 *
 * @module
 */

/** The streams, environment and folder a command runs with. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Reads standard input to its end, for inputs given as `-`. @default no standard input */
  readonly readStdin?: () => Promise<string>;
}

/**
 * A command's registration: adds itself to the program; calls `exit` with the code it ends with
 * (the highest code any command reports wins).
 */
export type CommandRegistration = (
  program: import("commander").Command,
  io: CliIo,
  exit: (code: number) => void,
) => void;

/** The exit codes every command uses. */
export const ExitCode = {
  /** Done. */
  ok: 0,
  /** The check found a problem: lint errors, an unmet `--expect`. */
  finding: 1,
  /** The input could not be used. */
  unusable: 2,
} as const;

/**
 * The input could not be used: the message says which input and why. The CLI prints it without a
 * stack trace and exits 2.
 */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UsageError";
  }
}

/** The process's own streams, environment and folder. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}
