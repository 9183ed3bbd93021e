/**
 * Any other OIDC issuer (SPIFFE, an in-house IdP, a CI system Keyless has no layout for): the
 * issuer URL and every claim condition are declared explicitly.
 *
 * @module
 */
import type { Problem, TrustWarning } from "../errors";
import { hasWildcard, parseGlob } from "./claim-pattern";
import { parseIssuerUrl } from "./issuer";
import type { ClaimCondition, TrustSubject } from "./subject";

/**
 * A trust in a generic OIDC issuer.
 *
 * @example
 * ```ts
 * { issuerUrl: "https://idp.acme.example", subject: "spiffe://acme.example/ns/payments/sa/reader" }
 * ```
 */
export interface OidcTrustArgs {
  /** The issuer, exactly as tokens carry it in `iss`. */
  readonly issuerUrl: string;
  /** The `sub` accepted; `*` and `?` are wildcards. */
  readonly subject?: string;
  /** Further claims that must hold, claim name → value (`*` and `?` are wildcards). @default none */
  readonly claims?: Readonly<Record<string, string>>;
  /** Accept a trust with no `subject`, or a wildcard-only one. Still warns. @default false */
  readonly dangerouslyAllowAnySubject?: boolean;
}

const claimName = /^[A-Za-z0-9_.:/-]+$/;

/**
 * Reads a generic OIDC trust declaration into a subject, collecting every problem and warning.
 *
 * @param path - the property path of `args`, for messages.
 */
export function declareOidcTrust(
  args: OidcTrustArgs,
  path: string,
): { subject?: TrustSubject; problems: Problem[]; warnings: TrustWarning[] } {
  const problems: Problem[] = [];
  const warnings: TrustWarning[] = [];
  const anySubject = args.dangerouslyAllowAnySubject === true;
  // Some generic issuers (a few Auth0 tenants) do end `iss` with a slash.
  const issuer = parseIssuerUrl("oidc", args.issuerUrl, `${path}.issuerUrl`, true);
  if (Array.isArray(issuer)) problems.push(...issuer);

  const subject = args.subject;
  if (subject === undefined || subject === "" || /^[*?]+$/.test(subject)) {
    if (!anySubject) {
      problems.push({
        path: `${path}.subject`,
        value: subject,
        rule: "A trust without a subject lets in every token the issuer signs, for anyone.",
        fix: "Declare the subject exactly (or a pattern inside its last segment); only if every token of this issuer is truly meant, set dangerouslyAllowAnySubject: true.",
      });
    } else {
      warnings.push({
        code: "dangerous-any-subject",
        path: `${path}.dangerouslyAllowAnySubject`,
        message: "Every subject the issuer signs for is trusted.",
        fix: "Declare the subject and remove dangerouslyAllowAnySubject.",
      });
    }
  } else if (typeof subject !== "string" || subject !== subject.trim()) {
    problems.push({
      path: `${path}.subject`,
      value: subject,
      rule: "The subject is compared exactly; it has no surrounding whitespace.",
      fix: "Remove the whitespace.",
    });
  }
  const conditions: ClaimCondition[] = [];
  for (const [claim, value] of Object.entries(args.claims ?? {})) {
    const claimPath = `${path}.claims.${claim}`;
    if (!claimName.test(claim) || claim === "sub" || claim === "iss") {
      problems.push({
        path: claimPath,
        value: claim,
        rule: "A claim condition names a claim other than `sub` and `iss` (those have their own properties).",
        fix: "Use `subject` for `sub` and `issuerUrl` for `iss`.",
      });
    } else if (typeof value !== "string" || value === "" || /^[*?]+$/.test(value)) {
      problems.push({
        path: claimPath,
        value,
        rule: "A claim condition accepts a value or a pattern, not anything.",
        fix: "Write the value, or leave the claim out.",
      });
    } else {
      conditions.push({
        claim,
        anyOf: [parseGlob(value)],
        reason: `declared claim ${claim}`,
        path: claimPath,
      });
    }
  }
  if (problems.length > 0 || Array.isArray(issuer)) return { problems, warnings };

  const subPattern = parseGlob(subject && !/^[*?]+$/.test(subject) ? subject : "*");
  if (subject && hasWildcard(subject) && !/^[*?]+$/.test(subject)) {
    warnings.push({
      code: "oidc-subject-pattern",
      path: `${path}.subject`,
      message: `Every subject matching "${subject}" is trusted.`,
      fix: "Make sure the issuer never signs a matching subject for anyone else, or name it exactly.",
    });
  }
  return {
    subject: Object.freeze({
      issuer,
      sub: Object.freeze([subPattern]),
      conditions: Object.freeze(conditions),
      source: { kind: "oidc" } as const,
      description: `OIDC ${issuer.hostPath}, subject ${subject ?? "*"}`,
      path,
    }),
    problems,
    warnings,
  };
}
