/**
 * The credential cache: one entry per target, one shared refresh in flight, refresh ahead of
 * expiry while the current credentials are still served, and expiry corrected for clock skew.
 *
 * @module
 */
import { KeylessError } from "../errors";
import { type Clock, type RuntimeLogger, systemClock } from "./clock";
import { backoffDelayMs, classifyFailure, type RetryDecision, type RetryPolicy } from "./retry";

/** What an exchange hands the cache. */
export interface IssuedCredentials<T> {
  readonly value: T;
  /** When the credentials expire, by the issuing server's clock. */
  readonly expiresAt: Date;
  /**
   * The server's `Date` header of the answer, when known: the difference to our clock corrects
   * `expiresAt`. Leave out when `expiresAt` was derived from a relative `expires_in`.
   */
  readonly serverDate?: Date | undefined;
}

/** When to refresh. */
export interface RefreshOptions {
  /**
   * Refresh at least this long before expiry, in milliseconds.
   * @default 300000 (5 minutes)
   */
  readonly minRefreshAheadMs?: number;
  /**
   * Refresh at least this fraction of the lifetime before expiry.
   * @default 0.1
   */
  readonly refreshAheadRatio?: number;
  /**
   * Credentials this close to expiry, in milliseconds, are no longer served: callers wait for the
   * refresh instead.
   * @default 30000
   */
  readonly expiryMarginMs?: number;
  /** @default see {@link RetryPolicy} */
  readonly retry?: RetryPolicy;
  /**
   * Decides whether a failure is retried.
   * @default retries {@link ExchangeError}s that are retryable; denials only in the grace window
   */
  readonly classify?: (err: unknown) => RetryDecision;
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default none: nothing is reported */
  readonly logger?: RuntimeLogger;
}

/** The state of an entry, for status output. Holds no credential. */
export interface CacheEntryState {
  readonly key: string;
  /** Local time, ms since the epoch; undefined before the first exchange. */
  readonly expiresAt: number | undefined;
  readonly refreshAt: number | undefined;
  readonly refreshing: boolean;
  /** Exchanges made so far, retries included. */
  readonly exchanges: number;
}

interface Current<T> {
  readonly value: T;
  readonly expiresAt: number;
  readonly refreshAt: number;
  readonly blockAt: number;
}

/**
 * One target's credentials. {@link CachedCredentials.get} answers from memory until the refresh
 * point; between it and the expiry margin it still answers from memory and starts one background
 * refresh; past the margin every caller waits for the same refresh.
 */
export class CachedCredentials<T> {
  readonly key: string;
  #current: Current<T> | undefined;
  #inflight: Promise<T> | undefined;
  #nextBackgroundAttempt = 0;
  #exchanges = 0;
  readonly #fetch: () => Promise<IssuedCredentials<T>>;
  readonly #options: RefreshOptions;
  readonly #clock: Clock;

  constructor(
    key: string,
    fetch: () => Promise<IssuedCredentials<T>>,
    options: RefreshOptions = {},
  ) {
    this.key = key;
    this.#fetch = fetch;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** The current credentials, refreshed as needed. */
  get(): Promise<T> {
    const current = this.#current;
    if (current !== undefined && this.#clock.now() < current.refreshAt) {
      return Promise.resolve(current.value);
    }
    return this.#getSlow(current);
  }

  /** Drops the cached credentials; the next {@link get} exchanges again. */
  invalidate(): void {
    this.#current = undefined;
  }

  /** The entry's state, without credentials. */
  state(): CacheEntryState {
    return {
      key: this.key,
      expiresAt: this.#current?.expiresAt,
      refreshAt: this.#current?.refreshAt,
      refreshing: this.#inflight !== undefined,
      exchanges: this.#exchanges,
    };
  }

  #getSlow(current: Current<T> | undefined): Promise<T> {
    const now = this.#clock.now();
    if (current !== undefined && now < current.blockAt) {
      if (this.#inflight === undefined && now >= this.#nextBackgroundAttempt) {
        this.#refresh().catch((err: unknown) => {
          // The current credentials are still good; try again after a pause rather than on
          // every call, and let the error surface only once callers must wait.
          this.#nextBackgroundAttempt =
            this.#clock.now() + backoffDelayMs(3, this.#options.retry ?? {}, this.#clock.random());
          this.#options.logger?.warn?.(
            `Background refresh of ${this.key} failed; serving the current credentials until ` +
              `${new Date(current.blockAt).toISOString()}: ${(err as Error).message}`,
          );
        });
      }
      return Promise.resolve(current.value);
    }
    return this.#refresh();
  }

  #refresh(): Promise<T> {
    if (this.#inflight !== undefined) return this.#inflight;
    const flight = this.#fetchWithRetry().finally(() => {
      this.#inflight = undefined;
    });
    this.#inflight = flight;
    return flight;
  }

  async #fetchWithRetry(): Promise<T> {
    const policy = this.#options.retry ?? {};
    const maxAttempts = policy.maxAttempts ?? 4;
    const graceUntil = this.#clock.now() + (policy.accessDeniedGraceMs ?? 0);
    const classify = this.#options.classify ?? classifyFailure;
    for (let attempt = 0; ; attempt++) {
      const started = this.#clock.now();
      try {
        this.#exchanges++;
        this.#options.logger?.debug?.(`Exchanging for ${this.key} (attempt ${attempt + 1}).`);
        const issued = await this.#fetch();
        return this.#store(issued, started);
      } catch (err) {
        const decision = classify(err);
        const now = this.#clock.now();
        const again =
          (decision === "retry" && attempt + 1 < maxAttempts) ||
          (decision === "retry-in-grace" && now < graceUntil);
        if (!again) throw err;
        const delay = backoffDelayMs(attempt, policy, this.#clock.random());
        this.#options.logger?.debug?.(
          `Exchange for ${this.key} failed (${(err as Error).name}); retrying in ${delay} ms.`,
        );
        await this.#clock.sleep(delay);
      }
    }
  }

  #store(issued: IssuedCredentials<T>, requestedAt: number): T {
    const now = this.#clock.now();
    const skew = issued.serverDate === undefined ? 0 : skewMs(issued.serverDate, requestedAt, now);
    const expiresAt = issued.expiresAt.getTime() - skew;
    const lifetime = expiresAt - now;
    if (!(lifetime > 0)) {
      throw new KeylessError(
        "ERR_EXCHANGE_FAILED",
        `The credentials for ${this.key} arrived already expired (expiry ` +
          `${issued.expiresAt.toISOString()} by the server's clock, skew ${skew} ms). Fix: check ` +
          "the local clock.",
      );
    }
    const ahead = Math.max(
      this.#options.minRefreshAheadMs ?? 300_000,
      (this.#options.refreshAheadRatio ?? 0.1) * lifetime,
    );
    const margin = Math.min(this.#options.expiryMarginMs ?? 30_000, lifetime / 4);
    // A lifetime shorter than the lead time would refresh at once; refresh halfway instead.
    const refreshAt = now + Math.max(lifetime - ahead, lifetime / 2);
    this.#current = { value: issued.value, expiresAt, refreshAt, blockAt: expiresAt - margin };
    this.#nextBackgroundAttempt = 0;
    return issued.value;
  }
}

/**
 * How far the server's clock runs ahead of ours, from its `Date` header. The header has whole
 * seconds, so the server's time lay within the second after it (hence + 500 ms), and a difference
 * within that resolution is no evidence of skew. The server said it while we were between
 * `requestedAt` and `receivedAt`; the midpoint keeps a slow answer from counting as skew.
 */
function skewMs(serverDate: Date, requestedAt: number, receivedAt: number): number {
  const skew = serverDate.getTime() + 500 - Math.round((requestedAt + receivedAt) / 2);
  return Math.abs(skew) <= 1000 + (receivedAt - requestedAt) / 2 ? 0 : skew;
}

/** One {@link CachedCredentials} per target key, shared by everyone asking for that target. */
export class CredentialCache {
  readonly #entries = new Map<string, CachedCredentials<unknown>>();
  readonly #options: RefreshOptions;

  constructor(options: RefreshOptions = {}) {
    this.#options = options;
  }

  /**
   * The entry for `key`, created with `fetch` on first use. Later calls with the same key return
   * the same entry and ignore their `fetch`: one target, one set of credentials.
   */
  entry<T>(key: string, fetch: () => Promise<IssuedCredentials<T>>): CachedCredentials<T> {
    let entry = this.#entries.get(key) as CachedCredentials<T> | undefined;
    if (entry === undefined) {
      entry = new CachedCredentials(key, fetch, this.#options);
      this.#entries.set(key, entry as CachedCredentials<unknown>);
    }
    return entry;
  }

  /** Every entry's state, without credentials. */
  states(): CacheEntryState[] {
    return [...this.#entries.values()].map((e) => e.state());
  }
}
