/**
 * What an evaluator answers: allowed or denied, with the reasons a person acts on.
 *
 * @module
 */

/** Which cloud a verdict is about. */
export type CloudKind = "aws" | "gcp" | "azure";

/**
 * One reason behind a verdict.
 *
 * - `matched`: a condition that held (why a token got in).
 * - `failed`: a condition that did not hold: the claim, its value and what was expected.
 * - `hint`: a near miss worth a look (a case difference, a missing ref, a trailing slash…).
 * - `unsupported`: something Keyless cannot evaluate; the verdict is denied rather than guessed.
 */
export interface Reason {
  readonly kind: "matched" | "failed" | "hint" | "unsupported";
  /** One sentence a person reads. */
  readonly message: string;
  /** The claim (or condition key) concerned, when there is one. */
  readonly claim?: string;
  /** The value the token carries; absent when the claim is missing. */
  readonly actual?: string | readonly string[];
  /** The values that would have been accepted. */
  readonly expected?: readonly string[];
  /** Where in the cloud document the reason comes from (`Statement[0].Condition.StringLike`). */
  readonly path?: string;
}

/** An evaluator's answer, discriminated on `kind`. */
export type Verdict =
  | { readonly kind: "allow"; readonly reasons: readonly Reason[] }
  | { readonly kind: "deny"; readonly reasons: readonly Reason[] };

/** A verdict that lets the token in. */
export function allow(reasons: readonly Reason[]): Verdict {
  return Object.freeze({ kind: "allow", reasons: Object.freeze([...reasons]) });
}

/** A verdict that keeps the token out. */
export function deny(reasons: readonly Reason[]): Verdict {
  return Object.freeze({ kind: "deny", reasons: Object.freeze([...reasons]) });
}

/** The value as a person reads it in a reason: quoted, lists joined, absence said in words. */
export function describeValue(value: string | readonly string[] | undefined): string {
  if (value === undefined) return "absent";
  if (typeof value === "string") return JSON.stringify(value);
  return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
}
