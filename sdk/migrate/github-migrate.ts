/**
 * GitHub Actions: finds static cloud credentials in workflows and plans the edits that switch each
 * authenticating job to OIDC.
 *
 * @see https://docs.github.com/en/actions/concepts/security/openid-connect
 * @module
 */
import type { Node, YAMLMap } from "yaml";
import {
  cloudOfName,
  commandUsesCloud,
  credentialEnv,
  githubSecretRefs,
  isShellComment,
  loginActionFor,
  logicalLines,
  oidcLoginStep,
  shellLogin,
  shellVarRefs,
} from "./credentials";
import { idTokenPermissionEdits } from "./github-permissions";
import { calleeRefs, planCaller } from "./github-reusable";
import {
  finding,
  isCredentialEnv,
  resolveVar,
  secretsOf,
  via,
  viaInput,
  type Warn,
  warner,
  type WorkflowPlan,
} from "./github-secrets";
import { githubJobTrust, workflowRefs } from "./github-subjects";
import type { EnvEntry, GitHubJob, GitHubStep, GitHubWorkflow } from "./github-workflow";
import type { Cloud } from "./types";
import {
  entries,
  insertItemBefore,
  insertPairs,
  isFlow,
  itemLines,
  lineAt,
  lineEnd,
  lineOf,
  pairOf,
  removePair,
  textOf,
  type TextEdit,
  valueOf,
} from "./yaml-text";

export type { WorkflowPlan } from "./github-secrets";

interface JobState {
  readonly job: GitHubJob;
  readonly clouds: Set<Cloud>;
  /** Clouds that need a login step inserted, with the step index to insert before. */
  readonly needLogin: Map<Cloud, number>;
  readonly loginPresent: Set<Cloud>;
  readonly edits: TextEdit[];
  armOidc: boolean;
}

/**
 * Plans the migration of a set of workflows from one repository. Workflows are planned together
 * because a reusable workflow's trust depends on its callers, and a caller's edits on its callee.
 */
export function planGitHubWorkflows(
  workflows: readonly GitHubWorkflow[],
  repository: string,
): Map<string, WorkflowPlan> {
  const plans = new Map<string, WorkflowPlan>();
  const states = new Map<string, JobState[]>();
  for (const wf of workflows) {
    const plan: WorkflowPlan = { findings: [], warnings: [], edits: [], jobs: [] };
    plans.set(wf.file, plan);
    states.set(wf.file, planWorkflow(wf, plan));
  }

  const callerRefs = new Map<string, string[]>();
  for (const wf of workflows) {
    const plan = plans.get(wf.file) as WorkflowPlan;
    for (const job of wf.jobs) {
      if (job.uses === undefined) continue;
      const callee = job.uses.startsWith("./")
        ? workflows.find((w) => w.file.endsWith(job.uses?.slice(2) ?? "\0"))
        : undefined;
      const calleePlan = callee ? plans.get(callee.file) : undefined;
      planCaller(wf, job, plan, callee, calleePlan);
      if (callee && calleePlan && calleePlan.findings.length > 0) {
        callerRefs.set(callee.file, [...(callerRefs.get(callee.file) ?? []), ...workflowRefs(wf)]);
      }
    }
  }

  for (const wf of workflows) {
    const plan = plans.get(wf.file) as WorkflowPlan;
    const warn = warner(wf, plan);
    for (const state of states.get(wf.file) ?? []) {
      if (state.clouds.size === 0) continue;
      const refs = wf.triggers.events.has("workflow_call")
        ? calleeRefs(wf, state.job, callerRefs.get(wf.file), warn)
        : undefined;
      plan.jobs.push({
        job: state.job.id,
        clouds: [...state.clouds].sort(),
        trust: githubJobTrust(wf, state.job, repository, warn, refs),
      });
    }
  }
  return plans;
}

function planWorkflow(wf: GitHubWorkflow, plan: WorkflowPlan): JobState[] {
  const warn = warner(wf, plan);
  const src = wf.source;
  const prTarget = wf.triggers.events.has("pull_request_target");
  const wfCreds = wf.env.filter((e) => isCredentialEnv(e));
  const out: JobState[] = [];
  let blockedUse = false;

  for (const e of wfCreds) {
    plan.findings.push(
      finding(
        wf,
        e.pair.key,
        credentialEnv[e.name] as Cloud,
        secretsOf(e.value, [], wf),
        "*",
        "env",
      ),
    );
  }
  purposeWarnings(wf, wf.env, "*", warn);

  for (const job of wf.jobs) {
    if (job.uses !== undefined) continue;
    const state: JobState = {
      job,
      clouds: new Set(),
      needLogin: new Map(),
      loginPresent: new Set(),
      edits: [],
      armOidc: false,
    };
    const found = plan.findings.length;
    const scopes = [job.env, wf.env];
    planSteps(wf, job, state, plan, warn);
    for (const e of job.env.filter(isCredentialEnv)) {
      const cloud = credentialEnv[e.name] as Cloud;
      plan.findings.push(
        finding(wf, e.pair.key, cloud, secretsOf(e.value, scopes, wf, job), job.id, via(e.value)),
      );
      noteEnvCredential(state, e, cloud, firstCloudStep(job, cloud));
    }
    purposeWarnings(wf, job.env, job.id, warn);
    removeEnv(src.text, job.env, job.envNode, job.pair, state);

    const warned = new Set<Cloud>();
    for (const e of wfCreds) {
      const cloud = credentialEnv[e.name] as Cloud;
      const at = firstCloudStep(job, cloud);
      if (at === undefined && warned.has(cloud)) continue;
      warned.add(cloud);
      if (at === undefined) {
        warn({
          code: "unused-workflow-credential",
          line: lineOf(src, job.pair.key),
          job: job.id,
          message: `The job receives the workflow-wide ${e.name} but no step shows it using ${cloud.toUpperCase()}; after the rewrite it has no ${cloud.toUpperCase()} credentials.`,
          fix: `If a script of this job calls ${cloud.toUpperCase()}, add an OIDC login step to it.`,
        });
        continue;
      }
      noteEnvCredential(state, e, cloud, at);
    }
    const hasCredential = plan.findings.length > found || state.clouds.size > 0;
    if (hasCredential && prTarget) {
      blockedUse = true;
      warn({
        code: "pull-request-target",
        line: lineOf(src, job.pair.key),
        job: job.id,
        message:
          "The workflow runs on pull_request_target, with the base repository's secrets and token for code a pull request can change; the job was not rewritten.",
        fix: "Move the cloud login into a workflow that runs after review (push, or an environment with required reviewers), then rerun migrate.",
      });
      state.clouds.clear();
      continue;
    }
    if (state.clouds.size === 0) continue;
    if (!finishJob(wf, state, warn)) {
      state.clouds.clear();
      continue;
    }
    plan.edits.push(...state.edits);
    out.push(state);
  }

  if (wfCreds.length > 0 && !blockedUse) {
    removeEnv(src.text, wf.env, wf.envNode, pairOf(src.doc.contents, "env"), undefined, plan.edits);
  }
  if (wf.callSecrets) {
    const used = new Set(plan.findings.flatMap((f) => f.secrets));
    for (const [name, pair] of entries(wf.callSecrets)) {
      if (used.has(name)) plan.edits.push(removePair(src.text, pair));
    }
    if (entries(wf.callSecrets).every(([n]) => used.has(n))) {
      const onNode = valueOf(src.doc.contents, "on");
      const secretsPair = pairOf(valueOf(onNode, "workflow_call"), "secrets");
      if (secretsPair) plan.edits.push(removePair(src.text, secretsPair));
    }
  }
  return out;
}

function planSteps(
  wf: GitHubWorkflow,
  job: GitHubJob,
  state: JobState,
  plan: WorkflowPlan,
  warn: Warn,
): void {
  const src = wf.source;
  for (const step of job.steps) {
    const scopes = [step.env, job.env, wf.env];
    const login = step.uses !== undefined ? loginActionFor(step.uses) : undefined;
    if (login && !login.loginBefore) state.loginPresent.add(login.cloud);
    if (login && step.with) {
      const statics = entries(step.with).filter(([k]) => login.staticInputs.includes(k));
      for (const [, pair] of statics) {
        const value = textOf(pair.value) ?? "";
        const names = secretsOf(value, scopes, wf, job);
        plan.findings.push(finding(wf, pair.key, login.cloud, names, job.id, viaInput(value)));
      }
      if (statics.length > 0) {
        if (isFlow(step.with)) {
          flowWarning(wf, step.with, job, warn);
        } else {
          state.clouds.add(login.cloud);
          const withPair = pairOf(step.node, "with");
          if (statics.length === step.with.items.length && login.loginBefore && withPair) {
            state.edits.push(removePair(src.text, withPair));
          } else {
            for (const [, pair] of statics) state.edits.push(removePair(src.text, pair));
          }
          if (login.loginBefore && !state.needLogin.has(login.cloud)) {
            state.needLogin.set(login.cloud, step.index);
          }
          const missing = Object.fromEntries(
            Object.entries(login.oidcInputs).filter(([k]) => !pairOf(step.with, k)),
          );
          if (Object.keys(missing).length > 0) {
            state.edits.push(insertPairs(src.text, step.with, missing));
          }
        }
      }
    } else if (step.with) {
      for (const [key, pair] of entries(step.with)) {
        const names = githubSecretRefs(textOf(pair.value) ?? "").filter(cloudOfName);
        if (names.length === 0) continue;
        warn({
          code: "secret-not-login",
          line: lineOf(src, pair.key),
          job: job.id,
          message: `${names.join(", ")} is passed to input "${key}" of ${step.uses ?? "a step"}, which is not a cloud login Keyless knows.`,
          fix: "Check whether the action supports OIDC; if it does, switch it by hand and retire the key.",
        });
      }
    }
    for (const e of step.env.filter(isCredentialEnv)) {
      const cloud = credentialEnv[e.name] as Cloud;
      plan.findings.push(
        finding(wf, e.pair.key, cloud, secretsOf(e.value, scopes, wf, job), job.id, via(e.value)),
      );
      noteEnvCredential(state, e, cloud, step.index);
    }
    purposeWarnings(wf, step.env, job.id, warn);
    removeEnv(src.text, step.env, step.envNode, pairOf(step.node, "env"), state);
    if (step.run) planRun(wf, job, step, state, plan, warn, scopes);
  }
}

function planRun(
  wf: GitHubWorkflow,
  job: GitHubJob,
  step: GitHubStep,
  state: JobState,
  plan: WorkflowPlan,
  warn: Warn,
  scopes: ReadonlyArray<readonly EnvEntry[]>,
): void {
  const src = wf.source;
  const run = step.run as Node;
  const range = run.range;
  if (!range) return;
  const value = textOf(run) ?? "";
  const block = /^[|>]/.test(src.text.slice(range[0], range[0] + 1));
  const bodyStart = block ? lineEnd(src.text, range[0]) : range[0];
  const physical = block ? src.text.slice(bodyStart, range[1]).split("\n") : [value];
  const logical = logicalLines(physical.join("\n"));
  if (!block && logical.length > 1) {
    // Only block scalars map one source line to one command; anything else is left to a person.
    const hit = logical.find((l) => shellLogin(l.text));
    if (hit) {
      warn({
        code: "manual-rewrite",
        line: lineAt(src, range[0]),
        job: job.id,
        message: `A run step written as a quoted multi-line string logs in with ${shellLogin(hit.text)?.what}.`,
        fix: "Write the run step as a block scalar (run: |) and rerun migrate, or remove the login by hand.",
      });
    }
    return;
  }
  let removed = 0;
  let lastLine = 0;
  for (const l of logical) {
    if (isShellComment(l.text) || l.text.trim() === "") continue;
    lastLine++;
    const login = shellLogin(l.text);
    const line = block ? lineAt(src, bodyStart) + l.first : lineAt(src, range[0]);
    if (!login) {
      const names = githubSecretRefs(l.text).filter(cloudOfName);
      if (names.length > 0) {
        warn({
          code: "secret-not-login",
          line,
          job: job.id,
          message: `${names.join(", ")} is used in a command that is not a cloud login.`,
          fix: "Decide whether the command still needs the key once the job logs in with OIDC; retire it when not.",
        });
      }
      continue;
    }
    const names = [
      ...githubSecretRefs(l.text),
      ...shellVarRefs(l.text).flatMap((v) => resolveVar(v, scopes, wf, job)),
    ];
    plan.findings.push({
      kind: "static-credential",
      file: wf.file,
      line,
      ci: "github",
      cloud: login.cloud,
      secrets: [...new Set(names)],
      job: job.id,
      via: "shell",
    });
    state.clouds.add(login.cloud);
    if (!state.needLogin.has(login.cloud)) state.needLogin.set(login.cloud, step.index);
    removed++;
    if (block) {
      const starts = offsetsOfLines(src.text, bodyStart);
      const start = starts[l.first] ?? bodyStart;
      const end = starts[l.last + 1] ?? lineEnd(src.text, start);
      state.edits.push({ start, end, insert: "" });
    }
  }
  if (removed > 0 && removed === lastLine) {
    const [start, end] = itemLines(src.text, step.node);
    state.edits.push({ start, end, insert: "" });
  }
}

function offsetsOfLines(text: string, from: number): number[] {
  const out = [from];
  let at = from;
  for (let i = 0; i < 10_000; i++) {
    const next = text.indexOf("\n", at);
    if (next < 0) break;
    at = next + 1;
    out.push(at);
  }
  return out;
}

/** Adds the login steps and permissions; `false` when the job's permissions cannot be widened. */
function finishJob(wf: GitHubWorkflow, state: JobState, warn: Warn): boolean {
  const src = wf.source;
  const { job } = state;
  for (const [cloud, index] of state.needLogin) {
    if (state.loginPresent.has(cloud)) continue;
    if (cloud === "azure" && state.armOidc && state.needLogin.size > 0 && !needsAzLogin(job))
      continue;
    const step = job.steps.find((s) => s.index === index) ?? job.steps[0];
    if (!step) continue;
    const region = regionOf(job, wf);
    state.edits.push(insertItemBefore(src.text, step.node, oidcLoginStep(cloud, region)));
  }
  const permissions = idTokenPermissionEdits(wf, job, warn);
  if (!permissions) return false;
  state.edits.push(...permissions);
  if (wf.triggers.events.has("pull_request")) {
    warn({
      code: "fork-pull-request",
      line: lineOf(src, job.pair.key),
      job: job.id,
      message:
        "The workflow also runs for pull requests: runs from forks get no OIDC token, and pull-request runs are not granted by the declaration.",
      fix: "If pull-request runs must reach the cloud, grant { pullRequest: true } to a read-only identity after review.",
    });
  }
  return true;
}

function needsAzLogin(job: GitHubJob): boolean {
  return job.steps.some((s) => s.run && /\baz\s/.test(textOf(s.run) ?? ""));
}

function regionOf(job: GitHubJob, wf: GitHubWorkflow): string | undefined {
  const e = [...job.env, ...wf.env].find(
    (x) => x.name === "AWS_REGION" || x.name === "AWS_DEFAULT_REGION",
  );
  return e?.value || undefined;
}

function noteEnvCredential(
  state: JobState,
  e: EnvEntry,
  cloud: Cloud,
  at: number | undefined,
): void {
  state.clouds.add(cloud);
  // Terraform's azurerm provider exchanges the job's token itself once told to.
  if (e.name === "ARM_CLIENT_SECRET") {
    state.armOidc = true;
    return;
  }
  if (!state.needLogin.has(cloud)) state.needLogin.set(cloud, at ?? 0);
}

function removeEnv(
  text: string,
  env: readonly EnvEntry[],
  envNode: YAMLMap | undefined,
  envPair: ReturnType<typeof pairOf>,
  state: JobState | undefined,
  into: TextEdit[] = state?.edits ?? [],
): void {
  const creds = env.filter(isCredentialEnv);
  if (creds.length === 0 || !envNode || !envPair || isFlow(envNode)) return;
  const arm =
    creds.some((e) => e.name === "ARM_CLIENT_SECRET") &&
    !env.some((e) => e.name === "ARM_USE_OIDC");
  if (creds.length === env.length && !arm) {
    into.push(removePair(text, envPair));
    return;
  }
  for (const e of creds) into.push(removePair(text, e.pair));
  if (arm) into.push(insertPairs(text, envNode, { ARM_USE_OIDC: "true" }));
}

function purposeWarnings(
  wf: GitHubWorkflow,
  env: readonly EnvEntry[],
  job: string,
  warn: Warn,
): void {
  for (const e of env) {
    if (credentialEnv[e.name]) continue;
    const names = githubSecretRefs(e.value).filter(cloudOfName);
    if (names.length === 0) continue;
    warn({
      code: "purpose-unclear",
      line: lineOf(wf.source, e.pair.key),
      job,
      message: `${e.name} carries ${names.join(", ")}, which looks like a cloud key, but the file does not show what reads it.`,
      fix: "Find what reads the variable; if it logs in to a cloud, switch that login to OIDC and retire the key.",
    });
  }
}

function flowWarning(wf: GitHubWorkflow, node: Node, job: GitHubJob, warn: Warn): void {
  warn({
    code: "flow-style",
    line: lineOf(wf.source, node),
    job: job.id,
    message: "The inputs are written in flow style ({ … }); migrate edits block style only.",
    fix: "Rewrite the mapping in block style and rerun migrate.",
  });
}

function firstCloudStep(job: GitHubJob, cloud: Cloud): number | undefined {
  const step = job.steps.find(
    (s) =>
      (s.run && commandUsesCloud(textOf(s.run) ?? "", cloud)) ||
      (s.uses && loginActionFor(s.uses)?.cloud === cloud) ||
      s.env.some((e) => credentialEnv[e.name] === cloud),
  );
  return step?.index;
}
