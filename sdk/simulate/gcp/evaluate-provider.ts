/**
 * A token against a workload identity pool provider: issuer, audience, attribute mapping (with the
 * 127-byte `google.subject` limit) and attribute condition, in the order Google applies them.
 *
 * @see https://cloud.google.com/iam/docs/workload-identity-federation
 * @module
 */
import type { Claims } from "../claims";
import { nearMissHints } from "../hints";
import { allow, deny, type Reason, type Verdict } from "../verdict";
import { compileCel } from "./cel";
import { defaultAudiences, type GcpProvider } from "./provider";

/** The federated identity a token maps to. */
export interface MappedIdentity {
  readonly subject: string;
  readonly groups: readonly string[];
  /** Custom attributes by name (without `attribute.`). */
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
}

/** The verdict of one provider, and the identity when the token got through. */
export interface ProviderResult {
  readonly verdict: Verdict;
  readonly identity?: MappedIdentity;
}

/** `google.subject` may be at most this many bytes (UTF-8) after mapping. */
export const GOOGLE_SUBJECT_MAX_BYTES = 127;

/**
 * Runs a token through a provider.
 *
 * @example
 * ```ts
 * const { verdict, identity } = evaluateGcpProvider(readGcpProvider(doc), claims);
 * ```
 */
export function evaluateGcpProvider(provider: GcpProvider, claims: Claims): ProviderResult {
  const iss = typeof claims["iss"] === "string" ? claims["iss"] : undefined;
  if (provider.disabled) {
    return {
      verdict: deny([{ kind: "failed", message: `The provider ${provider.name} is disabled.` }]),
    };
  }
  if (iss !== provider.issuerUri) {
    return {
      verdict: deny([
        {
          kind: "failed",
          message: `The token's issuer ${iss === undefined ? "is absent" : JSON.stringify(iss)} is not the provider's issuer ${JSON.stringify(provider.issuerUri)}.`,
          claim: "iss",
          ...(iss !== undefined ? { actual: iss } : {}),
          expected: [provider.issuerUri],
        },
        ...nearMissHints("iss", iss, [provider.issuerUri]),
      ]),
    };
  }

  const accepted =
    provider.allowedAudiences.length > 0 ? provider.allowedAudiences : defaultAudiences(provider);
  const audiences =
    typeof claims["aud"] === "string"
      ? [claims["aud"]]
      : Array.isArray(claims["aud"])
        ? claims["aud"].filter((a): a is string => typeof a === "string")
        : [];
  if (!audiences.some((a) => accepted.includes(a))) {
    const why =
      provider.allowedAudiences.length > 0
        ? "the provider's allowed audiences"
        : "the provider's resource name (its allowed audiences are empty), in either form";
    return {
      verdict: deny([
        {
          kind: "failed",
          message: `The token's audience ${JSON.stringify(claims["aud"] ?? null)} is not ${provider.allowedAudiences.length > 0 ? "one of " : ""}${why}: ${accepted.map((a) => JSON.stringify(a)).join(", ")}.`,
          claim: "aud",
          ...(audiences.length > 0
            ? { actual: audiences.length === 1 ? (audiences[0] as string) : audiences }
            : {}),
          expected: accepted,
        },
        ...nearMissHints("aud", audiences[0], accepted),
      ]),
    };
  }

  const mapped = mapAttributes(provider, claims);
  if ("reasons" in mapped) return { verdict: deny(mapped.reasons) };
  const identity = mapped.identity;
  const reasons: Reason[] = [
    {
      kind: "matched",
      message: `Issuer ${JSON.stringify(iss)} and audience match provider ${provider.name}.`,
    },
    {
      kind: "matched",
      message: `The token maps to google.subject ${JSON.stringify(identity.subject)}.`,
      claim: "google.subject",
      actual: identity.subject,
    },
  ];

  if (provider.attributeCondition.trim() !== "") {
    let result: unknown;
    try {
      result = compileCel(provider.attributeCondition).evaluate({
        assertion: claims,
        attribute: identity.attributes,
        google: { subject: identity.subject, groups: identity.groups },
      });
    } catch (err) {
      return {
        verdict: deny([
          {
            kind: "failed",
            message: `The attribute condition ${JSON.stringify(provider.attributeCondition)} fails to evaluate on this token (${firstLine(err)}); Google rejects the token. A claim it reads is probably missing.`,
            path: "attributeCondition",
          },
        ]),
      };
    }
    if (result !== true) {
      return {
        verdict: deny([
          {
            kind: "failed",
            message: `The attribute condition ${JSON.stringify(provider.attributeCondition)} is ${JSON.stringify(result)} for this token; it must be true.`,
            path: "attributeCondition",
          },
          ...conditionHints(provider.attributeCondition, claims),
        ]),
      };
    }
    reasons.push({
      kind: "matched",
      message: `The attribute condition ${JSON.stringify(provider.attributeCondition)} holds.`,
      path: "attributeCondition",
    });
  }
  return { verdict: allow(reasons), identity };
}

function mapAttributes(
  provider: GcpProvider,
  claims: Claims,
): { identity: MappedIdentity } | { reasons: Reason[] } {
  let subject: string | undefined;
  let groups: readonly string[] = [];
  const attributes: Record<string, string | readonly string[]> = {};
  for (const [target, expression] of Object.entries(provider.attributeMapping)) {
    let value: unknown;
    try {
      value = compileCel(expression).evaluate({ assertion: claims });
    } catch (err) {
      // Treated as a rejection, the conservative answer: Google documents no fallback value for a
      // mapping it cannot evaluate. The usual cause is a claim the token does not carry (a branch
      // job has no `environment`).
      return {
        reasons: [
          {
            kind: "failed",
            message: `The attribute mapping ${target} = ${JSON.stringify(expression)} fails to evaluate on this token (${firstLine(err)}).`,
            path: `attributeMapping.${target}`,
          },
        ],
      };
    }
    if (target === "google.subject") subject = typeof value === "string" ? value : undefined;
    else if (target === "google.groups") groups = Array.isArray(value) ? value.map(String) : [];
    else if (target.startsWith("attribute.")) {
      attributes[target.slice("attribute.".length)] = Array.isArray(value)
        ? value.map(String)
        : String(value);
    }
  }
  if (subject === undefined || subject === "") {
    return {
      reasons: [
        {
          kind: "failed",
          message:
            provider.attributeMapping["google.subject"] === undefined
              ? "The attribute mapping has no google.subject; Google requires one."
              : `google.subject = ${JSON.stringify(provider.attributeMapping["google.subject"])} does not give a non-empty string for this token.`,
          path: "attributeMapping.google.subject",
        },
      ],
    };
  }
  const bytes = Buffer.byteLength(subject, "utf8");
  if (bytes > GOOGLE_SUBJECT_MAX_BYTES) {
    return {
      reasons: [
        {
          kind: "failed",
          message: `google.subject is ${bytes} bytes, over Google's limit of ${GOOGLE_SUBJECT_MAX_BYTES}: the token is rejected. Map a shorter claim (or an ID) to google.subject.`,
          claim: "google.subject",
          actual: subject,
          path: "attributeMapping.google.subject",
        },
      ],
    };
  }
  return {
    identity: Object.freeze({
      subject,
      groups: Object.freeze([...groups]),
      attributes: Object.freeze(attributes),
    }),
  };
}

/** Hints for a false condition: each `assertion.CLAIM == 'VALUE'` comparison that misses. */
function conditionHints(condition: string, claims: Claims): Reason[] {
  const hints: Reason[] = [];
  const comparison = /assertion\.([A-Za-z0-9_]+)\s*==\s*(['"])([^'"]*)\2/g;
  for (const m of condition.matchAll(comparison)) {
    const claim = m[1] as string;
    const expected = m[3] as string;
    const actual = claims[claim];
    if (actual === expected) continue;
    hints.push({
      kind: "failed",
      message: `assertion.${claim} is ${actual === undefined ? "absent" : JSON.stringify(actual)}; the condition compares it with ${JSON.stringify(expected)}.`,
      claim,
      ...(typeof actual === "string" ? { actual } : {}),
      expected: [expected],
    });
    if (typeof actual === "string") hints.push(...nearMissHints(claim, actual, [expected]));
  }
  return hints;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] as string;
}
