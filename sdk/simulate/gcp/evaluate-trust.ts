/**
 * A token against an identity's GCP trust: the providers for its issuer, then the principals bound
 * on the service account (or resource).
 *
 * @module
 */
import type { Claims } from "../claims";
import { nearMissHints } from "../hints";
import { allow, deny, type Reason, type Verdict } from "../verdict";
import { evaluateGcpProvider } from "./evaluate-provider";
import { parseGcpPrincipal, principalMatches } from "./principals";
import { poolOf, readGcpProvider } from "./provider";

/** What {@link evaluateGcpTrust} needs. */
export interface GcpTrustOptions {
  /** The providers, REST or manifest shape. */
  readonly providers: readonly unknown[];
  /** The principals bound (`roles/iam.workloadIdentityUser` members, or resource members). */
  readonly principals: readonly string[];
  readonly claims: Claims;
}

/**
 * Whether a token with `claims` reaches the identity, and why.
 *
 * @throws KeylessError `ERR_INPUT_UNUSABLE` when a provider document cannot be read.
 * @example
 * ```ts
 * evaluateGcpTrust({ providers: [provider], principals: manifest.gcp.principals, claims });
 * ```
 */
export function evaluateGcpTrust(options: GcpTrustOptions): Verdict {
  const providers = options.providers.map((p, i) => readGcpProvider(p, `providers[${i}]`));
  const iss = options.claims["iss"];
  const candidates = providers.filter((p) => p.issuerUri === iss);
  if (candidates.length === 0) {
    const issuers = providers.map((p) => p.issuerUri);
    return deny([
      {
        kind: "failed",
        message: `No provider trusts the issuer ${JSON.stringify(iss ?? null)}; the providers trust ${issuers.map((i) => JSON.stringify(i)).join(", ") || "nothing"}.`,
        claim: "iss",
        ...(typeof iss === "string" ? { actual: iss } : {}),
        expected: issuers,
      },
      ...nearMissHints("iss", typeof iss === "string" ? iss : undefined, issuers),
    ]);
  }

  const principals = options.principals.map(parseGcpPrincipal);
  const reasons: Reason[] = [];
  for (const provider of candidates) {
    const { verdict, identity } = evaluateGcpProvider(provider, options.claims);
    if (verdict.kind === "deny" || !identity) {
      reasons.push(...verdict.reasons);
      continue;
    }
    const pool = poolOf(provider);
    const matched = principals.filter((p) => principalMatches(p, pool, identity));
    if (matched.length > 0) {
      return allow([
        ...verdict.reasons,
        ...matched.map((p) => ({
          kind: "matched" as const,
          message: `The identity is the bound principal ${p.text}.`,
        })),
      ]);
    }
    reasons.push(...verdict.reasons.filter((r) => r.kind !== "matched"), {
      kind: "failed",
      message: `The token passes provider ${provider.name} as google.subject ${JSON.stringify(identity.subject)}, but no bound principal matches it. Bound: ${options.principals.join(", ") || "none"}.`,
      actual: identity.subject,
      expected: [...options.principals],
    });
    const subjects = principals.flatMap((p) =>
      p.kind === "subject" && p.pool === pool ? [p.subject] : [],
    );
    reasons.push(...nearMissHints("sub", identity.subject, subjects));
    for (const p of principals) {
      if (p.kind === "attribute" && p.pool === pool) {
        const actual = identity.attributes[p.name];
        reasons.push({
          kind: "failed",
          message: `${p.text} needs attribute.${p.name} = ${JSON.stringify(p.value)}; the token maps it to ${actual === undefined ? "nothing" : JSON.stringify(actual)}.`,
          claim: `attribute.${p.name}`,
          ...(actual !== undefined ? { actual } : {}),
          expected: [p.value],
        });
      } else if (p.kind !== "other" && p.pool !== pool) {
        reasons.push({
          kind: "hint",
          message: `${p.text} is in another pool than provider ${provider.name}.`,
        });
      }
    }
  }
  return deny(reasons);
}
