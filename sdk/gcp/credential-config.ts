/**
 * The `external_account` credential configuration: the JSON file that `gcloud` and the Google
 * client libraries (through `GOOGLE_APPLICATION_CREDENTIALS`) read to exchange an OIDC token for
 * GCP credentials. It holds no secret: only where the token is and where to exchange it.
 *
 * @see https://google.aip.dev/auth/4117
 * @module
 */
import {
  GCP_JWT_TOKEN_TYPE,
  GCP_STS_TOKEN_URL,
  gcpStsAudience,
  type GcpProviderRef,
} from "./names";

/** Where the job or pod finds its OIDC token. */
export type GcpTokenSource =
  /** A file holding the token as plain text (a projected Kubernetes token, a file a job writes). */
  | { readonly kind: "file"; readonly path: string }
  /**
   * A URL that returns the token, as text or inside a JSON field. Headers are sent as given:
   * put no secret here, the configuration is not secret.
   */
  | {
      readonly kind: "url";
      readonly url: string;
      readonly headers?: Readonly<Record<string, string>>;
      /** The JSON field holding the token; the response is plain text when left out. */
      readonly jsonField?: string;
    };

/** Options of {@link renderCredentialConfiguration}. */
export interface GcpCredentialConfigurationOptions extends GcpProviderRef {
  /** Where the token is. */
  readonly tokenSource: GcpTokenSource;
  /**
   * The service account to impersonate; with none, the federated token is used directly
   * (direct resource access). @default none
   */
  readonly serviceAccountEmail?: string;
  /** The access token lifetime to request, in seconds (with a service account only). */
  readonly lifetimeSeconds: number;
}

/** An `external_account` credential configuration, as written to the JSON file. */
export interface GcpCredentialConfiguration {
  readonly type: "external_account";
  readonly audience: string;
  readonly subject_token_type: string;
  readonly token_url: string;
  readonly credential_source: Readonly<Record<string, unknown>>;
  readonly service_account_impersonation_url?: string;
  readonly service_account_impersonation?: { readonly token_lifetime_seconds: number };
}

/**
 * Renders the `external_account` configuration for a provider, frozen.
 *
 * @example
 * ```ts
 * renderCredentialConfiguration({
 *   projectNumber: "123456789012", poolId: "ci-4f2k9", providerId: "gitlab-7c1d0",
 *   tokenSource: { kind: "file", path: "/tmp/keyless/oidc-token" },
 *   serviceAccountEmail: "deployer@acme-prod.iam.gserviceaccount.com", lifetimeSeconds: 1800,
 * });
 * ```
 */
export function renderCredentialConfiguration(
  options: GcpCredentialConfigurationOptions,
): GcpCredentialConfiguration {
  const source = options.tokenSource;
  const credentialSource =
    source.kind === "file"
      ? { file: source.path, format: Object.freeze({ type: "text" }) }
      : {
          url: source.url,
          ...(source.headers ? { headers: Object.freeze({ ...source.headers }) } : {}),
          format: Object.freeze(
            source.jsonField
              ? { type: "json", subject_token_field_name: source.jsonField }
              : { type: "text" },
          ),
        };
  const email = options.serviceAccountEmail;
  return Object.freeze({
    type: "external_account",
    audience: gcpStsAudience(options),
    subject_token_type: GCP_JWT_TOKEN_TYPE,
    token_url: GCP_STS_TOKEN_URL,
    credential_source: Object.freeze(credentialSource),
    ...(email
      ? {
          service_account_impersonation_url: `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${email}:generateAccessToken`,
          service_account_impersonation: Object.freeze({
            token_lifetime_seconds: options.lifetimeSeconds,
          }),
        }
      : {}),
  } as const);
}
