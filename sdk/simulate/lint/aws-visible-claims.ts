/**
 * Which token claims STS exposes as condition keys for an issuer.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * @module
 */
import type { LintIssuerKind } from "./issuers";

// Not yet: shared with the AWS renderer. This table must become an import of the renderer's key
// table (`sdk/aws/condition-keys.ts`), which is written alongside it; until then it holds only
// the facts the lint rules rely on, and the two must agree. OCI's extra keys are not listed
// because the linter does not classify OCI issuers yet: they get the common three.
const everyIssuer: readonly string[] = ["aud", "sub", "amr"];
const extraByIssuer: Partial<Record<LintIssuerKind, readonly string[]>> = {
  // Since 2026 STS also evaluates GitHub's provider claims.
  github: [
    "actor",
    "actor_id",
    "base_ref",
    "enterprise",
    "enterprise_id",
    "environment",
    "event_name",
    "head_ref",
    "job_workflow_ref",
    "job_workflow_sha",
    "ref",
    "ref_protected",
    "ref_type",
    "repository",
    "repository_id",
    "repository_owner",
    "repository_owner_id",
    "repository_visibility",
    "runner_environment",
    "workflow",
    "workflow_ref",
    "workflow_sha",
  ],
  // Google has long exposed these two beside aud and sub.
  google: ["oaud", "email"],
  circleci: [
    "oidc.circleci.com/project-id",
    "oidc.circleci.com/context-ids",
    "oidc.circleci.com/vcs-origin",
    "oidc.circleci.com/vcs-ref",
  ],
};

/**
 * Whether STS exposes `claim` (lower-cased) as the condition key `<issuer>:<claim>` for tokens of
 * an issuer of `kind`. For issuers not listed, only `aud`, `sub` and `amr` are keys.
 */
export function awsExposesClaim(kind: LintIssuerKind, claim: string): boolean {
  const name = claim.toLowerCase();
  return everyIssuer.includes(name) || (extraByIssuer[kind]?.includes(name) ?? false);
}
