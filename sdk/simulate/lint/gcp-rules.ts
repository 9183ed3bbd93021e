/**
 * The lint rules for GCP workload identity pool providers and the IAM policies that bind their
 * principals.
 *
 * @see https://cloud.google.com/iam/docs/workload-identity-federation
 * @module
 */
import { isObject, type JsonObject } from "./document";
import type { LintFinding } from "./finding";
import { probeGcpProvider } from "./gcp-outsider-probe";
import { classifyIssuer } from "./issuers";

const wholePool =
  /^principalSet:\/\/iam\.googleapis\.com\/projects\/[^/]+\/locations\/global\/workloadIdentityPools\/[^/]+\/\*$/;

/** Lints a workload identity pool provider as the IAM REST API returns it. */
export function lintGcpProvider(provider: JsonObject, base: string): LintFinding[] {
  const findings: LintFinding[] = [];
  const oidc = isObject(provider["oidc"]) ? provider["oidc"] : undefined;
  const issuerUri = typeof oidc?.["issuerUri"] === "string" ? oidc["issuerUri"] : undefined;
  const issuer = issuerUri === undefined ? undefined : classifyIssuer(issuerUri);
  const condition =
    typeof provider["attributeCondition"] === "string" ? provider["attributeCondition"].trim() : "";
  const name = typeof provider["name"] === "string" ? provider["name"] : "the provider";

  // A condition that is constantly true filters nothing.
  if (condition === "" || /^\(*\s*true\s*\)*$/.test(condition)) {
    const shared = issuer?.shared === true;
    findings.push({
      rule: "gcp-no-attribute-condition",
      severity: shared ? "critical" : "high",
      path: `${base}.attributeCondition`,
      message: shared
        ? `${name} trusts ${issuerUri}, an issuer shared by everyone on the platform, without an attribute condition: any of its tokens can exchange into the pool.`
        : `${name} has no attribute condition: every token ${issuerUri ?? "its issuer"} signs can exchange into the pool.`,
      fix: "Set attributeCondition to pin the owner (and repository) by ID, e.g. assertion.repository_owner_id == '1234567'.",
    });
  }

  if (findings.length === 0) findings.push(...probeGcpProvider(provider, base));

  if (issuer?.kind === "github" && condition !== "") {
    const namesByName = /\brepository(_owner)?\b/.test(condition);
    const pinsById = /\brepository(_owner)?_id\b/.test(condition);
    if (namesByName && !pinsById) {
      findings.push({
        rule: "gcp-github-name-only",
        severity: "medium",
        path: `${base}.attributeCondition`,
        message: `The condition ${JSON.stringify(condition)} names GitHub owners or repositories only by name: whoever registers a deleted or renamed name inherits the trust.`,
        fix: "Map attribute.repository_owner_id and attribute.repository_id and check assertion.repository_owner_id == '<ID>' in the condition.",
      });
    }
  }
  return findings;
}

/** Lints an IAM policy (`{ "bindings": [...] }`) for bindings to a whole pool. */
export function lintGcpIamPolicy(policy: JsonObject, base: string): LintFinding[] {
  const findings: LintFinding[] = [];
  const bindings = Array.isArray(policy["bindings"]) ? policy["bindings"] : [];
  bindings.forEach((binding, i) => {
    if (!isObject(binding) || !Array.isArray(binding["members"])) return;
    binding["members"].forEach((member, j) => {
      if (typeof member !== "string" || !wholePool.test(member)) return;
      findings.push({
        rule: "gcp-whole-pool-binding",
        severity: "high",
        path: `${base}.bindings[${i}].members[${j}]`,
        message: `${String(binding["role"] ?? "The role")} is granted to ${member}: every identity of every provider in the pool, now and later.`,
        fix: "Bind principalSet://…/attribute.repository_id/<ID> or principal://…/subject/<SUBJECT> instead.",
      });
    });
  });
  return findings;
}
