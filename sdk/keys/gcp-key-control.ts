/**
 * Retirement's GCP adapter: a user-managed service-account key through the IAM REST API
 * (`:disable`, `:enable`, `DELETE`).
 *
 * @see https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts.keys/disable
 * @module
 */
import { KeylessError } from "../errors";
import type { KeyControl } from "./key-control";
import { GCP_IAM_ENDPOINT, gcpCallFailed, type GcpHttpClient, httpStatus } from "./gcp-http";
import { readGcpKeyLastUse } from "./gcp-key-activity";
import { maskKeyId } from "./risk";

/** Which key: its full resource name. */
export interface GcpKeyTarget {
  /** `projects/PROJECT/serviceAccounts/EMAIL/keys/KEY_ID`. */
  readonly keyName: string;
  /**
   * Watch the key's last authentication through Policy Analyzer's root at this URL, so a soak
   * blocks deletion when the key is still being tried (the key name must then carry the project
   * ID, not `-`). Left out: the soak watches status only.
   */
  readonly policyAnalyzerEndpoint?: string;
}

const keyNamePattern = /^projects\/[^/]+\/serviceAccounts\/[^/]+\/keys\/[0-9a-f]+$/;

/** An adapter for one service-account key. */
export function gcpKeyControl(
  client: GcpHttpClient,
  target: GcpKeyTarget,
  endpoint: string = GCP_IAM_ENDPOINT,
): KeyControl {
  if (!keyNamePattern.test(target.keyName)) {
    throw new KeylessError(
      "ERR_INPUT_UNUSABLE",
      `keyName: ${JSON.stringify(target.keyName)} is not a service-account key name. Fix: write it as projects/PROJECT/serviceAccounts/EMAIL/keys/KEY_ID.`,
    );
  }
  const root = endpoint.replace(/\/+$/, "");
  const url = `${root}/v1/${target.keyName}`;
  const keyId = target.keyName.slice(target.keyName.lastIndexOf("/") + 1);
  const account = target.keyName.split("/")[3] ?? "";
  const project = target.keyName.split("/")[1] ?? "";
  const watch = target.policyAnalyzerEndpoint;
  const label = `GCP key ${maskKeyId(keyId)} of ${account}`;
  const post = async (verb: "disable" | "enable") => {
    try {
      await client.request({ url: `${url}:${verb}`, method: "POST", data: {} });
    } catch (err) {
      throw gcpCallFailed(`${verb} ${label}`, err);
    }
  };
  return {
    label,
    // Without Policy Analyzer the soak is a countdown during which the disabled key makes any
    // remaining caller fail loudly; with it, failed tries count as use and block deletion.
    capabilities: { canDeactivate: true, reportsLastUse: watch !== undefined },
    async observe() {
      try {
        const { data } = await client.request<{ disabled?: boolean }>({ url });
        const lastUsedAt =
          watch === undefined
            ? undefined
            : (
                await readGcpKeyLastUse(
                  client,
                  project,
                  watch,
                  `activities.full_resource_name="//iam.googleapis.com/${target.keyName}"`,
                )
              ).get(keyId);
        return {
          exists: true,
          active: data.disabled !== true,
          ...(lastUsedAt === undefined ? {} : { lastUsedAt }),
        };
      } catch (err) {
        if (httpStatus(err) === 404) return { exists: false, active: false };
        throw gcpCallFailed(`read ${label}`, err);
      }
    },
    deactivate: () => post("disable"),
    reactivate: () => post("enable"),
    async delete() {
      try {
        await client.request({ url, method: "DELETE" });
      } catch (err) {
        if (httpStatus(err) !== 404) throw gcpCallFailed(`delete ${label}`, err);
      }
    },
  };
}
