/**
 * What callers get: an AWS SDK v3 credential provider, a `google-auth-library` client and an
 * Azure `TokenCredential`, each backed by a cache entry per target, so that every client built
 * from them shares one set of credentials and one refresh.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { TokenCredential } from "@azure/identity";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { OAuth2Client } from "google-auth-library";
import { type CachedCredentials, CredentialCache } from "./cache";
import {
  type AwsExchangeOptions,
  createAwsExchanger,
  sessionPolicyJson,
  validateAwsExchangeOptions,
} from "./exchange/aws";
import {
  type AzureAccessToken,
  type AzureExchangeOptions,
  createAzureExchanger,
  validateAzureExchangeOptions,
} from "./exchange/azure";
import {
  createGcpExchanger,
  type GcpAccessToken,
  type GcpExchangeOptions,
  validateGcpExchangeOptions,
} from "./exchange/gcp";

/** The cache every provider uses unless given another. */
export const defaultCredentialCache = new CredentialCache();

/** What every provider factory takes besides its exchange options. */
export interface ProviderOptions {
  /** @default {@link defaultCredentialCache} */
  readonly cache?: CredentialCache;
}

const digest = (value: unknown): string =>
  createHash("sha256")
    .update(JSON.stringify(value ?? null))
    .digest("hex")
    .slice(0, 16);

/**
 * The cache key of an AWS target. A session policy is part of it: narrowed credentials are cached
 * apart from the role's full ones.
 */
export function awsTargetKey(options: AwsExchangeOptions): string {
  const narrowing = options.sessionPolicy
    ? `|narrow:${digest([sessionPolicyJson(options.sessionPolicy), options.sessionPolicy.policyArns])}`
    : "";
  return `aws:${options.endpoint ?? options.region ?? ""}|${options.roleArn}|${options.durationSeconds ?? 3600}${narrowing}`;
}

/** The cache key of a GCP target; an access boundary makes it a separate entry. */
export function gcpTargetKey(options: GcpExchangeOptions): string {
  const narrowing = options.accessBoundary ? `|narrow:${digest(options.accessBoundary)}` : "";
  return `gcp:${options.providerName}|${options.serviceAccountEmail ?? "direct"}|${options.lifetimeSeconds ?? 3600}|${(options.scopes ?? []).join(" ")}${narrowing}`;
}

/** The cache key of an Azure target. */
export function azureTargetKey(options: AzureExchangeOptions): string {
  return `azure:${options.authorityHost ?? ""}|${options.tenantId}|${options.clientId}|${(options.scopes ?? []).join(" ")}`;
}

/** The cache entry of an AWS target. */
export function awsCredentialsEntry(
  options: AwsExchangeOptions & ProviderOptions,
): CachedCredentials<AwsCredentialIdentity> {
  validateAwsExchangeOptions(options);
  const cache = options.cache ?? defaultCredentialCache;
  const key = awsTargetKey(options);
  let exchange: (() => ReturnType<ReturnType<typeof createAwsExchanger>>) | undefined;
  return cache.entry(key, () => (exchange ??= createAwsExchanger(options))());
}

/**
 * An AWS SDK v3 credential provider: pass it as `credentials` to any client.
 *
 * @example
 * ```ts
 * const s3 = new S3Client({
 *   credentials: createAwsCredentialProvider({
 *     roleArn: "arn:aws:iam::123456789012:role/api-deploy",
 *     tokenSource: fromPlatform(),
 *     durationSeconds: 900,
 *   }),
 * });
 * ```
 */
export function createAwsCredentialProvider(
  options: AwsExchangeOptions & ProviderOptions,
): AwsCredentialIdentityProvider {
  const entry = awsCredentialsEntry(options);
  return () => entry.get();
}

/** The cache entry of a GCP target. */
export function gcpCredentialsEntry(
  options: GcpExchangeOptions & ProviderOptions,
): CachedCredentials<GcpAccessToken> {
  validateGcpExchangeOptions(options);
  const cache = options.cache ?? defaultCredentialCache;
  let exchange: ReturnType<typeof createGcpExchanger> | undefined;
  return cache.entry(gcpTargetKey(options), () => (exchange ??= createGcpExchanger(options))());
}

/**
 * A `google-auth-library` `OAuth2Client` whose access token comes from the cache: pass it as
 * `authClient` to any Google Cloud client library.
 *
 * @example
 * ```ts
 * const storage = new Storage({ authClient: createGoogleAuthClient({ providerName, tokenSource: fromPlatform() }) });
 * ```
 */
export function createGoogleAuthClient(
  options: GcpExchangeOptions & ProviderOptions,
): OAuth2Client {
  const entry = gcpCredentialsEntry(options);
  const client = new OAuth2Client();
  // OAuth2Client calls refreshHandler whenever it has no token or its token is near expiry; the
  // cache decides whether that means an exchange.
  client.refreshHandler = async () => {
    const token = await entry.get();
    const expiresAt = entry.state().expiresAt;
    return { access_token: token.accessToken, expiry_date: expiresAt ?? Date.now() };
  };
  return client;
}

/** The cache entry of an Azure target. */
export function azureCredentialsEntry(
  options: AzureExchangeOptions & ProviderOptions,
): CachedCredentials<AzureAccessToken> {
  validateAzureExchangeOptions(options);
  const cache = options.cache ?? defaultCredentialCache;
  let exchange: ReturnType<typeof createAzureExchanger> | undefined;
  return cache.entry(azureTargetKey(options), () => (exchange ??= createAzureExchanger(options))());
}

/**
 * An Azure `TokenCredential`: pass it to any Azure SDK client. It serves the scopes declared in
 * the options; asking for other scopes is an error rather than a silent wrong token.
 *
 * @example
 * ```ts
 * const client = new ResourceManagementClient(
 *   createAzureCredential({ tenantId, clientId, tokenSource: fromPlatform() }),
 *   subscriptionId,
 * );
 * ```
 */
export function createAzureCredential(
  options: AzureExchangeOptions & ProviderOptions,
): TokenCredential {
  const entry = azureCredentialsEntry(options);
  const declared = new Set(options.scopes ?? ["https://management.azure.com/.default"]);
  return {
    async getToken(scopes) {
      const asked = Array.isArray(scopes) ? scopes : [scopes];
      const other = asked.filter((s) => !declared.has(s));
      if (other.length > 0) {
        throw new TypeError(
          `getToken: scopes ${other.map((s) => `"${s}"`).join(", ")} were not declared for this ` +
            `credential (declared: ${[...declared].join(", ")}). Fix: create a credential with ` +
            "those scopes.",
        );
      }
      return entry.get();
    },
  };
}
