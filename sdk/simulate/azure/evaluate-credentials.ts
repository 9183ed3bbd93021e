/**
 * A token against an identity's federated identity credentials: issuer, subject (or flexible
 * expression) and audience must match exactly and case-sensitively, for at least one credential.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation
 * @module
 */
import type { Claims } from "../claims";
import { nearMissHints } from "../hints";
import { allow, deny, type Reason, type Verdict } from "../verdict";
import { parseClaimsExpression, termHolds } from "./expression";

/** A federated identity credential, REST or manifest shape. */
export interface AzureCredential {
  readonly name?: string;
  readonly issuer: string;
  readonly subject?: string;
  /** The manifest's string, or the REST object `{ value, languageVersion }`. */
  readonly claimsMatchingExpression?:
    string | { readonly value: string; readonly languageVersion?: number };
  readonly audiences: readonly string[];
}

/**
 * Whether a token with `claims` matches one of `credentials`, and why.
 *
 * @example
 * ```ts
 * evaluateAzureCredentials(manifest.azure.credentials, claims);
 * ```
 */
export function evaluateAzureCredentials(
  credentials: readonly AzureCredential[],
  claims: Claims,
): Verdict {
  const reasons: Reason[] = [];
  if (credentials.length === 0) {
    return deny([
      { kind: "failed", message: "The identity has no federated identity credentials." },
    ]);
  }
  for (const [i, raw] of credentials.entries()) {
    const c = "properties" in raw ? (raw as { properties: AzureCredential }).properties : raw;
    const label = `Credential ${JSON.stringify(c.name ?? (raw as { name?: string }).name ?? `#${i}`)}`;
    const failures = credentialFailures(c, claims, label);
    if (failures.every((f) => f.kind !== "failed" && f.kind !== "unsupported")) {
      return allow([
        {
          kind: "matched",
          message: `${label} matches: issuer ${JSON.stringify(c.issuer)}, ${c.subject !== undefined ? `subject ${JSON.stringify(c.subject)}` : `expression ${JSON.stringify(expressionText(c))}`}, audience ${JSON.stringify(claims["aud"])}.`,
        },
      ]);
    }
    reasons.push(...failures);
  }
  return deny(reasons);
}

function credentialFailures(c: AzureCredential, claims: Claims, label: string): Reason[] {
  const reasons: Reason[] = [];
  const iss = typeof claims["iss"] === "string" ? claims["iss"] : undefined;
  if (iss !== c.issuer) {
    reasons.push({
      kind: "failed",
      message: `${label}: the token's issuer ${iss === undefined ? "is absent" : JSON.stringify(iss)}; the credential trusts ${JSON.stringify(c.issuer)} exactly.`,
      claim: "iss",
      ...(iss !== undefined ? { actual: iss } : {}),
      expected: [c.issuer],
    });
    reasons.push(...nearMissHints("iss", iss, [c.issuer]));
    return reasons;
  }
  const auds =
    typeof claims["aud"] === "string"
      ? [claims["aud"]]
      : Array.isArray(claims["aud"])
        ? claims["aud"].filter((a): a is string => typeof a === "string")
        : [];
  if (!auds.some((a) => c.audiences.includes(a))) {
    reasons.push({
      kind: "failed",
      message: `${label}: the token's audience ${JSON.stringify(claims["aud"] ?? null)} is not ${c.audiences.map((a) => JSON.stringify(a)).join(" or ")}.`,
      claim: "aud",
      ...(auds.length > 0 ? { actual: auds.length === 1 ? (auds[0] as string) : auds } : {}),
      expected: [...c.audiences],
    });
    reasons.push(...nearMissHints("aud", auds[0], c.audiences));
  }
  const sub = typeof claims["sub"] === "string" ? claims["sub"] : undefined;
  if (c.subject !== undefined) {
    if (sub !== c.subject) {
      reasons.push({
        kind: "failed",
        message: `${label}: the token's subject ${sub === undefined ? "is absent" : JSON.stringify(sub)}; the credential expects ${JSON.stringify(c.subject)} exactly.`,
        claim: "sub",
        ...(sub !== undefined ? { actual: sub } : {}),
        expected: [c.subject],
      });
      reasons.push(...nearMissHints("sub", sub, [c.subject.replace(/[*?]/g, "")]));
    }
    return reasons;
  }
  const text = expressionText(c);
  if (text === undefined) {
    reasons.push({
      kind: "failed",
      message: `${label} has neither a subject nor a claims-matching expression; Azure refuses such a credential.`,
    });
    return reasons;
  }
  const parsed = parseClaimsExpression(text, c.issuer);
  if (parsed.kind === "unsupported") {
    reasons.push({ kind: "unsupported", message: `${label}: ${parsed.message}` });
    return reasons;
  }
  for (const t of parsed.terms) {
    if (termHolds(t, claims)) continue;
    const actual = claims[t.claim];
    reasons.push({
      kind: "failed",
      message: `${label}: claims['${t.claim}'] is ${typeof actual === "string" ? JSON.stringify(actual) : "absent"}, but the expression requires it to ${t.operator === "eq" ? "equal" : "match"} ${JSON.stringify(t.value)}.`,
      claim: t.claim,
      ...(typeof actual === "string" ? { actual } : {}),
      expected: [t.value],
    });
    if (typeof actual === "string") {
      reasons.push(
        ...nearMissHints(t.claim, actual, [
          t.operator === "eq" ? t.value.replace(/[*?]/g, "") : t.value,
        ]),
      );
    }
  }
  return reasons;
}

function expressionText(c: AzureCredential): string | undefined {
  const e = c.claimsMatchingExpression;
  return typeof e === "string" ? e : e?.value;
}
