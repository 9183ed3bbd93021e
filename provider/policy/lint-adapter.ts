/**
 * The one door between the policy pack and Keyless's linter: the policies lint every trust
 * document through {@link lintDocument}, so they apply the same rules as `keyless lint`.
 *
 * @module
 */
import {
  detectTrustDocuments,
  type LintFinding,
  lintTrustDocument,
  parseJsonText,
  SEVERITIES,
  type Severity,
  UnreadableDocumentError,
} from "../../sdk/simulate/lint";

export type { LintFinding };

/** How serious a finding is, most serious first. */
export const LINT_SEVERITIES = SEVERITIES;

/** One of {@link LINT_SEVERITIES}. */
export type LintSeverity = Severity;

/**
 * Lints one trust document: an AWS trust policy (object or JSON text), a GCP workload identity
 * pool provider, or Azure federated identity credentials, in the clouds' own API shapes.
 *
 * @param document - the document.
 * @param fileLabel - what to call it in messages (a resource name, a file path).
 */
export function lintDocument(document: unknown, fileLabel: string): LintFinding[] {
  try {
    const value = typeof document === "string" ? parseJsonText(document, fileLabel) : document;
    return detectTrustDocuments(value, "$").flatMap((d) => [...lintTrustDocument(d)]);
  } catch (err) {
    if (!(err instanceof UnreadableDocumentError)) throw err;
    // A trust document no linter rule can read is itself a finding: nothing checked it.
    return [
      {
        rule: "trust-document-unreadable",
        severity: "high",
        path: "$",
        message: `${fileLabel}: ${err.message}`,
        fix: "Write the trust document in the cloud's own shape so it can be checked.",
      },
    ];
  }
}
