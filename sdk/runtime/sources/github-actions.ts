/**
 * GitHub Actions: the runner mints a token on request for any audience, when the job has
 * `permissions: id-token: write`.
 *
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
 * @module
 */
import {
  checkToken,
  environmentOf,
  failed,
  notApplicable,
  type TokenSource,
  type TokenSourceInit,
} from "./token-source";

/** Options of {@link fromGitHubActions}. */
export interface GitHubActionsSourceInit extends TokenSourceInit {
  /**
   * The `fetch` to call the runner's token endpoint with.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof fetch;
  /**
   * How long to wait for the runner's answer, in milliseconds.
   * @default 10000
   */
  readonly timeoutMs?: number;
}

/**
 * Tokens from the GitHub Actions runner (`ACTIONS_ID_TOKEN_REQUEST_URL` with the audience,
 * authorised by `ACTIONS_ID_TOKEN_REQUEST_TOKEN`).
 *
 * Does not apply outside GitHub Actions (`GITHUB_ACTIONS` is not `true`). Inside, a missing
 * request variable means the job lacks `permissions: id-token: write`, and that is the error.
 *
 * @example
 * ```ts
 * const source = fromGitHubActions();
 * const jwt = await source.getToken({ audience: "sts.amazonaws.com" });
 * ```
 */
export function fromGitHubActions(init: GitHubActionsSourceInit = {}): TokenSource {
  const kind = "github-actions";
  return {
    kind,
    async getToken({ audience }) {
      const env = environmentOf(init);
      if (env["GITHUB_ACTIONS"] !== "true") throw notApplicable(kind, "GITHUB_ACTIONS is not set.");
      const url = env["ACTIONS_ID_TOKEN_REQUEST_URL"];
      const bearer = env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"];
      if (!url || !bearer) {
        throw failed(
          kind,
          "This GitHub Actions job cannot request an OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and " +
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set, which means the job lacks the id-token " +
            "permission. Fix: add `permissions: id-token: write` to the job (or the workflow); " +
            "workflows triggered from forks never get it.",
        );
      }

      const request = `${url}${url.includes("?") ? "&" : "?"}audience=${encodeURIComponent(audience)}`;
      let response: Response;
      try {
        response = await (init.fetch ?? fetch)(request, {
          headers: { Authorization: `bearer ${bearer}`, Accept: "application/json" },
          signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw failed(
          kind,
          `The runner's OIDC token endpoint did not answer (${describe(err)}).`,
          err,
          true,
        );
      }
      if (!response.ok) {
        throw failed(
          kind,
          `The runner's OIDC token endpoint answered HTTP ${response.status} for audience ` +
            `"${audience}". Fix: check the job's id-token permission and the audience.`,
          undefined,
          response.status === 429 || response.status >= 500,
        );
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (err) {
        throw failed(kind, "The runner's OIDC token endpoint answered with invalid JSON.", err);
      }
      const value = (body as { value?: unknown } | null)?.value;
      if (typeof value !== "string") {
        throw failed(kind, 'The runner\'s OIDC token endpoint answered without a "value" string.');
      }
      return checkToken(kind, value, "The runner's OIDC token");
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.name : "unknown error";
}
