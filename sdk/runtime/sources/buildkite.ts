/**
 * Buildkite: the agent mints a token on request (`buildkite-agent oidc request-token`).
 *
 * @see https://buildkite.com/docs/agent/v3/cli-oidc
 * @module
 */
import { type CommandRunner, isCommandFailure, runCommand } from "./run-command";
import {
  checkToken,
  environmentOf,
  failed,
  notApplicable,
  type TokenSource,
  type TokenSourceInit,
  withoutTokens,
} from "./token-source";

/** Options of {@link fromBuildkite}. */
export interface BuildkiteSourceInit extends TokenSourceInit {
  /**
   * The agent binary.
   * @default "buildkite-agent"
   */
  readonly agentPath?: string;
  /**
   * Runs the agent; replaced in tests.
   * @default spawns the process without a shell
   */
  readonly run?: CommandRunner;
  /**
   * How long the agent may take, in milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number;
}

/**
 * Tokens from the Buildkite agent for the requested audience. Does not apply outside Buildkite
 * (`BUILDKITE` is not `true`).
 */
export function fromBuildkite(init: BuildkiteSourceInit = {}): TokenSource {
  const kind = "buildkite";
  const agent = init.agentPath ?? "buildkite-agent";
  return {
    kind,
    async getToken({ audience }) {
      const env = environmentOf(init);
      if (env["BUILDKITE"] !== "true") throw notApplicable(kind, "BUILDKITE is not set.");
      let stdout: string;
      try {
        stdout = await (init.run ?? runCommand)(
          agent,
          ["oidc", "request-token", "--audience", audience],
          { timeoutMs: init.timeoutMs ?? 30_000, env },
        );
      } catch (err) {
        const detail = isCommandFailure(err)
          ? `exit ${String(err.exitCode)}: ${withoutTokens(err.stderr.trim()) || "no output"}`
          : "it could not be run";
        throw failed(
          kind,
          `\`${agent} oidc request-token --audience ${audience}\` failed (${detail}). Fix: run ` +
            "inside a Buildkite job with an agent that supports OIDC (v3.48 or later).",
          err,
        );
      }
      return checkToken(kind, stdout, `The output of \`${agent} oidc request-token\``);
    },
  };
}
