/**
 * The HTTP client the GCP scan and retirement call the IAM REST API with: by default an
 * authorised client from `google-auth-library`'s Application Default Credentials.
 *
 * @module
 */
import { GoogleAuth } from "google-auth-library";
import { KeylessError } from "../errors";

/** The IAM REST API's root. */
export const GCP_IAM_ENDPOINT = "https://iam.googleapis.com";

const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/**
 * An authorised HTTP client: the shape of `google-auth-library`'s `AuthClient.request`, so any of
 * its clients (or one pointed at a local server in tests) fits.
 */
export interface GcpHttpClient {
  request<T>(options: {
    url: string;
    method?: "GET" | "POST" | "DELETE";
    data?: Record<string, unknown>;
  }): Promise<{
    data: T;
  }>;
}

/** An authorised client from Application Default Credentials, scoped to `cloud-platform`. */
export async function defaultGcpClient(): Promise<GcpHttpClient> {
  const auth = new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] });
  return (await auth.getClient()) as unknown as GcpHttpClient;
}

/** The HTTP status of a failed request, if it has one. */
export function httpStatus(err: unknown): number | undefined {
  const e = err as { status?: unknown; response?: { status?: unknown } } | undefined;
  const status = e?.status ?? e?.response?.status;
  return typeof status === "number" ? status : undefined;
}

/** Wraps a failed call in a domain error that names the call, never the credentials. */
export function gcpCallFailed(what: string, err: unknown): KeylessError {
  const status = httpStatus(err);
  return new KeylessError(
    status === 403 || status === 401 ? "ERR_ACCESS_DENIED" : "ERR_CLOUD_API",
    `The GCP IAM API refused to ${what}${status === undefined ? "" : ` (HTTP ${status})`}. Check that the IAM API is enabled and the caller holds iam.serviceAccountKeys.* permissions on the project.`,
    { cause: err },
  );
}
