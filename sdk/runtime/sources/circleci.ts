/**
 * CircleCI: jobs that use a context receive OIDC tokens in `CIRCLE_OIDC_TOKEN_V2` (with VCS claims)
 * and `CIRCLE_OIDC_TOKEN`.
 *
 * @see https://circleci.com/docs/openid-connect-tokens/
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

/**
 * Tokens from CircleCI: `CIRCLE_OIDC_TOKEN_V2`, falling back to `CIRCLE_OIDC_TOKEN`. Does not
 * apply outside CircleCI (`CIRCLECI` is not `true`).
 */
export function fromCircleCi(init: TokenSourceInit = {}): TokenSource {
  const kind = "circleci";
  return {
    kind,
    // Not yet: a custom audience (`circleci run oidc get --claims`) because the CLI call needs the
    // job's own agent; the audience is the organisation ID.
    async getToken() {
      const env = environmentOf(init);
      if (env["CIRCLECI"] !== "true") throw notApplicable(kind, "CIRCLECI is not set.");
      const v2 = env["CIRCLE_OIDC_TOKEN_V2"];
      const v1 = env["CIRCLE_OIDC_TOKEN"];
      if (v2) return checkToken(kind, v2, "CIRCLE_OIDC_TOKEN_V2");
      if (v1) return checkToken(kind, v1, "CIRCLE_OIDC_TOKEN");
      throw failed(
        kind,
        "Neither CIRCLE_OIDC_TOKEN_V2 nor CIRCLE_OIDC_TOKEN is set. CircleCI issues OIDC tokens " +
          "only to jobs that use at least one context. Fix: add a context to the job.",
      );
    },
  };
}
