/**
 * Which token claims AWS STS turns into condition keys, per issuer. A trust policy can only check
 * a claim that STS exposes; a condition on any other claim would never match (the key is missing,
 * so a positive operator is false), and leaving it out would widen the trust. The renderer and the
 * simulator both read this table.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * @module
 */

/** The claims STS exposes for every OIDC issuer, as `HOSTPATH:CLAIM`. */
export const AWS_STANDARD_CLAIM_KEYS: readonly string[] = Object.freeze(["aud", "sub", "amr"]);

/**
 * An issuer family for which STS also exposes provider-specific claims. Plain data, so the
 * simulator and other languages can read it.
 */
export interface AwsProviderClaimKeys {
  /** The family's name as people say it: `GitHub Actions`, `Google`, … */
  readonly provider: string;
  /**
   * The issuer hosts the keys apply to. A `*` stands for one DNS label (letters, digits, `-`);
   * any URL path after the host is allowed (GitHub Enterprise slugs, CircleCI organisations).
   */
  readonly hosts: readonly string[];
  /** The claims STS exposes besides {@link AWS_STANDARD_CLAIM_KEYS}, exactly as the token names them. */
  readonly claims: readonly string[];
  /** Where the list comes from. */
  readonly see: string;
}

/**
 * The issuer families with provider-specific condition keys (since early 2026). Every issuer not
 * listed here gets only `aud`, `sub` and `amr`.
 *
 * GitHub's `repository_owner_id` is deliberately absent: the STS announcement does not list it, so
 * Keyless treats it as uncheckable. The trust model marks it `impliedBy` the owner in `sub` plus
 * `repository_id`, so leaving it out never widens a trust.
 */
export const AWS_PROVIDER_CLAIM_KEYS: readonly AwsProviderClaimKeys[] = deepFreeze([
  {
    provider: "GitHub Actions",
    hosts: ["token.actions.githubusercontent.com", "token.actions.*.ghe.com"],
    claims: [
      "actor",
      "actor_id",
      "job_workflow_ref",
      "repository",
      "repository_id",
      "workflow",
      "ref",
      "environment",
      "enterprise_id",
    ],
    see: "https://aws.amazon.com/about-aws/whats-new/2026/01/aws-sts-supports-validation-identity-provider-claims/",
  },
  {
    provider: "Google",
    hosts: ["accounts.google.com"],
    claims: ["oaud", "google/organization_number"],
    see: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
  },
  {
    provider: "CircleCI",
    hosts: ["oidc.circleci.com"],
    claims: ["oidc.circleci.com/project-id"],
    see: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
  },
  {
    provider: "Oracle Cloud Infrastructure",
    hosts: ["idcs-*.identity.oraclecloud.com"],
    claims: ["rpst_id"],
    see: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
  },
]);

/**
 * The provider family whose keys apply to an issuer, if any.
 *
 * @param hostPath - the issuer URL without `https://` (`token.actions.githubusercontent.com/acme`).
 */
export function awsProviderClaimKeys(hostPath: string): AwsProviderClaimKeys | undefined {
  const host = (hostPath.split("/")[0] ?? "").toLowerCase();
  return AWS_PROVIDER_CLAIM_KEYS.find((family) => family.hosts.some((h) => hostMatches(h, host)));
}

/**
 * Every claim STS exposes as a condition key for an issuer: the standard three plus the family's.
 *
 * @param hostPath - the issuer URL without `https://`.
 */
export function awsCheckableClaims(hostPath: string): readonly string[] {
  const family = awsProviderClaimKeys(hostPath);
  return family ? [...AWS_STANDARD_CLAIM_KEYS, ...family.claims] : AWS_STANDARD_CLAIM_KEYS;
}

/**
 * Whether a trust policy can check `claim` on tokens from the issuer. Claim names are compared
 * exactly: the token's claim names are case-sensitive even though IAM's key names are not.
 */
export function awsCanCheckClaim(hostPath: string, claim: string): boolean {
  return awsCheckableClaims(hostPath).includes(claim);
}

/**
 * The condition key for a claim: `HOSTPATH:CLAIM`, e.g.
 * `token.actions.githubusercontent.com:repository_id` or
 * `oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub`.
 */
export function awsConditionKey(hostPath: string, claim: string): string {
  return `${hostPath}:${claim}`;
}

function hostMatches(pattern: string, host: string): boolean {
  const labels = pattern.split(".");
  const hostLabels = host.split(".");
  return (
    labels.length === hostLabels.length &&
    labels.every((label, i) => {
      const actual = hostLabels[i] ?? "";
      if (!label.includes("*")) return label === actual;
      const [prefix = "", suffix = ""] = label.split("*");
      return (
        actual.length > prefix.length + suffix.length &&
        actual.startsWith(prefix) &&
        actual.endsWith(suffix) &&
        /^[a-z0-9-]+$/.test(actual)
      );
    })
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
