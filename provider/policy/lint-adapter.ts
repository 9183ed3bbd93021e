/**
 * The one door between the policy pack and Keyless's linter: the policies lint every trust
 * document through {@link lintDocument}, so they apply the same rules as `keyless lint`.
 *
 * This module binds to the linter of `sdk/simulate/lint`
 * (`lintDocument(document, fileLabel) → LintFinding[]`), and to nothing else once that is in the
 * package: its body then becomes a re-export of that function, and the policies do not change.
 *
 * Not yet: the linter is not part of this package yet. Until it is, this module applies the one
 * rule the simulators decide on their own — whether a trust lets a token from *any* repository,
 * project or workspace of a shared issuer in — by evaluating the document with the AWS or GCP
 * simulator against a token from an outsider. Azure credentials get no findings until the linter
 * lands.
 *
 * @module
 */
import { KeylessError } from "../../sdk/errors";
import {
  compileTrustPolicy,
  isTrustAllowed,
  oidcProviderArn,
  webIdentityContext,
} from "../../sdk/simulate/aws";
import type { CompiledTrustPolicy } from "../../sdk/simulate/aws";
import { evaluateGcpProvider, readGcpProvider } from "../../sdk/simulate/gcp";
import { defaultAudiences } from "../../sdk/simulate/gcp/provider";

/** How serious a finding is, most serious first. */
export const LINT_SEVERITIES = ["critical", "high", "medium", "low"] as const;

/** One of {@link LINT_SEVERITIES}. */
export type LintSeverity = (typeof LINT_SEVERITIES)[number];

/** One finding on one document, as `keyless lint` reports it. */
export interface LintFinding {
  /** The rule's stable ID, e.g. `aws-trust-any-subject`. */
  readonly rule: string;
  readonly severity: LintSeverity;
  /** Where in the document, e.g. `Statement[0].Condition`. */
  readonly path: string;
  /** What is wrong and why it matters. */
  readonly message: string;
  /** What to change. */
  readonly fix: string;
}

/**
 * Lints one trust document: an AWS trust policy (object or JSON text), a GCP workload identity
 * pool provider, or an Azure federated identity credential, in the clouds' own API shapes.
 *
 * @param document - the document.
 * @param fileLabel - what to call it in messages (a resource name, a file path).
 */
export function lintDocument(document: unknown, fileLabel: string): LintFinding[] {
  if (isGcpProvider(document)) return lintGcpProvider(document, fileLabel);
  if (!isAwsTrustPolicy(document)) return [];
  let policy: CompiledTrustPolicy;
  try {
    policy = compileTrustPolicy(document, fileLabel);
  } catch (err) {
    if (!KeylessError.isInstance(err)) throw err;
    return [
      {
        rule: "aws-trust-policy-invalid",
        severity: "high",
        path: fileLabel,
        message: err.message,
        fix: "Write a trust policy IAM accepts.",
      },
    ];
  }
  return sharedIssuerProbes.flatMap((probe) => probeFindings(policy, probe, fileLabel));
}

/** A token from a stranger to the issuer's tenants, and what its admission means. */
interface OutsiderProbe {
  readonly issuer: string;
  readonly platform: string;
  readonly tenant: string;
  readonly claims: Readonly<Record<string, string>>;
}

// Shared issuers: anyone can get a token from them, so a trust without a subject condition
// admits strangers. The probe carries only claims no real tenant has.
const outsider = "keyless-outsider";
const sharedIssuerProbes: readonly OutsiderProbe[] = [
  {
    issuer: "https://token.actions.githubusercontent.com",
    platform: "GitHub Actions",
    tenant: "repository",
    claims: {
      sub: `repo:${outsider}/probe:ref:refs/heads/main`,
      repository: `${outsider}/probe`,
      repository_id: "1",
      repository_owner_id: "1",
      ref: "refs/heads/main",
      job_workflow_ref: `${outsider}/probe/.github/workflows/probe.yml@refs/heads/main`,
    },
  },
  {
    issuer: "https://gitlab.com",
    platform: "GitLab CI",
    tenant: "project",
    claims: {
      sub: `project_path:${outsider}/probe:ref_type:branch:ref:main`,
      project_id: "1",
      namespace_id: "1",
    },
  },
  {
    issuer: "https://app.terraform.io",
    platform: "HCP Terraform",
    tenant: "workspace",
    claims: { sub: `organization:${outsider}:project:probe:workspace:probe:run_phase:apply` },
  },
];

function probeFindings(
  policy: CompiledTrustPolicy,
  probe: OutsiderProbe,
  label: string,
): LintFinding[] {
  const accounts = federatedAccounts(policy.document, probe.issuer);
  for (const account of accounts) {
    for (const aud of audiencesOf(policy.document)) {
      const context = webIdentityContext({ iss: probe.issuer, aud, ...probe.claims });
      const request = { providerArn: oidcProviderArn(account, probe.issuer), context };
      if (!isTrustAllowed(policy, request)) continue;
      const host = probe.issuer.replace(/^https:\/\//, "");
      return [
        {
          rule: "aws-trust-any-subject",
          severity: "critical",
          path: `${label}.Statement`,
          message: `The trust lets a ${probe.platform} token from any ${probe.tenant} assume the role: a token whose sub is "${probe.claims["sub"]}" (audience "${aud}") is allowed. Anyone can get a token from this issuer.`,
          fix: `Add a StringEquals (or StringLike without a leading wildcard) condition on ${host}:sub naming the ${probe.tenant}, as Keyless's AWS components render it.`,
        },
      ];
    }
  }
  return [];
}

/** The accounts whose OIDC provider for `issuer` the policy names as a federated principal. */
function federatedAccounts(document: unknown, issuer: string): string[] {
  const host = issuer.replace(/^https:\/\//, "");
  const accounts = new Set<string>();
  for (const statement of statementsOf(document)) {
    const principal = (statement as { Principal?: { Federated?: unknown } }).Principal;
    for (const arn of asList(principal?.Federated)) {
      const match = /^arn:aws[\w-]*:iam::(\d{12}):oidc-provider\/(.+)$/.exec(arn);
      if (match && match[2]?.toLowerCase() === host) accounts.add(match[1] as string);
    }
  }
  return [...accounts];
}

/** The audiences the policy names, and STS's conventional one: the probe presents each. */
function audiencesOf(document: unknown): string[] {
  const audiences = new Set<string>(["sts.amazonaws.com"]);
  for (const statement of statementsOf(document)) {
    const condition = (statement as { Condition?: Record<string, unknown> }).Condition ?? {};
    for (const block of Object.values(condition)) {
      if (typeof block !== "object" || block === null) continue;
      for (const [key, values] of Object.entries(block)) {
        if (!key.toLowerCase().endsWith(":aud")) continue;
        for (const value of asList(values)) if (!/[*?$]/.test(value)) audiences.add(value);
      }
    }
  }
  return [...audiences];
}

function statementsOf(document: unknown): unknown[] {
  const doc = typeof document === "string" ? safeParse(document) : document;
  const raw = (doc as { Statement?: unknown } | undefined)?.Statement;
  return Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
}

function lintGcpProvider(document: unknown, label: string): LintFinding[] {
  let provider: ReturnType<typeof readGcpProvider>;
  try {
    provider = readGcpProvider(document, label);
  } catch (err) {
    if (!KeylessError.isInstance(err)) throw err;
    return [
      {
        rule: "gcp-provider-invalid",
        severity: "high",
        path: label,
        message: err.message,
        fix: "Describe the provider as the IAM API does.",
      },
    ];
  }
  const aud = provider.allowedAudiences[0] ?? defaultAudiences(provider)[0];
  const probe = sharedIssuerProbes.find((p) => p.issuer === provider.issuerUri);
  if (!probe || aud === undefined) return [];
  const { verdict } = evaluateGcpProvider(provider, { iss: probe.issuer, aud, ...probe.claims });
  if (verdict.kind !== "allow") return [];
  return [
    {
      rule: "gcp-provider-any-subject",
      severity: "high",
      path: `${label}.attributeCondition`,
      message: `The provider accepts a ${probe.platform} token from any ${probe.tenant}: a token whose sub is "${probe.claims["sub"]}" gets through. Only the IAM bindings then stand between a stranger and the pool's service accounts.`,
      fix: `Set an attributeCondition that names the ${probe.tenant} (by its immutable ID where the issuer has one), as Keyless's GCP components render it.`,
    },
  ];
}

function isGcpProvider(document: unknown): boolean {
  if (typeof document !== "object" || document === null) return false;
  const name = (document as { name?: unknown }).name;
  return typeof name === "string" && name.includes("/workloadIdentityPools/");
}

/** Text is taken for a trust policy: GCP providers and Azure credentials arrive as objects. */
function isAwsTrustPolicy(document: unknown): boolean {
  if (typeof document === "string") return true;
  return typeof document === "object" && document !== null && "Statement" in document;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: compileTrustPolicy reports it when the caller meant a policy.
    return undefined;
  }
}

function asList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
