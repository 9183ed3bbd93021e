/**
 * The lint rules, documented in one table: ID, cloud, severity, rationale, fix, and the OWASP
 * Non-Human Identities Top 10 (2025) risk and NIST CSF 2.0 outcome each relates to. The docs and
 * the `--json` output are generated from it, so a rule is described exactly once.
 *
 * @see https://owasp.org/www-project-non-human-identities-top-10/2025/top-10-2025
 * @see https://www.nist.gov/cyberframework
 * @module
 */
import type { Severity } from "./finding";

/** A risk of the OWASP Non-Human Identities Top 10 (2025). */
export interface OwaspNhiRisk {
  /** e.g. `NHI6:2025`. */
  readonly id: string;
  /** e.g. `Insecure Cloud Deployment Configurations`. */
  readonly name: string;
}

/** An outcome (subcategory) of the NIST Cybersecurity Framework 2.0. */
export interface NistCsfOutcome {
  /** e.g. `PR.AA-05`. */
  readonly id: string;
  /** The outcome as the framework states it, shortened. */
  readonly outcome: string;
}

/** The cloud a rule reads documents of. */
export type LintCloud = "aws" | "gcp" | "azure";

/** One rule as documented. */
export interface LintRuleDoc {
  /** The stable ID findings carry. */
  readonly id: string;
  readonly cloud: LintCloud;
  /**
   * The worst severity the rule reports. Some rules report lower severities in milder cases
   * (a cluster's own issuer rather than a shared one); `severities` lists them all.
   */
  readonly severity: Severity;
  /** Every severity the rule can report, worst first. */
  readonly severities: readonly Severity[];
  /** One line: what the rule flags. */
  readonly title: string;
  /** Why it matters. */
  readonly rationale: string;
  /** What to do. */
  readonly fix: string;
  readonly owasp: OwaspNhiRisk;
  readonly nist: NistCsfOutcome;
}

const NHI1: OwaspNhiRisk = { id: "NHI1:2025", name: "Improper Offboarding" };
const NHI4: OwaspNhiRisk = { id: "NHI4:2025", name: "Insecure Authentication" };
const NHI6: OwaspNhiRisk = { id: "NHI6:2025", name: "Insecure Cloud Deployment Configurations" };
const NHI8: OwaspNhiRisk = { id: "NHI8:2025", name: "Environment Isolation" };
const NHI9: OwaspNhiRisk = { id: "NHI9:2025", name: "NHI Reuse" };

const PR_AA_01: NistCsfOutcome = {
  id: "PR.AA-01",
  outcome: "Identities and credentials for authorized users, services, and hardware are managed",
};
const PR_AA_02: NistCsfOutcome = {
  id: "PR.AA-02",
  outcome: "Identities are proofed and bound to credentials based on the context of interactions",
};
const PR_AA_04: NistCsfOutcome = {
  id: "PR.AA-04",
  outcome: "Identity assertions are protected, conveyed, and verified",
};
const PR_AA_05: NistCsfOutcome = {
  id: "PR.AA-05",
  outcome:
    "Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, with least privilege",
};
const PR_PS_01: NistCsfOutcome = {
  id: "PR.PS-01",
  outcome: "Configuration management practices are established and applied",
};

function rule(
  id: string,
  cloud: LintCloud,
  severities: readonly Severity[],
  title: string,
  rationale: string,
  fix: string,
  owasp: OwaspNhiRisk,
  nist: NistCsfOutcome,
): LintRuleDoc {
  const [severity = "low"] = severities;
  return Object.freeze({
    id,
    cloud,
    severity,
    severities: Object.freeze([...severities]),
    title,
    rationale,
    fix,
    owasp,
    nist,
  });
}

/** Every lint rule, grouped by cloud, in the order the docs list them. */
export const lintRules: readonly LintRuleDoc[] = Object.freeze([
  rule(
    "aws-no-subject-condition",
    "aws",
    ["critical", "high"],
    "An Allow for a federated OIDC principal does not pin the token's subject.",
    "Without a condition on `sub`, every token the issuer signs for an accepted audience gets in: on a shared issuer (GitHub, GitLab.com, CircleCI, Terraform Cloud, Buildkite, Bitbucket, Pulumi Cloud, Google) that is anyone on the platform (critical); on a cluster's own issuer (EKS, GKE, AKS) every service account of the cluster (high).",
    "Add `StringEquals` (or `StringLike` within one repository or service account) on `<issuer>:sub`.",
    NHI6,
    PR_AA_05,
  ),
  rule(
    "aws-wildcard-crosses-boundary",
    "aws",
    ["critical", "high"],
    "A `sub` pattern has a wildcard in the owner, repository, project, namespace or service-account part.",
    "`repo:*`, `repo:acme/*`, `project_path:acme/*` or `system:serviceaccount:*:deployer` admit subjects that belong to someone else: other owners (critical), other repositories, projects or namespaces (high).",
    "Name the owner, repository, project, namespace and service account literally; keep wildcards to the ref or environment part.",
    NHI6,
    PR_AA_05,
  ),
  rule(
    "aws-for-all-values-allow",
    "aws",
    ["high"],
    "`ForAllValues:` is used in an Allow on a single-valued claim.",
    "`ForAllValues` is true when the key is missing or empty, so the condition admits tokens that do not carry the claim at all.",
    "Use the plain operator (`StringEquals`, `StringLike`) for single-valued claims; keep `ForAnyValue`/`ForAllValues` for multi-valued keys such as `amr`.",
    NHI6,
    PR_AA_05,
  ),
  rule(
    "aws-wildcard-under-string-equals",
    "aws",
    ["medium"],
    "A value under `StringEquals` contains `*` or `?`.",
    "`StringEquals` compares literally: the wildcard never matches a real token, so the statement does not grant what it seems to, and the next edit tends to be a blunt `StringLike`.",
    "Use `StringLike` for patterns (and keep them within one repository), or write the exact value.",
    NHI6,
    PR_PS_01,
  ),
  rule(
    "aws-no-audience-condition",
    "aws",
    ["medium"],
    "An Allow for a federated OIDC principal does not pin the token's audience.",
    "Without a condition on `aud`, any token whose audience is in the provider's client ID list is accepted, so a token minted for another relying party on the same provider can be replayed here.",
    "Add `StringEquals` on `<issuer>:aud` with the one audience your jobs request (`sts.amazonaws.com`).",
    NHI4,
    PR_AA_04,
  ),
  rule(
    "aws-federated-wrong-action",
    "aws",
    ["medium"],
    "A federated OIDC principal is given an action other than `sts:AssumeRoleWithWebIdentity`.",
    "`sts:AssumeRole` never applies to a web identity, so the role cannot be assumed with a token; `sts:*` or `*` grants more than the exchange needs and hides which call the trust is for.",
    "Set `Action` to `sts:AssumeRoleWithWebIdentity` (add `sts:TagSession` only when session tags are used).",
    NHI6,
    PR_PS_01,
  ),
  rule(
    "aws-pull-request-subject",
    "aws",
    ["high", "medium"],
    "The trust admits GitHub pull-request runs.",
    "Anyone who can open a pull request can run code under the `pull_request` subject (high); a ref wildcard such as `repo:acme/api:*` admits those runs too (medium).",
    "Trust a protected branch or an environment with required reviewers; give pull requests a separate read-only role if they need one.",
    NHI8,
    PR_AA_05,
  ),
  rule(
    "aws-invisible-claim",
    "aws",
    ["high", "medium"],
    "A condition names a claim that STS does not expose as a key for this issuer.",
    "STS evaluates only some claims as condition keys (for most issuers `aud`, `sub` and `amr`). A key that is never present makes negated, `…IfExists` and `ForAllValues` conditions always true (high) and positive ones always false (medium).",
    "Pin what the issuer exposes (`sub`, and for GitHub `repository_id` and friends), or move the check to the issuer (a customised `sub`).",
    NHI6,
    PR_AA_05,
  ),
  rule(
    "aws-github-name-only",
    "aws",
    ["medium"],
    "A GitHub trust names repositories only by name.",
    "A deleted or renamed repository or organisation name can be registered by someone else, who then inherits the trust. GitHub's tokens carry immutable IDs that STS can check.",
    "Add `StringEquals` on `token.actions.githubusercontent.com:repository_id` (and `repository_owner_id`), or accept the immutable `repo:OWNER@ID/REPO@ID:…` subject.",
    NHI1,
    PR_AA_02,
  ),
  rule(
    "aws-any-principal",
    "aws",
    ["critical", "high"],
    'A trust policy allows every principal (`"*"`).',
    "Anyone — any account, any token — can call the allowed action; without a condition that is the whole internet (critical), with one it rests on conditions that name no issuer or subject (high).",
    "Name the principal: `Federated` with the OIDC provider's ARN and conditions on its `aud` and `sub`, or the accounts and roles that may assume it.",
    NHI6,
    PR_AA_05,
  ),
  rule(
    "gcp-no-attribute-condition",
    "gcp",
    ["critical", "high"],
    "A workload identity pool provider has no attribute condition.",
    "Without a condition every token from the issuer can exchange into the pool: on a shared issuer that is anyone on the platform (critical); on a cluster's or your own issuer every workload it signs for (high).",
    "Set `attributeCondition` to pin the owner and repository by ID, e.g. `assertion.repository_owner_id == '1234567'`.",
    NHI6,
    PR_AA_05,
  ),
  rule(
    "gcp-condition-admits-outsiders",
    "gcp",
    ["high"],
    "A provider's attribute condition admits a token from a stranger on a shared issuer.",
    "Evaluated against a token from a repository, project or workspace nobody owns, the condition holds: it pins a branch or an event, not the owner. Only the IAM bindings then keep strangers out of the pool.",
    "Pin the owner by its immutable ID in the condition, e.g. `assertion.repository_owner_id == '1234567'`.",
    NHI6,
    PR_AA_05,
  ),
  rule(
    "gcp-whole-pool-binding",
    "gcp",
    ["high"],
    "A service account or resource is bound to every identity of a pool (`principalSet://…/*`).",
    "Every provider and subject of the pool, now and later, gets the role; a provider added for another team inherits it.",
    "Bind `principalSet://…/attribute.repository_id/ID` or `principal://…/subject/SUBJECT` instead.",
    NHI6,
    PR_AA_05,
  ),
  rule(
    "gcp-github-name-only",
    "gcp",
    ["medium"],
    "A GitHub provider's condition names repositories or owners only by name.",
    "A deleted or renamed name can be registered by someone else, who then inherits the trust.",
    "Map `attribute.repository_id` and `attribute.repository_owner_id` and check them in the condition.",
    NHI1,
    PR_AA_02,
  ),
  rule(
    "azure-issuer-not-exact",
    "azure",
    ["medium"],
    "A federated credential's issuer has a trailing slash or whitespace.",
    "Entra ID compares the issuer with the token's `iss` exactly; the credential never matches and the exchange fails with AADSTS700211/700213.",
    "Write the issuer exactly as tokens carry it, e.g. `https://token.actions.githubusercontent.com`.",
    NHI6,
    PR_PS_01,
  ),
  rule(
    "azure-subject-wildcard",
    "azure",
    ["medium"],
    "An exact-match federated credential's subject contains `*` or `?`.",
    "Exact credentials compare the subject literally; the wildcard never matches a real token.",
    "Write one credential per exact subject, or use a flexible credential (`claimsMatchingExpression`) on an app registration.",
    NHI6,
    PR_PS_01,
  ),
  rule(
    "azure-wildcard-crosses-boundary",
    "azure",
    ["critical", "high"],
    "A flexible credential's expression has a wildcard in the owner, repository or project part.",
    "The pattern admits subjects that belong to other owners (critical) or other repositories and projects (high).",
    "Name the owner and repository literally; keep wildcards to the ref or environment part.",
    NHI6,
    PR_AA_05,
  ),
  rule(
    "azure-pull-request-subject",
    "azure",
    ["high"],
    "A federated credential admits GitHub pull-request runs.",
    "Anyone who can open a pull request can run code under the `pull_request` subject.",
    "Trust a protected branch or an environment with required reviewers instead.",
    NHI8,
    PR_AA_05,
  ),
  rule(
    "azure-github-name-only",
    "azure",
    ["medium"],
    "A GitHub subject uses the name-only (legacy) form.",
    "A deleted or renamed repository name can be registered by someone else, who then inherits the trust.",
    "Use the immutable subject `repo:OWNER@OWNER_ID/REPO@REPO_ID:…` that GitHub issues for the repository.",
    NHI1,
    PR_AA_02,
  ),
  rule(
    "azure-credential-budget",
    "azure",
    ["medium", "low"],
    "An identity is at (20, medium) or near (16 or more, low) the limit of 20 federated credentials.",
    "Entra ID refuses a 21st credential; an identity shared by that many subjects is also hard to review and to retire.",
    "Split the subjects across identities by team or environment, or use a flexible credential on an app registration.",
    NHI9,
    PR_AA_01,
  ),
]);

/** The documentation of one rule; throws on an unknown ID (a rule used but never documented). */
export function ruleDoc(id: string): LintRuleDoc {
  const doc = lintRules.find((r) => r.id === id);
  if (doc === undefined) throw new RangeError(`Unknown lint rule "${id}".`);
  return doc;
}
