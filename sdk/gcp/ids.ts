/**
 * IDs of workload identity pools, providers and service accounts: GCP's syntax rules, and the
 * derivation Keyless uses so that a replaced resource never needs the ID of the one it replaces.
 *
 * Deleted pools and providers stay soft-deleted for 30 days and their IDs cannot be reused in that
 * time. Pulumi replaces a resource when an input that GCP cannot update changes (project, pool,
 * issuer kind); Keyless derives a short suffix from exactly those inputs, so the replacement gets a
 * fresh ID instead of failing on the old one's soft-delete.
 *
 * @see https://cloud.google.com/iam/docs/manage-workload-identity-pools-providers#delete-pool
 * @module
 */
import { createHash } from "node:crypto";
import type { Problem } from "../errors";

/** What the ID names, for messages. */
export type GcpIdKind = "workload identity pool" | "workload identity provider";

const poolIdSyntax = /^[a-z0-9-]{4,32}$/;

/**
 * Checks a pool or provider ID against GCP's rules: 4–32 characters of `[a-z0-9-]`, not starting
 * with the prefix `gcp-` (reserved by Google).
 *
 * @returns every problem found (empty when the ID is valid).
 */
export function checkPoolOrProviderId(id: unknown, kind: GcpIdKind, path: string): Problem[] {
  if (typeof id !== "string" || !poolIdSyntax.test(id)) {
    const length = typeof id === "string" ? ` (${id.length} characters)` : "";
    return [
      {
        path,
        value: id,
        rule: `A ${kind} ID is 4 to 32 characters of lower-case letters, digits and '-'${length}.`,
        fix: "Shorten it or replace other characters with '-', or leave it out to let Keyless derive one.",
      },
    ];
  }
  if (id.startsWith("gcp-")) {
    return [
      {
        path,
        value: id,
        rule: `A ${kind} ID may not start with "gcp-": Google reserves that prefix.`,
        fix: "Choose another prefix.",
      },
    ];
  }
  return [];
}

const accountIdSyntax = /^[a-z](?:[a-z0-9-]{4,28})[a-z0-9]$/;

/**
 * Checks a service account ID: 6–30 characters, lower-case letters, digits and '-', starting with
 * a letter and not ending with '-'.
 */
export function checkServiceAccountId(id: unknown, path: string): Problem[] {
  if (typeof id === "string" && accountIdSyntax.test(id)) return [];
  return [
    {
      path,
      value: id,
      rule: "A service account ID is 6 to 30 lower-case letters, digits and '-', starting with a letter and not ending with '-'.",
      fix: "Choose an ID that follows the rule, or leave it out to let Keyless derive one.",
    },
  ];
}

/**
 * A short, stable suffix (5 characters of `[a-z0-9]`) derived from `inputs`: the same inputs give
 * the same suffix, different inputs a different one (with overwhelming odds).
 */
export function shortSuffix(inputs: readonly string[]): string {
  const digest = createHash("sha256").update(JSON.stringify(inputs)).digest();
  // base36 of the first 4 bytes, padded: 36^5 > 2^25, plenty to tell a handful of IDs apart.
  return (digest.readUInt32BE(0) % 36 ** 5).toString(36).padStart(5, "0");
}

/**
 * Derives an ID `BASE-SUFFIX` that fits in `maxLength`: `base` reduced to `[a-z0-9-]` and cut to
 * make room, `SUFFIX` from {@link shortSuffix} over `inputs`.
 *
 * @param prefixLetter - prepended when the cleaned base does not start with a letter (service
 *   accounts must). @default no prefix
 */
export function deriveId(
  base: string,
  inputs: readonly string[],
  maxLength: number,
  prefixLetter?: string,
): string {
  const suffix = shortSuffix(inputs);
  let clean = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (clean.startsWith("gcp-")) clean = `k-${clean}`;
  if (prefixLetter && !/^[a-z]/.test(clean)) clean = `${prefixLetter}${clean}`;
  clean = clean.slice(0, maxLength - suffix.length - 1).replace(/-$/, "");
  return clean === "" ? `${prefixLetter ?? "k"}-${suffix}` : `${clean}-${suffix}`;
}
