/**
 * The subjects a GitHub Actions job's token will carry, derived from its workflow's triggers and
 * its `environment:`, as trust entries that grant exactly those.
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims
 * @module
 */
import type { GitHubTrustArgs } from "../trust";
import type { GitHubJob, GitHubWorkflow } from "./github-workflow";
import type { MigrationWarning } from "./types";
import { lineOf } from "./yaml-text";

/** The default branch assumed where a trigger runs on it and the file cannot name it. */
export const ASSUMED_DEFAULT_BRANCH = "main";

/** Events whose runs carry the default branch's ref. */
const defaultBranchEvents = ["schedule", "workflow_run", "repository_dispatch", "merge_group"];

/**
 * The trust entries for a job: one per subject its token can carry. Pull-request runs are never
 * granted here: that is a person's decision, reported as a warning.
 *
 * @param repository - `OWNER/REPO`.
 * @param callerRefs - for a reusable workflow, the refs its local callers run on.
 */
export function githubJobTrust(
  workflow: GitHubWorkflow,
  job: GitHubJob,
  repository: string,
  warn: (w: Omit<MigrationWarning, "file">) => void,
  callerRefs?: readonly string[],
): GitHubTrustArgs[] {
  const line = lineOf(workflow.source, job.pair.key);
  const { triggers } = workflow;
  const base = { repository };

  if (triggers.events.has("workflow_call") && callerRefs !== undefined) {
    const path = `${repository}/${workflow.file.replace(/^.*?(\.github\/workflows\/)/, "$1")}`;
    return unique(callerRefs.map((ref) => ({ ...base, workflow: `${path}@${ref}` })));
  }
  if (job.environment && !job.environment.expression) {
    return [{ ...base, environment: job.environment.name }];
  }
  if (job.environment?.expression) {
    // A job with an environment carries environment:NAME in `sub`, whatever its ref.
    warn({
      code: "environment-expression",
      line: lineOf(workflow.source, job.environment.node),
      job: job.id,
      message: `The job's environment is computed (${job.environment.name}), so the file cannot tell which environment its token will name; no trust is declared for it.`,
      fix: 'Declare one trust per environment the expression can yield, e.g. { github: { repository, environment: "production" } }.',
    });
    return [];
  }
  const out: GitHubTrustArgs[] = [];
  const any = (why: string) => {
    warn({
      code: "trigger-any-branch",
      line,
      job: job.id,
      message: `The job runs ${why}, so its token can name any branch; the declaration grants only "${ASSUMED_DEFAULT_BRANCH}".`,
      fix: "Add the branches that must deploy to the declaration, or protect them and use an environment.",
    });
    out.push({ ...base, branch: ASSUMED_DEFAULT_BRANCH });
  };
  if (triggers.events.has("push")) {
    for (const b of triggers.pushBranches ?? []) {
      if (!b.startsWith("!")) out.push({ ...base, branch: globOf(b) });
    }
    for (const t of triggers.pushTags ?? []) {
      if (!t.startsWith("!")) out.push({ ...base, tag: globOf(t) });
    }
    if (triggers.pushAnyRef) any("on a push to any branch");
  }
  if (triggers.events.has("workflow_dispatch")) any("when dispatched by hand from any branch");
  if (triggers.events.has("release")) {
    warn({
      code: "trigger-any-branch",
      line,
      job: job.id,
      message:
        'The job runs for releases, whose tags the file does not name; the declaration grants tags "v*".',
      fix: "Name the release tag pattern exactly and protect it with a tag ruleset.",
    });
    out.push({ ...base, tag: "v*" });
  }
  if (defaultBranchEvents.some((e) => triggers.events.has(e))) {
    warn({
      code: "trigger-assumed-default-branch",
      line,
      job: job.id,
      message: `The job runs on the default branch, assumed to be "${ASSUMED_DEFAULT_BRANCH}".`,
      fix: "Correct the branch in the declaration if the default branch has another name.",
    });
    out.push({ ...base, branch: ASSUMED_DEFAULT_BRANCH });
  }
  return unique(out);
}

/** GitHub's filter globs use `**` across slashes; a claim pattern's `*` already does. */
function globOf(filter: string): string {
  return filter.replace(/\*\*+/g, "*");
}

function unique<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = JSON.stringify(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The refs a workflow's jobs run on, as `refs/heads/B` / `refs/tags/T`, for reusable callees. */
export function workflowRefs(workflow: GitHubWorkflow): string[] {
  const { triggers } = workflow;
  const refs: string[] = [];
  for (const b of triggers.pushBranches ?? []) if (!b.startsWith("!")) refs.push(`refs/heads/${b}`);
  for (const t of triggers.pushTags ?? []) if (!t.startsWith("!")) refs.push(`refs/tags/${t}`);
  if (refs.length === 0) refs.push(`refs/heads/${ASSUMED_DEFAULT_BRANCH}`);
  return refs;
}
