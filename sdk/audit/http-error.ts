/**
 * Turns a failed REST call of GCP or Azure into a {@link KeylessError} that names the permission
 * the call needs, without echoing request headers (which carry the bearer token).
 *
 * @module
 */
import { KeylessError } from "../errors";

/** A REST failure as the audits see it: HTTP status and the service's error body. */
export interface RestFailure {
  readonly status: number;
  readonly body: unknown;
}

/** The service's own error message from a GCP (`error.message`) or ARM (`error.message`) body. */
export function restErrorMessage(body: unknown): string {
  const error = (body as { error?: { message?: unknown; code?: unknown } } | undefined)?.error;
  if (typeof error?.message === "string") return error.message;
  if (typeof body === "string" && body.trim() !== "") return body.trim().slice(0, 300);
  return "no error message";
}

/**
 * The error for a failed call.
 *
 * @param cloud - `GCP` or `Azure`, for the message.
 * @param permission - what the call needs, e.g. `iam.workloadIdentityPools.list`.
 */
export function restError(
  cloud: string,
  what: string,
  permission: string,
  failure: RestFailure,
  cause?: unknown,
): KeylessError {
  const detail = restErrorMessage(failure.body);
  if (failure.status === 401 || failure.status === 403) {
    return new KeylessError(
      "ERR_ACCESS_DENIED",
      `${cloud} refused to ${what} (HTTP ${failure.status}): ${detail} Grant ${permission} to the identity running the audit.`,
      { cause },
    );
  }
  return new KeylessError(
    "ERR_CLOUD_API",
    `${cloud} failed to ${what} (HTTP ${failure.status}): ${detail}`,
    { cause },
  );
}
