/**
 * Durations as declarations write them: `"15m"`, `"1h30m"`, ISO-8601 `"PT45M"`, or a number of
 * seconds. Everything downstream sees whole seconds.
 *
 * @module
 */
import type { Problem } from "../errors";

/**
 * A duration as a declaration may write it: `"45m"`, `"1h30m"`, `"PT45M"`, or seconds (`"2700"` or
 * `2700`). Component arguments take the string form, which every Pulumi language can write.
 */
export type DurationInput = string | number;

const compact = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const seconds = /^()()(\d+)$/;
const iso8601 = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;

/**
 * Parses a duration into whole seconds, or returns the problem with it.
 *
 * Days and larger ISO units are refused on purpose: no cloud session lasts a day, and `P1D` in a
 * TTL is more likely a slip than an intent.
 *
 * @param input - the duration as declared.
 * @param path - the property path, for the problem.
 */
export function parseDuration(input: DurationInput, path: string): number | Problem {
  if (typeof input === "number") {
    if (Number.isInteger(input) && input > 0) return input;
    return {
      path,
      value: input,
      rule: "A duration in seconds must be a positive whole number.",
      fix: 'Write whole seconds (2700) or a unit form ("45m").',
    };
  }
  const text = typeof input === "string" ? input.trim() : "";
  const match = compact.exec(text) ?? iso8601.exec(text) ?? seconds.exec(text);
  if (text !== "" && text !== "PT" && match && (match[1] ?? match[2] ?? match[3]) !== undefined) {
    const seconds =
      Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
    if (seconds > 0) return seconds;
  }
  return {
    path,
    value: input,
    rule: 'A duration is hours, minutes and seconds ("1h30m", "45m", "900s"), ISO-8601 ("PT45M"), or whole seconds, and more than zero.',
    fix: 'Write it as "45m", "1h30m", "PT45M" or 2700.',
  };
}

/**
 * Formats whole seconds the way a person writes them (`2700` → `"45m"`, `5400` → `"1h30m"`).
 */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h}h` : "", m ? `${m}m` : "", s ? `${s}s` : ""].join("");
  return parts === "" ? "0s" : parts;
}
