/**
 * The errors the runtime throws. A token source that does not apply to the place it runs in says
 * so with {@link TokenSourceError.tryNext}; a source that applies and failed does not, so a chain
 * stops there with the reason instead of silently trying the next platform.
 *
 * Messages never contain a token, key or secret: they name the variable, file, command or endpoint
 * involved, never its value.
 *
 * @module
 */
import { KeylessError } from "../errors";

/** Why a token source could not hand out a token. */
export class TokenSourceError extends KeylessError {
  /** The source's kind, e.g. `github-actions`. */
  readonly source: string;
  /**
   * `true` when the source does not apply here (its platform's variables are absent): a chain
   * tries the next source. `false` when it applies and failed: a chain stops.
   */
  readonly tryNext: boolean;
  /**
   * `true` when the platform's token service was unreachable or answered 429/5xx: a later attempt
   * may succeed, so the cache retries it with backoff like a transient cloud error.
   */
  readonly transient: boolean;

  constructor(
    source: string,
    message: string,
    options: { readonly tryNext: boolean; readonly transient?: boolean; readonly cause?: unknown },
  ) {
    super("ERR_TOKEN_SOURCE", message, { cause: options.cause });
    this.source = source;
    this.tryNext = options.tryNext;
    this.transient = options.transient ?? false;
  }
}

/**
 * What went wrong in an exchange, as far as retrying is concerned.
 *
 * - `throttled`: the cloud asked to slow down (429, `Throttling`) — retried with backoff.
 * - `unavailable`: a 5xx, or the cloud could not reach the issuer (`IDPCommunicationError`) —
 *   retried with backoff.
 * - `network`: no usable answer (refused, reset, truncated, timed out) — retried with backoff.
 * - `denied`: the cloud refused the token or the role (403, `AccessDenied`, `invalid_grant`,
 *   `AADSTS70021`) — never retried blindly.
 * - `invalid`: the request itself is wrong (400 other than a denial, a malformed answer) — not
 *   retried.
 */
export type ExchangeFailureReason = "throttled" | "unavailable" | "network" | "denied" | "invalid";

/** A cloud exchange failed. The message names the cloud, the target and the cloud's reason. */
export class ExchangeError extends KeylessError {
  /** The cloud that answered: `aws`, `gcp` or `azure`. */
  readonly cloud: "aws" | "gcp" | "azure";
  /** Why it failed, for the retry policy. */
  readonly reason: ExchangeFailureReason;
  /** The HTTP status, when there was an answer. */
  readonly status: number | undefined;

  constructor(
    cloud: "aws" | "gcp" | "azure",
    reason: ExchangeFailureReason,
    message: string,
    options: { readonly status?: number | undefined; readonly cause?: unknown } = {},
  ) {
    super(reason === "denied" ? "ERR_ACCESS_DENIED" : "ERR_EXCHANGE_FAILED", message, {
      cause: options.cause,
    });
    this.cloud = cloud;
    this.reason = reason;
    this.status = options.status;
  }

  /** Whether a later attempt may succeed without anything changing on our side. */
  get retryable(): boolean {
    return (
      this.reason === "throttled" || this.reason === "unavailable" || this.reason === "network"
    );
  }
}

/**
 * The token's claims cannot reach the target the manifest declares: the cloud would refuse it.
 * Thrown before the cloud is called, with the reason the cloud would not give.
 */
export class ClaimsMismatchError extends KeylessError {
  /** One line per trusted subject that was tried, saying why it did not match. */
  readonly reasons: readonly string[];

  constructor(message: string, reasons: readonly string[]) {
    super("ERR_ACCESS_DENIED", message);
    this.reasons = Object.freeze([...reasons]);
  }
}

/**
 * Replaces every occurrence of each secret in `text` with `[redacted]`. Used on messages that
 * come back from cloud SDKs, which may quote what they were sent.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would redact ordinary words; no credential is this short.
    if (secret !== undefined && secret.length >= 8) out = out.split(secret).join("[redacted]");
  }
  return out;
}
