/**
 * GitLab CI: tokens are declared per job with `id_tokens`, each a variable holding a token minted
 * for the audience written in the pipeline file.
 *
 * @see https://docs.gitlab.com/ci/secrets/id_token_authentication/
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

/** The variable {@link fromGitLabCi} reads when none is named. */
export const DEFAULT_GITLAB_TOKEN_VARIABLE = "KEYLESS_ID_TOKEN";

/** Options of {@link fromGitLabCi}. */
export interface GitLabCiSourceInit extends TokenSourceInit {
  /**
   * The `id_tokens` entry's name.
   * @default "KEYLESS_ID_TOKEN"
   */
  readonly variable?: string;
}

/**
 * Tokens from a GitLab CI `id_tokens` variable. Does not apply outside GitLab CI (`GITLAB_CI` is
 * not `true`). The audience is fixed by the pipeline file, not by the request.
 *
 * @example
 * ```yaml
 * deploy:
 *   id_tokens:
 *     KEYLESS_ID_TOKEN:
 *       aud: sts.amazonaws.com
 * ```
 */
export function fromGitLabCi(init: GitLabCiSourceInit = {}): TokenSource {
  const kind = "gitlab-ci";
  const variable = init.variable ?? DEFAULT_GITLAB_TOKEN_VARIABLE;
  return {
    kind,
    async getToken({ audience }) {
      const env = environmentOf(init);
      if (env["GITLAB_CI"] !== "true") throw notApplicable(kind, "GITLAB_CI is not set.");
      const token = env[variable];
      if (token === undefined || token === "") {
        throw failed(
          kind,
          `The GitLab CI variable ${variable} is not set. Fix: declare it in the job: ` +
            `\`id_tokens: { ${variable}: { aud: "${audience}" } }\`.`,
        );
      }
      return checkToken(kind, token, `The GitLab CI variable ${variable}`);
    },
  };
}
