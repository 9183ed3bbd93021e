/**
 * GCP service-account keys' last authentication, from Policy Analyzer's activity analyzer: the
 * IAM API itself does not say when a key was last used.
 *
 * The analyzer reports a date (midnight US Pacific), updated with a delay of up to a couple of
 * days, and counts failed calls too. Good enough to rank keys and to see a key still being tried
 * during a soak; not a live signal.
 *
 * @see https://cloud.google.com/iam/docs/service-account-recent-usage
 * @module
 */
import { gcpCallFailed, type GcpHttpClient } from "./gcp-http";

/** Policy Analyzer's root. */
export const GCP_POLICY_ANALYZER_ENDPOINT = "https://policyanalyzer.googleapis.com";

interface KeyActivity {
  readonly fullResourceName?: string;
  readonly activity?: {
    readonly lastAuthenticatedTime?: string;
    readonly serviceAccountKey?: { readonly fullResourceName?: string };
  };
}

const MAX_PAGES = 1000;

/**
 * The last authentication of each user-managed key in a project, by key ID (the last segment of
 * the key's resource name).
 *
 * @param filter - an activity filter, e.g. one key's `activities.full_resource_name`; all keys
 * when left out.
 */
export async function readGcpKeyLastUse(
  client: GcpHttpClient,
  project: string,
  endpoint: string = GCP_POLICY_ANALYZER_ENDPOINT,
  filter?: string,
): Promise<Map<string, string>> {
  const root = endpoint.replace(/\/+$/, "");
  const lastUse = new Map<string, string>();
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ pageSize: "1000" });
    if (filter !== undefined) query.set("filter", filter);
    if (pageToken !== undefined) query.set("pageToken", pageToken);
    const url = `${root}/v1/projects/${encodeURIComponent(project)}/locations/global/activityTypes/serviceAccountKeyLastAuthentication/activities:query?${query}`;
    let data: { activities?: KeyActivity[]; nextPageToken?: string };
    try {
      ({ data } = await client.request<typeof data>({ url }));
    } catch (err) {
      throw gcpCallFailed(
        `read key activity of project "${project}" from Policy Analyzer (enable the Policy Analyzer API, role roles/policyanalyzer.activityAnalysisViewer)`,
        err,
      );
    }
    for (const entry of data.activities ?? []) {
      const name = entry.activity?.serviceAccountKey?.fullResourceName ?? entry.fullResourceName;
      const time = entry.activity?.lastAuthenticatedTime;
      if (name === undefined || time === undefined) continue;
      const keyId = name.slice(name.lastIndexOf("/") + 1);
      const known = lastUse.get(keyId);
      if (known === undefined || Date.parse(time) > Date.parse(known)) lastUse.set(keyId, time);
    }
    if (!data.nextPageToken) return lastUse;
    pageToken = data.nextPageToken;
  }
  return lastUse;
}
