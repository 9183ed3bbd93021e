/**
 * Bitbucket Pipelines: finds static cloud credentials in `bitbucket-pipelines.yml` (pipe variables,
 * shell lines) and switches AWS pipes to OIDC (`oidc: true` on the step, `AWS_OIDC_ROLE_ARN`), which
 * read the step's `BITBUCKET_STEP_OIDC_TOKEN`.
 *
 * @see https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/
 * @module
 */
import { isMap, type Node, type YAMLMap } from "yaml";
import type { OidcTrustArgs } from "../trust";
import { type CiPlan, type CiPlanOptions, emptyPlan } from "./ci-plan";
import { credentialEnv, logicalLines, shellLogin, shellVarRefs } from "./credentials";
import type { Cloud, MigrationWarning } from "./types";
import {
  entries,
  insertPairs,
  isFlow,
  itemsOf,
  lineOf,
  pairOf,
  removePair,
  textOf,
  type TextEdit,
  valueOf,
  type YamlSource,
} from "./yaml-text";

/** Placeholder for the repository UUID shown under Repository settings → OpenID Connect. */
export const BITBUCKET_REPOSITORY_PLACEHOLDER = "{REPLACE_ME_REPOSITORY_UUID}";

/** Plans one Bitbucket Pipelines file. */
export function planBitbucket(file: string, source: YamlSource, options: CiPlanOptions): CiPlan {
  const plan = emptyPlan();
  const warn = (w: Omit<MigrationWarning, "file">) => plan.warnings.push({ file, ...w });
  const workspace = options.repository.split("/")[0] ?? "replace-me";
  const seen = new Set<Node>();
  for (const { step, job, ref } of steps(valueOf(source.doc.contents, "pipelines"))) {
    if (seen.has(step)) continue;
    seen.add(step);
    const clouds = new Set<Cloud>();
    const edits: TextEdit[] = [];
    for (const item of itemsOf(valueOf(step, "script"))) {
      const pipe = textOf(valueOf(item, "pipe"));
      if (pipe) {
        const vars = valueOf(item, "variables");
        const keys = entries(vars).filter(([k]) => credentialEnv[k] !== undefined);
        if (keys.length === 0) continue;
        const cloud = credentialEnv[keys[0]?.[0] ?? ""] as Cloud;
        plan.findings.push({
          kind: "static-credential",
          file,
          line: lineOf(source, keys[0]?.[1].key),
          ci: "bitbucket",
          cloud,
          secrets: [...new Set(keys.flatMap(([, p]) => shellVarRefs(textOf(p.value) ?? "")))],
          job,
          via: "pipe",
        });
        if (cloud !== "aws" || !isMap(vars) || isFlow(vars)) {
          warn({
            code: "manual-rewrite",
            line: lineOf(source, item),
            job,
            message: `The pipe ${pipe} receives a static ${cloud.toUpperCase()} key.`,
            fix: "Check the pipe's documentation for its OIDC variables, switch it by hand and set oidc: true on the step.",
          });
          continue;
        }
        clouds.add("aws");
        for (const [, p] of keys) edits.push(removePair(source.text, p));
        if (!pairOf(vars, "AWS_OIDC_ROLE_ARN")) {
          edits.push(
            insertPairs(source.text, vars as YAMLMap, { AWS_OIDC_ROLE_ARN: "$AWS_ROLE_ARN" }),
          );
        }
        continue;
      }
      const hit = logicalLines(textOf(item) ?? "")
        .map((l) => ({ line: l.text, login: shellLogin(l.text) }))
        .find((x) => x.login);
      if (!hit?.login) continue;
      const { line, login } = hit;
      plan.findings.push({
        kind: "static-credential",
        file,
        line: lineOf(source, item),
        ci: "bitbucket",
        cloud: login.cloud,
        secrets: shellVarRefs(line),
        job,
        via: "shell",
      });
      warn({
        code: "manual-rewrite",
        line: lineOf(source, item),
        job,
        message: `A script line logs in with ${login.what}.`,
        fix: "Set oidc: true on the step and exchange $BITBUCKET_STEP_OIDC_TOKEN (e.g. AWS_WEB_IDENTITY_TOKEN_FILE), then retire the key.",
      });
    }
    if (clouds.size === 0) continue;
    if (textOf(valueOf(step, "oidc")) !== "true") {
      edits.push(insertPairs(source.text, step as YAMLMap, { oidc: true }, "name"));
    }
    plan.edits.push(...edits);
    const deployment = textOf(valueOf(step, "deployment"));
    const subject = deployment
      ? `${BITBUCKET_REPOSITORY_PLACEHOLDER}:{REPLACE_ME_${deployment.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_ENVIRONMENT_UUID}:*`
      : `${BITBUCKET_REPOSITORY_PLACEHOLDER}:*`;
    const oidc: OidcTrustArgs = {
      issuerUrl: `https://api.bitbucket.org/2.0/workspaces/${workspace}/pipelines-config/identity/oidc`,
      subject,
    };
    if (ref === undefined) {
      warn({
        code: "trigger-any-branch",
        line: lineOf(source, step),
        job,
        message: "The step runs for any branch; the token's subject does not name the branch.",
        fix: "Move the step under pipelines.branches or a deployment environment with restrictions.",
      });
    }
    plan.jobs.push({ job, clouds: [...clouds].sort(), trust: [{ oidc }] });
  }
  return plan;
}

/** Every step under `pipelines`, with `PIPELINE/NAME#N` as its job name and its branch if any. */
function steps(pipelines: Node | undefined): Array<{ step: YAMLMap; job: string; ref?: string }> {
  const out: Array<{ step: YAMLMap; job: string; ref?: string }> = [];
  const visit = (list: Node | undefined, job: string, ref?: string) => {
    itemsOf(list).forEach((item, i) => {
      const step = valueOf(item, "step");
      if (isMap(step))
        out.push({ step: step as YAMLMap, job: `${job}#${i + 1}`, ...(ref ? { ref } : {}) });
      const parallel = valueOf(item, "parallel");
      visit(isMap(parallel) ? valueOf(parallel, "steps") : parallel, `${job}#${i + 1}`, ref);
    });
  };
  visit(valueOf(pipelines, "default"), "default");
  for (const kind of ["branches", "tags", "custom", "pull-requests"]) {
    for (const [name, pair] of entries(valueOf(pipelines, kind))) {
      visit(pair.value ?? undefined, `${kind}/${name}`, kind === "branches" ? name : undefined);
    }
  }
  return out;
}
