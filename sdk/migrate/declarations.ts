/**
 * The Keyless declarations that back a rewrite: one identity per job and cloud, its trust validated
 * by the trust model so `migrate` can never print a trust the model refuses.
 *
 * @module
 */
import { declareTrust, patternText, type TrustArgs } from "../trust";
import { cloudComponents, printDeclaration, variableName } from "./print-declaration";
import type { Cloud, Declaration, JobMigration } from "./types";

/** The CI variables a rewritten job reads, per CI system and cloud. */
const ciVariables: Readonly<Record<string, Readonly<Record<Cloud, readonly string[]>>>> = {
  github: {
    // The inserted login step reads the region from a variable when the job named none.
    aws: ["AWS_ROLE_ARN", "AWS_REGION"],
    gcp: ["GCP_WORKLOAD_IDENTITY_PROVIDER", "GCP_SERVICE_ACCOUNT"],
    azure: ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID"],
  },
  gitlab: {
    aws: ["KEYLESS_AWS_ROLE_ARN"],
    gcp: ["GCP_WORKLOAD_IDENTITY_PROVIDER", "GCP_SERVICE_ACCOUNT"],
    azure: ["AZURE_CLIENT_ID", "AZURE_TENANT_ID"],
  },
  circleci: {
    aws: ["AWS_ROLE_ARN"],
    gcp: [
      "GOOGLE_PROJECT_NUMBER",
      "OIDC_WIP_ID",
      "OIDC_WIP_PROVIDER_ID",
      "OIDC_SERVICE_ACCOUNT_EMAIL",
    ],
    azure: ["AZURE_CLIENT_ID", "AZURE_TENANT_ID"],
  },
  bitbucket: {
    aws: ["AWS_ROLE_ARN"],
    gcp: ["GCP_WORKLOAD_IDENTITY_PROVIDER", "GCP_SERVICE_ACCOUNT"],
    azure: ["AZURE_CLIENT_ID", "AZURE_TENANT_ID"],
  },
};

const outputOf: Readonly<Record<Cloud, Readonly<Record<string, string>>>> = {
  aws: { default: "roleArn" },
  gcp: { default: "providerName", SERVICE: "serviceAccountEmail" },
  azure: { default: "clientId", TENANT: "tenantId", SUBSCRIPTION: "subscriptionId" },
};

/**
 * Builds one declaration per job and cloud.
 *
 * @param prefix - the start of every resource name, usually the repository's name.
 * @throws {@link TrustValidationError} when a derived trust is refused by the model: a bug in
 *   the derivation, never printed as a declaration.
 */
export function buildDeclarations(
  migrations: readonly JobMigration[],
  prefix: string,
): Declaration[] {
  const out: Declaration[] = [];
  const used = new Set<string>();
  for (const m of migrations) {
    if (m.trust.length === 0) continue;
    for (const cloud of m.clouds) {
      let name = slug(`${prefix}-${m.job}-${cloud}`);
      for (let i = 2; used.has(name); i++) name = slug(`${prefix}-${m.job}-${cloud}-${i}`);
      used.add(name);
      out.push(declaration(name, cloud, m));
    }
  }
  return out;
}

function declaration(name: string, cloud: Cloud, m: JobMigration): Declaration {
  const trust: readonly TrustArgs[] = m.trust;
  const declared = declareTrust(trust, `${name}.trust`);
  const subjects = declared.subjects.flatMap((s) => s.sub.map(patternText));
  const variables = (ciVariables[m.ci]?.[cloud] ?? []).map((v) => {
    if (v === "AWS_REGION")
      return { name: v, value: "the AWS region (read only by a login step that names none)" };
    const key = Object.keys(outputOf[cloud]).find((k) => k !== "default" && v.includes(k));
    const output = outputOf[cloud][key ?? "default"];
    return { name: v, value: `${variableName(name)}.${output}` };
  });
  return Object.freeze({
    name,
    cloud,
    component: cloudComponents[cloud].component,
    jobs: Object.freeze([{ file: m.file, job: m.job }]),
    trust: Object.freeze([...trust]),
    subjects: Object.freeze(subjects),
    variables: Object.freeze(variables),
    trustWarnings: declared.warnings,
    typescript: printDeclaration({ name, cloud, trust }),
  });
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
