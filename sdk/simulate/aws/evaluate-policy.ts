/**
 * Evaluates a compiled trust policy for `sts:AssumeRoleWithWebIdentity`: an explicit Deny wins,
 * then any Allow, otherwise the request is implicitly denied. The fast path answers yes or no;
 * the explained path says which statement decided and which condition failed, with near misses.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * @module
 */
import { nearMissHints } from "../hints";
import { allow, deny, describeValue, type Reason, type Verdict } from "../verdict";
import { type CompiledStatement, type CompiledTrustPolicy } from "./compile-policy";
import type { CompiledCondition, RequestContext } from "./conditions";
import { isExposedKey } from "./exposed-keys";
import { type Claims } from "./request-context";

/** What STS evaluates: the OIDC provider the token was presented to and the condition keys. */
export interface WebIdentityRequest {
  /** `arn:aws:iam::ACCOUNT:oidc-provider/ISSUER_HOST_PATH`. */
  readonly providerArn: string;
  /** The condition keys, lower-cased (see `webIdentityContext`). */
  readonly context: RequestContext;
  /** @default "sts:AssumeRoleWithWebIdentity" */
  readonly action?: string;
}

type Match = "match" | "no-match" | "undecidable";

function statementMatches(statement: CompiledStatement, request: WebIdentityRequest): Match {
  const applies =
    request.action === undefined
      ? statement.appliesToWebIdentity
      : statement.actionMatches(request.action);
  if (!applies || !statement.principalMatches(request.providerArn)) return "no-match";
  const conditions = statement.conditions;
  for (let i = 0; i < conditions.length; i++) {
    if (!(conditions[i] as CompiledCondition).test(request.context)) return "no-match";
  }
  return statement.unsupported.length > 0 ? "undecidable" : "match";
}

/**
 * Whether the policy lets the request in. The fast path for bulk evaluation: no reasons.
 *
 * A statement with an operator Keyless does not evaluate counts as matching when it denies and as
 * not matching when it allows, so an undecidable policy is never reported as allowing.
 */
export function isTrustAllowed(policy: CompiledTrustPolicy, request: WebIdentityRequest): boolean {
  let allowed = false;
  const statements = policy.statements;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i] as CompiledStatement;
    const match = statementMatches(statement, request);
    if (statement.effect === "Deny" && match !== "no-match") return false;
    if (statement.effect === "Allow" && match === "match") allowed = true;
  }
  return allowed;
}

/**
 * Evaluates the policy and explains the answer.
 *
 * @param claims - the token's claims, when known: used for hints about claims STS does not expose.
 * @example
 * ```ts
 * const verdict = evaluateTrustPolicy(compileTrustPolicy(doc), {
 *   providerArn: oidcProviderArn("123456789012", claims.iss),
 *   context: webIdentityContext(claims),
 * });
 * ```
 */
export function evaluateTrustPolicy(
  policy: CompiledTrustPolicy,
  request: WebIdentityRequest,
  claims?: Claims,
): Verdict {
  const action = request.action ?? "sts:AssumeRoleWithWebIdentity";
  const matches = policy.statements.map((s) => ({ s, match: statementMatches(s, request) }));

  const denying = matches.filter((m) => m.s.effect === "Deny" && m.match !== "no-match");
  if (denying.length > 0) {
    return deny(
      denying.flatMap(({ s, match }) => [
        {
          kind: "failed" as const,
          message: `${label(s)} denies ${action} explicitly${match === "undecidable" ? " (it has conditions Keyless cannot evaluate, so it is assumed to apply)" : ""}; an explicit Deny overrides every Allow.`,
          path: s.path,
        },
        ...s.conditions.map((c) => matchedReason(c, request.context)),
        ...s.unsupported.map(unsupportedReason),
      ]),
    );
  }
  const allowing = matches.find((m) => m.s.effect === "Allow" && m.match === "match");
  if (allowing) {
    const s = allowing.s;
    return allow([
      {
        kind: "matched",
        message: `${label(s)} allows ${action} for ${s.principalText}.`,
        path: s.path,
      },
      ...s.conditions.map((c) => matchedReason(c, request.context)),
    ]);
  }

  const allows = policy.statements.filter((s) => s.effect === "Allow");
  const reasons: Reason[] = [];
  if (allows.length === 0) {
    reasons.push({
      kind: "failed",
      message: "The policy has no Allow statement, so nothing is allowed.",
    });
  }
  for (const s of allows) reasons.push(...whyNot(s, request, action, claims));
  return deny(reasons);
}

function whyNot(
  s: CompiledStatement,
  request: WebIdentityRequest,
  action: string,
  claims: Claims | undefined,
): Reason[] {
  if (!s.actionMatches(action)) {
    return [
      {
        kind: "failed",
        message: `${label(s)} allows ${s.actionText}, not ${action}.`,
        path: `${s.path}.Action`,
      },
    ];
  }
  if (!s.principalMatches(request.providerArn)) {
    return [
      {
        kind: "failed",
        message: `${label(s)} trusts ${s.principalText}, but the token is presented to ${request.providerArn}: the token's iss names another OIDC provider.`,
        path: `${s.path}.Principal`,
        actual: request.providerArn,
      },
    ];
  }
  const reasons: Reason[] = [];
  for (const c of s.conditions) {
    if (c.test(request.context)) continue;
    reasons.push(failedReason(s, c, request.context));
    reasons.push(...conditionHints(c, request.context, claims));
  }
  reasons.push(...s.unsupported.map(unsupportedReason));
  return reasons;
}

function label(s: CompiledStatement): string {
  return s.sid ? `Statement ${JSON.stringify(s.sid)} (${s.path})` : s.path;
}

function matchedReason(c: CompiledCondition, context: RequestContext): Reason {
  const actual = context.get(c.lowerKey);
  return {
    kind: "matched",
    message: `${c.key} ${shownValue(actual)} satisfies ${c.operator} ${describeValue(c.values.map((v) => v.source))}.`,
    claim: c.key,
    ...(actual ? { actual: single(actual) } : {}),
    expected: c.values.map((v) => v.source),
    path: `${c.path}.${c.key}`,
  };
}

function failedReason(s: CompiledStatement, c: CompiledCondition, context: RequestContext): Reason {
  const actual = context.get(c.lowerKey);
  const expected = c.values.map((v) => v.source);
  const shown = describeValue(expected);
  let message: string;
  if (c.base === "Null") {
    message = `${label(s)} requires ${c.key} to be ${expected.includes("true") ? "absent" : "present"} (Null ${shown}); it is ${actual ? "present" : "absent"}.`;
  } else if (actual === undefined) {
    message = `${label(s)} requires ${c.key} (${c.operator} ${shown}), but the request has no such key.`;
  } else {
    const verb = c.negated ? "must not match" : "must match";
    const scope =
      c.qualifier === "ForAllValues"
        ? "every value "
        : c.qualifier === "ForAnyValue"
          ? "some value "
          : "";
    message = `${label(s)}: ${c.key} is ${shownValue(actual)}, but ${scope}${verb} ${c.operator} ${shown}.`;
  }
  return {
    kind: "failed",
    message,
    claim: c.key,
    ...(actual ? { actual: single(actual) } : {}),
    expected,
    path: `${c.path}.${c.key}`,
  };
}

function conditionHints(
  c: CompiledCondition,
  context: RequestContext,
  claims: Claims | undefined,
): Reason[] {
  const separator = c.key.indexOf(":");
  const prefix = c.key.slice(0, separator).toLowerCase();
  const claim = c.key.slice(separator + 1);
  const actual = context.get(c.lowerKey);
  const hints: Reason[] = [];
  if (
    actual === undefined &&
    claims &&
    separator > 0 &&
    claims[claim] !== undefined &&
    !isExposedKey(prefix, claim)
  ) {
    hints.push({
      kind: "hint",
      message: `The token carries ${claim}, but STS does not expose it as a condition key for ${prefix}, so ${c.key} is always absent. Condition on sub (or a claim STS exposes for this issuer) instead.`,
      claim: c.key,
    });
  }
  if (actual !== undefined && !c.negated && actual.length === 1 && c.base !== "Bool") {
    const patterns = c.values.map((v) => v.source);
    hints.push(
      ...nearMissHints(
        claim,
        actual[0],
        c.base === "StringLike" ? patterns : patterns.map(escapeGlob),
      ),
    );
  }
  return hints;
}

function unsupportedReason(u: {
  operator: string;
  key: string;
  path: string;
  why: string;
}): Reason {
  return {
    kind: "unsupported",
    message: `${u.path}.${u.key}: ${u.why}; the statement is treated as not allowing and as denying.`,
    claim: u.key,
    path: `${u.path}.${u.key}`,
  };
}

function single(values: readonly string[]): string | readonly string[] {
  return values.length === 1 ? (values[0] as string) : values;
}

function shownValue(values: readonly string[] | undefined): string {
  return describeValue(values === undefined ? undefined : single(values));
}

function escapeGlob(text: string): string {
  // Values of non-wildcard operators are compared literally; hints read globs, so drop wildcards.
  return text.replace(/[*?]/g, "");
}
