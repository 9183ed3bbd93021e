/**
 * IAM condition operators for trust policies: the string operators and their `IfExists` forms,
 * `Null`, `Bool`, and the `ForAnyValue:` / `ForAllValues:` set qualifiers, with IAM's rules for
 * missing keys and multi-valued keys.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * @module
 */
import { type CompiledValue, likeMatches, type ResolvedValue } from "./policy-value";

/** The operators Keyless evaluates, without qualifier or `IfExists`. */
export type BaseOperator =
  | "StringEquals"
  | "StringNotEquals"
  | "StringEqualsIgnoreCase"
  | "StringNotEqualsIgnoreCase"
  | "StringLike"
  | "StringNotLike"
  | "Bool"
  | "Null";

/** The request's condition keys: lower-cased key → its values (one for single-valued keys). */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

/** One key under one operator, compiled. */
export interface CompiledCondition {
  /** The operator as written (`ForAnyValue:StringLikeIfExists`). */
  readonly operator: string;
  readonly base: BaseOperator;
  readonly qualifier: "none" | "ForAnyValue" | "ForAllValues";
  readonly ifExists: boolean;
  /** Whether the operator is a negation (`StringNotEquals`, `StringNotLike`, …). */
  readonly negated: boolean;
  /** The key as written. */
  readonly key: string;
  /** The key lower-cased: keys compare case-insensitively. */
  readonly lowerKey: string;
  readonly values: readonly CompiledValue[];
  /** Where the condition sits, e.g. `Statement[0].Condition.StringLike`. */
  readonly path: string;
  /** Whether the condition holds for the request. */
  readonly test: (context: RequestContext) => boolean;
}

/** An operator IAM has but Keyless does not evaluate; the statement cannot be decided. */
export interface UnsupportedCondition {
  readonly operator: string;
  readonly key: string;
  readonly path: string;
  readonly why: string;
}

const baseOperators: ReadonlySet<string> = new Set<BaseOperator>([
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "Bool",
  "Null",
]);

/** Operators IAM knows that Keyless does not evaluate (rare in trust policies). */
const knownOtherOperators = /^(Numeric|Date|Binary|IpAddress|NotIpAddress|Arn)/;

/**
 * Reads an operator name into its parts, or says why it cannot be evaluated.
 *
 * @returns the parts, or a string: `unknown` (IAM rejects it too) or `unsupported`.
 */
export function parseOperator(
  operator: string,
):
  | { base: BaseOperator; qualifier: "none" | "ForAnyValue" | "ForAllValues"; ifExists: boolean }
  | "unknown"
  | "unsupported" {
  let rest = operator;
  let qualifier: "none" | "ForAnyValue" | "ForAllValues" = "none";
  if (rest.startsWith("ForAnyValue:")) {
    qualifier = "ForAnyValue";
    rest = rest.slice("ForAnyValue:".length);
  } else if (rest.startsWith("ForAllValues:")) {
    qualifier = "ForAllValues";
    rest = rest.slice("ForAllValues:".length);
  }
  const ifExists = rest.endsWith("IfExists");
  if (ifExists) rest = rest.slice(0, -"IfExists".length);
  if (baseOperators.has(rest)) {
    // `Null` has no IfExists form and takes no qualifier.
    if (rest === "Null" && (ifExists || qualifier !== "none")) return "unknown";
    return { base: rest as BaseOperator, qualifier, ifExists };
  }
  return knownOtherOperators.test(rest) ? "unsupported" : "unknown";
}

/** Builds the test of one key under one operator. */
export function compileCondition(
  operator: string,
  parts: {
    base: BaseOperator;
    qualifier: "none" | "ForAnyValue" | "ForAllValues";
    ifExists: boolean;
  },
  key: string,
  values: readonly CompiledValue[],
  path: string,
): CompiledCondition {
  const { base, qualifier, ifExists } = parts;
  const lowerKey = key.toLowerCase();
  const negated =
    base === "StringNotEquals" || base === "StringNotEqualsIgnoreCase" || base === "StringNotLike";
  const fixed = values.every((v) => !v.dynamic)
    ? anyValueMatcher(
        base,
        values.flatMap((v) => v.resolve(() => undefined) ?? []),
      )
    : undefined;
  // What a missing key gives: ForAllValues holds vacuously; ForAnyValue fails even with IfExists
  // (STS denies `ForAnyValue:StringEqualsIfExists` on an absent key); otherwise IfExists and
  // negations hold and the rest fail.
  const whenMissing =
    qualifier === "ForAllValues" ? true : qualifier === "ForAnyValue" ? false : ifExists || negated;
  // Without a qualifier a multi-valued key matches when any of its values does, and a negation
  // holds only when none does; with one, the negation applies to each value.
  const mode: Mode =
    qualifier === "ForAllValues"
      ? negated
        ? "none"
        : "every"
      : qualifier === "ForAnyValue"
        ? negated
          ? "some-not"
          : "some"
        : negated
          ? "none"
          : "some";
  const nullWants = values.map((v) => v.source.toLowerCase() === "true");

  const test = buildTest(lowerKey, base, mode, whenMissing, fixed, nullWants, values);
  return Object.freeze({
    operator,
    base,
    qualifier,
    ifExists,
    negated,
    key,
    lowerKey,
    values,
    path,
    test,
  });
}

function resolveAll(values: readonly CompiledValue[], context: RequestContext): ResolvedValue[] {
  const lookup = (k: string): readonly string[] | undefined => context.get(k);
  return values.flatMap((v) => v.resolve(lookup) ?? []);
}

/**
 * The condition's test, specialised once so that the common case — fixed values, one request
 * value — is a map lookup and a set lookup without allocation.
 */
function buildTest(
  lowerKey: string,
  base: BaseOperator,
  mode: Mode,
  whenMissing: boolean,
  fixed: ((value: string) => boolean) | undefined,
  nullWants: readonly boolean[],
  values: readonly CompiledValue[],
): (context: RequestContext) => boolean {
  // Null: any policy value may match; "true" asks for an absent key, "false" for a present one.
  if (base === "Null") return (context) => nullWants.includes(!context.has(lowerKey));
  if (fixed === undefined) {
    return (context) => {
      const requestValues = context.get(lowerKey);
      if (requestValues === undefined) return whenMissing;
      return applyMode(mode, anyValueMatcher(base, resolveAll(values, context)), requestValues);
    };
  }
  const matches = fixed;
  switch (mode) {
    case "some":
      return (context) => {
        const v = context.get(lowerKey);
        if (v === undefined) return whenMissing;
        return v.length === 1 ? matches(v[0] as string) : applyMode("some", matches, v);
      };
    case "none":
      return (context) => {
        const v = context.get(lowerKey);
        if (v === undefined) return whenMissing;
        return v.length === 1 ? !matches(v[0] as string) : applyMode("none", matches, v);
      };
    case "every":
    case "some-not":
      return (context) => {
        const v = context.get(lowerKey);
        return v === undefined ? whenMissing : applyMode(mode, matches, v);
      };
  }
}

/** How request values combine with the per-value match. */
type Mode = "some" | "every" | "some-not" | "none";

function applyMode(
  mode: Mode,
  matches: (value: string) => boolean,
  values: readonly string[],
): boolean {
  const n = values.length;
  switch (mode) {
    case "some":
      for (let i = 0; i < n; i++) if (matches(values[i] as string)) return true;
      return false;
    case "every":
      for (let i = 0; i < n; i++) if (!matches(values[i] as string)) return false;
      return true;
    case "some-not":
      for (let i = 0; i < n; i++) if (!matches(values[i] as string)) return true;
      return false;
    case "none":
      for (let i = 0; i < n; i++) if (matches(values[i] as string)) return false;
      return true;
  }
}

/** Whether a request value matches any of the policy values, built once per value list. */
function anyValueMatcher(
  base: BaseOperator,
  resolved: readonly ResolvedValue[],
): (value: string) => boolean {
  switch (base) {
    case "StringEquals":
    case "StringNotEquals": {
      const texts = new Set(resolved.map((p) => p.text));
      return (v) => texts.has(v);
    }
    case "StringEqualsIgnoreCase":
    case "StringNotEqualsIgnoreCase":
    case "Bool": {
      const texts = new Set(resolved.map((p) => p.text.toLowerCase()));
      return (v) => texts.has(v.toLowerCase());
    }
    case "StringLike":
    case "StringNotLike": {
      const exact = new Set(resolved.filter((p) => !p.hasWildcards).map((p) => p.text));
      const patterns = resolved.filter((p) => p.hasWildcards);
      if (patterns.length === 0) return (v) => exact.has(v);
      return (v) => {
        if (exact.has(v)) return true;
        for (let i = 0; i < patterns.length; i++) {
          if (likeMatches(patterns[i] as ResolvedValue, v)) return true;
        }
        return false;
      };
    }
    case "Null":
      return () => false;
  }
}
