/**
 * TTL on Azure: Microsoft Entra ID chooses how long the access token it returns for a federated
 * credential lives (a random value between 60 and 90 minutes by default), and the exchange request
 * has no parameter to shorten it. A shorter declared TTL is therefore enforced at runtime, by the
 * Keyless runtime discarding the credentials, and said so as a warning.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/access-tokens#token-lifetime
 * @module
 */
import type { TrustWarning } from "../errors";
import { formatDuration } from "../trust/duration";

/** The shortest lifetime Entra ID gives an access token by default: 60 minutes, in seconds. */
export const AZURE_TOKEN_LIFETIME_MIN_SECONDS = 3600;

/** The longest lifetime Entra ID gives an access token by default: 90 minutes, in seconds. */
export const AZURE_TOKEN_LIFETIME_MAX_SECONDS = 5400;

/**
 * Warns when a declared TTL is shorter than the longest token Azure may issue, because Azure will
 * not honour it and the runtime has to.
 *
 * @param ttlSeconds - the identity's TTL.
 * @param path - the property path of the TTL, for the warning.
 * @returns the warning, or `undefined` when Azure's tokens never outlive the TTL.
 */
export function checkAzureTtl(ttlSeconds: number, path: string): TrustWarning | undefined {
  if (ttlSeconds >= AZURE_TOKEN_LIFETIME_MAX_SECONDS) return undefined;
  return {
    code: "azure-ttl-at-runtime",
    path,
    message: `Azure chooses the lifetime of the access tokens it exchanges (${formatDuration(AZURE_TOKEN_LIFETIME_MIN_SECONDS)} to ${formatDuration(AZURE_TOKEN_LIFETIME_MAX_SECONDS)} by default) and no request can shorten it, so the TTL of ${formatDuration(ttlSeconds)} is enforced at runtime instead: the Keyless runtime drops the credentials when it ends, but a token copied out of the job stays valid until Azure's lifetime ends.`,
    fix: `Exchange tokens through the Keyless runtime (or \`keyless creds\`) so the TTL holds, or declare a TTL of ${formatDuration(AZURE_TOKEN_LIFETIME_MAX_SECONDS)} or more to state what Azure grants.`,
  };
}
