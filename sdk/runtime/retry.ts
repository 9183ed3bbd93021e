/**
 * When to try an exchange again: jittered exponential backoff for throttling, 5xx and transient
 * identity-provider errors; never a blind retry of a denial, except inside a grace window the
 * caller asks for (a role or binding created seconds ago is not assumable yet everywhere).
 *
 * @module
 */
import { ExchangeError, TokenSourceError } from "./errors";

/** How an exchange is retried. */
export interface RetryPolicy {
  /**
   * Attempts in all, the first included, for throttling, 5xx and network errors.
   * @default 4
   */
  readonly maxAttempts?: number;
  /**
   * The first backoff, in milliseconds; doubles each attempt.
   * @default 200
   */
  readonly baseDelayMs?: number;
  /**
   * The longest backoff, in milliseconds.
   * @default 10000
   */
  readonly maxDelayMs?: number;
  /**
   * How long after the first attempt a denial is still retried, in milliseconds: for use right
   * after deploying the trust, while the cloud's IAM converges. IAM on AWS takes seconds, GCP
   * minutes.
   * @default 0 (a denial fails at once)
   */
  readonly accessDeniedGraceMs?: number;
}

/** What to do with a failure. */
export type RetryDecision = "retry" | "retry-in-grace" | "fail";

/** The decision for `err` under the default rules. */
export function classifyFailure(err: unknown): RetryDecision {
  if (err instanceof ExchangeError) {
    if (err.retryable) return "retry";
    if (err.reason === "denied") return "retry-in-grace";
  }
  if (err instanceof TokenSourceError && err.transient) return "retry";
  return "fail";
}

/**
 * The delay before attempt `attempt + 1`: half the exponential step fixed, half random ("equal
 * jitter"), so concurrent jobs spread out but none retries at once.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: number): number {
  const base = policy.baseDelayMs ?? 200;
  const cap = policy.maxDelayMs ?? 10_000;
  const step = Math.min(cap, base * 2 ** attempt);
  return Math.round(step / 2 + (step / 2) * random);
}
