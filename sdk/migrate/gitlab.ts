/**
 * GitLab CI: finds static cloud credentials in `.gitlab-ci.yml` (and its local includes) and plans
 * the switch of each authenticating job to `id_tokens`.
 *
 * @see https://docs.gitlab.com/ci/secrets/id_token_authentication/
 * @module
 */
import { isMap, isSeq, type Node, type Pair, type YAMLMap } from "yaml";
import type { GitLabTrustArgs } from "../trust";
import { type CiPlan, type CiPlanOptions, emptyPlan } from "./ci-plan";
import { cloudOfName, credentialEnv, logicalLines, shellLogin, shellVarRefs } from "./credentials";
import type { Cloud, MigrationWarning } from "./types";
import {
  entries,
  insertItemBefore,
  insertPairs,
  isFlow,
  itemLines,
  itemsOf,
  lineOf,
  pairOf,
  removePair,
  textOf,
  type TextEdit,
  valueOf,
  type YamlSource,
} from "./yaml-text";

/** Top-level keys that are not jobs. */
const reserved = new Set([
  "stages",
  "variables",
  "default",
  "include",
  "workflow",
  "image",
  "services",
  "before_script",
  "after_script",
  "cache",
  "spec",
]);

/** The audience each cloud expects, and the CI variables its tooling reads. */
const oidc: Record<
  Cloud,
  { token: string; aud: string; variables: Record<string, string>; script: string[] }
> = {
  aws: {
    token: "AWS_ID_TOKEN",
    aud: "sts.amazonaws.com",
    variables: {
      AWS_ROLE_ARN: "$KEYLESS_AWS_ROLE_ARN",
      AWS_WEB_IDENTITY_TOKEN_FILE: "/tmp/keyless-aws-web-identity-token",
    },
    script: [`printf '%s' "$AWS_ID_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"`],
  },
  gcp: {
    token: "GCP_ID_TOKEN",
    aud: "https://iam.googleapis.com/$GCP_WORKLOAD_IDENTITY_PROVIDER",
    variables: {
      GCP_ID_TOKEN_FILE: "/tmp/keyless-gcp-id-token",
      GOOGLE_APPLICATION_CREDENTIALS: "/tmp/keyless-gcp-credentials.json",
      // gcloud itself does not read application default credentials; this points it at them.
      CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: "/tmp/keyless-gcp-credentials.json",
    },
    script: [
      `printf '%s' "$GCP_ID_TOKEN" > "$GCP_ID_TOKEN_FILE"`,
      `gcloud iam workload-identity-pools create-cred-config "$GCP_WORKLOAD_IDENTITY_PROVIDER" --service-account="$GCP_SERVICE_ACCOUNT" --credential-source-file="$GCP_ID_TOKEN_FILE" --output-file="$GOOGLE_APPLICATION_CREDENTIALS"`,
    ],
  },
  azure: {
    token: "AZURE_ID_TOKEN",
    aud: "api://AzureADTokenExchange",
    variables: {
      AZURE_FEDERATED_TOKEN_FILE: "/tmp/keyless-azure-id-token",
      ARM_USE_OIDC: "true",
      ARM_OIDC_TOKEN_FILE_PATH: "/tmp/keyless-azure-id-token",
    },
    script: [`printf '%s' "$AZURE_ID_TOKEN" > "$AZURE_FEDERATED_TOKEN_FILE"`],
  },
};

const azLogin = `az login --service-principal -u "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$AZURE_ID_TOKEN"`;

/** Plans one GitLab CI file. */
export function planGitLab(file: string, source: YamlSource, options: CiPlanOptions): CiPlan {
  const plan = emptyPlan();
  const root = source.doc.contents;
  if (!isMap(root)) return plan;
  const warn = (w: Omit<MigrationWarning, "file">) => plan.warnings.push({ file, ...w });
  const globalVars = credentialVars(valueOf(root, "variables"));
  for (const { pair, cloud, names } of globalVars) {
    plan.findings.push(finding(file, source, pair.key, cloud, names, "*", "env"));
  }
  let globalUsed = globalVars.length === 0;

  for (const [name, pair] of entries(root)) {
    if (reserved.has(name) || !isMap(pair.value)) continue;
    const job = pair.value as YAMLMap;
    if (!pairOf(job, "script") && !pairOf(job, "extends")) continue;
    const clouds = new Set<Cloud>();
    const edits: TextEdit[] = [];
    const removedLogin = new Set<Cloud>();
    const vars = credentialVars(valueOf(job, "variables"));
    for (const v of vars) {
      plan.findings.push(finding(file, source, v.pair.key, v.cloud, v.names, name, "env"));
      clouds.add(v.cloud);
      edits.push(removePair(source.text, v.pair));
    }
    for (const key of ["before_script", "script", "after_script"]) {
      for (const item of itemsOf(valueOf(job, key))) {
        const text = textOf(item) ?? "";
        const lines = logicalLines(text).map((l) => l.text);
        const hit = lines.map((l) => ({ l, login: shellLogin(l) })).find((x) => x.login);
        if (!hit?.login) continue;
        const { login, l: line } = hit;
        const names = shellVarRefs(line).filter((n) => cloudOfName(n) || credentialEnv[n]);
        plan.findings.push(finding(file, source, item, login.cloud, names, name, "shell"));
        if (lines.length > 1) {
          // A multi-command item is the author's script: removing it whole would drop other work.
          warn({
            code: "manual-rewrite",
            line: lineOf(source, item),
            job: name,
            message: `A multi-line script item logs in with ${login.what}.`,
            fix: "Remove the login from the item; migrate then adds the id_tokens login to the job.",
          });
          continue;
        }
        clouds.add(login.cloud);
        removedLogin.add(login.cloud);
        edits.push({
          start: itemLines(source.text, item)[0],
          end: itemLines(source.text, item)[1],
          insert: "",
        });
      }
    }
    const usesGlobal = globalVars.filter((g) => jobMentions(job, g.cloud));
    for (const g of usesGlobal) clouds.add(g.cloud);
    if (usesGlobal.length > 0) globalUsed = true;
    if (clouds.size === 0) continue;

    const script = valueOf(job, "script");
    const first = itemsOf(script)[0];
    if (!isSeq(script) || isFlow(script) || !first || isFlow(valueOf(job, "variables"))) {
      warn({
        code: "flow-style",
        line: lineOf(source, pair.key),
        job: name,
        message:
          "The job's script or variables are not a block list/map; migrate edits block style only.",
        fix: "Write them in block style and rerun migrate.",
      });
      continue;
    }
    const sorted = [...clouds].sort();
    const tokens = Object.fromEntries(sorted.map((c) => [oidc[c].token, { aud: oidc[c].aud }]));
    const variables = Object.assign({}, ...sorted.map((c) => oidc[c].variables)) as Record<
      string,
      string
    >;
    const lines = sorted.flatMap((c) => [
      ...oidc[c].script,
      ...(c === "azure" && removedLogin.has("azure") ? [azLogin] : []),
    ]);
    const tokensNode = valueOf(job, "id_tokens");
    edits.push(
      isMap(tokensNode)
        ? insertPairs(source.text, tokensNode, tokens)
        : insertPairs(source.text, job, { id_tokens: tokens }, "stage"),
    );
    const varsNode = valueOf(job, "variables");
    edits.push(
      isMap(varsNode)
        ? insertPairs(source.text, varsNode, variables)
        : insertPairs(source.text, job, { variables }, "stage"),
    );
    for (const l of lines) edits.push(insertItemBefore(source.text, first, l));
    plan.edits.push(...edits);
    plan.jobs.push({
      job: name,
      clouds: sorted,
      trust: gitlabTrust(job, pair, source, options.repository, name, warn).map((g) => ({
        gitlab: g,
      })),
    });
  }
  if (globalVars.length > 0 && globalUsed) {
    for (const g of globalVars) plan.edits.push(removePair(source.text, g.pair));
  }
  return plan;
}

function credentialVars(node: Node | undefined) {
  return entries(node).flatMap(([name, pair]) => {
    const cloud = credentialEnv[name];
    const value = textOf(isMap(pair.value) ? valueOf(pair.value, "value") : pair.value) ?? "";
    const names = shellVarRefs(value);
    return cloud && names.length > 0 ? [{ pair, cloud, names }] : [];
  });
}

function jobMentions(job: YAMLMap, cloud: Cloud): boolean {
  const text = ["before_script", "script"].flatMap((k) =>
    itemsOf(valueOf(job, k)).map((i) => textOf(i) ?? ""),
  );
  const tools: Record<Cloud, RegExp> = {
    aws: /\b(aws|cdk|sam|terraform|pulumi|serverless)\b/,
    gcp: /\b(gcloud|gsutil|terraform|pulumi)\b/,
    azure: /\b(az|terraform|pulumi)\b/,
  };
  return text.some((t) => tools[cloud].test(t));
}

function finding(
  file: string,
  source: YamlSource,
  node: unknown,
  cloud: Cloud,
  secrets: readonly string[],
  job: string,
  via: "env" | "shell",
) {
  return {
    kind: "static-credential" as const,
    file,
    line: lineOf(source, node),
    ci: "gitlab" as const,
    cloud,
    secrets: [...new Set(secrets)],
    job,
    via,
  };
}

/** The GitLab subjects a job runs as: its branch and tag rules, narrowed to its environment. */
function gitlabTrust(
  job: YAMLMap,
  pair: Pair<Node, Node>,
  source: YamlSource,
  project: string,
  name: string,
  warn: (w: Omit<MigrationWarning, "file">) => void,
): GitLabTrustArgs[] {
  const line = lineOf(source, pair.key);
  const envNode = valueOf(job, "environment");
  const environment = textOf(isMap(envNode) ? valueOf(envNode, "name") : envNode);
  const env = environment && !environment.includes("$") ? { environment } : {};
  const refs: Array<{ branch: string } | { tag: string }> = [];
  const conditions = itemsOf(valueOf(job, "rules")).map((r) => textOf(valueOf(r, "if")) ?? "");
  for (const c of conditions) {
    for (const m of c.matchAll(/\$CI_COMMIT_(?:BRANCH|REF_NAME)\s*==\s*["']([^"']+)["']/g)) {
      refs.push({ branch: m[1] ?? "" });
    }
    if (/\$CI_COMMIT_BRANCH\s*==\s*\$CI_DEFAULT_BRANCH/.test(c)) {
      refs.push({ branch: "main" });
      warn({
        code: "trigger-assumed-default-branch",
        line,
        job: name,
        message: 'The job runs on the default branch, assumed to be "main".',
        fix: "Correct the branch in the declaration if the default branch has another name.",
      });
    }
    if (/\$CI_COMMIT_TAG\b/.test(c) && !/\$CI_COMMIT_TAG\s*==/.test(c)) refs.push({ tag: "v*" });
  }
  for (const item of itemsOf(valueOf(job, "only"))) {
    const t = textOf(item) ?? "";
    if (t === "tags") refs.push({ tag: "v*" });
    else if (
      t !== "" &&
      !["branches", "merge_requests", "schedules", "pushes", "web"].includes(t)
    ) {
      refs.push({ branch: t.replace(/^\/\^?|\$?\/$/g, "") });
    }
  }
  if (refs.length === 0 || refs.some((r) => "tag" in r) || conditions.some((c) => c === "")) {
    warn({
      code: "gitlab-rules-unclear",
      line,
      job: name,
      message:
        refs.length === 0
          ? 'The job\'s rules do not name the refs it runs on; the declaration grants the branch "main".'
          : 'The job runs for tags the file does not name; the declaration grants tags "v*".',
      fix: "Correct the refs in the declaration, and set protectedOnly: true where the refs are protected.",
    });
  }
  if (refs.length === 0) refs.push({ branch: "main" });
  const seen = new Set<string>();
  return refs
    .filter((r) => {
      const k = JSON.stringify(r);
      return !seen.has(k) && seen.add(k) !== undefined;
    })
    .map((r) => ({ project, ...r, ...env }));
}
