/**
 * The linter's entry points: lint one parsed trust document, or the text of a file in any of the
 * shapes the linter reads.
 *
 * @module
 */
import { lintAwsTrustPolicy } from "./aws-rules";
import { lintAzureCredentials } from "./azure-rules";
import { readTrustDocuments, type TrustDocument } from "./document";
import { type LintFinding, severityRank } from "./finding";
import { lintGcpIamPolicy, lintGcpProvider } from "./gcp-rules";

/** What linting a file found: the documents it held (by kind) and every finding, worst first. */
export interface LintResult {
  readonly documents: ReadonlyArray<TrustDocument["kind"]>;
  readonly findings: readonly LintFinding[];
}

/** Lints one trust document; findings come worst first, then by path. */
export function lintTrustDocument(document: TrustDocument): readonly LintFinding[] {
  return sortFindings(findingsOf(document));
}

/**
 * Lints the text of a file: an AWS trust policy (plain JSON, URL-encoded, or a `GetRole`
 * response), a GCP provider or IAM policy, or Azure federated credentials, alone or in a list.
 *
 * @throws {@link UnreadableDocumentError} when the text is not a trust document the linter reads.
 * @example
 * ```ts
 * const { findings } = lintTrustText(await readFile("trust.json", "utf8"));
 * ```
 */
export function lintTrustText(text: string): LintResult {
  const documents = readTrustDocuments(text);
  return Object.freeze({
    documents: Object.freeze(documents.map((d) => d.kind)),
    findings: sortFindings(documents.flatMap(findingsOf)),
  });
}

function findingsOf(document: TrustDocument): LintFinding[] {
  switch (document.kind) {
    case "aws-trust-policy":
      return lintAwsTrustPolicy(document.document, document.base);
    case "gcp-provider":
      return lintGcpProvider(document.document, document.base);
    case "gcp-iam-policy":
      return lintGcpIamPolicy(document.document, document.base);
    case "azure-credentials":
      return lintAzureCredentials(document.credentials, document.base, document.identity);
  }
}

function sortFindings(findings: readonly LintFinding[]): readonly LintFinding[] {
  return Object.freeze(
    [...findings]
      .sort(
        (a, b) =>
          severityRank(a.severity) - severityRank(b.severity) ||
          a.path.localeCompare(b.path) ||
          a.rule.localeCompare(b.rule),
      )
      .map((f) => Object.freeze(f)),
  );
}
