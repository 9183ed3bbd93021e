/**
 * What a static cloud credential looks like in CI configuration: the environment variables, action
 * inputs and shell commands that carry one, by cloud. The one place that knows these names.
 *
 * @module
 */
import type { Cloud } from "./types";

/**
 * Environment variables whose value is a static credential, by cloud. Identifiers that are not
 * secret on their own (`AZURE_CLIENT_ID`, `ARM_TENANT_ID`) are not listed: OIDC logins keep them.
 */
export const credentialEnv: Readonly<Record<string, Cloud>> = Object.freeze({
  AWS_ACCESS_KEY_ID: "aws",
  AWS_SECRET_ACCESS_KEY: "aws",
  AWS_SESSION_TOKEN: "aws",
  GOOGLE_APPLICATION_CREDENTIALS: "gcp",
  GOOGLE_CREDENTIALS: "gcp",
  GOOGLE_CLOUD_KEYFILE_JSON: "gcp",
  GCLOUD_SERVICE_KEY: "gcp",
  CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: "gcp",
  AZURE_CLIENT_SECRET: "azure",
  AZURE_CREDENTIALS: "azure",
  ARM_CLIENT_SECRET: "azure",
  ARM_CLIENT_CERTIFICATE_PASSWORD: "azure",
});

/** A login action and the inputs that carry a static credential to it. */
export interface LoginAction {
  readonly cloud: Cloud;
  /** The action's `uses` without the `@ref`, lower case. */
  readonly action: string;
  /** Inputs that carry key material; removed by the rewrite. */
  readonly staticInputs: readonly string[];
  /** Inputs an OIDC login needs, and the repository variable each reads. */
  readonly oidcInputs: Readonly<Record<string, string>>;
  /**
   * The action no longer logs in at all in its current versions: its key input is removed and an
   * OIDC login step is inserted before it. @default false
   */
  readonly loginBefore?: boolean;
}

/** GitHub Actions login actions. */
export const loginActions: readonly LoginAction[] = Object.freeze([
  {
    cloud: "aws",
    action: "aws-actions/configure-aws-credentials",
    staticInputs: ["aws-access-key-id", "aws-secret-access-key", "aws-session-token"],
    oidcInputs: { "role-to-assume": "${{ vars.AWS_ROLE_ARN }}" },
  },
  {
    cloud: "gcp",
    action: "google-github-actions/auth",
    staticInputs: ["credentials_json"],
    oidcInputs: {
      workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
      service_account: "${{ vars.GCP_SERVICE_ACCOUNT }}",
    },
  },
  {
    cloud: "gcp",
    action: "google-github-actions/setup-gcloud",
    staticInputs: ["service_account_key"],
    oidcInputs: {},
    loginBefore: true,
  },
  {
    cloud: "azure",
    action: "azure/login",
    staticInputs: ["creds", "client-secret"],
    oidcInputs: {
      "client-id": "${{ vars.AZURE_CLIENT_ID }}",
      "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
      "subscription-id": "${{ vars.AZURE_SUBSCRIPTION_ID }}",
    },
  },
]);

/** The login action for a `uses:` value, if it is one. */
export function loginActionFor(uses: string): LoginAction | undefined {
  const name = uses.split("@")[0]?.toLowerCase() ?? "";
  return loginActions.find((a) => a.action === name);
}

/** The OIDC login step inserted for a cloud whose credential arrived another way. */
export function oidcLoginStep(cloud: Cloud, region?: string): Record<string, unknown> {
  switch (cloud) {
    case "aws":
      return {
        name: "Configure AWS credentials (OIDC)",
        uses: "aws-actions/configure-aws-credentials@v4",
        with: {
          "role-to-assume": "${{ vars.AWS_ROLE_ARN }}",
          "aws-region": region ?? "${{ vars.AWS_REGION }}",
        },
      };
    case "gcp":
      return {
        name: "Authenticate to Google Cloud (OIDC)",
        uses: "google-github-actions/auth@v2",
        with: loginActionFor("google-github-actions/auth")?.oidcInputs,
      };
    case "azure":
      return {
        name: "Log in to Azure (OIDC)",
        uses: "azure/login@v2",
        with: loginActionFor("azure/login")?.oidcInputs,
      };
  }
}

/** Whether a secret's or variable's name says it is a cloud key (used for "not a login" warnings). */
export function cloudOfName(name: string): Cloud | undefined {
  const known = credentialEnv[name];
  if (known) return known;
  const upper = name.toUpperCase();
  // The OIDC side's own variables (tokens, token files) are what a migration leaves behind.
  if (/(ID_TOKEN|OIDC|WEB_IDENTITY|FEDERATED)/.test(upper)) return undefined;
  const secretish = /(SECRET|KEY|CREDENTIAL|PASSWORD|TOKEN|CREDS)/.test(upper);
  if (!secretish) return undefined;
  if (/(^|_)AWS(_|$)/.test(upper)) return "aws";
  if (/(^|_)(GCP|GOOGLE|GCLOUD|GKE)(_|$)/.test(upper)) return "gcp";
  if (/(^|_)(AZURE|ARM|AZ)(_|$)/.test(upper)) return "azure";
  return undefined;
}

/** The secret names a GitHub expression text reads (`${{ secrets.X }}`, `secrets['X']`). */
export function githubSecretRefs(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{\{([^}]*)\}\}/g)) {
    const expr = m[1] ?? "";
    for (const r of expr.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_-]*)/g)) names.add(r[1] ?? "");
    for (const r of expr.matchAll(/secrets\[\s*['"]([^'"]+)['"]\s*\]/g)) names.add(r[1] ?? "");
  }
  names.delete("");
  return [...names];
}

/** The shell variables a command line reads (`$X`, `${X}`, `$env:X`). */
export function shellVarRefs(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$(?:env:)?\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g))
    names.add(m[1] ?? "");
  names.delete("");
  return [...names];
}

/** A shell command that logs in with, or writes, a static credential. */
export interface ShellLogin {
  readonly cloud: Cloud;
  /** What the command does, for messages. */
  readonly what: string;
}

/**
 * Recognises a shell command (one logical line, continuations joined) that logs in to a cloud with
 * a static credential or writes one to a file. Only whole commands are recognised: a line that
 * merely mentions a key is a "not a login" case for the caller.
 */
export function shellLogin(command: string): ShellLogin | undefined {
  const c = command.trim();
  if (
    /^aws\s+configure\s+set\s+(aws_access_key_id|aws_secret_access_key|aws_session_token)\b/.test(c)
  ) {
    return { cloud: "aws", what: "aws configure set" };
  }
  if (/^export\s+(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)=/.test(c)) {
    return { cloud: "aws", what: "export of an AWS key" };
  }
  if (/^gcloud\s+auth\s+activate-service-account\b/.test(c) && /--key-file\b/.test(c)) {
    return { cloud: "gcp", what: "gcloud auth activate-service-account --key-file" };
  }
  if (/^export\s+(GOOGLE_APPLICATION_CREDENTIALS|GOOGLE_CREDENTIALS)=/.test(c)) {
    return { cloud: "gcp", what: "export of a Google key" };
  }
  if (
    /^az\s+login\b/.test(c) &&
    /--service-principal\b/.test(c) &&
    /(\s-p\s|\s-p=|--password\b|--secret\b|--client-secret\b)/.test(c + " ")
  ) {
    return { cloud: "azure", what: "az login --service-principal with a secret" };
  }
  if (/^export\s+(AZURE_CLIENT_SECRET|ARM_CLIENT_SECRET)=/.test(c)) {
    return { cloud: "azure", what: "export of an Azure client secret" };
  }
  const write =
    /^(echo|printf|cat)\b.*>\s*\S+/.test(c) || /\|\s*base64\s+(-d|--decode)\b.*>/.test(c);
  if (write) {
    const refs = [...githubSecretRefs(c), ...shellVarRefs(c)];
    const cloud = refs.map(cloudOfName).find((x) => x !== undefined);
    if (cloud) return { cloud, what: "a key written into a file" };
  }
  return undefined;
}

/** Splits shell text into logical lines (continuations joined), with their physical line span. */
export function logicalLines(
  text: string,
): Array<{ readonly text: string; readonly first: number; readonly last: number }> {
  const physical = text.split("\n");
  const out: Array<{ text: string; first: number; last: number }> = [];
  let acc = "";
  let first = 0;
  physical.forEach((line, i) => {
    if (acc === "") first = i;
    const continued = /\\\s*$/.test(line);
    acc += (acc ? " " : "") + line.replace(/\\\s*$/, "");
    if (!continued) {
      out.push({ text: acc, first, last: i });
      acc = "";
    }
  });
  if (acc !== "") out.push({ text: acc, first, last: physical.length - 1 });
  return out;
}

/** Whether a logical shell line is only a comment. */
export function isShellComment(line: string): boolean {
  return /^\s*#/.test(line);
}

/** Tools whose use in a command line shows the job works with a cloud. */
export function commandUsesCloud(command: string, cloud: Cloud): boolean {
  switch (cloud) {
    case "aws":
      return /\b(aws|cdk|sam|serverless|sls|terraform|terragrunt|pulumi|eksctl|copilot)\b/.test(
        command,
      );
    case "gcp":
      return /\b(gcloud|gsutil|bq|terraform|terragrunt|pulumi|kubectl)\b/.test(command);
    case "azure":
      return /\b(az|azd|func|terraform|terragrunt|pulumi|Connect-AzAccount)\b/.test(command);
  }
}
