/**
 * The AWS renderer: trusted subjects → an IAM role trust policy, exactly as wide as declared.
 * Pure: no Pulumi, no SDK, no I/O.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @module
 */
import { type Problem, throwIfProblems } from "../errors";
import { type ClaimPattern, isLiteral, patternText, type TrustSubject } from "../trust";
import { awsCanCheckClaim, awsCheckableClaims, awsConditionKey } from "./condition-keys";
import {
  AWS_TRUST_POLICY_MAX_CHARACTERS,
  checkPolicySize,
  countPolicyCharacters,
} from "./policy-size";
import { parseOidcProviderArn } from "./provider-arn";

/** The audience Keyless asks tokens for when AWS is the target: the STS convention. */
export const AWS_DEFAULT_AUDIENCE = "sts.amazonaws.com";

/** The string operators the renderer uses; never the `ForAllValues`/`ForAnyValue` set forms. */
export type AwsStringOperator =
  "StringEquals" | "StringLike" | "ForAnyValue:StringEquals" | "ForAnyValue:StringLike";

/** One statement of a rendered trust policy. */
export interface TrustPolicyStatement {
  readonly Effect: "Allow";
  readonly Principal: { readonly Federated: string };
  readonly Action: "sts:AssumeRoleWithWebIdentity";
  /** Operator → condition key → accepted value(s). Every key must hold; any listed value matches. */
  readonly Condition: Readonly<
    Partial<Record<AwsStringOperator, Readonly<Record<string, string | readonly string[]>>>>
  >;
}

/** A rendered IAM role trust policy. */
export interface TrustPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly TrustPolicyStatement[];
}

/** Options of {@link renderTrustPolicy}. */
export interface RenderTrustPolicyOptions {
  /**
   * The IAM OIDC provider ARN of every issuer the subjects name, keyed by issuer URL. The
   * partition and account come from these ARNs.
   */
  readonly providerArns: Readonly<Record<string, string>>;
  /** The audience the tokens carry. @default "sts.amazonaws.com" */
  readonly audience?: string;
  /**
   * The account's trust policy size limit, in characters without whitespace.
   * @default 2048
   */
  readonly maxPolicyCharacters?: number;
  /** The property path of the trust, for messages. @default "trust" */
  readonly path?: string;
}

/** A rendered trust policy with what a person should know about it. */
export interface RenderedTrustPolicy {
  /** The document, frozen. */
  readonly document: TrustPolicyDocument;
  /** The document as compact JSON: what IAM receives. */
  readonly json: string;
  /** Its size as IAM counts it (characters without whitespace). */
  readonly characters: number;
  /** Conditions left out because others imply them, each as a sentence. */
  readonly notes: readonly string[];
}

/**
 * Renders trusted subjects into an IAM role trust policy.
 *
 * One statement per issuer and set of further conditions; the `sub` values of subjects that share
 * both are OR'ed in one list. `aud` is always pinned with `StringEquals`; literal values use
 * `StringEquals`, declared patterns `StringLike` (a literal `*`, `?` or `$` inside it escaped as
 * `${*}`, `${?}`, `${$}`). A claim AWS cannot check for the issuer is refused, unless the trust
 * model marks it implied by other conditions, in which case it is left out with a note.
 *
 * @throws {@link TrustValidationError} with `ERR_TRUST_UNENFORCEABLE` listing every condition AWS
 *   cannot check, `ERR_TRUST_INVALID` for a missing or malformed provider ARN or audience, or
 *   `ERR_POLICY_TOO_LARGE` when the document exceeds the size limit.
 * @example
 * ```ts
 * const { subjects } = declareTrust({ github: { repository: "acme/web", branch: "main" } });
 * const { json } = renderTrustPolicy(subjects, {
 *   providerArns: {
 *     "https://token.actions.githubusercontent.com":
 *       "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
 *   },
 * });
 * ```
 */
export function renderTrustPolicy(
  subjects: readonly TrustSubject[],
  options: RenderTrustPolicyOptions,
): RenderedTrustPolicy {
  const path = options.path ?? "trust";
  const audience = options.audience ?? AWS_DEFAULT_AUDIENCE;
  const problems: Problem[] = [];
  const unenforceable: Problem[] = [];
  const notes: string[] = [];
  const groups = new Map<string, Group>();

  if (typeof audience !== "string" || audience.trim() === "" || audience !== audience.trim()) {
    problems.push({
      path: `${path}.audience`,
      value: audience,
      rule: "The audience is compared exactly with the token's `aud`; it is a non-empty string without surrounding whitespace.",
      fix: `Leave it out to use ${AWS_DEFAULT_AUDIENCE}, or write the audience your CI requests.`,
    });
  }
  for (const subject of subjects) {
    const providerArn = checkProviderArn(subject, options.providerArns, path, problems);
    const conditions: RenderedCondition[] = [];
    for (const condition of subject.conditions) {
      const hostPath = subject.issuer.hostPath;
      if (awsCanCheckClaim(hostPath, condition.claim)) {
        conditions.push(
          renderCondition(
            awsConditionKey(hostPath, condition.claim),
            condition.anyOf,
            condition.multiValued === true,
          ),
        );
      } else if (condition.impliedBy !== undefined) {
        notes.push(
          `${condition.path}: ${condition.claim} is left out of the AWS trust policy because AWS cannot check it for ${hostPath}; it is implied by ${condition.impliedBy}.`,
        );
      } else {
        unenforceable.push({
          path: condition.path,
          value: condition.anyOf.map(patternText),
          rule: `AWS STS exposes only ${awsCheckableClaims(hostPath).join(", ")} as condition keys for tokens from ${hostPath}, so an IAM trust policy cannot check the ${condition.claim} claim (${condition.reason}); leaving it out would admit tokens the declaration refuses.`,
          fix: `Drop this condition for the AWS role and narrow the trust through what AWS can check (the sub claim, e.g. an exact branch name), or grant this identity through a cloud that can check ${condition.claim}.`,
        });
      }
    }
    if (providerArn === undefined) continue;
    const literals = subject.sub.filter(isLiteral);
    const patterns = subject.sub.filter((p) => !isLiteral(p));
    for (const subs of [literals, patterns]) {
      if (subs.length === 0) continue;
      const sub = renderCondition(awsConditionKey(subject.issuer.hostPath, "sub"), subs);
      // A platform that fixes `aud` (CircleCI, Pulumi Cloud) decides what the statement expects.
      const subjectAudience = subject.audiences?.aws ?? audience;
      const key = JSON.stringify([providerArn, subjectAudience, sub.operator, conditions]);
      const group = groups.get(key);
      if (group) group.sub.push(...sub.values.filter((v) => !group.sub.includes(v)));
      else
        groups.set(key, {
          providerArn,
          audience: subjectAudience,
          hostPath: subject.issuer.hostPath,
          subKey: sub.key,
          subOperator: sub.operator,
          sub: [...new Set(sub.values)],
          conditions,
        });
    }
  }
  throwIfProblems(unenforceable, "ERR_TRUST_UNENFORCEABLE");
  throwIfProblems(problems);

  const document = deepFreeze<TrustPolicyDocument>({
    Version: "2012-10-17",
    Statement: [...groups.values()].map(renderStatement),
  });
  const json = JSON.stringify(document);
  const tooLarge = checkPolicySize(
    json,
    path,
    options.maxPolicyCharacters ?? AWS_TRUST_POLICY_MAX_CHARACTERS,
  );
  throwIfProblems(tooLarge ? [tooLarge] : [], "ERR_POLICY_TOO_LARGE");
  return Object.freeze({
    document,
    json,
    characters: countPolicyCharacters(json),
    notes: Object.freeze(notes),
  });
}

/**
 * Writes a claim value for a condition: as-is text for `StringEquals` (with `$` escaped, since
 * IAM expands `${…}` policy variables in every string operator), and for `StringLike` the declared
 * wildcards as `*`/`?` with literal `*`, `?`, `$` escaped.
 */
export function conditionValue(pattern: ClaimPattern, operator: AwsStringOperator): string {
  return pattern.parts
    .map((part) => {
      if (part.kind === "wildcard") return part.wildcard;
      const escaped = part.text.replace(/\$/g, "${$}");
      return operator === "StringLike" ? escaped.replace(/[*?]/g, (c) => `\${${c}}`) : escaped;
    })
    .join("");
}

interface RenderedCondition {
  readonly key: string;
  readonly operator: AwsStringOperator;
  readonly values: readonly string[];
}

interface Group {
  readonly providerArn: string;
  readonly audience: string;
  readonly hostPath: string;
  readonly subKey: string;
  readonly subOperator: AwsStringOperator;
  readonly sub: string[];
  readonly conditions: readonly RenderedCondition[];
}

function renderCondition(
  key: string,
  anyOf: readonly ClaimPattern[],
  multiValued = false,
): RenderedCondition {
  // StringLike only when a declared wildcard needs it: StringEquals cannot widen by accident.
  const base = anyOf.every(isLiteral) ? "StringEquals" : "StringLike";
  // ForAnyValue only for claims that are arrays (CircleCI's context-ids); on a missing key it is
  // false, so it never admits a token without the claim.
  const operator: AwsStringOperator = multiValued ? `ForAnyValue:${base}` : base;
  return { key, operator, values: anyOf.map((p) => conditionValue(p, base)) };
}

function renderStatement(group: Group): TrustPolicyStatement {
  const blocks: Record<AwsStringOperator, Record<string, string | string[]>> = {
    StringEquals: { [awsConditionKey(group.hostPath, "aud")]: group.audience },
    StringLike: {},
    "ForAnyValue:StringEquals": {},
    "ForAnyValue:StringLike": {},
  };
  const add = (c: RenderedCondition): void => {
    blocks[c.operator][c.key] = c.values.length === 1 ? (c.values[0] as string) : [...c.values];
  };
  add({ key: group.subKey, operator: group.subOperator, values: group.sub });
  group.conditions.forEach(add);
  const condition: Partial<Record<AwsStringOperator, Record<string, string | string[]>>> = {
    StringEquals: blocks.StringEquals,
  };
  for (const operator of [
    "StringLike",
    "ForAnyValue:StringEquals",
    "ForAnyValue:StringLike",
  ] as const) {
    if (Object.keys(blocks[operator]).length > 0) condition[operator] = blocks[operator];
  }
  return {
    Effect: "Allow",
    Principal: { Federated: group.providerArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: condition,
  };
}

function checkProviderArn(
  subject: TrustSubject,
  providerArns: Readonly<Record<string, string>>,
  path: string,
  problems: Problem[],
): string | undefined {
  const arn = providerArns[subject.issuer.url];
  const parts = typeof arn === "string" ? parseOidcProviderArn(arn) : undefined;
  if (arn === undefined || parts === undefined || parts.hostPath !== subject.issuer.hostPath) {
    if (!problems.some((p) => p.path === `${path}.providerArns["${subject.issuer.url}"]`)) {
      problems.push({
        path: `${path}.providerArns["${subject.issuer.url}"]`,
        value: arn,
        rule: `Every issuer needs the ARN of its IAM OIDC provider, arn:PARTITION:iam::ACCOUNT:oidc-provider/${subject.issuer.hostPath}.`,
        fix: "Pass the ARN of the OIDC provider created or adopted for this issuer.",
      });
    }
    return undefined;
  }
  return arn;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
