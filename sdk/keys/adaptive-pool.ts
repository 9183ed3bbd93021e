/**
 * Runs many small API calls with a concurrency that adapts to throttling: it grows by one after a
 * run of successes and halves at each throttling error, and a throttled call waits with
 * exponential backoff and jitter before it is tried again (additive increase, multiplicative
 * decrease).
 *
 * @module
 */
import { KeylessError } from "../errors";

/** How {@link mapAdaptive} schedules and retries. */
export interface AdaptivePoolOptions {
  /**
   * Calls in flight at the start.
   * @default 4
   */
  readonly initialConcurrency?: number;
  /**
   * Most calls in flight.
   * @default 16
   */
  readonly maxConcurrency?: number;
  /**
   * Tries per item before a throttling error is given up on.
   * @default 8
   */
  readonly maxAttempts?: number;
  /**
   * First backoff after a throttling error, in milliseconds; doubled per try, capped at 20 s,
   * with full jitter.
   * @default 200
   */
  readonly baseDelayMs?: number;
  /** Waits `ms` milliseconds; replaced in tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called after each item completes, with the number done so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called at each throttling error, with the concurrency it dropped to. */
  readonly onThrottle?: (concurrency: number) => void;
  /** The jitter source, in [0, 1). @default Math.random */
  readonly random?: () => number;
}

const throttlingNames = new Set([
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
]);

/**
 * Whether `err` says the API refused for rate: the IAM query protocol's `Throttling` code, its JSON
 * siblings, or any SDK error marked as a throttling retry.
 */
export function isThrottlingError(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { name?: unknown; $retryable?: { throttling?: boolean }; status?: unknown };
  return (
    (typeof e.name === "string" && throttlingNames.has(e.name)) ||
    e.$retryable?.throttling === true ||
    e.status === 429
  );
}

/** Default wait, in milliseconds. */
export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Maps `items` through `worker` with adaptive concurrency; results keep the order of `items`.
 * Stops at the first error that is not throttling (or throttling past `maxAttempts`), and rejects
 * with it.
 */
export function mapAdaptive<T, R>(
  items: readonly T[],
  worker: (item: T) => Promise<R>,
  options: AdaptivePoolOptions = {},
): Promise<R[]> {
  const max = Math.max(1, options.maxConcurrency ?? 16);
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 200;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const results: R[] = new Array<R>(items.length);
  let limit = Math.min(max, Math.max(1, options.initialConcurrency ?? 4));
  let next = 0;
  let active = 0;
  let done = 0;
  let streak = 0;
  let failed = false;

  return new Promise<R[]>((resolve, reject) => {
    const fail = (err: unknown) => {
      failed = true;
      reject(err);
    };
    const pump = () => {
      if (failed) return;
      if (done === items.length) {
        resolve(results);
        return;
      }
      while (active < limit && next < items.length) {
        const index = next++;
        active++;
        void run(index, 1);
      }
    };
    const run = async (index: number, attempt: number): Promise<void> => {
      try {
        results[index] = await worker(items[index] as T);
      } catch (err) {
        if (failed) return;
        if (!isThrottlingError(err)) return fail(err);
        if (attempt >= maxAttempts) {
          return fail(
            new KeylessError(
              "ERR_CLOUD_API",
              `The API kept throttling after ${maxAttempts} tries of one call. Run the scan again later or lower its concurrency.`,
              { cause: err },
            ),
          );
        }
        limit = Math.max(1, Math.floor(limit / 2));
        streak = 0;
        options.onThrottle?.(limit);
        const capMs = Math.min(20_000, baseDelayMs * 2 ** (attempt - 1));
        await sleep(Math.floor(random() * capMs) + 1);
        return run(index, attempt + 1);
      }
      active--;
      done++;
      streak++;
      if (streak >= limit && limit < max) {
        limit++;
        streak = 0;
      }
      options.onProgress?.(done, items.length);
      pump();
    };
    pump();
  });
}
