/**
 * How a TTL becomes AWS session settings: the `DurationSeconds` a job requests and the role's
 * `MaxSessionDuration`.
 *
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 * @module
 */
import { type Problem, TrustValidationError } from "../errors";
import { checkTtlRange, type DurationInput, resolveTtl } from "../trust";

/** The shortest session STS issues (`DurationSeconds` minimum): 15 minutes. */
export const AWS_MIN_SESSION_SECONDS = 900;

/** The longest session a role can allow (`MaxSessionDuration` maximum): 12 hours. */
export const AWS_MAX_SESSION_SECONDS = 43_200;

/** The smallest `MaxSessionDuration` IAM accepts: 1 hour. */
export const AWS_MIN_MAX_SESSION_SECONDS = 3600;

/** The session settings of one role. */
export interface AwsSessionDuration {
  /** The TTL in seconds: what a job passes as `DurationSeconds`. */
  readonly sessionDurationSeconds: number;
  /** The role's `MaxSessionDuration` in seconds: the TTL, but at least 3,600 (the API minimum). */
  readonly maxSessionDurationSeconds: number;
}

/**
 * Reads a TTL into AWS session settings.
 *
 * @param ttl - the declared TTL; one hour when left out. @default "1h"
 * @param path - the property path of the TTL, for messages. @default "ttl"
 * @throws {@link TrustValidationError} with `ERR_DURATION_INVALID` when the TTL cannot be read, or
 *   `ERR_TTL_OUT_OF_RANGE` when it is shorter than 15 minutes or longer than 12 hours.
 * @example
 * ```ts
 * awsSessionDuration("45m"); // { sessionDurationSeconds: 2700, maxSessionDurationSeconds: 3600 }
 * ```
 */
export function awsSessionDuration(
  ttl: DurationInput | undefined,
  path = "ttl",
): AwsSessionDuration {
  const seconds = resolveTtl(ttl, path);
  if (typeof seconds !== "number")
    throw new TrustValidationError([seconds], "ERR_DURATION_INVALID");
  const problem = checkAwsSessionTtl(seconds, path);
  if (problem) throw new TrustValidationError([problem], "ERR_TTL_OUT_OF_RANGE");
  return Object.freeze({
    sessionDurationSeconds: seconds,
    maxSessionDurationSeconds: Math.max(AWS_MIN_MAX_SESSION_SECONDS, seconds),
  });
}

/** Checks a TTL in seconds against what STS issues: the problem, or `undefined` when it fits. */
export function checkAwsSessionTtl(seconds: number, path = "ttl"): Problem | undefined {
  return checkTtlRange(
    seconds,
    AWS_MIN_SESSION_SECONDS,
    AWS_MAX_SESSION_SECONDS,
    "AWS",
    "STS DurationSeconds is 900 s at least; a role's MaxSessionDuration is 43,200 s at most",
    path,
  );
}
