/**
 * Condition values as IAM reads them: `*` and `?` wildcards for `StringLike`, the `${*}`, `${?}`
 * and `${$}` escapes, and policy variables (`${KEY}`, `${KEY, 'default'}`) resolved from the
 * request. Compiled once per policy; matching is linear in the value's length times the
 * pattern's, never exponential.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * @module
 */

/** One piece of a condition value. */
type Segment =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "wildcard"; readonly wildcard: "*" | "?" }
  | { readonly kind: "variable"; readonly key: string; readonly fallback?: string };

/** A condition value ready to compare against request values. */
export interface CompiledValue {
  /** The value as the policy writes it. */
  readonly source: string;
  /** Whether the value holds policy variables, so it must be resolved per request. */
  readonly dynamic: boolean;
  /** Resolves variables against the request; `undefined` when a variable has no value. */
  readonly resolve: (
    lookup: (key: string) => readonly string[] | undefined,
  ) => ResolvedValue | undefined;
}

/** A condition value with its variables resolved: text, and wildcard positions for `StringLike`. */
export interface ResolvedValue {
  /** The value with escapes and variables replaced, wildcards kept as `*` and `?`. */
  readonly text: string;
  /** Whether the value contains wildcards (as opposed to escaped `*` or `?`). */
  readonly hasWildcards: boolean;
  /** Pattern tokens: a character code, `STAR` or `ANY_ONE`. */
  readonly tokens: Int32Array;
}

/** Token for `*` in {@link ResolvedValue.tokens}. */
export const STAR = -1;
/** Token for `?` in {@link ResolvedValue.tokens}. */
export const ANY_ONE = -2;

const escapes: Readonly<Record<string, string>> = { "*": "*", "?": "?", $: "$" };

/**
 * Compiles a condition value.
 *
 * @param source - the value as the policy writes it.
 * @param variables - whether `${…}` is special: only in policies with `Version` `2012-10-17`.
 */
export function compileValue(source: string, variables: boolean): CompiledValue {
  const segments = variables ? parseSegments(source) : parsePlain(source);
  if (segments.every((s) => s.kind !== "variable")) {
    const resolved = resolveSegments(segments, () => undefined);
    return Object.freeze({ source, dynamic: false, resolve: () => resolved });
  }
  return Object.freeze({
    source,
    dynamic: true,
    resolve: (lookup: (key: string) => readonly string[] | undefined) =>
      resolveSegments(segments, lookup),
  });
}

function parsePlain(source: string): Segment[] {
  const segments: Segment[] = [];
  let run = "";
  for (const ch of source) {
    if (ch === "*" || ch === "?") {
      if (run) segments.push({ kind: "text", text: run });
      run = "";
      segments.push({ kind: "wildcard", wildcard: ch });
    } else run += ch;
  }
  if (run) segments.push({ kind: "text", text: run });
  return segments;
}

function parseSegments(source: string): Segment[] {
  const segments: Segment[] = [];
  let i = 0;
  let run = "";
  const flush = (): void => {
    if (run) segments.push({ kind: "text", text: run });
    run = "";
  };
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === "$" && source[i + 1] === "{") {
      const end = source.indexOf("}", i + 2);
      if (end > 0) {
        const body = source.slice(i + 2, end);
        const escaped = escapes[body];
        if (escaped !== undefined) {
          run += escaped;
        } else {
          flush();
          segments.push(parseVariable(body));
        }
        i = end + 1;
        continue;
      }
    }
    if (ch === "*" || ch === "?") {
      flush();
      segments.push({ kind: "wildcard", wildcard: ch });
    } else run += ch;
    i++;
  }
  flush();
  return segments;
}

function parseVariable(body: string): Segment {
  // `${key, 'default'}`: the default applies when the request has no such key.
  const withDefault = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/.exec(body);
  if (withDefault) {
    return {
      kind: "variable",
      key: (withDefault[1] as string).toLowerCase(),
      fallback: withDefault[2] as string,
    };
  }
  return { kind: "variable", key: body.trim().toLowerCase() };
}

function resolveSegments(
  segments: readonly Segment[],
  lookup: (key: string) => readonly string[] | undefined,
): ResolvedValue | undefined {
  const tokens: number[] = [];
  let text = "";
  let hasWildcards = false;
  const pushText = (t: string): void => {
    text += t;
    for (let i = 0; i < t.length; i++) tokens.push(t.charCodeAt(i));
  };
  for (const segment of segments) {
    if (segment.kind === "text") pushText(segment.text);
    else if (segment.kind === "wildcard") {
      text += segment.wildcard;
      hasWildcards = true;
      tokens.push(segment.wildcard === "*" ? STAR : ANY_ONE);
    } else {
      const values = lookup(segment.key);
      // A variable resolves only to a single value; a missing key without a default fails the value.
      const value = values?.length === 1 ? values[0] : segment.fallback;
      if (value === undefined) return undefined;
      pushText(value);
    }
  }
  return Object.freeze({ text, hasWildcards, tokens: Int32Array.from(tokens) });
}

/**
 * Whether `value` matches a `StringLike` pattern, anchored at both ends. Greedy with one
 * backtrack point (the last `*`), so the work is bounded by the value's length times the pattern's.
 *
 * `?` matches one UTF-16 code unit; claims outside the Basic Multilingual Plane are not seen in
 * practice in the claims STS exposes.
 */
export function likeMatches(pattern: ResolvedValue, subject: string): boolean {
  if (!pattern.hasWildcards) return pattern.text === subject;
  const tokens = pattern.tokens;
  const n = tokens.length;
  const m = subject.length;
  let t = 0;
  let v = 0;
  let starT = -1;
  let starV = 0;
  while (v < m) {
    const token = t < n ? (tokens[t] as number) : 0;
    if (t < n && token === STAR) {
      starT = t++;
      starV = v;
    } else if (t < n && (token === ANY_ONE || token === subject.charCodeAt(v))) {
      t++;
      v++;
    } else if (starT >= 0) {
      t = starT + 1;
      v = ++starV;
    } else {
      return false;
    }
  }
  while (t < n && tokens[t] === STAR) t++;
  return t === n;
}
