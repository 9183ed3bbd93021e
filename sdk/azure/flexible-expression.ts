/**
 * Flexible federated identity credentials (preview): which issuers and claims Azure accepts in a
 * `claimsMatchingExpression`, and how one is written.
 *
 * The language (version 1) has a claim lookup `claims['NAME']`, the operators `eq` (exact) and
 * `matches` (`*` any run of characters, `?` one character), and `and`. There is no `or`, no
 * negation, and no documented way to write a literal `*`, `?` or `'` inside a `matches` comparand.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 * @see https://learn.microsoft.com/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential
 * @module
 */
import type { ClaimPattern } from "../trust/claim-pattern";
import { isLiteral } from "../trust/claim-pattern";

/** The version of the expression language Keyless writes. */
export const FLEXIBLE_LANGUAGE_VERSION = 1;

/** A platform whose tokens Azure matches with flexible credentials. */
export interface FlexiblePlatform {
  /** The platform, for messages. */
  readonly name: "GitHub" | "GitLab" | "Terraform Cloud";
  /** The claims an expression may test (besides `sub`). */
  readonly claims: readonly string[];
  /**
   * Claims of which an expression must test at least one, besides `sub`: Azure refuses a flexible
   * credential for GitHub that pins neither `repository_id` nor `repository_owner_id`, and one for
   * GitLab's path-based `sub` that does not pin `project_id`.
   */
  readonly requiresOneOf: readonly string[];
}

const github: FlexiblePlatform = {
  name: "GitHub",
  claims: ["job_workflow_ref", "repository_id", "repository_owner_id"],
  requiresOneOf: ["repository_id", "repository_owner_id"],
};
const gitlab: FlexiblePlatform = {
  name: "GitLab",
  claims: ["project_id"],
  requiresOneOf: ["project_id"],
};
const terraform: FlexiblePlatform = { name: "Terraform Cloud", claims: [], requiresOneOf: [] };

// Azure lists the issuer URLs it accepts; GitLab's self-managed ones only under .com and .ca.
const gitlabIssuer = /^https:\/\/(?:gitlab\.com|gitlab\.[A-Za-z0-9-]+\.(?:com|ca))$/;

/**
 * The platform whose flexible-credential rules apply to `issuerUrl`, or `undefined` when Azure does
 * not accept flexible credentials for that issuer (Kubernetes clusters, GitHub Enterprise issuers,
 * generic OIDC).
 */
export function flexiblePlatform(issuerUrl: string): FlexiblePlatform | undefined {
  if (issuerUrl === "https://token.actions.githubusercontent.com") return github;
  if (gitlabIssuer.test(issuerUrl)) return gitlab;
  if (issuerUrl === "https://app.terraform.io" || issuerUrl === "https://app.eu.terraform.io") {
    return terraform;
  }
  return undefined;
}

/** One test in an expression: a claim and the value or pattern it must equal or match. */
export interface ClaimTest {
  readonly claim: string;
  readonly value: ClaimPattern;
}

/**
 * Why `value` cannot be written as a comparand, or `undefined` when it can. A pattern's literal
 * text must not hold `*` or `?` (they would become wildcards and widen the match), and no comparand
 * may hold `'` (the language gives it a meaning of its own).
 */
export function comparandProblem(value: ClaimPattern): string | undefined {
  for (const part of value.parts) {
    if (part.kind !== "literal") continue;
    if (part.text.includes("'")) {
      return "holds a single quote, which the expression language reserves";
    }
    if (!isLiteral(value) && /[*?]/.test(part.text)) {
      return "holds a literal '*' or '?' next to a wildcard, which `matches` would read as a wildcard";
    }
  }
  return undefined;
}

/**
 * Writes a claims-matching expression: the tests joined with `and`, each `eq` for an exact value
 * and `matches` for a pattern. The caller has checked every comparand with
 * {@link comparandProblem}.
 *
 * @example
 * ```ts
 * writeExpression([{ claim: "sub", value: parseGlob("repo:acme/api:ref:refs/tags/v*") }]);
 * // "claims['sub'] matches 'repo:acme/api:ref:refs/tags/v*'"
 * ```
 */
export function writeExpression(tests: readonly ClaimTest[]): string {
  return tests
    .map(({ claim, value }) => {
      const op = isLiteral(value) ? "eq" : "matches";
      const text = value.parts.map((p) => (p.kind === "literal" ? p.text : p.wildcard)).join("");
      return `claims['${claim}'] ${op} '${text}'`;
    })
    .join(" and ");
}
