/**
 * Retirement's Azure adapter: an app registration's client secret through Microsoft Graph.
 *
 * Azure cannot switch a secret off: it can only remove it (`removePassword`). Retirement of an
 * Azure secret is therefore delete-only: the "deactivate" stage records the start of the soak
 * without a cloud call, the secret keeps working through the soak, and deletion is the first
 * change a caller can notice. Graph reports no last use per secret either (sign-in logs name the
 * credential only in the beta API), so the soak is a countdown a destroy can cancel, not a watch.
 *
 * @see https://learn.microsoft.com/graph/api/application-removepassword
 * @module
 */
import { KeylessError } from "../errors";
import { callGraph, type GraphTarget, graphRoot } from "./graph-http";
import type { KeyControl } from "./key-control";
import { maskKeyId } from "./risk";

/** Which secret, of which application. */
export interface AzureKeyTarget {
  /** The application's object ID (not its client ID). */
  readonly applicationObjectId: string;
  /** The password credential's `keyId`. */
  readonly keyId: string;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An adapter for one client secret. */
export function azureKeyControl(graph: GraphTarget, target: AzureKeyTarget): KeyControl {
  for (const [path, value] of Object.entries(target)) {
    if (!guid.test(value)) {
      throw new KeylessError(
        "ERR_INPUT_UNUSABLE",
        `${path}: ${JSON.stringify(value)} is not a GUID. Fix: copy it from \`keyless keys scan azure --json --show-key-ids\` or the app registration's overview.`,
      );
    }
  }
  const app = `${graphRoot(graph)}/v1.0/applications/${target.applicationObjectId}`;
  const label = `Azure secret ${maskKeyId(target.keyId)} of application ${target.applicationObjectId}`;
  const cannot = (what: string) => () =>
    Promise.reject(
      new KeylessError(
        "ERR_CLOUD_API",
        `Azure cannot ${what} a client secret; it can only be removed. Retirement of ${label} is delete-only.`,
      ),
    );
  return {
    label,
    capabilities: { canDeactivate: false, reportsLastUse: false },
    async observe() {
      const body = await callGraph<{ passwordCredentials?: { keyId: string }[] }>(
        graph,
        `${app}?$select=id,passwordCredentials`,
        { what: `read ${label}` },
      );
      const exists = (body?.passwordCredentials ?? []).some((c) => c.keyId === target.keyId);
      return { exists, active: exists };
    },
    deactivate: cannot("deactivate"),
    reactivate: cannot("reactivate"),
    async delete() {
      const seen = await this.observe();
      if (!seen.exists) return;
      await callGraph(graph, `${app}/removePassword`, {
        method: "POST",
        body: { keyId: target.keyId },
        what: `remove ${label}`,
      });
    },
  };
}
