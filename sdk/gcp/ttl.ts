/**
 * How long a GCP access token lives: the service account credentials Keyless asks for last the
 * declared TTL, which GCP caps at one hour unless an organisation policy extends it to twelve.
 *
 * @see https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken
 * @module
 */
import { KeylessError, formatProblem, type Problem } from "../errors";
import { checkTtlRange, type DurationInput, resolveTtl } from "../trust";

/** The longest access token GCP issues by default: 1 hour. */
export const GCP_DEFAULT_MAX_LIFETIME_SECONDS = 3600;

/**
 * The longest access token GCP issues when the organisation policy
 * `constraints/iam.allowServiceAccountCredentialLifetimeExtension` lists the service account:
 * 12 hours.
 */
export const GCP_EXTENDED_MAX_LIFETIME_SECONDS = 43_200;

/**
 * The shortest lifetime Keyless requests: 10 minutes, the least that `gcloud` accepts in a
 * credential configuration's `token_lifetime_seconds`.
 */
export const GCP_MIN_LIFETIME_SECONDS = 600;

/** The organisation policy that allows access tokens past one hour. */
export const GCP_LIFETIME_EXTENSION_POLICY =
  "constraints/iam.allowServiceAccountCredentialLifetimeExtension";

/** Options of {@link resolveGcpLifetime}. */
export interface GcpLifetimeOptions {
  /**
   * Set when the organisation policy {@link GCP_LIFETIME_EXTENSION_POLICY} lists the service
   * account, so tokens may live up to 12 hours. Keyless cannot see organisation policies; it takes
   * the declaration's word and GCP refuses longer tokens if the word is wrong. @default false
   */
  readonly lifetimeExtensionAllowed?: boolean;
  /** The property path of the TTL, for messages. @default "ttl" */
  readonly path?: string;
}

/**
 * Reads the declared TTL into the access token lifetime to request from GCP, in seconds.
 *
 * @param ttl - the declared TTL. @default "1h"
 * @throws {@link KeylessError} `ERR_DURATION_INVALID` for an unreadable TTL,
 *   `ERR_TTL_OUT_OF_RANGE` for one GCP cannot honour (naming GCP and its limit).
 */
export function resolveGcpLifetime(
  ttl: DurationInput | undefined,
  options: GcpLifetimeOptions = {},
): number {
  const path = options.path ?? "ttl";
  const seconds = resolveTtl(ttl, path);
  if (typeof seconds !== "number") {
    throw new KeylessError("ERR_DURATION_INVALID", formatProblem(seconds));
  }
  const problem = checkGcpLifetime(seconds, options);
  if (problem) throw new KeylessError("ERR_TTL_OUT_OF_RANGE", formatProblem(problem));
  return seconds;
}

/**
 * Checks a lifetime in seconds against what GCP issues: the problem, or `undefined` when GCP
 * honours it.
 */
export function checkGcpLifetime(
  seconds: number,
  options: GcpLifetimeOptions = {},
): Problem | undefined {
  const extended = options.lifetimeExtensionAllowed === true;
  const max = extended ? GCP_EXTENDED_MAX_LIFETIME_SECONDS : GCP_DEFAULT_MAX_LIFETIME_SECONDS;
  const why = extended
    ? `access tokens with ${GCP_LIFETIME_EXTENSION_POLICY} allowing the extension`
    : `access tokens live at most 1h unless the organisation policy ${GCP_LIFETIME_EXTENSION_POLICY} allows longer; declare lifetimeExtensionAllowed when it does`;
  return checkTtlRange(seconds, GCP_MIN_LIFETIME_SECONDS, max, "GCP", why, options.path ?? "ttl");
}
