/**
 * Azure: the client assertion flow through `@azure/identity`'s `ClientAssertionCredential` — the
 * OIDC token is the assertion for an app registration or user-assigned managed identity that
 * holds a matching federated identity credential.
 *
 * Entra decides an access token's lifetime (60 to 90 minutes by default); it cannot be requested.
 * The declared TTL is honoured on our side instead: credentials are refreshed once it has passed.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation
 * @module
 */
import {
  type AccessToken,
  ClientAssertionCredential,
  type ClientAssertionCredentialOptions,
} from "@azure/identity";
import type { IssuedCredentials } from "../cache";
import { checkClaims, type ExpectedTrust } from "../claims-check";
import { ExchangeError, type ExchangeFailureReason, redact } from "../errors";
import type { TokenSource } from "../sources/token-source";

/** The audience Entra expects in federated tokens. */
export const AZURE_DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
/** The scope for Azure Resource Manager. */
export const AZURE_MANAGEMENT_SCOPE = "https://management.azure.com/.default";

/** Options of {@link createAzureExchanger}. */
export interface AzureExchangeOptions {
  /** The Entra tenant ID. */
  readonly tenantId: string;
  /** The client ID of the app registration or managed identity. */
  readonly clientId: string;
  /** Where the OIDC token comes from. */
  readonly tokenSource: TokenSource;
  /**
   * The scopes of the access token.
   * @default ["https://management.azure.com/.default"]
   */
  readonly scopes?: readonly string[];
  /**
   * The token's audience.
   * @default "api://AzureADTokenExchange"
   */
  readonly audience?: string;
  /**
   * The declared TTL: credentials are refreshed after this long even if Entra granted longer.
   * @default 3600
   */
  readonly ttlSeconds?: number;
  /**
   * The Entra authority host, for sovereign clouds and tests.
   * @default "https://login.microsoftonline.com"
   */
  readonly authorityHost?: string;
  /** Passed to `ClientAssertionCredential` as is (e.g. `disableInstanceDiscovery`, `agent`). */
  readonly credentialOptions?: ClientAssertionCredentialOptions;
  /** When given, the token's claims are checked against it before Entra is called. */
  readonly expect?: ExpectedTrust;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks options that would only fail at Entra. */
export function validateAzureExchangeOptions(options: AzureExchangeOptions): void {
  for (const key of ["tenantId", "clientId"] as const) {
    if (!guid.test(options[key])) {
      throw new TypeError(
        `${key}: "${options[key]}" is not a GUID. Fix: copy it from the identity.`,
      );
    }
  }
  const t = options.ttlSeconds;
  if (t !== undefined && !(Number.isInteger(t) && t >= 60)) {
    throw new RangeError(`ttlSeconds: ${t} must be whole seconds, at least 60.`);
  }
}

/** The access token the caller receives. */
export type AzureAccessToken = Readonly<AccessToken>;

/**
 * A reusable Azure exchanger. Each exchange builds a new `ClientAssertionCredential`, so a fresh
 * OIDC token is presented each time instead of MSAL's cached answer.
 *
 * @example
 * ```ts
 * const exchange = createAzureExchanger({
 *   tenantId: "00000000-0000-0000-0000-000000000001",
 *   clientId: "00000000-0000-0000-0000-000000000002",
 *   tokenSource: fromPlatform(),
 * });
 * ```
 */
export function createAzureExchanger(
  options: AzureExchangeOptions,
): () => Promise<IssuedCredentials<AzureAccessToken>> {
  validateAzureExchangeOptions(options);
  const scopes = [...(options.scopes ?? [AZURE_MANAGEMENT_SCOPE])];
  const ttlMs = (options.ttlSeconds ?? 3600) * 1000;

  return async () => {
    const audience = options.audience ?? AZURE_DEFAULT_AUDIENCE;
    const token = await options.tokenSource.getToken({ audience });
    if (options.expect !== undefined) checkClaims(token, options.expect);

    const credential = new ClientAssertionCredential(
      options.tenantId,
      options.clientId,
      async () => token,
      {
        ...options.credentialOptions,
        // The cache owns retries.
        retryOptions: { maxRetries: 0 },
        ...(options.authorityHost === undefined ? {} : { authorityHost: options.authorityHost }),
      },
    );
    const started = Date.now();
    let answer: AccessToken;
    try {
      answer = await credential.getToken(scopes);
    } catch (err) {
      throw toExchangeError(err, options.clientId, token);
    }
    // MSAL derives expiresOnTimestamp from the relative expires_in, so no skew correction applies.
    const expiresAt = Math.min(answer.expiresOnTimestamp, started + ttlMs);
    return {
      value: Object.freeze({ ...answer, expiresOnTimestamp: expiresAt }),
      expiresAt: new Date(expiresAt),
    };
  };
}

function toExchangeError(err: unknown, clientId: string, token: string): ExchangeError {
  const e = err as {
    name?: string;
    message?: string;
    statusCode?: number;
    errorResponse?: { error?: string; errorDescription?: string };
  };
  const status = e.statusCode;
  const message = redact(e.message ?? "", [token]);
  const code = e.errorResponse?.error ?? "";
  let reason: ExchangeFailureReason;
  if (status === 429 || /AADSTS50196|throttl/i.test(message)) reason = "throttled";
  else if ((status !== undefined && status >= 500) || code === "temporarily_unavailable") {
    reason = "unavailable";
  } else if (
    /invalid_client|unauthorized_client|invalid_grant|AADSTS70021|AADSTS700211|AADSTS700213/.test(
      `${code} ${message}`,
    )
  ) {
    reason = "denied";
  } else if (
    status === undefined ||
    /ECONNRESET|ECONNREFUSED|ETIMEDOUT|socket|network/i.test(message)
  ) {
    reason = "network";
  } else reason = "invalid";
  const cause = Object.assign(new Error(message), { name: e.name ?? "Error", statusCode: status });
  return new ExchangeError(
    "azure",
    reason,
    `Entra client assertion exchange for client ${clientId} failed` +
      `${status === undefined ? "" : ` (HTTP ${status})`}: ${message.split("\n")[0]}`,
    { status, cause },
  );
}
