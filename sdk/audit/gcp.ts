/**
 * `keyless audit gcp`: reads a project's workload identity pools and providers, and the IAM
 * policies of its service accounts, through the IAM REST API, and lints them.
 *
 * @see https://cloud.google.com/iam/docs/reference/rest/v1/projects.locations.workloadIdentityPools.providers/list
 * @module
 */
import { KeylessError } from "../errors";
import { detectTrustDocuments, lintTrustDocument } from "../simulate/lint";
import { restError } from "./http-error";
import type { AuditedResource, AuditOptions, AuditResult } from "./result";

/** The IAM REST API's endpoint. */
export const GCP_IAM_ENDPOINT = "https://iam.googleapis.com";

/**
 * What the audit needs of an authenticated client: `google-auth-library`'s `AuthClient.request`
 * (a `GoogleAuth` client, an `OAuth2Client`, an external-account client) fits.
 */
export interface GcpRequestClient {
  request<T>(options: { url: string; method?: string }): Promise<{ data: T }>;
}

/** Options of {@link auditGcp}. */
export interface GcpAuditOptions extends AuditOptions {
  readonly client: GcpRequestClient;
  /** The project ID or number. */
  readonly project: string;
  /** The IAM API's base URL. @default {@link GCP_IAM_ENDPOINT} */
  readonly endpointUrl?: string;
}

interface Page {
  readonly nextPageToken?: string;
  readonly [field: string]: unknown;
}

// A bound on pages per listing, so a misbehaving endpoint cannot loop forever.
const MAX_PAGES = 1000;

/**
 * Reads every workload identity pool provider of a project, and every service account whose IAM
 * policy grants roles to federated principals, and lints them.
 *
 * @throws {@link KeylessError} `ERR_ACCESS_DENIED` naming the IAM permission refused;
 *   `ERR_CLOUD_API` when credentials are missing or the API fails.
 * @example
 * ```ts
 * const auth = new GoogleAuth({ scopes: "https://www.googleapis.com/auth/cloud-platform" });
 * const result = await auditGcp({ client: await auth.getClient(), project: "acme-prod" });
 * ```
 */
export async function auditGcp(options: GcpAuditOptions): Promise<AuditResult> {
  const base = (options.endpointUrl ?? GCP_IAM_ENDPOINT).replace(/\/+$/, "");
  const progress = options.onProgress ?? (() => undefined);
  const project = encodeURIComponent(options.project);
  const list = (path: string, field: string, what: string, permission: string) =>
    listAll(options.client, `${base}/v1/${path}`, field, what, permission);

  const pools = await list(
    `projects/${project}/locations/global/workloadIdentityPools`,
    "workloadIdentityPools",
    `list the workload identity pools of ${options.project}`,
    "iam.workloadIdentityPools.list",
  );
  const resources: AuditedResource[] = [];
  let providerCount = 0;
  for (const pool of pools) {
    const poolName = String((pool as { name?: unknown }).name ?? "");
    const providers = await list(
      `${poolName}/providers`,
      "workloadIdentityPoolProviders",
      `list the providers of ${poolName}`,
      "iam.workloadIdentityPoolProviders.list",
    );
    for (const provider of providers) {
      providerCount++;
      resources.push(audit(provider, String((provider as { name?: unknown }).name ?? poolName)));
    }
    progress(`read ${poolName}: ${count(providers.length, "provider")}`);
  }

  const accounts = await list(
    `projects/${project}/serviceAccounts`,
    "accounts",
    `list the service accounts of ${options.project}`,
    "iam.serviceAccounts.list",
  );
  let federatedAccounts = 0;
  for (const account of accounts) {
    const name = String((account as { name?: unknown }).name ?? "");
    const policy = await call<{ bindings?: Array<{ members?: string[] }> }>(
      options.client,
      `${base}/v1/${name}:getIamPolicy`,
      "POST",
      `read the IAM policy of ${name}`,
      "iam.serviceAccounts.getIamPolicy",
    );
    const federated = (policy.bindings ?? []).some((b) =>
      (b.members ?? []).some((m) => /^principal(Set)?:\/\/iam\.googleapis\.com\//.test(m)),
    );
    if (federated) {
      federatedAccounts++;
      resources.push(audit(policy, name));
    }
  }
  progress(
    `read ${accounts.length} service accounts, ${federatedAccounts} bound to federated principals`,
  );

  return Object.freeze({
    cloud: "gcp",
    scope: `project ${options.project}`,
    resources: Object.freeze(resources),
    notes: Object.freeze([
      `${count(pools.length, "workload identity pool")}, ${count(providerCount, "provider")}`,
      `${count(accounts.length, "service account")} read, ${federatedAccounts} bound to federated principals`,
    ]),
  });
}

function audit(document: unknown, resource: string): AuditedResource {
  const [doc] = detectTrustDocuments(document, "$");
  return {
    resource,
    kind: doc?.kind ?? "gcp-provider",
    findings: doc === undefined ? [] : lintTrustDocument(doc),
  };
}

async function listAll(
  client: GcpRequestClient,
  url: string,
  field: string,
  what: string,
  permission: string,
): Promise<unknown[]> {
  const items: unknown[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const pageUrl = pageToken ? `${url}?pageToken=${encodeURIComponent(pageToken)}` : url;
    const data = await call<Page>(client, pageUrl, "GET", what, permission);
    const list = data[field];
    if (Array.isArray(list)) items.push(...list);
    if (!data.nextPageToken) break;
    pageToken = data.nextPageToken;
  }
  return items;
}

async function call<T>(
  client: GcpRequestClient,
  url: string,
  method: string,
  what: string,
  permission: string,
): Promise<T> {
  try {
    const response = await client.request<T>({ url, method });
    return (response.data ?? {}) as T;
  } catch (error) {
    const response = (error as { response?: { status?: number; data?: unknown } }).response;
    if (response?.status !== undefined) {
      throw restError(
        "GCP",
        what,
        permission,
        { status: response.status, body: response.data },
        error,
      );
    }
    const message = (error as Error).message ?? String(error);
    if (/default credentials|could not load/i.test(message)) {
      throw new KeylessError(
        "ERR_CLOUD_API",
        "No Google credentials were found. Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a credential file (workload identity federation or a user's).",
        { cause: error },
      );
    }
    throw new KeylessError("ERR_CLOUD_API", `GCP failed to ${what}: ${message}`, { cause: error });
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
