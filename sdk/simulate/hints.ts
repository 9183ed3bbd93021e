/**
 * Near misses: when a claim does not match, the usual reasons it almost did. Each hint names the
 * difference and the fix, so a denied job is a one-line change rather than an afternoon.
 *
 * @module
 */
import { matchesPattern, parseGlob } from "../trust";
import type { Reason } from "./verdict";

const githubSub = /^repo:([^:@]+)(?:@(\d+))?\/([^:@]+)(?:@(\d+))?:(.*)$/;

/**
 * Hints for a claim whose value matched none of the expected values.
 *
 * @param claim - the claim name as the token carries it (`sub`, `aud`, `iss`, `environment`).
 * @param actual - the token's value; `undefined` when the claim is missing.
 * @param expected - the accepted values as written in the cloud document; `*` and `?` are
 *   wildcards (documents without wildcard semantics pass literal values, which match themselves).
 */
export function nearMissHints(
  claim: string,
  actual: string | undefined,
  expected: readonly string[],
): Reason[] {
  if (actual === undefined || expected.length === 0) return [];
  const hints: Reason[] = [];
  const hint = (message: string): void => {
    hints.push({ kind: "hint", message, claim, actual, expected });
  };

  const folded = expected.find((e) => globMatches(e.toLowerCase(), actual.toLowerCase()));
  if (folded !== undefined) {
    hint(
      `${claim} ${JSON.stringify(actual)} differs from ${JSON.stringify(folded)} only in letter case; values compare case-sensitively. Write the value exactly as the token carries it.`,
    );
  }
  if (claim === "sub") hints.push(...githubSubjectHints(actual, expected));
  if (claim === "iss") {
    const slash = expected.find((e) => e.replace(/\/+$/, "") === actual.replace(/\/+$/, ""));
    if (slash !== undefined && slash !== actual) {
      hint(
        `The issuer ${JSON.stringify(actual)} and the trusted ${JSON.stringify(slash)} differ by a trailing slash; issuers compare exactly. Use the token's iss value character for character.`,
      );
    }
  }
  if (claim === "aud") {
    hint(
      `The token was issued for audience ${JSON.stringify(actual)}, but the trust accepts ${expected.map((e) => JSON.stringify(e)).join(" or ")}. Request the token with that audience (GitHub: core.getIDToken(AUDIENCE); GitLab: id_tokens.NAME.aud).`,
    );
  }
  return hints;
}

function githubSubjectHints(actual: string, expected: readonly string[]): Reason[] {
  const token = githubSub.exec(actual);
  if (!token) return [];
  const [, owner, ownerId, repo, repoId, tail = ""] = token;
  const hints: Reason[] = [];
  const hint = (message: string): void => {
    hints.push({ kind: "hint", message, claim: "sub", actual, expected });
  };
  const parsed = expected.flatMap((e) => {
    const m = githubSub.exec(e);
    return m
      ? [{ text: e, owner: m[1], ownerId: m[2], repo: m[3], repoId: m[4], tail: m[5] ?? "" }]
      : [];
  });
  const sameRepo = parsed.filter((e) => globMatches(`${e.owner}/${e.repo}`, `${owner}/${repo}`));

  if (tail.startsWith("environment:") && sameRepo.some((e) => e.tail.startsWith("ref:"))) {
    const refs = [...new Set(sameRepo.filter((e) => e.tail.startsWith("ref:")).map((e) => e.tail))];
    hint(
      `The job deploys to ${tail.replace(":", " ")}, so GitHub puts "${tail}" in sub instead of the ref; the trust expects ${refs.map((r) => JSON.stringify(r)).join(" or ")}. Trust the environment (environment: "${tail.slice("environment:".length)}") or remove the job's environment.`,
    );
  }
  if (tail.startsWith("ref:") && sameRepo.some((e) => e.tail.startsWith("environment:"))) {
    const envs = [
      ...new Set(sameRepo.filter((e) => e.tail.startsWith("environment:")).map((e) => e.tail)),
    ];
    hint(
      `The trust expects a job in ${envs.map((e) => e.replace(":", " ")).join(" or ")}, but this job has no environment, so sub carries "${tail}". Add the environment to the job (jobs.<id>.environment).`,
    );
  }
  const refKind = (t: string) =>
    t.startsWith("ref:refs/heads/") ? "branch" : t.startsWith("ref:refs/tags/") ? "tag" : undefined;
  const tokenKind = refKind(tail);
  const otherKind = sameRepo
    .map((e) => e.tail)
    .filter((t) => refKind(t) && refKind(t) !== tokenKind);
  if (tokenKind && otherKind.length > 0) {
    const name = tail.replace(/^ref:refs\/(heads|tags)\//, "");
    hint(
      `The job runs for ${tokenKind} ${name}, but the trust accepts ${otherKind.map((t) => `${refKind(t)} ${t.replace(/^ref:refs\/(heads|tags)\//, "")}`).join(" or ")}: branches and tags are different refs.`,
    );
  }
  const immutableToken = ownerId !== undefined && repoId !== undefined;
  const sameShape = sameRepo.filter((e) => globMatches(e.tail, tail));
  if (immutableToken && sameShape.length > 0 && sameShape.every((e) => e.ownerId === undefined)) {
    hint(
      `The token carries the immutable subject form (OWNER@ID/REPO@ID) and the trust accepts only the legacy form. Declare ownerId ${ownerId} and repositoryId ${repoId} so both forms are trusted.`,
    );
  }
  if (!immutableToken && sameShape.length > 0 && sameShape.every((e) => e.ownerId !== undefined)) {
    hint(
      "The token carries the legacy subject form (OWNER/REPO) and the trust accepts only the immutable form (OWNER@ID/REPO@ID). Trust both forms, or opt the repository in to immutable subjects.",
    );
  }
  if (immutableToken) {
    const idMismatch = sameShape.find(
      (e) =>
        e.ownerId !== undefined &&
        e.repoId !== undefined &&
        (e.ownerId !== ownerId || e.repoId !== repoId),
    );
    if (idMismatch) {
      hint(
        `The repository's IDs (owner ${ownerId}, repository ${repoId}) differ from the trusted ones (owner ${idMismatch.ownerId}, repository ${idMismatch.repoId}): the name was deleted and re-created, or the IDs were copied from another repository.`,
      );
    }
  }
  return hints;
}

function globMatches(pattern: string, value: string): boolean {
  return matchesPattern(parseGlob(pattern), value);
}
