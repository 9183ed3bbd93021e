/**
 * The AWS role session name, built from the run so CloudTrail shows which repository, run and
 * attempt acted: `acme.api-7345012345-2`.
 *
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * @module
 */
import type { Environment } from "./sources/token-source";

/** The longest session name STS accepts. */
export const MAX_ROLE_SESSION_NAME_LENGTH = 64;

// STS accepts [\w+=,.@-]{2,64}; everything else becomes "-", and "/" (owner/repo) becomes ".".
const disallowed = /[^\w+=,.@-]/g;

/** What identifies a run on each platform: [repository, run, attempt]. */
function runParts(env: Environment): [string | undefined, string | undefined, string | undefined] {
  if (env["GITHUB_ACTIONS"] === "true") {
    return [env["GITHUB_REPOSITORY"], env["GITHUB_RUN_ID"], env["GITHUB_RUN_ATTEMPT"]];
  }
  if (env["GITLAB_CI"] === "true") return [env["CI_PROJECT_PATH"], env["CI_JOB_ID"], undefined];
  if (env["CIRCLECI"] === "true") {
    return [env["CIRCLE_PROJECT_REPONAME"], env["CIRCLE_BUILD_NUM"], undefined];
  }
  if (env["BUILDKITE"] === "true") {
    return [
      env["BUILDKITE_PIPELINE_SLUG"],
      env["BUILDKITE_BUILD_NUMBER"],
      env["BUILDKITE_RETRY_COUNT"],
    ];
  }
  if (env["TFC_RUN_ID"] !== undefined)
    return [env["TFC_WORKSPACE_NAME"], env["TFC_RUN_ID"], undefined];
  return [undefined, undefined, undefined];
}

/**
 * Builds a role session name from the run's environment: repository, run ID and attempt, with
 * characters STS does not accept replaced and the repository shortened from the left so that the
 * run ID and attempt always survive the 64-character limit.
 *
 * @param now - used when no run is recognised: `keyless-<epoch seconds>`.
 */
export function roleSessionName(env: Environment, now: number = Date.now()): string {
  const [repository, run, attempt] = runParts(env);
  const clean = (text: string): string => text.replace(/\//g, ".").replace(disallowed, "-");
  const tail = [run, attempt]
    .filter((p): p is string => !!p)
    .map(clean)
    .join("-");
  if (repository === undefined && tail === "") return `keyless-${Math.floor(now / 1000)}`;
  const head = repository === undefined ? "keyless" : clean(repository);
  const room = MAX_ROLE_SESSION_NAME_LENGTH - (tail === "" ? 0 : tail.length + 1);
  if (room < 2) return tail.slice(-MAX_ROLE_SESSION_NAME_LENGTH);
  const name = head.length > room ? head.slice(head.length - room) : head;
  return tail === "" ? name : `${name}-${tail}`;
}
