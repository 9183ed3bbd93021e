/**
 * Reusable workflows: a caller passing secrets (or `secrets: inherit`) to a workflow that logs in
 * with them, and the refs a reusable workflow's token is pinned at.
 *
 * @see https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-with-reusable-workflows
 * @module
 */
import { idTokenPermissionEdits } from "./github-permissions";
import { finding, secretsOf, type Warn, warner, type WorkflowPlan } from "./github-secrets";
import type { GitHubJob, GitHubWorkflow } from "./github-workflow";
import { entries, lineOf, removePair, textOf, type TextEdit } from "./yaml-text";

/** The exact refs a reusable workflow is called at, from its callers' triggers. */
export function calleeRefs(
  wf: GitHubWorkflow,
  job: GitHubJob,
  refs: readonly string[] | undefined,
  warn: Warn,
): string[] {
  const line = lineOf(wf.source, job.pair.key);
  if (!refs || refs.length === 0) {
    warn({
      code: "reusable-caller-unknown",
      line,
      job: job.id,
      message:
        "No caller of this reusable workflow was found among the files read; the declaration pins it at refs/heads/main.",
      fix: "Run migrate on the callers too, or correct the ref in the declaration.",
    });
    return ["refs/heads/main"];
  }
  const exact = [...new Set(refs)].filter((r) => !/[*?]/.test(r));
  if (exact.length < new Set(refs).size) {
    warn({
      code: "trigger-any-branch",
      line,
      job: job.id,
      message: "A caller runs on a ref pattern; a reusable workflow is pinned at exact refs only.",
      fix: "Add one workflow trust per ref that calls this workflow.",
    });
  }
  return exact.length > 0 ? exact : ["refs/heads/main"];
}

/** Plans a caller job: findings for the secrets it passes, and the edits once the callee is keyless. */
export function planCaller(
  wf: GitHubWorkflow,
  job: GitHubJob,
  plan: WorkflowPlan,
  callee: GitHubWorkflow | undefined,
  calleePlan: WorkflowPlan | undefined,
): void {
  const warn = warner(wf, plan);
  const src = wf.source;
  const secretsPair = job.secrets;
  if (!secretsPair) return;
  const inherit = textOf(secretsPair.value) === "inherit";
  if (!callee) {
    if (inherit) {
      warn({
        code: "secrets-inherit-remote",
        line: lineOf(src, secretsPair.key),
        job: job.id,
        message: `Every secret of the repository is passed to ${job.uses ?? "a reusable workflow"}, which is not in the files read; what it logs in to cannot be told.`,
        fix: "Pass only the secrets the workflow needs, and migrate the called workflow in its own repository.",
      });
    }
    return;
  }
  const cloudFindings = calleePlan?.findings ?? [];
  if (cloudFindings.length === 0) return;
  const clouds = [...new Set(cloudFindings.map((f) => f.cloud))];
  const used = new Set(cloudFindings.flatMap((f) => f.secrets));
  const edits: TextEdit[] = [];
  if (inherit) {
    for (const cloud of clouds) {
      plan.findings.push(
        finding(wf, secretsPair.key, cloud, [...used].sort(), job.id, "secrets-inherit"),
      );
    }
    const stillNeeded = calleePlan ? stillReadsSecrets(callee, calleePlan) : true;
    if (!stillNeeded) edits.push(removePair(src.text, secretsPair));
  } else {
    const passed = entries(secretsPair.value).filter(([k]) => used.has(k));
    for (const [k, pair] of passed) {
      const cloud = cloudFindings.find((f) => f.secrets.includes(k))?.cloud ?? "aws";
      plan.findings.push(
        finding(
          wf,
          pair.key,
          cloud,
          secretsOf(textOf(pair.value) ?? "", [], wf),
          job.id,
          "reusable-secrets",
        ),
      );
    }
    if (passed.length > 0 && passed.length === entries(secretsPair.value).length) {
      edits.push(removePair(src.text, secretsPair));
    } else {
      for (const [, pair] of passed) edits.push(removePair(src.text, pair));
    }
  }
  if (plan.findings.some((f) => f.job === job.id)) {
    const permissions = idTokenPermissionEdits(wf, job, warn);
    if (permissions) plan.edits.push(...edits, ...permissions);
  }
}

function stillReadsSecrets(callee: GitHubWorkflow, plan: WorkflowPlan): boolean {
  const removed = plan.edits.filter((e) => e.insert === "");
  const text = callee.source.text;
  let at = 0;
  let kept = "";
  for (const e of [...removed].sort((a, b) => a.start - b.start)) {
    if (e.start < at) continue;
    kept += text.slice(at, e.start);
    at = e.end;
  }
  kept += text.slice(at);
  return /\$\{\{[^}]*secrets[.[]/.test(kept.replace(/^\s*#.*$/gm, ""));
}
