/**
 * Retries IAM calls that the SDK's own retry middleware did not: throttling and transient errors
 * that reach the caller on their first attempt (a client whose middleware was bypassed or
 * replaced). Delays and the retry budget come from the client's configured retry strategy, so
 * `retryMode: "adaptive"` rate limiting applies to these retries too.
 *
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 * @module
 */
import type { IAMClient } from "@aws-sdk/client-iam";

// Error names AWS uses for throttling across services; IAM answers `Throttling`.
const throttlingNames = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
]);

interface SdkError {
  readonly name?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

interface RetryTokenLike {
  getRetryDelay(): number;
}

interface RetryStrategyV2Like {
  acquireInitialRetryToken(scope: string): Promise<RetryTokenLike>;
  refreshRetryTokenForRetry(
    token: RetryTokenLike,
    errorInfo: { errorType: "THROTTLING" | "TRANSIENT" | "SERVER_ERROR" | "CLIENT_ERROR" },
  ): Promise<RetryTokenLike>;
  recordSuccess(token: RetryTokenLike): void;
}

/** Whether an error from an AWS SDK call is throttling. */
export function isThrottlingError(error: unknown): boolean {
  const e = error as SdkError;
  return (
    (e.name !== undefined && throttlingNames.has(e.name)) ||
    e.$retryable?.throttling === true ||
    e.$metadata?.httpStatusCode === 429
  );
}

/**
 * Sends through `call`, retrying throttling and 5xx errors that the SDK did not already retry.
 *
 * @param sleep - waits the given milliseconds. @default a timer
 */
export async function sendWithRetry<T>(
  client: IAMClient,
  call: () => Promise<T>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  const strategy = (await client.config.retryStrategy()) as unknown as Partial<RetryStrategyV2Like>;
  if (typeof strategy.acquireInitialRetryToken !== "function") return call();
  const v2 = strategy as RetryStrategyV2Like;
  let token = await v2.acquireInitialRetryToken("iam");
  for (;;) {
    try {
      const result = await call();
      v2.recordSuccess(token);
      return result;
    } catch (error) {
      const e = error as SdkError;
      // The SDK's middleware already spent its attempts on this error: retrying again here
      // would multiply them.
      if ((e.$metadata?.attempts ?? 1) > 1) throw error;
      const throttling = isThrottlingError(error);
      const transient = (e.$metadata?.httpStatusCode ?? 0) >= 500;
      if (!throttling && !transient) throw error;
      try {
        token = await v2.refreshRetryTokenForRetry(token, {
          errorType: throttling ? "THROTTLING" : "SERVER_ERROR",
        });
      } catch {
        // The strategy's attempts or retry quota are spent: the caller sees the original error.
        throw error;
      }
      await sleep(token.getRetryDelay());
    }
  }
}
