/**
 * Inventory of GCP user-managed service-account keys, project by project, through the IAM REST
 * API. Google-managed keys are left out: nobody holds their private half.
 *
 * @see https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts.keys/list
 * @module
 */
import { type AdaptivePoolOptions, mapAdaptive } from "./adaptive-pool";
import { defaultGcpClient, GCP_IAM_ENDPOINT, gcpCallFailed, type GcpHttpClient } from "./gcp-http";
import { GCP_POLICY_ANALYZER_ENDPOINT, readGcpKeyLastUse } from "./gcp-key-activity";
import type { StaticKey } from "./static-key";

/** Options of {@link scanGcpKeys}. */
export interface GcpScanOptions {
  /** Project IDs to scan, e.g. `["acme-prod"]`. */
  readonly projects: readonly string[];
  /** The authorised client. @default Application Default Credentials */
  readonly client?: GcpHttpClient;
  /** The IAM API's root. @default "https://iam.googleapis.com" */
  readonly endpoint?: string;
  /** Concurrency and throttling backoff of per-account calls. */
  readonly pool?: AdaptivePoolOptions;
  /** The time to judge expiry against. @default now */
  readonly now?: Date;
  /**
   * Also read each key's last authentication from Policy Analyzer (one paged query per project;
   * needs the Policy Analyzer API enabled and `roles/policyanalyzer.activityAnalysisViewer`).
   * @default false: keys are ranked on age and expiry only
   */
  readonly lastUse?: boolean;
  /** Policy Analyzer's root. @default "https://policyanalyzer.googleapis.com" */
  readonly policyAnalyzerEndpoint?: string;
}

interface ServiceAccount {
  readonly name: string;
  readonly email: string;
}

interface ServiceAccountKey {
  readonly name: string;
  readonly validAfterTime?: string;
  readonly validBeforeTime?: string;
  readonly disabled?: boolean;
  readonly keyType?: string;
}

const MAX_PAGES = 1000;

async function listServiceAccounts(
  client: GcpHttpClient,
  endpoint: string,
  project: string,
): Promise<ServiceAccount[]> {
  const accounts: ServiceAccount[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ pageSize: "100" });
    if (pageToken !== undefined) query.set("pageToken", pageToken);
    const url = `${endpoint}/v1/projects/${encodeURIComponent(project)}/serviceAccounts?${query}`;
    let data: { accounts?: ServiceAccount[]; nextPageToken?: string };
    try {
      ({ data } = await client.request<typeof data>({ url }));
    } catch (err) {
      throw gcpCallFailed(`list the service accounts of project "${project}"`, err);
    }
    accounts.push(...(data.accounts ?? []));
    if (!data.nextPageToken) return accounts;
    pageToken = data.nextPageToken;
  }
  return accounts;
}

async function listUserManagedKeys(
  client: GcpHttpClient,
  endpoint: string,
  account: ServiceAccount,
  now: Date,
): Promise<StaticKey[]> {
  const url = `${endpoint}/v1/${account.name}/keys?keyTypes=USER_MANAGED`;
  let data: { keys?: ServiceAccountKey[] };
  try {
    ({ data } = await client.request<typeof data>({ url }));
  } catch (err) {
    throw gcpCallFailed(`list the keys of ${account.email}`, err);
  }
  return (data.keys ?? [])
    .filter((k) => k.keyType === undefined || k.keyType === "USER_MANAGED")
    .map((k) => {
      const expired =
        k.validBeforeTime !== undefined && Date.parse(k.validBeforeTime) <= now.getTime();
      return {
        cloud: "gcp",
        principal: account.email,
        keyId: k.name.slice(k.name.lastIndexOf("/") + 1),
        kind: "service-account-key",
        status: k.disabled ? "inactive" : expired ? "expired" : "active",
        ...(k.validAfterTime === undefined ? {} : { createdAt: k.validAfterTime }),
        ...(k.validBeforeTime === undefined ? {} : { expiresAt: k.validBeforeTime }),
        lastUseKnown: false,
      } satisfies StaticKey;
    });
}

/**
 * Lists the user-managed keys of every service account in the given projects.
 *
 * @example
 * ```ts
 * const keys = await scanGcpKeys({ projects: ["acme-prod", "acme-ci"] });
 * ```
 */
export async function scanGcpKeys(options: GcpScanOptions): Promise<StaticKey[]> {
  const client = options.client ?? (await defaultGcpClient());
  const endpoint = (options.endpoint ?? GCP_IAM_ENDPOINT).replace(/\/+$/, "");
  const now = options.now ?? new Date();
  const accounts = (
    await Promise.all(options.projects.map((p) => listServiceAccounts(client, endpoint, p)))
  ).flat();
  const keys = await mapAdaptive(
    accounts,
    (account) => listUserManagedKeys(client, endpoint, account, now),
    options.pool,
  );
  if (options.lastUse !== true) return keys.flat();

  const lastUse = new Map<string, string>();
  for (const project of options.projects) {
    const found = await readGcpKeyLastUse(
      client,
      project,
      options.policyAnalyzerEndpoint ?? GCP_POLICY_ANALYZER_ENDPOINT,
    );
    for (const [keyId, time] of found) lastUse.set(keyId, time);
  }
  return keys.flat().map((key) => {
    const time = key.keyId === undefined ? undefined : lastUse.get(key.keyId);
    return { ...key, lastUseKnown: true, ...(time === undefined ? {} : { lastUsedAt: time }) };
  });
}
