/**
 * The `permissions:` edit for a GitHub job that now requests an OIDC token: `id-token: write` on
 * exactly that job, keeping what the job could do before.
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc#adding-permissions-settings
 * @module
 */
import { isMap, isScalar, type YAMLMap } from "yaml";
import type { GitHubJob, GitHubWorkflow } from "./github-workflow";
import type { MigrationWarning } from "./types";
import {
  entries,
  insertPairs,
  isFlow,
  lineOf,
  pairLines,
  pairOf,
  renderBlock,
  textOf,
  columnOf,
  type TextEdit,
} from "./yaml-text";

/**
 * The edits that let `job` request an OIDC token: none when it already may, `undefined` when the
 * permissions are written in a way only a person should widen (a warning says so).
 *
 * A job-level `permissions:` replaces the workflow's for that job, so when only the workflow sets
 * them they are copied into the job before `id-token: write` is added; when neither does, the job
 * had the repository's default token permissions and gets `contents: read` so checkout still works.
 */
export function idTokenPermissionEdits(
  workflow: GitHubWorkflow,
  job: GitHubJob,
  warn: (w: Omit<MigrationWarning, "file">) => void,
): TextEdit[] | undefined {
  const text = workflow.source.text;
  const own = job.permissions?.value;
  if (job.permissions && isScalar(own)) {
    if (textOf(own) === "write-all") return [];
    warn({
      code: "permissions-string",
      line: lineOf(workflow.source, job.permissions.key),
      job: job.id,
      message: `The job's permissions are "${textOf(own)}", which has no id-token: write.`,
      fix: "Write the job's permissions as a map with the scopes it needs and id-token: write, then rerun migrate.",
    });
    return undefined;
  }
  if (job.permissions && isMap(own)) {
    const idToken = pairOf(own, "id-token");
    if (textOf(idToken?.value) === "write") return [];
    const merged = { ...plain(own), "id-token": "write" };
    if (isFlow(own) || idToken) return [replacePair(text, job.permissions, merged)];
    return [insertPairs(text, own as YAMLMap, { "id-token": "write" })];
  }
  const inherited = workflow.permissions?.value;
  let permissions: Record<string, string> = { "id-token": "write", contents: "read" };
  if (workflow.permissions && isScalar(inherited)) {
    if (textOf(inherited) === "write-all") return [];
    warn({
      code: "permissions-string",
      line: lineOf(workflow.source, workflow.permissions.key),
      job: job.id,
      message: `The workflow's permissions are "${textOf(inherited)}"; the job gets id-token: write and contents: read only.`,
      fix: "Add the other scopes the job needs to its permissions map.",
    });
  } else if (workflow.permissions && isMap(inherited)) {
    permissions = { ...plain(inherited), "id-token": "write" };
  }
  const after = ["runs-on", "uses", "needs", "name"].find((k) => pairOf(job.node, k));
  return [insertPairs(text, job.node, { permissions }, after)];
}

function plain(map: unknown): Record<string, string> {
  return Object.fromEntries(entries(map).map(([k, p]) => [k, textOf(p.value) ?? ""]));
}

function replacePair(
  text: string,
  pair: NonNullable<GitHubJob["permissions"]>,
  value: Record<string, string>,
): TextEdit {
  const [start, end] = pairLines(text, pair);
  const indent = columnOf(text, pair.key.range?.[0] ?? start);
  const key = String((pair.key as { value?: unknown }).value);
  return { start, end, insert: renderBlock({ [key]: value }, indent) };
}
