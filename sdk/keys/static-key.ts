/**
 * What an inventory knows about one long-lived key, whatever the cloud.
 *
 * @module
 */

/** The clouds Keyless inventories. */
export type KeyCloud = "aws" | "gcp" | "azure";

/**
 * Whether a key can authenticate now: `active` can, `inactive` was switched off (AWS `Inactive`,
 * GCP `disabled`), `expired` is past its end of validity (GCP `validBeforeTime`, Azure
 * `endDateTime`).
 */
export type KeyStatus = "active" | "inactive" | "expired";

/**
 * How urgently a key should go, most urgent first:
 *
 * - `unused`: active and not used for at least the stale threshold (or never used and older than
 *   it) — nobody will miss it, and a leaked copy would go unnoticed;
 * - `old`: active, used recently, and older than the age threshold — in use, so it needs a
 *   federated replacement before it can go;
 * - `in-use`: active, used recently and younger than the threshold;
 * - `inactive`: switched off, waiting for deletion;
 * - `expired`: cannot authenticate any more, only clutter.
 */
export type KeyRisk = "unused" | "old" | "in-use" | "inactive" | "expired";

/** One long-lived key found by a scan. Dates are ISO-8601 strings in UTC. */
export interface StaticKey {
  /** The cloud the key belongs to. */
  readonly cloud: KeyCloud;
  /**
   * Who the key authenticates as: an IAM user name (AWS), a service account e-mail (GCP), an
   * application's display name and ID (Azure).
   */
  readonly principal: string;
  /**
   * The key's identifier, unmasked (an access key ID is not a secret, but it names a target:
   * output masks it, see {@link maskKeyId}). Absent when the source does not tell it: the AWS
   * credential report names key slots (1 and 2), not key IDs.
   */
  readonly keyId?: string;
  /** The slot of an AWS key in the credential report (1 or 2); absent elsewhere. */
  readonly slot?: 1 | 2;
  /** Kind of credential: an AWS access key, a GCP service-account key, an Azure secret or certificate. */
  readonly kind: "access-key" | "service-account-key" | "client-secret" | "certificate";
  /** Whether it can authenticate now. */
  readonly status: KeyStatus;
  /** When it was created (AWS: created or last rotated). */
  readonly createdAt?: string;
  /** When it stops being valid, where the cloud sets an end (GCP, Azure). */
  readonly expiresAt?: string;
  /** When it last signed a request, where the cloud records it. */
  readonly lastUsedAt?: string;
  /** The service it was last used with (AWS), e.g. `s3`. */
  readonly lastUsedService?: string;
  /** The region it was last used in (AWS), e.g. `eu-west-1`. */
  readonly lastUsedRegion?: string;
  /**
   * Whether the cloud can tell when the key was last used: AWS can; GCP only through Policy
   * Analyzer; Azure not per secret. `false` makes `lastUsedAt` absent by necessity, not by
   * absence of use.
   */
  readonly lastUseKnown: boolean;
}
