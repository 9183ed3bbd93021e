/**
 * Generic token sources for platforms Keyless does not know: a file, an environment variable, a
 * command. They are declared explicitly, so they always apply: a missing token is a failure.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { type CommandRunner, isCommandFailure, runCommand } from "./run-command";
import {
  checkToken,
  environmentOf,
  failed,
  type TokenSource,
  type TokenSourceInit,
  withoutTokens,
} from "./token-source";

/** A token read from a file at every call. */
export function fromFile(init: { readonly path: string }): TokenSource {
  const kind = "file";
  return {
    kind,
    async getToken() {
      let text: string;
      try {
        text = await readFile(init.path, "utf8");
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "error";
        throw failed(kind, `The token file ${init.path} cannot be read (${code}).`, err);
      }
      return checkToken(kind, text, `The token file ${init.path}`);
    },
  };
}

/** Options of {@link fromEnvironmentVariable}. */
export interface EnvironmentVariableSourceInit extends TokenSourceInit {
  /** The variable's name. */
  readonly name: string;
}

/** A token read from an environment variable at every call. */
export function fromEnvironmentVariable(init: EnvironmentVariableSourceInit): TokenSource {
  const kind = "environment-variable";
  return {
    kind,
    async getToken() {
      const value = environmentOf(init)[init.name];
      if (value === undefined || value === "") {
        throw failed(
          kind,
          `The environment variable ${init.name} is not set. Fix: set it to the token.`,
        );
      }
      return checkToken(kind, value, `The environment variable ${init.name}`);
    },
  };
}

/** Options of {@link fromCommand}. */
export interface CommandSourceInit extends TokenSourceInit {
  /**
   * The program and its arguments, run without a shell. An argument `{audience}` is replaced by
   * the requested audience.
   */
  readonly command: readonly [string, ...string[]];
  /**
   * How long the command may take, in milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /**
   * Runs the command; replaced in tests.
   * @default spawns the process without a shell
   */
  readonly run?: CommandRunner;
}

/** A token printed by a command on stdout, run for every exchange. */
export function fromCommand(init: CommandSourceInit): TokenSource {
  const kind = "command";
  const [file, ...args] = init.command;
  return {
    kind,
    async getToken({ audience }) {
      const argv = args.map((a) => a.split("{audience}").join(audience));
      let stdout: string;
      try {
        stdout = await (init.run ?? runCommand)(file, argv, {
          timeoutMs: init.timeoutMs ?? 30_000,
          env: environmentOf(init),
        });
      } catch (err) {
        const detail = isCommandFailure(err)
          ? `exit ${String(err.exitCode)}: ${withoutTokens(err.stderr.trim()) || "no output"}`
          : "it could not be run";
        throw failed(kind, `The token command \`${file}\` failed (${detail}).`, err);
      }
      return checkToken(kind, stdout, `The output of \`${file}\``);
    },
  };
}
