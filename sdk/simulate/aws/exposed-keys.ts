/**
 * Which token claims STS turns into trust-policy condition keys, per issuer. A claim that is not
 * exposed has no key, so a condition on it never matches (and a negated one always does).
 *
 * This table states the same facts as the AWS renderer's condition-key table; when both are in
 * the package, this module becomes an import of that table so the two can never drift apart.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
 * @module
 */

/** Keys every OIDC issuer gets: `ISSUER:aud`, `ISSUER:sub`, `ISSUER:amr`. */
const everyIssuer: ReadonlySet<string> = new Set(["aud", "sub", "amr"]);

const githubClaims = [
  "actor",
  "actor_id",
  "enterprise_id",
  "environment",
  "job_workflow_ref",
  "ref",
  "repository",
  "repository_id",
  "repository_owner_id",
  "workflow",
];

/** Issuers with more keys than the three above, by host-and-path pattern. */
const providerClaims: ReadonlyArray<{
  readonly issuer: RegExp;
  readonly claims: ReadonlySet<string>;
}> = [
  // github.com, and GitHub Enterprise Cloud's per-enterprise issuer path.
  { issuer: /^token\.actions\.githubusercontent\.com(\/[^/]+)?$/, claims: new Set(githubClaims) },
  // GitHub Enterprise Cloud with data residency.
  { issuer: /^token\.actions\.[a-z0-9-]+\.ghe\.com$/, claims: new Set(githubClaims) },
  { issuer: /^accounts\.google\.com$/, claims: new Set(["oaud", "google/organization_number"]) },
  {
    issuer: /^oidc\.circleci\.com\/org\/[^/]+$/,
    claims: new Set(["oidc.circleci.com/project-id"]),
  },
  { issuer: /^idcs-[a-z0-9]+\.identity\.oraclecloud\.com$/, claims: new Set(["rpst_id"]) },
  {
    issuer: /^gitlab\.com$/,
    claims: new Set([
      "namespace_id",
      "pipeline_source",
      "project_id",
      "ref_protected",
      "runner_environment",
      "user_access_level",
      "user_email",
      "user_id",
      "user_login",
    ]),
  },
  {
    issuer: /^agent\.buildkite\.com$/,
    claims: new Set([
      "build_branch",
      "cluster_id",
      "cluster_name",
      "organization_id",
      "organization_slug",
      "pipeline_id",
      "pipeline_slug",
    ]),
  },
];

/**
 * Whether STS exposes `claim` of tokens from `issuerHostPath` as the condition key
 * `ISSUER:claim`.
 *
 * @param issuerHostPath - the issuer URL without `https://` (`token.actions.githubusercontent.com`).
 * @param claim - the claim's name in the token (`sub`, `repository_id`).
 */
export function isExposedKey(issuerHostPath: string, claim: string): boolean {
  if (everyIssuer.has(claim)) return true;
  const host = issuerHostPath.toLowerCase();
  return providerClaims.some((p) => p.issuer.test(host) && p.claims.has(claim));
}
