/**
 * Reads an IAM trust policy once into closures that evaluate a web-identity request quickly:
 * statements, principals, actions and conditions are checked for shape here, so evaluation does
 * no parsing.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * @module
 */
import { KeylessError } from "../../errors";
import {
  type CompiledCondition,
  compileCondition,
  parseOperator,
  type UnsupportedCondition,
} from "./conditions";
import { compileValue, likeMatches } from "./policy-value";

/** The action a web-identity trust must allow. */
export const ASSUME_ROLE_WITH_WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";

/** One statement of a trust policy, compiled. */
export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  /** `Statement[i]`, for reasons. */
  readonly path: string;
  /** The principals as written, for reasons: `Federated: arn…`, `*`, `NotPrincipal Federated: …`. */
  readonly principalText: string;
  readonly principalMatches: (principal: string) => boolean;
  /** The actions as written, for reasons. */
  readonly actionText: string;
  readonly actionMatches: (action: string) => boolean;
  /** Whether the statement applies to `sts:AssumeRoleWithWebIdentity`, decided once. */
  readonly appliesToWebIdentity: boolean;
  readonly conditions: readonly CompiledCondition[];
  readonly unsupported: readonly UnsupportedCondition[];
}

/** A trust policy, compiled once and evaluated many times. */
export interface CompiledTrustPolicy {
  readonly kind: "aws-trust-policy";
  readonly statements: readonly CompiledStatement[];
  /** The document as given (parsed when it was a string). */
  readonly document: unknown;
}

/**
 * Compiles an IAM trust policy (an object, or its JSON text).
 *
 * @param document - the policy: `{ Version, Statement }`.
 * @param path - where the policy comes from, for messages. @default "trustPolicy"
 * @throws KeylessError `ERR_INPUT_UNUSABLE` naming the JSON path, the value and the rule, when the
 *   document is not a policy IAM would accept.
 * @example
 * ```ts
 * const policy = compileTrustPolicy(role.AssumeRolePolicyDocument);
 * ```
 */
export function compileTrustPolicy(document: unknown, path = "trustPolicy"): CompiledTrustPolicy {
  let doc = document;
  if (typeof doc === "string") {
    try {
      doc = JSON.parse(doc) as unknown;
    } catch (err) {
      throw unusable(
        path,
        "(text)",
        "A trust policy is a JSON document.",
        "Pass the policy JSON.",
        err,
      );
    }
  }
  if (!isObject(doc)) {
    throw unusable(
      path,
      doc,
      "A trust policy is a JSON object with Statement.",
      'Pass { "Version": "2012-10-17", "Statement": [...] }.',
    );
  }
  const version = doc["Version"];
  if (version !== undefined && version !== "2012-10-17" && version !== "2008-10-17") {
    throw unusable(
      `${path}.Version`,
      version,
      'IAM knows the policy versions "2012-10-17" and "2008-10-17".',
      'Use "2012-10-17".',
    );
  }
  // Policy variables and the ${*} escapes exist only in version 2012-10-17.
  const variables = version === "2012-10-17";
  const raw = doc["Statement"];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length === 0) {
    throw unusable(
      `${path}.Statement`,
      raw,
      "A trust policy has at least one statement.",
      "Add a statement.",
    );
  }
  const statements = list.map((s, i) =>
    compileStatement(s, i, `${path}.Statement${Array.isArray(raw) ? `[${i}]` : ""}`, variables),
  );
  return Object.freeze({
    kind: "aws-trust-policy",
    statements: Object.freeze(statements),
    document: doc,
  });
}

function compileStatement(
  statement: unknown,
  index: number,
  path: string,
  variables: boolean,
): CompiledStatement {
  if (!isObject(statement)) {
    throw unusable(
      path,
      statement,
      "A statement is a JSON object.",
      "Write { Effect, Principal, Action }.",
    );
  }
  const effect = statement["Effect"];
  if (effect !== "Allow" && effect !== "Deny") {
    throw unusable(
      `${path}.Effect`,
      effect,
      'Effect is "Allow" or "Deny", spelled exactly.',
      'Write "Allow" or "Deny".',
    );
  }
  const principal = compilePrincipal(statement, path);
  const action = compileAction(statement, path);
  const { conditions, unsupported } = compileConditions(
    statement["Condition"],
    `${path}.Condition`,
    variables,
  );
  const sid = statement["Sid"];
  return Object.freeze({
    index,
    ...(typeof sid === "string" ? { sid } : {}),
    effect,
    path,
    principalText: principal.text,
    principalMatches: principal.matches,
    actionText: action.text,
    actionMatches: action.matches,
    appliesToWebIdentity: action.matches(ASSUME_ROLE_WITH_WEB_IDENTITY),
    conditions: Object.freeze(conditions),
    unsupported: Object.freeze(unsupported),
  });
}

function compilePrincipal(
  statement: Record<string, unknown>,
  path: string,
): { text: string; matches: (principal: string) => boolean } {
  const positive = statement["Principal"];
  const negative = statement["NotPrincipal"];
  if ((positive === undefined) === (negative === undefined)) {
    throw unusable(
      path,
      statement,
      "A trust policy statement names exactly one of Principal or NotPrincipal.",
      'Add "Principal": { "Federated": "arn:aws:iam::ACCOUNT:oidc-provider/ISSUER" }.',
    );
  }
  const given = positive ?? negative;
  const where = `${path}.${positive !== undefined ? "Principal" : "NotPrincipal"}`;
  const { text, matches } = readPrincipal(given, where);
  if (positive !== undefined) return { text, matches };
  return { text: `any principal except ${text}`, matches: (p) => !matches(p) };
}

function readPrincipal(
  given: unknown,
  path: string,
): { text: string; matches: (principal: string) => boolean } {
  if (given === "*") return { text: "*", matches: () => true };
  if (!isObject(given)) {
    throw unusable(
      path,
      given,
      'A principal is "*" or an object such as { "Federated": ARN }.',
      "Name the OIDC provider under Federated.",
    );
  }
  const federated = new Set<string>();
  let everyone = false;
  const texts: string[] = [];
  for (const [type, value] of Object.entries(given)) {
    const list = Array.isArray(value) ? value : [value];
    if (list.some((v) => typeof v !== "string")) {
      throw unusable(
        `${path}.${type}`,
        value,
        "Principal values are strings.",
        "Write the ARN as a string.",
      );
    }
    texts.push(`${type}: ${list.join(", ")}`);
    // { "AWS": "*" } means everyone, like "*"; other AWS, Service or CanonicalUser principals never
    // present a web identity token.
    if (type === "AWS" && list.includes("*")) everyone = true;
    if (type === "Federated") list.forEach((v) => federated.add(v as string));
  }
  return {
    text: texts.join("; "),
    matches: everyone ? () => true : (p) => federated.has(p),
  };
}

function compileAction(
  statement: Record<string, unknown>,
  path: string,
): { text: string; matches: (action: string) => boolean } {
  const positive = statement["Action"];
  const negative = statement["NotAction"];
  if ((positive === undefined) === (negative === undefined)) {
    throw unusable(
      path,
      statement,
      "A statement names exactly one of Action or NotAction.",
      `Add "Action": "${ASSUME_ROLE_WITH_WEB_IDENTITY}".`,
    );
  }
  const given = positive ?? negative;
  const list = Array.isArray(given) ? given : [given];
  if (list.length === 0 || list.some((a) => typeof a !== "string")) {
    throw unusable(
      `${path}.${positive !== undefined ? "Action" : "NotAction"}`,
      given,
      "Actions are strings such as sts:AssumeRoleWithWebIdentity.",
      "Write the action as a string.",
    );
  }
  // Action names compare case-insensitively; `*` and `?` are wildcards.
  const patterns = (list as string[]).map((a) =>
    compileValue(a.toLowerCase(), false).resolve(() => undefined)!,
  );
  const any = (action: string): boolean => {
    const lower = action.toLowerCase();
    return patterns.some((p) => likeMatches(p, lower));
  };
  const text = (list as string[]).join(", ");
  return positive !== undefined
    ? { text, matches: any }
    : { text: `any action except ${text}`, matches: (a) => !any(a) };
}

function compileConditions(
  block: unknown,
  path: string,
  variables: boolean,
): { conditions: CompiledCondition[]; unsupported: UnsupportedCondition[] } {
  const conditions: CompiledCondition[] = [];
  const unsupported: UnsupportedCondition[] = [];
  if (block === undefined) return { conditions, unsupported };
  if (!isObject(block)) {
    throw unusable(
      path,
      block,
      "Condition is an object: operator → { key: value or values }.",
      'Write e.g. { "StringEquals": { "ISSUER:aud": "sts.amazonaws.com" } }.',
    );
  }
  for (const [operator, keys] of Object.entries(block)) {
    const where = `${path}.${operator}`;
    if (!isObject(keys)) {
      throw unusable(
        where,
        keys,
        "Each operator maps condition keys to a value or a list of values.",
        "Write { KEY: VALUE }.",
      );
    }
    const parts = parseOperator(operator);
    if (parts === "unknown") {
      throw unusable(
        where,
        operator,
        "IAM has no such condition operator (operators are case-sensitive).",
        "Use e.g. StringEquals, StringLike, ForAnyValue:StringLike, Null or Bool.",
      );
    }
    for (const [key, raw] of Object.entries(keys)) {
      if (parts === "unsupported") {
        unsupported.push({
          operator,
          key,
          path: where,
          why: `${operator} is not evaluated by Keyless; web identity keys are strings`,
        });
        continue;
      }
      const list = Array.isArray(raw) ? raw : [raw];
      if (
        list.length === 0 ||
        list.some((v) => typeof v !== "string" && typeof v !== "boolean" && typeof v !== "number")
      ) {
        throw unusable(
          `${where}.${key}`,
          raw,
          "A condition value is a string or a list of strings.",
          "Write the accepted values as strings.",
        );
      }
      const values = list.map((v) => compileValue(String(v), variables));
      conditions.push(compileCondition(operator, parts, key, values, where));
    }
  }
  return { conditions, unsupported };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unusable(
  path: string,
  value: unknown,
  rule: string,
  fix: string,
  cause?: unknown,
): KeylessError {
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  return new KeylessError(
    "ERR_INPUT_UNUSABLE",
    `${path}: ${shown} — ${rule} Fix: ${fix}`,
    cause === undefined ? undefined : { cause },
  );
}
