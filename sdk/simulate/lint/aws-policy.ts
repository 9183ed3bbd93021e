/**
 * An AWS trust policy read into the parts the lint rules look at: each Allow or Deny statement's
 * federated principals, actions and conditions, with the JSON path of every piece.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @module
 */
import { isObject, type JsonObject } from "./document";
import { classifyIssuer, type LintIssuer } from "./issuers";
import { childPath } from "./json-path";

/** One condition key under one operator, with its values. */
export interface AwsCondition {
  /** The operator as written, e.g. `ForAllValues:StringLikeIfExists`. */
  readonly operator: string;
  /** The operator without qualifier and `IfExists`, e.g. `StringLike`. */
  readonly baseOperator: string;
  readonly qualifier?: "ForAnyValue" | "ForAllValues";
  readonly ifExists: boolean;
  /** Whether the operator is negated (`StringNotEquals`, `StringNotLike`, …). */
  readonly negated: boolean;
  /** The key as written. */
  readonly key: string;
  readonly values: readonly string[];
  readonly path: string;
}

/** One statement of a trust policy. */
export interface AwsStatement {
  readonly effect: "Allow" | "Deny";
  readonly path: string;
  /** The OIDC issuers named by `Principal.Federated` (SAML providers left out). */
  readonly issuers: readonly LintIssuer[];
  /** The principal is everyone: `"*"`, or `"*"` under `AWS` or `Federated`. */
  readonly anyone: boolean;
  readonly actions: readonly string[];
  readonly actionPath: string;
  readonly conditions: readonly AwsCondition[];
}

/** Reads the statements of a trust policy; statements that are not objects are skipped. */
export function readAwsStatements(policy: JsonObject, base: string): AwsStatement[] {
  const raw = policy["Statement"];
  const list = Array.isArray(raw) ? raw : [raw];
  const statements: AwsStatement[] = [];
  list.forEach((statement, i) => {
    if (!isObject(statement)) return;
    const path = Array.isArray(raw) ? `${base}.Statement[${i}]` : `${base}.Statement`;
    const effect = statement["Effect"] === "Deny" ? "Deny" : "Allow";
    statements.push({
      effect,
      path,
      issuers: federatedIssuers(statement["Principal"]),
      anyone: isAnyone(statement["Principal"]),
      actions: strings(statement["Action"]),
      actionPath: `${path}.Action`,
      conditions: readConditions(statement["Condition"], `${path}.Condition`),
    });
  });
  return statements;
}

function federatedIssuers(principal: unknown): LintIssuer[] {
  if (!isObject(principal)) return [];
  return strings(principal["Federated"])
    .filter((arn) => !arn.includes(":saml-provider/"))
    .map((arn) => classifyIssuer(arn.replace(/^arn:aws[a-z-]*:iam::\d*:oidc-provider\//, "")));
}

function readConditions(block: unknown, base: string): AwsCondition[] {
  if (!isObject(block)) return [];
  const conditions: AwsCondition[] = [];
  for (const [operator, keys] of Object.entries(block)) {
    if (!isObject(keys)) continue;
    const [qualifierText, opText] = operator.includes(":")
      ? (operator.split(":", 2) as [string, string])
      : [undefined, operator];
    const qualifier =
      qualifierText === "ForAnyValue" || qualifierText === "ForAllValues"
        ? qualifierText
        : undefined;
    const ifExists = opText.endsWith("IfExists");
    const baseOperator = ifExists ? opText.slice(0, -"IfExists".length) : opText;
    for (const [key, value] of Object.entries(keys)) {
      conditions.push({
        operator,
        baseOperator,
        ...(qualifier === undefined ? {} : { qualifier }),
        ifExists,
        negated: /Not/.test(baseOperator),
        key,
        values: strings(value),
        path: childPath(childPath(base, operator), key),
      });
    }
  }
  return conditions;
}

/** A string or list of strings as a list; other values become their JSON text. */
function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
}

/**
 * The claim a condition key names for an issuer (`token.actions.githubusercontent.com:sub` →
 * `sub`), or undefined when the key belongs to another namespace (`aws:`, `sts:`). Keys compare
 * case-insensitively, as STS does.
 */
export function claimOfKey(key: string, issuer: LintIssuer): string | undefined {
  const prefix = `${issuer.hostPath.toLowerCase()}:`;
  const lower = key.toLowerCase();
  return lower.startsWith(prefix) ? lower.slice(prefix.length) : undefined;
}

function isAnyone(principal: unknown): boolean {
  if (principal === "*") return true;
  if (!isObject(principal)) return false;
  return ["AWS", "Federated"].some((k) => strings(principal[k]).includes("*"));
}
