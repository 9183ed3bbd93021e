/**
 * Calls to Microsoft Graph with a bearer token from an `@azure/identity` credential.
 *
 * @module
 */
import type { TokenCredential } from "@azure/identity";
import { KeylessError } from "../errors";

/** Microsoft Graph's root. */
export const GRAPH_ENDPOINT = "https://graph.microsoft.com";

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** Where and as whom Graph is called. */
export interface GraphTarget {
  /** The credential that signs calls. */
  readonly credential: TokenCredential;
  /** Graph's root. @default "https://graph.microsoft.com" */
  readonly endpoint?: string;
}

/** Graph's root without a trailing slash. */
export function graphRoot(target: GraphTarget): string {
  return (target.endpoint ?? GRAPH_ENDPOINT).replace(/\/+$/, "");
}

/**
 * Sends one request to Graph and returns its JSON body (or `undefined` for 204).
 *
 * @throws KeylessError `ERR_ACCESS_DENIED` on 401/403, `ERR_CLOUD_API` on other failures; the
 * message names the call and the status, never the token.
 */
export async function callGraph<T>(
  target: GraphTarget,
  url: string,
  init: { method?: "GET" | "POST"; body?: unknown; what: string },
): Promise<T | undefined> {
  const token = await target.credential.getToken(GRAPH_SCOPE);
  if (token === null) {
    throw new KeylessError(
      "ERR_ACCESS_DENIED",
      `No Microsoft Graph token was issued to ${init.what}. Sign in (az login) or configure the credential's environment.`,
    );
  }
  // Only Graph's own origin gets the token, even if a response links elsewhere.
  if (new URL(url).origin !== new URL(graphRoot(target)).origin) {
    throw new KeylessError(
      "ERR_CLOUD_API",
      `Microsoft Graph linked to ${new URL(url).origin}, outside ${graphRoot(target)}, while trying to ${init.what}; the token is not sent there.`,
    );
  }
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${token.token}`,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!response.ok) {
    const code =
      response.status === 401 || response.status === 403 ? "ERR_ACCESS_DENIED" : "ERR_CLOUD_API";
    throw new KeylessError(
      code,
      `Microsoft Graph refused to ${init.what} (HTTP ${response.status}). Check that the caller holds Application.Read.All (to scan) or Application.ReadWrite.All (to retire).`,
    );
  }
  if (response.status === 204) return undefined;
  return (await response.json()) as T;
}
