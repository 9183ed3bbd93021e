/**
 * CI snippets that use a rendered provider: the `google-github-actions/auth` step for GitHub
 * Actions, and `id_tokens` with variables for GitLab CI. Both name the audience Keyless chose, so
 * the token a job requests is the one the provider accepts.
 *
 * @see https://github.com/google-github-actions/auth
 * @see https://docs.gitlab.com/ci/yaml/#id_tokens
 * @module
 */
import { stringify } from "yaml";
import { GCP_DEFAULT_MAX_LIFETIME_SECONDS } from "./ttl";

/** What a CI snippet needs to know about the provider and the identity. */
export interface GcpCiOptions {
  /** `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`. */
  readonly providerName: string;
  /** The audience the token must carry (the provider allows only this one). */
  readonly audience: string;
  /** The service account to impersonate; none for direct resource access. @default none */
  readonly serviceAccountEmail?: string;
  /** The access token lifetime to request, in seconds. */
  readonly lifetimeSeconds: number;
}

/** The action and version the GitHub step uses. */
export const GOOGLE_GITHUB_ACTIONS_AUTH = "google-github-actions/auth@v2";

/**
 * The part of a GitHub Actions job that authenticates to GCP, as YAML: `permissions` (the job
 * needs `id-token: write` to request an OIDC token) and the `google-github-actions/auth` step.
 * A lifetime other than one hour is requested through `token_format: access_token`, the only
 * mode in which the action sets it.
 */
export function renderGitHubAuthStep(options: GcpCiOptions): string {
  const custom = options.lifetimeSeconds !== GCP_DEFAULT_MAX_LIFETIME_SECONDS;
  const step = {
    id: "gcp-auth",
    uses: GOOGLE_GITHUB_ACTIONS_AUTH,
    with: {
      workload_identity_provider: options.providerName,
      ...(options.serviceAccountEmail ? { service_account: options.serviceAccountEmail } : {}),
      audience: options.audience,
      ...(custom && options.serviceAccountEmail
        ? { token_format: "access_token", access_token_lifetime: `${options.lifetimeSeconds}s` }
        : {}),
    },
  };
  return stringify({ permissions: { "id-token": "write", contents: "read" }, steps: [step] });
}

/**
 * The file a CI job writes its ID token to, read by the credential configuration Keyless renders
 * for CI issuers (the GitLab snippet writes it; a GitHub job that runs tools outside
 * `google-github-actions/auth` writes it the same way).
 */
export const CI_TOKEN_FILE = "/tmp/keyless/gcp-oidc-token";

/**
 * The part of a GitLab CI job that authenticates to GCP, as YAML: an `id_tokens` entry with the
 * audience, the variables naming the provider, service account and lifetime, and a
 * `before_script` line that writes the token where the credential configuration reads it.
 */
export function renderGitLabCiConfig(options: GcpCiOptions): string {
  return stringify({
    id_tokens: { GCP_ID_TOKEN: { aud: options.audience } },
    variables: {
      GCP_WORKLOAD_IDENTITY_PROVIDER: options.providerName,
      ...(options.serviceAccountEmail ? { GCP_SERVICE_ACCOUNT: options.serviceAccountEmail } : {}),
      GCP_ACCESS_TOKEN_LIFETIME: `${options.lifetimeSeconds}s`,
    },
    before_script: [
      `mkdir -p ${CI_TOKEN_FILE.slice(0, CI_TOKEN_FILE.lastIndexOf("/"))}`,
      `printf '%s' "$GCP_ID_TOKEN" > ${CI_TOKEN_FILE}`,
    ],
  });
}
