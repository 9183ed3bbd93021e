/**
 * Flexible federated identity credentials: the `claimsMatchingExpression` language, for the part
 * Microsoft documents: `claims['NAME'] matches 'PATTERN'` and `claims['NAME'] eq 'VALUE'`, joined
 * with `and`. Anything else is refused with a message, not guessed.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 * @module
 */
import type { Claims } from "../claims";
// Azure's `matches` has the same `*` and `?` wildcards as IAM's StringLike, without escapes.
import { compileValue, likeMatches } from "../aws/policy-value";

/** One comparison of a flexible credential expression. */
export interface ExpressionTerm {
  readonly claim: string;
  readonly operator: "eq" | "matches";
  readonly value: string;
}

/** A parsed expression, or why it cannot be evaluated. */
export type ParsedExpression =
  | { readonly kind: "expression"; readonly terms: readonly ExpressionTerm[] }
  | { readonly kind: "unsupported"; readonly message: string };

/** The claims each issuer may use in an expression, per Microsoft's documentation. */
const documentedClaims: ReadonlyArray<{
  readonly issuer: RegExp;
  readonly claims: readonly string[];
}> = [
  {
    issuer: /^https:\/\/token\.actions\.githubusercontent\.com(\/[^/]+)?$/,
    claims: ["sub", "job_workflow_ref"],
  },
  { issuer: /^https:\/\/gitlab\.com$/, claims: ["sub"] },
  { issuer: /^https:\/\/app\.terraform\.io$/, claims: ["sub"] },
];

// The documented layout: claims['NAME'], one space, the operator, one space, a single-quoted value.
const term = /^claims\['([^']+)'\] (eq|matches) '([^']*)'/;

/**
 * Parses an expression.
 *
 * @param issuer - the credential's issuer: only the claims documented for it are accepted.
 */
export function parseClaimsExpression(source: string, issuer: string): ParsedExpression {
  const terms: ExpressionTerm[] = [];
  let rest = source.trim();
  for (;;) {
    const m = term.exec(rest);
    if (!m) {
      return {
        kind: "unsupported",
        message: `The expression ${JSON.stringify(source)} is outside the documented language at ${JSON.stringify(rest.trim().slice(0, 40))}: Keyless evaluates claims['NAME'] eq|matches 'VALUE' joined with and.`,
      };
    }
    terms.push({
      claim: m[1] as string,
      operator: m[2] as "eq" | "matches",
      value: m[3] as string,
    });
    rest = rest.slice(m[0].length);
    if (rest === "") break;
    const and = /^ and /.exec(rest);
    if (!and) {
      return {
        kind: "unsupported",
        message: `The expression ${JSON.stringify(source)} joins terms with something other than "and" at ${JSON.stringify(rest.trim().slice(0, 40))}; only "and" is documented.`,
      };
    }
    rest = rest.slice(and[0].length);
  }
  const allowed = documentedClaims.find((d) => d.issuer.test(issuer))?.claims;
  const undocumented = terms.find((t) => !allowed?.includes(t.claim));
  if (undocumented) {
    return {
      kind: "unsupported",
      message: `claims['${undocumented.claim}'] is not a claim flexible credentials support for issuer ${JSON.stringify(issuer)}${allowed ? ` (supported: ${allowed.join(", ")})` : " (the issuer is not supported by flexible credentials)"}.`,
    };
  }
  return { kind: "expression", terms };
}

/** Whether one term holds for the claims: values compare case-sensitively; `*` and `?` wildcards. */
export function termHolds(t: ExpressionTerm, claims: Claims): boolean {
  const actual = claims[t.claim];
  if (typeof actual !== "string") return false;
  if (t.operator === "eq") return actual === t.value;
  const pattern = compileValue(t.value, false).resolve(() => undefined);
  return pattern !== undefined && likeMatches(pattern, actual);
}
