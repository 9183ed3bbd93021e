/**
 * CEL text for GCP attribute conditions and mappings, built from typed claim patterns. Every value
 * that reaches CEL passes through {@link celString}, and every pattern through {@link celRegex}, so
 * a claim value can never change the structure of an expression.
 *
 * @see https://cloud.google.com/iam/docs/workload-identity-federation#conditions
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md
 * @module
 */
import { type ClaimPattern, isLiteral, literalText } from "../trust";

// CEL reserved words may not be used as field selectors; such claims are read with brackets.
const reserved = new Set([
  "as",
  "break",
  "const",
  "continue",
  "else",
  "false",
  "for",
  "function",
  "if",
  "import",
  "in",
  "let",
  "loop",
  "package",
  "namespace",
  "null",
  "return",
  "true",
  "var",
  "void",
  "while",
]);

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A CEL string literal (single-quoted) holding exactly `text`. */
export function celString(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\'";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}'`;
}

/**
 * A reference to a claim of the incoming token: `assertion.repository_id`, or
 * `assertion['kubernetes.io']` for names that are not CEL identifiers.
 */
export function claimRef(claim: string): string {
  return identifier.test(claim) && !reserved.has(claim)
    ? `assertion.${claim}`
    : `assertion[${celString(claim)}]`;
}

const regexSpecial = /[\\^$.|?*+()[\]{}]/g;

/**
 * An RE2 regular expression, anchored at both ends, that accepts exactly what `pattern` accepts.
 * Literal text is escaped; `*` becomes `.*` and `?` becomes `.`. Claims never carry line breaks,
 * so `.` (which does not match one) loses nothing.
 */
export function celRegex(pattern: ClaimPattern): string {
  const body = pattern.parts
    .map((p) =>
      p.kind === "literal" ? p.text.replace(regexSpecial, "\\$&") : p.wildcard === "*" ? ".*" : ".",
    )
    .join("");
  return `^${body}$`;
}

/**
 * The CEL test that `ref` matches `pattern`: `==` for a literal, `matches()` for a pattern (CEL's
 * `matches` searches anywhere, hence the anchors from {@link celRegex}).
 */
export function celMatch(ref: string, pattern: ClaimPattern): string {
  return isLiteral(pattern)
    ? `${ref} == ${celString(literalText(pattern))}`
    : `${ref}.matches(${celString(celRegex(pattern))})`;
}

/** The CEL test that `ref` matches any one of `patterns`, parenthesised when there are several. */
export function celMatchAny(ref: string, patterns: readonly ClaimPattern[]): string {
  const tests = [...new Set(patterns.map((p) => celMatch(ref, p)))];
  return tests.length === 1 ? (tests[0] as string) : `(${tests.join(" || ")})`;
}
