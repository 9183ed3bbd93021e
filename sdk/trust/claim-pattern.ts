/**
 * A claim value that a trust accepts: literal text, or text with declared wildcards. Wildcards are
 * kept as typed parts, never as characters inside a string, so a `*` in a literal (rare, but legal
 * in some claims) can never widen a trust by accident.
 *
 * @module
 */

/** One part of a {@link ClaimPattern}: literal text or a wildcard. */
export type PatternPart =
  | { readonly kind: "literal"; readonly text: string }
  /** `*` matches any run of characters (also none); `?` exactly one character. */
  | { readonly kind: "wildcard"; readonly wildcard: "*" | "?" };

/** A claim value: literal text, or text with wildcards declared explicitly. */
export interface ClaimPattern {
  readonly parts: readonly PatternPart[];
}

/** A pattern that accepts exactly `text`. */
export function literal(text: string): ClaimPattern {
  return Object.freeze({
    parts: Object.freeze([Object.freeze({ kind: "literal", text } as const)]),
  });
}

/**
 * Reads a glob as a declaration writes it (`release/*`, `v?.*`): `*` and `?` are wildcards, every
 * other character is literal.
 */
export function parseGlob(glob: string): ClaimPattern {
  const parts: Array<string | PatternPart> = [];
  let run = "";
  for (const ch of glob) {
    if (ch === "*" || ch === "?") {
      if (run) parts.push(run);
      run = "";
      parts.push({ kind: "wildcard", wildcard: ch });
    } else {
      run += ch;
    }
  }
  if (run) parts.push(run);
  return joinPattern(parts);
}

/** Whether a glob as a declaration writes it contains a wildcard. */
export function hasWildcard(glob: string): boolean {
  return glob.includes("*") || glob.includes("?");
}

/**
 * Joins literal text and patterns into one pattern, merging adjacent literals. This is how subject
 * layouts are assembled (`repo:` + owner + `/` + repository …) without pasting wildcards into text.
 */
export function joinPattern(
  pieces: ReadonlyArray<string | PatternPart | ClaimPattern>,
): ClaimPattern {
  const parts: PatternPart[] = [];
  const push = (part: PatternPart): void => {
    const last = parts[parts.length - 1];
    if (part.kind === "literal" && part.text === "") return;
    if (part.kind === "literal" && last?.kind === "literal") {
      parts[parts.length - 1] = { kind: "literal", text: last.text + part.text };
    } else {
      parts.push(part);
    }
  };
  for (const piece of pieces) {
    if (typeof piece === "string") push({ kind: "literal", text: piece });
    else if ("parts" in piece) piece.parts.forEach(push);
    else push(piece);
  }
  return Object.freeze({ parts: Object.freeze(parts.map((p) => Object.freeze(p))) });
}

/** Whether the pattern has no wildcard, i.e. accepts exactly one value. */
export function isLiteral(pattern: ClaimPattern): boolean {
  return pattern.parts.every((p) => p.kind === "literal");
}

/** The literal text of a wildcard-free pattern; throws on a pattern with wildcards. */
export function literalText(pattern: ClaimPattern): string {
  if (!isLiteral(pattern)) {
    throw new TypeError(
      `Expected a literal claim value, got the pattern "${patternText(pattern)}".`,
    );
  }
  return pattern.parts.map((p) => (p.kind === "literal" ? p.text : "")).join("");
}

/** The pattern as a person reads it: literal text with `*` and `?` where the wildcards are. */
export function patternText(pattern: ClaimPattern): string {
  return pattern.parts.map((p) => (p.kind === "literal" ? p.text : p.wildcard)).join("");
}

/**
 * Whether `value` matches the pattern, anchored at both ends. Greedy with a single backtrack point,
 * so the cost is at most the value's length times the pattern's, never exponential.
 */
export function matchesPattern(pattern: ClaimPattern, value: string): boolean {
  const tokens: Array<{ readonly char: string } | { readonly wildcard: "*" | "?" }> = [];
  for (const part of pattern.parts) {
    if (part.kind === "wildcard") tokens.push({ wildcard: part.wildcard });
    else for (const char of part.text) tokens.push({ char });
  }
  const chars = [...value];
  let t = 0;
  let v = 0;
  let starT = -1;
  let starV = 0;
  while (v < chars.length) {
    const token = tokens[t];
    if (token && "wildcard" in token && token.wildcard === "*") {
      starT = t++;
      starV = v;
    } else if (token && ("wildcard" in token || token.char === chars[v])) {
      t++;
      v++;
    } else if (starT >= 0) {
      t = starT + 1;
      v = ++starV;
    } else {
      return false;
    }
  }
  while (t < tokens.length && isStar(tokens[t])) t++;
  return t === tokens.length;
}

function isStar(
  token: { readonly char: string } | { readonly wildcard: "*" | "?" } | undefined,
): boolean {
  return token !== undefined && "wildcard" in token && token.wildcard === "*";
}
