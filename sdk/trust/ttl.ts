/**
 * One TTL per identity: how long the credentials a job receives may live. Each cloud has its own
 * range; renderers check the TTL against theirs with {@link checkTtlRange}.
 *
 * @module
 */
import type { Problem } from "../errors";
import { type DurationInput, formatDuration, parseDuration } from "./duration";

/**
 * Reads a declared TTL into whole seconds.
 *
 * @param ttl - the declared TTL; `"1h"` when left out. @default "1h"
 * @param path - the property path, for messages.
 * @returns the seconds, or the problem with the input.
 */
export function resolveTtl(ttl: DurationInput | undefined, path: string): number | Problem {
  return parseDuration(ttl ?? 3600, path);
}

/** The TTL that applies when a declaration leaves it out: one hour, which every cloud honours. */
export const DEFAULT_TTL_SECONDS = 3600;

/**
 * Checks a TTL against what a cloud can honour, inclusive at both ends.
 *
 * @param cloud - the cloud's name for messages (`AWS`, `GCP`, `Azure`).
 * @param why - where the limit comes from, e.g. "STS DurationSeconds".
 */
export function checkTtlRange(
  ttlSeconds: number,
  minSeconds: number,
  maxSeconds: number,
  cloud: string,
  why: string,
  path: string,
): Problem | undefined {
  if (ttlSeconds >= minSeconds && ttlSeconds <= maxSeconds) return undefined;
  return {
    path,
    value: formatDuration(ttlSeconds),
    rule: `${cloud} honours a TTL from ${formatDuration(minSeconds)} to ${formatDuration(maxSeconds)} (${why}).`,
    fix: `Declare a TTL between ${formatDuration(minSeconds)} and ${formatDuration(maxSeconds)}.`,
  };
}
