/**
 * One TTL, several clouds: checks a TTL against every cloud an identity is granted in, before
 * anything is created, and reports every cloud that cannot honour it together.
 *
 * @module
 */
import { checkAwsSessionTtl } from "../aws/session-duration";
import { checkAzureTtl } from "../azure/token-lifetime";
import { type Problem, type TrustWarning, TrustValidationError } from "../errors";
import { checkGcpLifetime } from "../gcp/ttl";
import { resolveTtl } from "../trust/ttl";

/** Which clouds an identity is granted in, and what changes their TTL limits. */
export interface TtlCoherenceOptions {
  readonly aws: boolean;
  readonly gcp: boolean;
  /** GCP may issue tokens up to 12 h when the organisation policy allows it. */
  readonly gcpLifetimeExtensionAllowed?: boolean;
  readonly azure: boolean;
}

/**
 * Checks `ttl` against every granted cloud.
 *
 * @returns the TTL in seconds and the warnings (Azure cannot shorten its tokens).
 * @throws {@link TrustValidationError} with code `ERR_TTL_OUT_OF_RANGE` naming each cloud that
 *   cannot honour the TTL and its limit.
 */
export function checkTtlCoherence(
  ttl: string | undefined,
  options: TtlCoherenceOptions,
  path = "ttl",
): { ttlSeconds: number; warnings: TrustWarning[] } {
  const seconds = resolveTtl(ttl, path);
  if (typeof seconds !== "number")
    throw new TrustValidationError([seconds], "ERR_DURATION_INVALID");
  const problems: Problem[] = [];
  const aws = options.aws ? checkAwsSessionTtl(seconds, path) : undefined;
  if (aws) problems.push(aws);
  const gcp = options.gcp
    ? checkGcpLifetime(seconds, {
        path,
        ...(options.gcpLifetimeExtensionAllowed ? { lifetimeExtensionAllowed: true } : {}),
      })
    : undefined;
  if (gcp) problems.push(gcp);
  if (problems.length > 0) throw new TrustValidationError(problems, "ERR_TTL_OUT_OF_RANGE");
  const azureWarning = options.azure ? checkAzureTtl(seconds, path) : undefined;
  return { ttlSeconds: seconds, warnings: azureWarning ? [azureWarning] : [] };
}
