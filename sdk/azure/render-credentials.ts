/**
 * Renders trusted subjects into Azure federated identity credentials. Pure: no Pulumi, no I/O.
 *
 * Azure matches a token against an identity's credentials by issuer, subject and audience, exactly
 * and case-sensitively; nothing else in the token is looked at. So every `sub` form becomes its
 * own credential, a pattern cannot be a subject, and a condition on any other claim cannot be
 * checked. Where Azure cannot enforce what was declared, the renderer refuses rather than widen
 * the trust — unless the declaration opts into flexible credentials (preview), which can test a
 * few claims with wildcards for GitHub, GitLab and Terraform Cloud tokens.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation
 * @module
 */
import { type Problem, throwIfProblems, type TrustWarning } from "../errors";
import { type ClaimPattern, isLiteral, literalText, patternText } from "../trust/claim-pattern";
import type { ClaimCondition, TrustSubject } from "../trust/subject";
import { credentialName } from "./credential-name";
import {
  type ClaimTest,
  comparandProblem,
  type FlexiblePlatform,
  flexiblePlatform,
  writeExpression,
} from "./flexible-expression";

/** The audience Microsoft Entra ID accepts in tokens it exchanges (`aud`). */
export const AZURE_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** The most federated identity credentials one identity (or app registration) may hold. */
export const AZURE_MAX_CREDENTIALS = 20;

/** From this many credentials on, the renderer warns that the identity is close to the limit. */
export const AZURE_CREDENTIALS_WARN_AT = 16;

/**
 * What holds the credentials: a user-assigned managed identity, or an app registration (with its
 * service principal), which flexible credentials need.
 */
export type AzureCredentialHolder = "managed-identity" | "app-registration";

interface CredentialBase {
  /** The credential's name: 3–120 letters, digits, `-`, `_`; unique within the identity. */
  readonly name: string;
  /** The issuer URL, exactly as tokens carry it in `iss`. */
  readonly issuer: string;
  /**
   * Accepted `aud` values: {@link AZURE_TOKEN_EXCHANGE_AUDIENCE}, unless the issuer fixes its own
   * audience (`TrustSubject.audiences.azure`).
   */
  readonly audiences: readonly string[];
  /** The subject it came from, as a person reads it. */
  readonly description: string;
  /** The declaration property it came from. */
  readonly path: string;
}

/** A credential that matches one subject exactly. */
export interface AzureExactCredential extends CredentialBase {
  readonly kind: "exact";
  /** The `sub` value, compared exactly and case-sensitively. */
  readonly subject: string;
}

/** A flexible credential (preview, app registrations): an expression over a few claims. */
export interface AzureFlexibleCredential extends CredentialBase {
  readonly kind: "flexible";
  /** The expression, language version 1. */
  readonly claimsMatchingExpression: string;
}

/** One federated identity credential as rendered. */
export type AzureFederatedCredential = AzureExactCredential | AzureFlexibleCredential;

/** How {@link renderAzureCredentials} renders. */
export interface RenderAzureCredentialsOptions {
  /**
   * Allow flexible credentials: patterns and conditions on supported claims are rendered as
   * `claimsMatchingExpression`, and the identity is held on an app registration (Azure offers
   * flexible credentials there; the managed-identity API that has them is not in the provider
   * Keyless uses). @default false: exact credentials on a managed identity, patterns refused
   */
  readonly flexibleMatching?: boolean;
  /**
   * Render only the `sub` forms that carry every condition (GitHub's immutable form when IDs are
   * declared) and leave out the forms Azure could accept by name only; tokens in those forms are
   * then refused. @default false: render every form, with a warning for each name-only one
   */
  readonly strictSubjects?: boolean;
  /** The property path of the trust, for messages. @default "trust" */
  readonly path?: string;
  /**
   * The property path of these options in the caller's declaration, for fixes; `""` when they sit
   * at the top level. @default "azure"
   */
  readonly optionsPath?: string;
}

/** The credentials for one identity, frozen, and the warnings to report. */
export interface RenderedAzureCredentials {
  readonly holder: AzureCredentialHolder;
  readonly credentials: readonly AzureFederatedCredential[];
  readonly warnings: readonly TrustWarning[];
}

/**
 * Renders trusted subjects into the federated identity credentials of one Azure identity.
 *
 * @param subjects - from `declareTrust(...).subjects`.
 * @throws {@link TrustValidationError} with code `ERR_TRUST_UNENFORCEABLE` listing every subject or
 *   condition Azure cannot enforce, and the credential count when it exceeds
 *   {@link AZURE_MAX_CREDENTIALS}.
 * @example
 * ```ts
 * const { subjects } = declareTrust({ github: { repository: "acme/api", environment: "production" } });
 * renderAzureCredentials(subjects).credentials[0];
 * // { kind: "exact", issuer: "https://token.actions.githubusercontent.com",
 * //   subject: "repo:acme/api:environment:production", audiences: ["api://AzureADTokenExchange"], … }
 * ```
 */
export function renderAzureCredentials(
  subjects: readonly TrustSubject[],
  options: RenderAzureCredentialsOptions = {},
): RenderedAzureCredentials {
  const context: RenderContext = {
    flexible: options.flexibleMatching === true,
    strict: options.strictSubjects === true,
    optionPrefix: options.optionsPath === "" ? "" : `${options.optionsPath ?? "azure"}.`,
    problems: [],
    warnings: [],
    credentials: new Map(),
  };

  for (const subject of subjects) renderSubject(subject, context);

  const credentials = [...context.credentials.values()];
  checkCount(credentials.length, options.path ?? "trust", context);
  throwIfProblems(context.problems, "ERR_TRUST_UNENFORCEABLE");
  return Object.freeze({
    holder: context.flexible ? "app-registration" : "managed-identity",
    credentials: Object.freeze(credentials.map(freezeCredential)),
    warnings: Object.freeze(dedupeWarnings(context.warnings)),
  });
}

interface RenderContext {
  readonly flexible: boolean;
  readonly strict: boolean;
  /** The options' property path with a trailing `.`, or nothing at the top level. */
  readonly optionPrefix: string;
  readonly problems: Problem[];
  readonly warnings: TrustWarning[];
  /** By name: identical declarations render one credential, not a duplicate Azure refuses. */
  readonly credentials: Map<string, AzureFederatedCredential>;
}

function renderSubject(subject: TrustSubject, context: RenderContext): void {
  const platform = flexiblePlatform(subject.issuer.url);
  let leftOut = 0;
  for (const form of subject.sub) {
    const unchecked = subject.conditions.filter((c) => !checkedBySub(c, form));
    const credential = context.flexible
      ? renderFlexible(subject, form, unchecked, platform, context)
      : renderExact(subject, form, unchecked, platform, context);
    if (credential === "left-out") leftOut++;
    else if (credential) context.credentials.set(credential.name, credential);
  }
  if (leftOut === subject.sub.length) {
    context.problems.push({
      path: subject.path,
      value: subject.sub.map(patternText),
      rule: "With strictSubjects, only `sub` forms that carry every condition become credentials, and none of this subject's forms does, so nobody could use it.",
      fix: `Declare the IDs the immutable form needs, or remove ${context.optionPrefix}strictSubjects.`,
    });
  }
}

/** Whether comparing `sub` exactly against `form` already checks the condition. */
function checkedBySub(condition: ClaimCondition, form: ClaimPattern): boolean {
  if (condition.impliedBy !== undefined) return true;
  const text = patternText(form);
  return (condition.carriedBySub ?? []).some((p) => patternText(p) === text);
}

function renderExact(
  subject: TrustSubject,
  form: ClaimPattern,
  unchecked: readonly ClaimCondition[],
  platform: FlexiblePlatform | undefined,
  context: RenderContext,
): AzureFederatedCredential | undefined | "left-out" {
  const text = patternText(form);
  let refused = false;
  if (!isLiteral(form)) {
    refused = true;
    context.problems.push({
      path: subject.path,
      value: text,
      rule: `Azure compares a federated credential's subject exactly and case-sensitively, so the pattern "${text}" (${subject.description}) cannot be a subject.`,
      fix: platform
        ? `Name it exactly (one trust per value; an identity holds at most ${AZURE_MAX_CREDENTIALS} credentials), or set ${context.optionPrefix}flexibleMatching: true to hold the identity on an app registration whose flexible credential (preview) matches the pattern.`
        : `Name it exactly (one trust per value; an identity holds at most ${AZURE_MAX_CREDENTIALS} credentials): Azure matches patterns only in tokens from GitHub's github.com issuer, GitLab and Terraform Cloud, not from ${subject.issuer.url}.`,
    });
  }
  const risky: ClaimCondition[] = [];
  for (const condition of unchecked) {
    if (condition.uncheckedRisk !== undefined) {
      risky.push(condition);
      continue;
    }
    refused = true;
    context.problems.push(uncheckableProblem(condition, text, platform, context));
  }
  if (refused) return undefined;
  if (risky.length > 0 && context.strict) return "left-out";
  for (const condition of risky) {
    context.warnings.push(uncheckedWarning(condition, text, platform, context));
  }
  return exactCredential(subject, literalText(form));
}

function renderFlexible(
  subject: TrustSubject,
  form: ClaimPattern,
  unchecked: readonly ClaimCondition[],
  platform: FlexiblePlatform | undefined,
  context: RenderContext,
): AzureFederatedCredential | undefined | "left-out" {
  const text = patternText(form);
  // An exact credential is generally available and needs nothing Azure's preview requires.
  if (isLiteral(form) && unchecked.length === 0) return exactCredential(subject, text);
  // Without flexible support for the issuer, the exact rules (and their refusals) apply.
  if (!platform) return renderExact(subject, form, unchecked, undefined, context);

  const problemsBefore = context.problems.length;
  const tests: ClaimTest[] = [{ claim: "sub", value: form }];
  for (const condition of unchecked) {
    if (platform.claims.includes(condition.claim)) {
      tests.push(...conditionTests(condition, context));
    } else if (condition.uncheckedRisk !== undefined) {
      if (context.strict) return "left-out";
      context.warnings.push(uncheckedWarning(condition, text, undefined, context));
    } else {
      context.problems.push(uncheckableProblem(condition, text, undefined, context, platform));
    }
  }
  if (platform.requiresOneOf.length > 0) {
    const pins = subject.conditions.filter(
      (c) => platform.requiresOneOf.includes(c.claim) && !tests.some((t) => t.claim === c.claim),
    );
    for (const pin of pins) tests.push(...conditionTests(pin, context));
    // Declaration order, whichever way a test got in, so every form reads the same.
    const order = subject.conditions.map((c) => c.claim);
    tests.sort((a, b) => rank(order, a.claim) - rank(order, b.claim));
    if (!tests.some((t) => platform.requiresOneOf.includes(t.claim))) {
      context.problems.push({
        path: subject.path,
        value: text,
        rule: `Azure refuses a flexible credential for ${platform.name} tokens that does not also test ${platform.requiresOneOf.map((c) => `\`${c}\``).join(" or ")}, and this trust declares none.`,
        fix:
          platform.name === "GitHub"
            ? "Declare ownerId and repositoryId (from the repository's API) in the trust."
            : "Declare projectId (from the project's settings) in the trust.",
      });
    }
  }
  for (const test of tests) {
    const why = comparandProblem(test.value);
    if (why) {
      context.problems.push({
        path: subject.path,
        value: patternText(test.value),
        rule: `A flexible credential cannot test \`${test.claim}\` against this value: it ${why}.`,
        fix: "Name the value without that character, or declare it exactly without wildcards.",
      });
    }
  }
  if (context.problems.length > problemsBefore) return undefined;

  const expression = writeExpression(tests);
  return {
    kind: "flexible",
    name: credentialName(subject.issuer.url, expression, text, "flex"),
    issuer: subject.issuer.url,
    claimsMatchingExpression: expression,
    audiences: [subject.audiences?.azure ?? AZURE_TOKEN_EXCHANGE_AUDIENCE],
    description: subject.description,
    path: subject.path,
  };
}

/** Where `claim` sits in the declaration; `sub` first. */
function rank(order: readonly string[], claim: string): number {
  return claim === "sub" ? -1 : order.indexOf(claim);
}

function conditionTests(condition: ClaimCondition, context: RenderContext): ClaimTest[] {
  const [value, ...more] = condition.anyOf;
  if (value === undefined || more.length > 0) {
    // The expression language has no `or`.
    context.problems.push({
      path: condition.path,
      value: condition.anyOf.map(patternText),
      rule: `A flexible credential tests \`${condition.claim}\` against one value; the language has no \`or\`.`,
      fix: "Declare one trust per accepted value.",
    });
    return [];
  }
  return [{ claim: condition.claim, value }];
}

function exactCredential(subject: TrustSubject, sub: string): AzureExactCredential {
  return {
    kind: "exact",
    name: credentialName(subject.issuer.url, sub),
    issuer: subject.issuer.url,
    subject: sub,
    // A platform that fixes `aud` (CircleCI: the organization ID) cannot send Azure's default.
    audiences: [subject.audiences?.azure ?? AZURE_TOKEN_EXCHANGE_AUDIENCE],
    description: subject.description,
    path: subject.path,
  };
}

function uncheckableProblem(
  condition: ClaimCondition,
  sub: string,
  platform: FlexiblePlatform | undefined,
  context: RenderContext,
  flexibleFor?: FlexiblePlatform,
): Problem {
  const tested = flexibleFor
    ? `Azure's flexible credentials for ${flexibleFor.name} tokens test only ${["sub", ...flexibleFor.claims].map((c) => `\`${c}\``).join(", ")}`
    : "Azure's exact federated credentials compare only issuer, subject and audience";
  const canFlex = !flexibleFor && platform?.claims.includes(condition.claim) === true;
  return {
    path: condition.path,
    value: condition.anyOf.map(patternText).join(" | "),
    rule: `${tested}, so the condition on \`${condition.claim}\` (${condition.reason}) cannot be checked, and leaving it out would admit every token with subject "${sub}".`,
    fix: canFlex
      ? `Set ${context.optionPrefix}flexibleMatching: true (Azure then tests \`${condition.claim}\` in a flexible credential), or leave the condition out of the trust the Azure identity uses if every token with that subject may have access.`
      : "Leave the condition out of the trust the Azure identity uses if every token with that subject may have access, or do not grant this identity on Azure.",
  };
}

function uncheckedWarning(
  condition: ClaimCondition,
  sub: string,
  platform: FlexiblePlatform | undefined,
  context: RenderContext,
): TrustWarning {
  const canFlex = platform?.claims.includes(condition.claim) === true;
  return {
    code: "azure-condition-unchecked",
    path: condition.path,
    message: `Azure cannot check \`${condition.claim}\` (${condition.reason}) for the credential with subject "${sub}": ${condition.uncheckedRisk}.`,
    fix: `Set ${context.optionPrefix}strictSubjects: true to leave that credential out once every token carries a form that pins the claim${canFlex ? `, or set ${context.optionPrefix}flexibleMatching: true so Azure tests \`${condition.claim}\` itself` : ""}.`,
  };
}

function checkCount(count: number, path: string, context: RenderContext): void {
  const waysOut = `split the trust across several identities (at most ${AZURE_MAX_CREDENTIALS} credentials each)${context.flexible ? "" : `, or set ${context.optionPrefix}flexibleMatching: true so one flexible credential matches a pattern of subjects`}`;
  if (count > AZURE_MAX_CREDENTIALS) {
    context.problems.push({
      path,
      value: count,
      rule: `An Azure identity holds at most ${AZURE_MAX_CREDENTIALS} federated identity credentials; this trust needs ${count}.`,
      fix: `To fit: ${waysOut}.`,
    });
  } else if (count >= AZURE_CREDENTIALS_WARN_AT) {
    context.warnings.push({
      code: "azure-credentials-near-limit",
      path,
      message: `The identity holds ${count} of the ${AZURE_MAX_CREDENTIALS} federated identity credentials Azure allows; a few more subjects will not fit.`,
      fix: `Before adding more: ${waysOut}.`,
    });
  }
}

function freezeCredential(credential: AzureFederatedCredential): AzureFederatedCredential {
  return Object.freeze({ ...credential, audiences: Object.freeze([...credential.audiences]) });
}

function dedupeWarnings(warnings: readonly TrustWarning[]): TrustWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.code}\n${w.path}\n${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
