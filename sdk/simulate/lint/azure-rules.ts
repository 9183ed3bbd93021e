/**
 * The lint rules for Azure federated identity credentials, from a managed identity (ARM) or an
 * app registration (Microsoft Graph).
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
 * @module
 */
import { hasWildcard } from "../../trust";
import type { AzureCredential } from "./document";
import type { LintFinding } from "./finding";
import {
  classifyIssuer,
  isImmutableGitHubSubject,
  pullRequestExposure,
  subjectBoundaryCrossing,
} from "./issuers";

/** Entra ID's limit of federated identity credentials per identity. */
export const AZURE_MAX_CREDENTIALS = 20;
/** From this many credentials on, an identity is reported as near the limit. */
export const AZURE_CREDENTIALS_NEAR_LIMIT = 16;

/** Lints one identity's credentials (or a list whose owner is unknown). */
export function lintAzureCredentials(
  credentials: ReadonlyArray<{ readonly path: string; readonly credential: AzureCredential }>,
  base: string,
  identity?: string,
): LintFinding[] {
  const findings = credentials.flatMap(({ path, credential }) => lintCredential(credential, path));
  const byIdentity = new Map<string, number>();
  for (const { credential } of credentials) {
    const owner = credential.identity ?? identity ?? "";
    byIdentity.set(owner, (byIdentity.get(owner) ?? 0) + 1);
  }
  for (const [owner, count] of byIdentity) {
    if (count < AZURE_CREDENTIALS_NEAR_LIMIT) continue;
    const at = count >= AZURE_MAX_CREDENTIALS;
    const who = owner === "" ? "The identity" : `The identity ${owner}`;
    findings.push({
      rule: "azure-credential-budget",
      severity: at ? "medium" : "low",
      path: base,
      message: at
        ? `${who} has ${count} federated credentials, the limit of ${AZURE_MAX_CREDENTIALS}: the next one will be refused.`
        : `${who} has ${count} federated credentials, near the limit of ${AZURE_MAX_CREDENTIALS}.`,
      fix: "Split the subjects across identities by team or environment, or use a flexible credential on an app registration.",
    });
  }
  return findings;
}

function lintCredential(credential: AzureCredential, path: string): LintFinding[] {
  const findings: LintFinding[] = [];
  const at = `${path}${credential.fieldPrefix}`;
  const issuerText = typeof credential.issuer === "string" ? credential.issuer : "";
  const issuer = classifyIssuer(issuerText);

  // AKS issuers do end with a slash, and their tokens carry it in `iss`: that one is exact.
  const aks = /^https:\/\/[a-z0-9-]+\.oic\.prod-aks\.azure\.com\//.test(issuerText.trim());
  if (issuerText !== issuerText.trim() || (/\/$/.test(issuerText.trim()) && !aks)) {
    findings.push({
      rule: "azure-issuer-not-exact",
      severity: "medium",
      path: `${at}.issuer`,
      message: `The issuer ${JSON.stringify(issuerText)} has ${issuerText !== issuerText.trim() ? "surrounding whitespace" : "a trailing slash"}; Entra ID compares it with the token's iss exactly, so the credential never matches${issuer.shared ? "" : " unless the tokens' iss is written the same way"}.`,
      fix: `Write ${JSON.stringify(issuerText.trim().replace(/\/+$/, ""))}.`,
    });
  }

  const subject = typeof credential.subject === "string" ? credential.subject : undefined;
  if (subject !== undefined && credential.claimsMatchingExpression === undefined) {
    if (hasWildcard(subject)) {
      findings.push({
        rule: "azure-subject-wildcard",
        severity: "medium",
        path: `${at}.subject`,
        message: `The subject ${JSON.stringify(subject)} contains a wildcard character, but the credential matches exactly: no real token has this subject.`,
        fix: "Write one credential per exact subject, or use a flexible credential (claimsMatchingExpression) on an app registration.",
      });
    }
    findings.push(...githubSubjectFindings(subject, issuer.kind, `${at}.subject`, "subject"));
  }

  const expression = credential.claimsMatchingExpression;
  if (typeof expression === "string") {
    for (const pattern of expressionSubjects(expression)) {
      const crossing = subjectBoundaryCrossing(issuer.kind, pattern);
      if (crossing !== undefined) {
        findings.push({
          rule: "azure-wildcard-crosses-boundary",
          severity: crossing.outermost && issuer.shared ? "critical" : "high",
          path: `${at}.claimsMatchingExpression`,
          message: `The pattern "${pattern}" has a wildcard in the ${crossing.boundary} part, so it admits subjects that belong to someone else.`,
          fix: `Name the ${crossing.boundary} literally; keep wildcards to the part after it.`,
        });
      }
      findings.push(
        ...githubSubjectFindings(pattern, issuer.kind, `${at}.claimsMatchingExpression`, "pattern"),
      );
    }
  }
  return findings;
}

function githubSubjectFindings(
  subject: string,
  kind: string,
  path: string,
  noun: "subject" | "pattern",
): LintFinding[] {
  if (kind !== "github") return [];
  const findings: LintFinding[] = [];
  if (pullRequestExposure(subject) === "explicit") {
    findings.push({
      rule: "azure-pull-request-subject",
      severity: "high",
      path,
      message: `The ${noun} ${JSON.stringify(subject)} admits pull-request runs, which anyone who can open a pull request can start.`,
      fix: "Trust a protected branch (…:ref:refs/heads/main) or an environment with required reviewers (…:environment:NAME).",
    });
  }
  if (subject.startsWith("repo:") && !isImmutableGitHubSubject(subject)) {
    findings.push({
      rule: "azure-github-name-only",
      severity: "medium",
      path,
      message: `The ${noun} ${JSON.stringify(subject)} names the repository only by name: whoever registers a deleted or renamed owner or repository name inherits the trust.`,
      fix: "Use the immutable subject repo:OWNER@OWNER_ID/REPO@REPO_ID:… that GitHub issues for the repository.",
    });
  }
  return findings;
}

/** The `sub` patterns of a flexible credential expression (`claims['sub'] matches '…'`). */
function expressionSubjects(expression: string): string[] {
  const found: string[] = [];
  const term = /claims\[\s*'sub'\s*\]\s+(?:matches|eq)\s+'((?:[^'\\]|\\.)*)'/gi;
  for (let m = term.exec(expression); m !== null; m = term.exec(expression)) {
    if (m[1] !== undefined) found.push(m[1]);
  }
  return found;
}
