/**
 * The lint rules for AWS trust policies, run on the Allow statements whose principal is a
 * federated OIDC provider.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 * @module
 */
import { hasWildcard } from "../../trust";
import { type AwsCondition, type AwsStatement, claimOfKey, readAwsStatements } from "./aws-policy";
import { awsExposesClaim } from "./aws-visible-claims";
import type { JsonObject } from "./document";
import type { LintFinding } from "./finding";
import {
  isImmutableGitHubSubject,
  type LintIssuer,
  pullRequestExposure,
  subjectBoundaryCrossing,
} from "./issuers";

const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";
// Claims that are lists in the token: the only ones `ForAllValues`/`ForAnyValue` are meant for.
const multiValuedClaims = new Set(["amr", "oidc.circleci.com/context-ids"]);
// Cognito identity pools pin the pool through `aud`; `sub` is a per-user identity ID there.
const COGNITO_HOST = "cognito-identity.amazonaws.com";

/** Lints an AWS trust policy; `base` is the JSON path of the policy in its file. */
export function lintAwsTrustPolicy(policy: JsonObject, base: string): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const statement of readAwsStatements(policy, base)) {
    if (statement.effect !== "Allow") continue;
    if (statement.anyone) findings.push(anyPrincipal(statement));
    for (const issuer of statement.issuers) {
      findings.push(...lintStatement(statement, issuer));
    }
  }
  return findings;
}

function lintStatement(statement: AwsStatement, issuer: LintIssuer): LintFinding[] {
  const findings: LintFinding[] = [];
  const conditions = statement.conditions
    .map((condition) => ({ condition, claim: claimOfKey(condition.key, issuer) }))
    .filter((c): c is { condition: AwsCondition; claim: string } => c.claim !== undefined);
  const positive = conditions.filter(({ condition }) => !condition.negated && isString(condition));
  const on = (claim: string) => positive.filter((c) => c.claim === claim);
  // `StringLike` with only `*` accepts any value: it pins nothing.
  const pins = (claim: string) =>
    on(claim).filter(({ condition }) => condition.values.some((v) => !/^\*+$/.test(v)));
  const subs = on("sub");
  const host = issuer.hostPath;

  findings.push(...checkAction(statement, host));

  // GitHub's repository_id and job_workflow_ref are keys STS checks since 2026; pinning either
  // names one repository, so it stands in for `sub` (the name-only and PR rules still apply).
  const pinnedElsewhere =
    (host === COGNITO_HOST && on("aud").length > 0) ||
    (issuer.kind === "github" && on("repository_id").length + on("job_workflow_ref").length > 0);
  if (subs.length === 0 && !pinnedElsewhere) {
    findings.push({
      rule: "aws-no-subject-condition",
      severity: issuer.shared ? "critical" : "high",
      path: statement.conditions.length > 0 ? `${statement.path}.Condition` : statement.path,
      message: issuer.shared
        ? `The statement trusts ${host}, an issuer shared by everyone on the platform, without a condition on "${host}:sub": any of its tokens with an accepted audience can assume the role.`
        : `The statement trusts ${host} without a condition on "${host}:sub": every workload the issuer signs for (every service account of the cluster) can assume the role.`,
      fix: `Add "StringEquals": { "${host}:sub": "<the exact subject>" }.`,
    });
  }

  for (const { condition } of subs) {
    if (!condition.baseOperator.includes("Like")) continue;
    for (const value of condition.values) {
      const crossing = subjectBoundaryCrossing(issuer.kind, value);
      if (crossing === undefined) continue;
      findings.push({
        rule: "aws-wildcard-crosses-boundary",
        severity: crossing.outermost && issuer.shared ? "critical" : "high",
        path: condition.path,
        message: `The subject pattern "${value}" has a wildcard in the ${crossing.boundary} part, so it admits subjects of other ${plural(crossing.boundary)}.`,
        fix: `Name the ${crossing.boundary} literally; keep wildcards to the part after it.`,
      });
    }
  }

  for (const { condition, claim } of conditions) {
    findings.push(...checkCondition(condition, claim, issuer));
  }

  if (pins("aud").length === 0 && !(issuer.kind === "google" && pins("oaud").length > 0)) {
    findings.push({
      rule: "aws-no-audience-condition",
      severity: "medium",
      path: statement.conditions.length > 0 ? `${statement.path}.Condition` : statement.path,
      message: `The statement does not pin "${host}:aud": any token whose audience is in the provider's client ID list is accepted.`,
      fix: `Add "StringEquals": { "${host}:aud": "sts.amazonaws.com" } (the audience your jobs request).`,
    });
  }

  if (issuer.kind === "github") {
    for (const { condition } of subs) {
      for (const value of condition.values) {
        const exposure = pullRequestExposure(value);
        if (exposure === undefined) continue;
        if (exposure === "wildcard" && !condition.baseOperator.includes("Like")) continue;
        findings.push({
          rule: "aws-pull-request-subject",
          severity: exposure === "explicit" ? "high" : "medium",
          path: condition.path,
          message:
            exposure === "explicit"
              ? `The subject "${value}" admits pull-request runs, which anyone who can open a pull request can start.`
              : `The subject pattern "${value}" has a wildcard where the ref goes, so it also admits pull-request runs ("…:pull_request").`,
          fix: "Trust a protected branch (…:ref:refs/heads/main) or an environment with required reviewers (…:environment:NAME).",
        });
      }
    }
    const pinnedById = on("repository_id").length > 0 || on("repository_owner_id").length > 0;
    const legacy = subs.flatMap(({ condition }) =>
      condition.values.filter((v) => !isImmutableGitHubSubject(v)).map(() => condition.path),
    );
    const [firstLegacy] = legacy;
    if (!pinnedById && firstLegacy !== undefined && legacy.length === countValues(subs)) {
      findings.push({
        rule: "aws-github-name-only",
        severity: "medium",
        path: firstLegacy,
        message:
          "The trust names GitHub repositories only by name: whoever registers a deleted or renamed owner or repository name inherits it.",
        fix: `Add "StringEquals": { "${host}:repository_id": "<ID>" } (and repository_owner_id), or trust the immutable subject "repo:OWNER@OWNER_ID/REPO@REPO_ID:…".`,
      });
    }
  }
  return findings;
}

function checkAction(statement: AwsStatement, host: string): LintFinding[] {
  const actions = statement.actions;
  const broad = actions.filter(
    (a) => a === "*" || /^sts:\*$/i.test(a) || /^sts:AssumeRole\*$/i.test(a),
  );
  const exact = actions.some((a) => a.toLowerCase() === WEB_IDENTITY_ACTION.toLowerCase());
  if (broad.length > 0) {
    return [
      {
        rule: "aws-federated-wrong-action",
        severity: "medium",
        path: statement.actionPath,
        message: `The federated principal ${host} is given "${broad.join('", "')}": more than the token exchange needs.`,
        fix: `Set "Action" to "${WEB_IDENTITY_ACTION}" (plus "sts:TagSession" when session tags are used).`,
      },
    ];
  }
  if (!exact) {
    return [
      {
        rule: "aws-federated-wrong-action",
        severity: "medium",
        path: statement.actionPath,
        message: `The federated principal ${host} is given ${actions.length === 0 ? "no action" : `"${actions.join('", "')}"`}, which a web identity token can never use: the role cannot be assumed with a token.`,
        fix: `Set "Action" to "${WEB_IDENTITY_ACTION}".`,
      },
    ];
  }
  return [];
}

function checkCondition(condition: AwsCondition, claim: string, issuer: LintIssuer): LintFinding[] {
  const findings: LintFinding[] = [];
  if (
    condition.qualifier === "ForAllValues" &&
    !multiValuedClaims.has(claim) &&
    !condition.negated
  ) {
    findings.push({
      rule: "aws-for-all-values-allow",
      severity: "high",
      path: condition.path,
      message: `"${condition.operator}" on the single-valued claim "${claim}" is true when the key is missing, so tokens without the claim pass.`,
      fix: `Use "${condition.baseOperator}${condition.ifExists ? "IfExists" : ""}" without the ForAllValues qualifier.`,
    });
  }
  if (/^StringEquals(IgnoreCase)?$/.test(condition.baseOperator) && !condition.negated) {
    for (const value of condition.values.filter(hasWildcard)) {
      findings.push({
        rule: "aws-wildcard-under-string-equals",
        severity: "medium",
        path: condition.path,
        message: `"${value}" is compared literally under ${condition.operator}: the wildcard never matches a real token.`,
        fix: "Use StringLike for a pattern (kept within one repository or service account), or write the exact value.",
      });
    }
  }
  if (!awsExposesClaim(issuer.hostPath, claim)) {
    const alwaysTrue =
      condition.negated ||
      condition.ifExists ||
      condition.qualifier === "ForAllValues" ||
      (condition.baseOperator === "Null" && condition.values.includes("true"));
    findings.push({
      rule: "aws-invisible-claim",
      severity: alwaysTrue ? "high" : "medium",
      path: condition.path,
      message: alwaysTrue
        ? `STS does not expose "${claim}" as a key for ${issuer.hostPath}, so "${condition.operator}" on it is always true and checks nothing.`
        : `STS does not expose "${claim}" as a key for ${issuer.hostPath}, so "${condition.operator}" on it is never true and the statement never applies.`,
      fix: "Condition on claims STS exposes for this issuer (`sub`, `aud`, `amr`), or encode the claim in the subject.",
    });
  }
  return findings;
}

function isString(condition: AwsCondition): boolean {
  return condition.baseOperator.startsWith("String");
}

function countValues(conditions: ReadonlyArray<{ condition: AwsCondition }>): number {
  return conditions.reduce((n, { condition }) => n + condition.values.length, 0);
}

function plural(boundary: string): string {
  if (boundary === "repository") return "repositories";
  if (boundary === "subject") return "subjects";
  return `${boundary}s`;
}

function anyPrincipal(statement: AwsStatement): LintFinding {
  const unconditioned = statement.conditions.length === 0;
  return {
    rule: "aws-any-principal",
    severity: unconditioned ? "critical" : "high",
    path: `${statement.path}.Principal`,
    message: unconditioned
      ? `The statement allows ${statement.actions.join(", ") || "its actions"} to every principal ("*") with no condition: anyone, in any account or with any token, can assume the role.`
      : `The statement allows every principal ("*"); only its conditions stand between the role and anyone else, and they name no issuer and subject.`,
    fix: 'Name the principal: "Federated" with the OIDC provider\'s ARN and conditions on its aud and sub, or the AWS accounts or roles that may assume it.',
  };
}
