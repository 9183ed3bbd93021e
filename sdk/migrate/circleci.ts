/**
 * CircleCI: finds static cloud credentials in `.circleci/config.yml` (orb parameters, environment,
 * shell lines) and switches the `aws-cli` and `gcp-cli` orbs to their OIDC parameters, which read
 * the job's `CIRCLE_OIDC_TOKEN_V2`.
 *
 * @see https://circleci.com/docs/openid-connect-tokens/
 * @module
 */
import { isMap, isScalar, type Node, type YAMLMap } from "yaml";
import { type CiPlan, type CiPlanOptions, emptyPlan } from "./ci-plan";
import { credentialEnv, shellLogin, shellVarRefs } from "./credentials";
import type { Cloud, CredentialVia, MigrationWarning } from "./types";
import {
  entries,
  insertItemBefore,
  insertPairs,
  isFlow,
  itemLines,
  itemsOf,
  lineOf,
  removePair,
  textOf,
  type TextEdit,
  valueOf,
  type YamlSource,
} from "./yaml-text";

/** Placeholder for the organization ID shown under Organization Settings. */
export const CIRCLECI_ORG_PLACEHOLDER = "REPLACE_ME_CIRCLECI_ORG_ID";
/** Placeholder for the project ID shown under Project Settings. */
export const CIRCLECI_PROJECT_PLACEHOLDER = "REPLACE_ME_CIRCLECI_PROJECT_ID";

const awsKeyParams = [
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws-access-key-id",
  "aws-secret-access-key",
];

/** Plans one CircleCI config. */
export function planCircleCi(file: string, source: YamlSource, _options: CiPlanOptions): CiPlan {
  const plan = emptyPlan();
  const root = source.doc.contents;
  const warn = (w: Omit<MigrationWarning, "file">) => plan.warnings.push({ file, ...w });
  const hyphenated = /circleci\/aws-cli@[0-3]\./.test(
    textOf(valueOf(valueOf(root, "orbs"), "aws-cli")) ?? "",
  );
  const push = (node: unknown, cloud: Cloud, secrets: string[], job: string, via: CredentialVia) =>
    plan.findings.push({
      kind: "static-credential",
      file,
      line: lineOf(source, node),
      ci: "circleci",
      cloud,
      secrets: [...new Set(secrets)],
      job,
      via,
    });

  for (const [jobName, jobPair] of entries(valueOf(root, "jobs"))) {
    const job = jobPair.value;
    if (!isMap(job)) continue;
    const clouds = new Set<Cloud>();
    const edits: TextEdit[] = [];
    for (const [name, pair] of entries(valueOf(job, "environment"))) {
      const cloud = credentialEnv[name];
      const refs = shellVarRefs(textOf(pair.value) ?? "");
      if (!cloud || refs.length === 0) continue;
      push(pair.key, cloud, refs, jobName, "env");
      warn({
        code: "manual-rewrite",
        line: lineOf(source, pair.key),
        job: jobName,
        message: `${name} is set from ${refs.join(", ")} in the job's environment.`,
        fix: "Log in with the cloud's orb and role_arn (or use_oidc) instead, then remove the variable and the context entry.",
      });
    }
    for (const step of itemsOf(valueOf(job, "steps"))) {
      const orb = orbStep(step);
      if (orb?.name === "aws-cli/setup") {
        const params = orb.params;
        const keys = entries(params).filter(([k]) => awsKeyParams.includes(k));
        const hasRole = entries(params).some(([k]) => k === "role_arn" || k === "role-arn");
        if (keys.length === 0 && hasRole) continue;
        const names =
          keys.length > 0
            ? keys.flatMap(([, p]) => shellVarRefs(textOf(p.value) ?? ""))
            : ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
        push(keys[0]?.[1].key ?? step, "aws", names, jobName, "orb");
        clouds.add("aws");
        const role = { [hyphenated ? "role-arn" : "role_arn"]: "${AWS_ROLE_ARN}" };
        if (isMap(params) && !isFlow(params) && params.items.length > keys.length) {
          for (const [, p] of keys) edits.push(removePair(source.text, p));
          edits.push(insertPairs(source.text, params, role));
        } else {
          const [start, end] = itemLines(source.text, step);
          edits.push(insertItemBefore(source.text, step, { "aws-cli/setup": role }));
          edits.push({ start, end, insert: "" });
        }
      } else if (orb && /^gcp-cli\/(setup|initialize)$/.test(orb.name)) {
        if (textOf(valueOf(orb.params, "use_oidc")) === "true") continue;
        const keyParam = entries(orb.params).find(([k]) => k === "gcloud_service_key");
        push(
          keyParam?.[1].key ?? step,
          "gcp",
          [textOf(keyParam?.[1].value) ?? "GCLOUD_SERVICE_KEY"],
          jobName,
          "orb",
        );
        clouds.add("gcp");
        if (
          isMap(orb.params) &&
          !isFlow(orb.params) &&
          orb.params.items.length > (keyParam ? 1 : 0)
        ) {
          if (keyParam) edits.push(removePair(source.text, keyParam[1]));
          edits.push(insertPairs(source.text, orb.params, { use_oidc: true }));
        } else {
          const [start, end] = itemLines(source.text, step);
          edits.push(insertItemBefore(source.text, step, { [orb.name]: { use_oidc: true } }));
          edits.push({ start, end, insert: "" });
        }
      } else {
        const command =
          textOf(valueOf(step, "run")) ?? textOf(valueOf(valueOf(step, "run"), "command"));
        for (const line of (command ?? "").split("\n")) {
          const login = shellLogin(line);
          if (!login) continue;
          push(step, login.cloud, shellVarRefs(line), jobName, "shell");
          warn({
            code: "manual-rewrite",
            line: lineOf(source, step),
            job: jobName,
            message: `A run step logs in with ${login.what}.`,
            fix: "Replace it with the cloud's orb and its OIDC parameters (aws-cli/setup role_arn, gcp-cli/setup use_oidc), or exchange $CIRCLE_OIDC_TOKEN_V2 yourself.",
          });
        }
      }
    }
    if (clouds.size === 0) continue;
    plan.edits.push(...edits);
    warn({
      code: "circleci-context-required",
      line: lineOf(source, jobPair.key),
      job: jobName,
      message: "CircleCI issues OIDC tokens to jobs that run with a context.",
      fix: "Keep (or add) a context on this job in the workflow, and remove the keys from that context once the job works.",
    });
    plan.jobs.push({
      job: jobName,
      clouds: [...clouds].sort(),
      trust: [
        {
          oidc: {
            issuerUrl: `https://oidc.circleci.com/org/${CIRCLECI_ORG_PLACEHOLDER}`,
            subject: `org/${CIRCLECI_ORG_PLACEHOLDER}/project/${CIRCLECI_PROJECT_PLACEHOLDER}/user/*`,
          },
        },
      ],
    });
  }
  return plan;
}

function orbStep(step: Node): { name: string; params: YAMLMap | undefined } | undefined {
  if (isScalar(step)) {
    const name = textOf(step) ?? "";
    return name.includes("/") ? { name, params: undefined } : undefined;
  }
  const [first] = entries(step);
  if (!first || !first[0].includes("/") || entries(step).length !== 1) return undefined;
  const params = first[1].value;
  return { name: first[0], params: isMap(params) ? (params as YAMLMap) : undefined };
}
