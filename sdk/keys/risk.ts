/**
 * Ranks keys by how urgently they should go, and masks their identifiers for display.
 *
 * @module
 */
import type { KeyRisk, StaticKey } from "./static-key";

const DAY_MS = 86_400_000;

/** Thresholds of {@link assessKeyRisk}, in days. */
export interface RiskOptions {
  /**
   * An active key not used for this many days (or never used and older) is `unused`.
   * @default 90
   */
  readonly staleDays?: number;
  /**
   * An active key older than this many days is `old`.
   * @default 90
   */
  readonly maxAgeDays?: number;
}

/** A key with its age and risk, as the scan output shows it. */
export interface AssessedKey extends StaticKey {
  /** Whole days since `createdAt`; absent when the creation time is unknown. */
  readonly ageDays?: number;
  /** How urgently the key should go. */
  readonly risk: KeyRisk;
}

const riskRank: Readonly<Record<KeyRisk, number>> = {
  unused: 0,
  old: 1,
  "in-use": 2,
  inactive: 3,
  expired: 4,
};

function daysBetween(fromIso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(fromIso)) / DAY_MS);
}

/**
 * Classifies one key. A key whose last use the cloud cannot tell (`lastUseKnown: false`) is
 * judged on age alone: it is `old` past `maxAgeDays`, never `unused`, since nothing shows it idle.
 *
 * @param now - the time to measure ages against.
 */
export function assessKeyRisk(key: StaticKey, now: Date, options: RiskOptions = {}): AssessedKey {
  const staleDays = options.staleDays ?? 90;
  const maxAgeDays = options.maxAgeDays ?? 90;
  const ageDays = key.createdAt === undefined ? undefined : daysBetween(key.createdAt, now);
  const base = ageDays === undefined ? { ...key } : { ...key, ageDays };
  if (key.status === "expired") return { ...base, risk: "expired" };
  if (key.status === "inactive") return { ...base, risk: "inactive" };
  if (key.lastUseKnown) {
    const idleDays = key.lastUsedAt === undefined ? ageDays : daysBetween(key.lastUsedAt, now);
    if (idleDays === undefined || idleDays >= staleDays) return { ...base, risk: "unused" };
  }
  if (ageDays !== undefined && ageDays >= maxAgeDays) return { ...base, risk: "old" };
  return { ...base, risk: "in-use" };
}

/**
 * Sorts keys most urgent first: by risk, then longest idle (never used first), then oldest, then
 * by principal for a stable order. Returns a new array.
 */
export function sortByRisk(keys: readonly AssessedKey[]): AssessedKey[] {
  const idleSince = (k: AssessedKey) =>
    k.lastUsedAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(k.lastUsedAt);
  const created = (k: AssessedKey) =>
    k.createdAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(k.createdAt);
  return [...keys].sort(
    (a, b) =>
      riskRank[a.risk] - riskRank[b.risk] ||
      idleSince(a) - idleSince(b) ||
      created(a) - created(b) ||
      a.principal.localeCompare(b.principal),
  );
}

/**
 * Masks a key identifier for display: the first four and last four characters stay
 * (`AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`), enough to match a key against a console or a CI
 * variable without printing a full target for whoever reads the log. Identifiers of eight
 * characters or fewer are masked whole.
 */
export function maskKeyId(keyId: string): string {
  if (keyId.length <= 8) return "…";
  return `${keyId.slice(0, 4)}…${keyId.slice(-4)}`;
}
