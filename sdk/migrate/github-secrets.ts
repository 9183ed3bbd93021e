/**
 * Where a GitHub credential's secret names come from: expressions, matrix entries and `env.`
 * indirections, resolved through the step, job and workflow environments.
 *
 * @module
 */
import { credentialEnv, githubSecretRefs } from "./credentials";
import {
  type EnvEntry,
  type GitHubJob,
  type GitHubWorkflow,
  matrixValues,
} from "./github-workflow";
import type { Cloud, CredentialFinding, CredentialVia, MigrationWarning } from "./types";
import { lineOf } from "./yaml-text";

/** What one workflow's planning collects. */
export interface WorkflowPlan {
  readonly findings: CredentialFinding[];
  readonly warnings: MigrationWarning[];
  readonly edits: import("./yaml-text").TextEdit[];
  /** Jobs switched to OIDC, with the clouds each logs in to and the trust each needs. */
  readonly jobs: Array<{
    job: string;
    clouds: Cloud[];
    trust: import("../trust").GitHubTrustArgs[];
  }>;
}

/** A function that records a warning for the workflow's file. */
export type Warn = (w: Omit<MigrationWarning, "file">) => void;

/** The warning recorder of a workflow's plan. */
export function warner(wf: GitHubWorkflow, plan: WorkflowPlan): Warn {
  return (w: Omit<MigrationWarning, "file">) => plan.warnings.push({ file: wf.file, ...w });
}

/** Whether an env entry is a credential variable fed from a secret. */
export function isCredentialEnv(e: EnvEntry): boolean {
  return credentialEnv[e.name] !== undefined && /\$\{\{[^}]*secrets[.[]/.test(e.value);
}

/** How a value reaches the job: through a matrix entry or directly. */
export function via(value: string): CredentialVia {
  return /secrets\[\s*matrix\./.test(value) ? "matrix" : "env";
}

/** How an action input reaches the job: through a matrix entry or directly. */
export function viaInput(value: string): CredentialVia {
  return /secrets\[\s*matrix\./.test(value) ? "matrix" : "action-input";
}

/** The secret names a value reads, through matrix entries and `env.X` indirections. */
export function secretsOf(
  value: string,
  scopes: ReadonlyArray<readonly EnvEntry[]>,
  wf: GitHubWorkflow,
  job?: GitHubJob,
): string[] {
  const names = new Set(githubSecretRefs(value));
  for (const m of value.matchAll(/secrets\[\s*matrix\.([A-Za-z0-9_-]+)\s*\]/g)) {
    for (const v of matrixValues(job?.matrix, m[1] ?? "")) names.add(v);
  }
  for (const m of value.matchAll(/\benv\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
    for (const v of resolveVar(m[1] ?? "", scopes, wf, job)) names.add(v);
  }
  return [...names];
}

/** The secret names behind a shell or `env.` variable, or the variable itself. */
export function resolveVar(
  name: string,
  scopes: ReadonlyArray<readonly EnvEntry[]>,
  wf: GitHubWorkflow,
  job?: GitHubJob,
): string[] {
  for (const scope of scopes) {
    const e = scope.find((x) => x.name === name);
    if (e) {
      const inner = secretsOf(e.value, [], wf, job);
      return inner.length > 0 ? inner : [name];
    }
  }
  return [name];
}

/** A finding in a workflow. */
export function finding(
  wf: GitHubWorkflow,
  key: unknown,
  cloud: Cloud,
  secrets: readonly string[],
  job: string,
  how: CredentialVia,
): CredentialFinding {
  return {
    kind: "static-credential",
    file: wf.file,
    line: lineOf(wf.source, key),
    ci: "github",
    cloud,
    secrets: [...new Set(secrets)],
    job,
    via: how,
  };
}
