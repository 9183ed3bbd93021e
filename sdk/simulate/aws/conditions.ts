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
  const matchOne = valueMatcher(base);
  const fixed = values.every((v) => !v.dynamic)
    ? values.flatMap((v) => v.resolve(() => undefined) ?? [])
    : undefined;
  const test = (context: RequestContext): boolean => {
    const requestValues = context.get(lowerKey);
    if (base === "Null") {
      const absent = requestValues === undefined;
      // Any policy value may match: "true" asks for an absent key, "false" for a present one.
      return values.some((v) => (v.source.toLowerCase() === "true") === absent);
    }
    if (requestValues === undefined) {
      // A missing key: ForAllValues holds vacuously; ForAnyValue fails even with IfExists (STS
      // denies `ForAnyValue:StringEqualsIfExists` on an absent key); otherwise IfExists and
      // negations hold and the rest fail.
      if (qualifier === "ForAllValues") return true;
      if (qualifier === "ForAnyValue") return false;
      return ifExists || negated;
    }
    const resolved = fixed ?? resolveAll(values, context);
    // The positive form matches a request value when any policy value matches it.
    const positive = (value: string): boolean => resolved.some((p) => matchOne(p, value));
    const single = (value: string): boolean => (negated ? !positive(value) : positive(value));
    switch (qualifier) {
      case "ForAnyValue":
        return requestValues.some(single);
      case "ForAllValues":
        return requestValues.every(single);
      case "none":
        // Without a qualifier a multi-valued key matches when any of its values does; a negation
        // holds only when none does.
        return negated ? !requestValues.some(positive) : requestValues.some(positive);
    }
  };
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

function valueMatcher(base: BaseOperator): (pattern: ResolvedValue, value: string) => boolean {
  switch (base) {
    case "StringEquals":
    case "StringNotEquals":
      return (p, v) => p.text === v;
    case "StringEqualsIgnoreCase":
    case "StringNotEqualsIgnoreCase":
      return (p, v) => p.text.toLowerCase() === v.toLowerCase();
    case "StringLike":
    case "StringNotLike":
      return likeMatches;
    case "Bool":
      return (p, v) => p.text.toLowerCase() === v.toLowerCase();
    case "Null":
      return () => false;
  }
}
