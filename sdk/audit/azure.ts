/**
 * `keyless audit azure`: reads a subscription's user-assigned managed identities and their
 * federated identity credentials through ARM, and lints them.
 *
 * @see https://learn.microsoft.com/rest/api/managedidentity/federated-identity-credentials/list
 * @module
 */
import type { TokenCredential } from "@azure/identity";
import { KeylessError } from "../errors";
import { detectTrustDocuments, lintTrustDocument } from "../simulate/lint";
import { restError } from "./http-error";
import type { AuditedResource, AuditOptions, AuditResult } from "./result";

/** Azure Resource Manager's endpoint in the public cloud. */
export const AZURE_ARM_ENDPOINT = "https://management.azure.com";
/** The managed identity API version the audit reads. */
export const MANAGED_IDENTITY_API_VERSION = "2023-01-31";

/** Options of {@link auditAzure}. */
export interface AzureAuditOptions extends AuditOptions {
  /** Where ARM tokens come from, e.g. `new DefaultAzureCredential()`. */
  readonly credential: TokenCredential;
  readonly subscriptionId: string;
  /** ARM's base URL (sovereign clouds, tests). @default {@link AZURE_ARM_ENDPOINT} */
  readonly endpointUrl?: string;
  /** Sends HTTP requests. @default the global `fetch` */
  readonly fetch?: typeof fetch;
}

// A bound on pages per listing, so a misbehaving endpoint cannot loop forever.
const MAX_PAGES = 1000;

/**
 * Reads every user-assigned managed identity of a subscription and its federated identity
 * credentials, and lints each identity's credentials (including the 20-credential budget).
 *
 * @throws {@link KeylessError} `ERR_ACCESS_DENIED` naming the ARM action refused;
 *   `ERR_CLOUD_API` when credentials are missing or ARM fails.
 * @example
 * ```ts
 * const result = await auditAzure({
 *   credential: new DefaultAzureCredential(),
 *   subscriptionId: "00000000-0000-0000-0000-000000000000",
 * });
 * ```
 */
export async function auditAzure(options: AzureAuditOptions): Promise<AuditResult> {
  const base = (options.endpointUrl ?? AZURE_ARM_ENDPOINT).replace(/\/+$/, "");
  const progress = options.onProgress ?? (() => undefined);
  const token = await armToken(options.credential, base);
  const get = (url: string, what: string, permission: string) =>
    listAll(options.fetch ?? fetch, token, base, url, what, permission);

  const identities = await get(
    `${base}/subscriptions/${encodeURIComponent(options.subscriptionId)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=${MANAGED_IDENTITY_API_VERSION}`,
    `list the managed identities of subscription ${options.subscriptionId}`,
    "Microsoft.ManagedIdentity/userAssignedIdentities/read",
  );
  const resources: AuditedResource[] = [];
  let credentialCount = 0;
  for (const [i, identity] of identities.entries()) {
    const id = String((identity as { id?: unknown }).id ?? "");
    const credentials = await get(
      `${base}${id}/federatedIdentityCredentials?api-version=${MANAGED_IDENTITY_API_VERSION}`,
      `list the federated credentials of ${id}`,
      "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read",
    );
    if (credentials.length > 0) {
      credentialCount += credentials.length;
      const [doc] = detectTrustDocuments({ value: credentials }, "$");
      resources.push({
        resource: id,
        kind: "azure-credentials",
        findings: doc === undefined ? [] : lintTrustDocument(doc),
      });
    }
    progress(`read ${i + 1} of ${identities.length} managed identities`);
  }

  return Object.freeze({
    cloud: "azure",
    scope: `subscription ${options.subscriptionId}`,
    resources: Object.freeze(resources),
    notes: Object.freeze([
      `${identities.length} managed identities read, ${resources.length} with federated credentials (${credentialCount} credentials)`,
    ]),
  });
}

async function armToken(credential: TokenCredential, base: string): Promise<string> {
  // ARM's token scope is the public endpoint's even when requests go to a test endpoint.
  const scope = base.startsWith("https://") ? `${base}/.default` : `${AZURE_ARM_ENDPOINT}/.default`;
  try {
    const token = await credential.getToken(scope);
    if (token === null) throw new Error("the credential returned no token");
    return token.token;
  } catch (error) {
    throw new KeylessError(
      "ERR_CLOUD_API",
      `No usable Azure credentials: ${(error as Error).message.split("\n")[0]} Sign in with \`az login\`, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and a federated token file or certificate for the audit's identity.`,
      { cause: error },
    );
  }
}

async function listAll(
  send: typeof fetch,
  token: string,
  base: string,
  firstUrl: string,
  what: string,
  permission: string,
): Promise<unknown[]> {
  const items: unknown[] = [];
  const origin = new URL(base).origin;
  let url: string | undefined = firstUrl;
  for (let page = 0; page < MAX_PAGES && url !== undefined; page++) {
    let response: Response;
    try {
      response = await send(url, { headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      throw new KeylessError(
        "ERR_CLOUD_API",
        `Azure failed to ${what}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    const text = await response.text();
    const body: unknown = text === "" ? {} : safeJson(text);
    if (!response.ok) throw restError("Azure", what, permission, { status: response.status, body });
    const page = body as { value?: unknown; nextLink?: unknown };
    if (Array.isArray(page.value)) items.push(...page.value);
    const next = typeof page.nextLink === "string" ? page.nextLink : undefined;
    // The bearer token goes only to the endpoint the audit was pointed at.
    url = next !== undefined && new URL(next).origin === origin ? next : undefined;
  }
  return items;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
