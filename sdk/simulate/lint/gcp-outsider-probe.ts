/**
 * Whether a GCP provider's condition lets in a stranger: the provider is evaluated, with the GCP
 * simulator, against a token from a tenant nobody owns on a shared issuer. A condition that pins
 * only a branch or an event passes the text rules but admits every repository on the platform.
 *
 * @module
 */
import { evaluateGcpProvider } from "../gcp/evaluate-provider";
import { defaultAudiences, readGcpProvider } from "../gcp/provider";
import type { JsonObject } from "./document";
import type { LintFinding } from "./finding";

interface OutsiderToken {
  readonly platform: string;
  readonly tenant: string;
  readonly claims: Readonly<Record<string, string>>;
}

// Claims no real tenant carries: an owner name that cannot be registered and IDs nobody holds.
const outsider = "keyless-outsider";
const outsiders: Readonly<Record<string, OutsiderToken>> = {
  "https://token.actions.githubusercontent.com": {
    platform: "GitHub Actions",
    tenant: "repository",
    claims: {
      sub: `repo:${outsider}/probe:ref:refs/heads/main`,
      repository: `${outsider}/probe`,
      repository_owner: outsider,
      repository_id: "0",
      repository_owner_id: "0",
      ref: "refs/heads/main",
      ref_type: "branch",
      event_name: "push",
      job_workflow_ref: `${outsider}/probe/.github/workflows/probe.yml@refs/heads/main`,
    },
  },
  "https://gitlab.com": {
    platform: "GitLab CI",
    tenant: "project",
    claims: {
      sub: `project_path:${outsider}/probe:ref_type:branch:ref:main`,
      project_path: `${outsider}/probe`,
      namespace_path: outsider,
      project_id: "0",
      namespace_id: "0",
      ref: "main",
      ref_type: "branch",
      ref_protected: "true",
    },
  },
  "https://app.terraform.io": {
    platform: "HCP Terraform",
    tenant: "workspace",
    claims: {
      sub: `organization:${outsider}:project:probe:workspace:probe:run_phase:apply`,
      terraform_organization_name: outsider,
      terraform_run_phase: "apply",
    },
  },
};

/**
 * The `gcp-condition-admits-outsiders` finding when the provider admits a stranger's token;
 * nothing when it refuses it, when the issuer is not shared, or when the provider cannot be read
 * (other rules report that).
 */
export function probeGcpProvider(provider: JsonObject, base: string): LintFinding[] {
  const oidc = provider["oidc"] as { issuerUri?: unknown } | undefined;
  const token = typeof oidc?.issuerUri === "string" ? outsiders[oidc.issuerUri] : undefined;
  if (!token || typeof oidc?.issuerUri !== "string") return [];
  let read: ReturnType<typeof readGcpProvider>;
  try {
    read = readGcpProvider(provider, base);
  } catch {
    // An unreadable provider is not this rule's finding; the condition rules still run.
    return [];
  }
  const aud = read.allowedAudiences[0] ?? defaultAudiences(read)[0];
  if (aud === undefined) return [];
  const { verdict } = evaluateGcpProvider(read, { iss: oidc.issuerUri, aud, ...token.claims });
  if (verdict.kind !== "allow") return [];
  return [
    {
      rule: "gcp-condition-admits-outsiders",
      severity: "high",
      path: `${base}.attributeCondition`,
      message: `The condition ${JSON.stringify(provider["attributeCondition"])} admits a ${token.platform} token from any ${token.tenant}: a stranger's token (sub "${token.claims["sub"]}") passes it, and only the IAM bindings stand between that stranger and the pool.`,
      fix: `Pin the ${token.tenant}'s owner in the condition, by its immutable ID where the issuer has one (e.g. assertion.repository_owner_id == '1234567').`,
    },
  ];
}
