/**
 * GCP: the STS token exchange (an OIDC token for a federated access token), then either
 * service-account impersonation with the declared lifetime or direct resource access with the
 * federated token itself, optionally downscoped with a credential access boundary.
 *
 * The STS calls go through `google-auth-library`'s `StsCredentials`, the class its own external
 * account and downscoped clients use. `DownscopedClient` itself is not used because it always
 * calls `https://sts.<universe>/v1/token`, which can point neither at a private endpoint nor at a
 * local test server; the request it makes (an access-token exchange with `options` carrying the
 * boundary) is made here the same way. Impersonation goes through `@google-cloud/iam-credentials`
 * in its HTTP/1.1 REST mode, which speaks the same JSON API as the public REST endpoint and can be
 * pointed at any host and port.
 *
 * @see https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token
 * @see https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken
 * @see https://cloud.google.com/iam/docs/downscoping-short-lived-credentials
 * @module
 */
import { gaxios, OAuth2Client } from "google-auth-library";
import type { CredentialAccessBoundary } from "google-auth-library/build/src/auth/downscopedclient";
import { StsCredentials } from "google-auth-library/build/src/auth/stscredentials";
import type { IssuedCredentials } from "../cache";
import { checkClaims, type ExpectedTrust } from "../claims-check";
import { ExchangeError, type ExchangeFailureReason, redact } from "../errors";
import type { TokenSource } from "../sources/token-source";

// RFC 8693 token exchange, as Google's STS speaks it.
const GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";
const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/** Google's STS token endpoint. */
export const GCP_STS_ENDPOINT = "https://sts.googleapis.com/v1/token";
/** Google's IAM Credentials API. */
export const GCP_IAM_CREDENTIALS_ENDPOINT = "https://iamcredentials.googleapis.com";

/** A GCP access token, as `google-auth-library` clients use it. */
export interface GcpAccessToken {
  readonly accessToken: string;
  /** Which token this is: the federated one, a service account's, or a downscoped one. */
  readonly kind: "federated" | "service-account" | "downscoped";
}

/** Options of {@link createGcpExchanger}. */
export interface GcpExchangeOptions {
  /**
   * The workload identity pool provider's full name:
   * `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`.
   */
  readonly providerName: string;
  /** Where the OIDC token comes from. */
  readonly tokenSource: TokenSource;
  /**
   * The token's audience.
   * @default "https://iam.googleapis.com/" + providerName, the provider's default allowed audience
   */
  readonly audience?: string;
  /**
   * The service account to impersonate.
   * @default none: the federated token is used directly on resources bound to the principal
   */
  readonly serviceAccountEmail?: string;
  /**
   * The declared TTL: the service-account token's lifetime (at most 3,600 s unless the
   * organisation allows 12 h), and a cap on the federated token's.
   * @default 3600
   */
  readonly lifetimeSeconds?: number;
  /** @default ["https://www.googleapis.com/auth/cloud-platform"] */
  readonly scopes?: readonly string[];
  /** Narrows the token to these resources and permissions. @default none */
  readonly accessBoundary?: CredentialAccessBoundary;
  /** @default "https://sts.googleapis.com/v1/token" */
  readonly stsEndpoint?: string;
  /** @default "https://iamcredentials.googleapis.com" */
  readonly iamCredentialsEndpoint?: string;
  /**
   * How long to wait for each call, in milliseconds.
   * @default 10000
   */
  readonly requestTimeoutMs?: number;
  /** When given, the token's claims are checked against it before STS is called. */
  readonly expect?: ExpectedTrust;
}

const providerPattern =
  /^projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/providers\/[a-z0-9-]{4,32}$/;

/** Checks options that would only fail at Google, so they fail at the boundary with the rule. */
export function validateGcpExchangeOptions(options: GcpExchangeOptions): void {
  if (!providerPattern.test(options.providerName)) {
    throw new TypeError(
      `providerName: "${options.providerName}" is not a workload identity pool provider name. ` +
        "Fix: write projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/ID " +
        "(the project number, not its ID).",
    );
  }
  const l = options.lifetimeSeconds;
  if (l !== undefined && !(Number.isInteger(l) && l >= 1 && l <= 43_200)) {
    throw new RangeError(
      `lifetimeSeconds: ${l} is outside what IAM Credentials accepts (1 to 43200 whole seconds; ` +
        "above 3600 only where the organisation policy allows it).",
    );
  }
  const rules = options.accessBoundary?.accessBoundary.accessBoundaryRules;
  if (rules !== undefined && (rules.length < 1 || rules.length > 10)) {
    throw new RangeError(
      `accessBoundary.accessBoundary.accessBoundaryRules: ${rules.length} rules given; Google ` +
        "accepts 1 to 10.",
    );
  }
}

/**
 * A gaxios that makes exactly one attempt. `StsCredentials` asks for gaxios's own retries on every
 * request; the cache owns retries (with its backoff and denial rules), so they are switched off.
 */
class SingleAttemptGaxios extends gaxios.Gaxios {
  override request<T = unknown>(
    opts: gaxios.GaxiosOptions = {},
  ): Promise<gaxios.GaxiosResponse<T>> {
    return super.request<T>({
      ...opts,
      retry: false,
      retryConfig: { retry: 0, noResponseRetries: 0 },
    });
  }
}

/** The server's `Date` header of a gaxios answer, if any. */
function serverDateOf(res: { headers?: unknown } | null | undefined): Date | undefined {
  const headers = res?.headers as Headers | Record<string, string> | undefined;
  const text =
    headers === undefined
      ? undefined
      : typeof (headers as Headers).get === "function"
        ? (headers as Headers).get("date")
        : (headers as Record<string, string>)["date"];
  return text ? new Date(text) : undefined;
}

/**
 * A reusable GCP exchanger: fresh OIDC token, STS exchange, then impersonation or direct use,
 * then an optional downscoping exchange.
 *
 * @example
 * ```ts
 * const exchange = createGcpExchanger({
 *   providerName: "projects/123456789/locations/global/workloadIdentityPools/ci/providers/github",
 *   serviceAccountEmail: "deploy@acme-prod.iam.gserviceaccount.com",
 *   tokenSource: fromPlatform(),
 *   lifetimeSeconds: 900,
 * });
 * ```
 */
export function createGcpExchanger(
  options: GcpExchangeOptions,
): () => Promise<IssuedCredentials<GcpAccessToken>> {
  validateGcpExchangeOptions(options);
  const timeout = options.requestTimeoutMs ?? 10_000;
  const transporter = new SingleAttemptGaxios({ timeout });
  const sts = new StsCredentials({
    tokenExchangeEndpoint: options.stsEndpoint ?? GCP_STS_ENDPOINT,
    transporter,
  });
  const scopes = [...(options.scopes ?? [CLOUD_PLATFORM_SCOPE])];
  const lifetimeSeconds = options.lifetimeSeconds ?? 3600;

  return async () => {
    const audience = options.audience ?? `https://iam.googleapis.com/${options.providerName}`;
    const token = await options.tokenSource.getToken({ audience });
    if (options.expect !== undefined) checkClaims(token, options.expect);

    const started = Date.now();
    const federated = await call("STS token exchange", [token], () =>
      sts.exchangeToken({
        grantType: GRANT_TYPE,
        audience: `//iam.googleapis.com/${options.providerName}`,
        scope: scopes,
        requestedTokenType: ACCESS_TOKEN_TYPE,
        subjectToken: token,
        subjectTokenType: JWT_TOKEN_TYPE,
      }),
    );
    const serverDate = serverDateOf(federated.res);
    // expires_in is relative, so skew does not touch it; measure from when we asked.
    const federatedExpiry = started + (federated.expires_in ?? 3600) * 1000;
    let current: { token: string; expiresAt: number; kind: GcpAccessToken["kind"] } = {
      token: federated.access_token,
      expiresAt: Math.min(federatedExpiry, started + lifetimeSeconds * 1000),
      kind: "federated",
    };
    let skewedServerDate: Date | undefined;

    if (options.serviceAccountEmail !== undefined) {
      const sa = await impersonate(
        options,
        federated.access_token,
        scopes,
        lifetimeSeconds,
        timeout,
      );
      // expireTime is absolute by Google's clock: the STS answer's Date corrects it.
      current = { token: sa.token, expiresAt: sa.expiresAt, kind: "service-account" };
      skewedServerDate = serverDate;
    }

    if (options.accessBoundary !== undefined) {
      const boundary = options.accessBoundary;
      const source = current.token;
      const asked = Date.now();
      const down = await call("downscoping exchange", [token, source], () =>
        sts.exchangeToken(
          {
            grantType: GRANT_TYPE,
            requestedTokenType: ACCESS_TOKEN_TYPE,
            subjectToken: source,
            subjectTokenType: ACCESS_TOKEN_TYPE,
          },
          undefined,
          boundary,
        ),
      );
      // A downscoped token never outlives its source.
      const localExpiry = down.expires_in === undefined ? Infinity : asked + down.expires_in * 1000;
      const sourceExpiryLocal =
        skewedServerDate === undefined
          ? current.expiresAt
          : current.expiresAt - (skewedServerDate.getTime() - started);
      current = {
        token: down.access_token,
        expiresAt: Math.min(localExpiry, sourceExpiryLocal),
        kind: "downscoped",
      };
      skewedServerDate = undefined;
    }

    return {
      value: Object.freeze({ accessToken: current.token, kind: current.kind }),
      expiresAt: new Date(current.expiresAt),
      ...(skewedServerDate === undefined ? {} : { serverDate: skewedServerDate }),
    };
  };
}

async function impersonate(
  options: GcpExchangeOptions,
  federatedToken: string,
  scopes: string[],
  lifetimeSeconds: number,
  timeout: number,
): Promise<{ token: string; expiresAt: number }> {
  const endpoint = new URL(options.iamCredentialsEndpoint ?? GCP_IAM_CREDENTIALS_ENDPOINT);
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: federatedToken });
  // Loaded on first use: the client pulls in google-gax, which a job that only needs AWS skips.
  const { IAMCredentialsClient } = await import("@google-cloud/iam-credentials");
  const client = new IAMCredentialsClient({
    fallback: true,
    authClient,
    apiEndpoint: endpoint.hostname,
    port: Number(endpoint.port || (endpoint.protocol === "http:" ? 80 : 443)),
    protocol: endpoint.protocol.replace(":", ""),
  } as unknown as ConstructorParameters<typeof IAMCredentialsClient>[0]);
  try {
    const [answer] = await call("generateAccessToken", [federatedToken], () =>
      client.generateAccessToken(
        {
          name: `projects/-/serviceAccounts/${options.serviceAccountEmail}`,
          scope: scopes,
          lifetime: { seconds: lifetimeSeconds },
        },
        { timeout, maxRetries: 0 },
      ),
    );
    const seconds = Number(answer.expireTime?.seconds ?? NaN);
    if (!answer.accessToken || !Number.isFinite(seconds)) {
      throw new ExchangeError(
        "gcp",
        "invalid",
        `IAM Credentials answered generateAccessToken for ${options.serviceAccountEmail} without ` +
          "a token or expiry.",
      );
    }
    return { token: answer.accessToken, expiresAt: seconds * 1000 };
  } finally {
    await client.close();
  }
}

/** Runs one Google call, turning its failure into an {@link ExchangeError} without secrets. */
async function call<T>(what: string, secrets: string[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ExchangeError) throw err;
    throw toExchangeError(what, err, secrets);
  }
}

function toExchangeError(what: string, err: unknown, secrets: string[]): ExchangeError {
  const e = err as {
    name?: string;
    message?: string;
    status?: number;
    code?: number | string;
    response?: { status?: number };
  };
  const status =
    e.response?.status ??
    e.status ??
    (typeof e.code === "number" && e.code >= 100 ? e.code : undefined);
  const grpcCode = typeof e.code === "number" && e.code < 100 ? e.code : undefined;
  const message = e.message ?? "";
  let reason: ExchangeFailureReason;
  if (status === 429 || grpcCode === 8) reason = "throttled";
  else if ((status !== undefined && status >= 500) || grpcCode === 14) reason = "unavailable";
  else if (
    status === 401 ||
    status === 403 ||
    grpcCode === 7 ||
    grpcCode === 16 ||
    /invalid_grant|unauthorized_client|PERMISSION_DENIED/.test(message)
  ) {
    reason = "denied";
  } else if (status === undefined) reason = "network";
  else reason = "invalid";
  // The original error holds the request, token included, so only its name and status are kept.
  const cause = Object.assign(new Error(redact(message, secrets)), {
    name: e.name ?? "Error",
    status,
  });
  return new ExchangeError(
    "gcp",
    reason,
    `GCP ${what} failed${status === undefined ? "" : ` (HTTP ${status})`}: ${redact(message, secrets)}`,
    { status, cause },
  );
}
