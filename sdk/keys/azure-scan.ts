/**
 * Inventory of Azure app registrations' client secrets and certificates through Microsoft Graph.
 * Graph gives each credential's validity window but no last use per secret.
 *
 * @see https://learn.microsoft.com/graph/api/resources/passwordcredential
 * @module
 */
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { callGraph, graphRoot } from "./graph-http";
import type { StaticKey } from "./static-key";

/** Options of {@link scanAzureKeys}. */
export interface AzureScanOptions {
  /** The credential that reads Graph. @default DefaultAzureCredential */
  readonly credential?: TokenCredential;
  /** Graph's root. @default "https://graph.microsoft.com" */
  readonly endpoint?: string;
  /** The time to judge expiry against. @default now */
  readonly now?: Date;
}

interface GraphCredential {
  readonly keyId: string;
  readonly displayName?: string | null;
  readonly startDateTime?: string | null;
  readonly endDateTime?: string | null;
}

interface GraphApplication {
  readonly id: string;
  readonly appId: string;
  readonly displayName?: string | null;
  readonly passwordCredentials?: GraphCredential[];
  readonly keyCredentials?: GraphCredential[];
}

const MAX_PAGES = 10_000;

function toKey(
  app: GraphApplication,
  credential: GraphCredential,
  kind: "client-secret" | "certificate",
  now: Date,
): StaticKey {
  const end = credential.endDateTime ?? undefined;
  const expired = end !== undefined && Date.parse(end) <= now.getTime();
  // Only the key ID and dates are read: a password credential's `hint` holds the first
  // characters of the secret itself and is never copied.
  return {
    cloud: "azure",
    principal: `${app.displayName ?? "(unnamed)"} (${app.appId})`,
    keyId: credential.keyId,
    kind,
    status: expired ? "expired" : "active",
    ...(credential.startDateTime ? { createdAt: credential.startDateTime } : {}),
    ...(end === undefined ? {} : { expiresAt: end }),
    lastUseKnown: false,
  };
}

/**
 * Lists every app registration's client secrets and certificates, following `@odata.nextLink`.
 *
 * @example
 * ```ts
 * const keys = await scanAzureKeys({});
 * ```
 */
export async function scanAzureKeys(options: AzureScanOptions = {}): Promise<StaticKey[]> {
  const target = {
    credential: options.credential ?? new DefaultAzureCredential(),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
  const now = options.now ?? new Date();
  const keys: StaticKey[] = [];
  let url: string | undefined =
    `${graphRoot(target)}/v1.0/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials&$top=100`;
  for (let page = 0; page < MAX_PAGES && url !== undefined; page++) {
    const body: { value?: GraphApplication[]; "@odata.nextLink"?: string } | undefined =
      await callGraph(target, url, { what: "list app registrations" });
    for (const app of body?.value ?? []) {
      for (const c of app.passwordCredentials ?? []) keys.push(toKey(app, c, "client-secret", now));
      for (const c of app.keyCredentials ?? []) keys.push(toKey(app, c, "certificate", now));
    }
    url = body?.["@odata.nextLink"];
  }
  return keys;
}
