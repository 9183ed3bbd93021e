/**
 * `keyless-trust-lint`: every federated trust in the stack passes Keyless's linter — the same
 * rules as `keyless lint`, through {@link lintDocument}.
 *
 * Findings at or above the configured severity are reported by the mandatory policy; the rest by
 * `keyless-trust-lint-advice`, which only advises.
 *
 * @module
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { LINT_SEVERITIES, type LintFinding, type LintSeverity, lintDocument } from "./lint-adapter";
import { KEYLESS_REPLACEMENT } from "./replacements";
import { trustDocumentOf } from "./trust-documents";

/** The mandatory policy's ID. */
export const TRUST_LINT = "keyless-trust-lint";

/** The advisory policy's ID. */
export const TRUST_LINT_ADVICE = "keyless-trust-lint-advice";

/** The configuration both policies read. */
export interface TrustLintConfig {
  /** The least severe finding that blocks. @default "high" */
  readonly failOn: LintSeverity;
}

const configSchema = {
  properties: {
    failOn: {
      type: "string" as const,
      enum: [...LINT_SEVERITIES],
      default: "high",
      description: "The least severe linter finding that blocks the deployment.",
    },
  },
};

function atLeast(severity: LintSeverity, threshold: LintSeverity): boolean {
  return LINT_SEVERITIES.indexOf(severity) <= LINT_SEVERITIES.indexOf(threshold);
}

function lintPolicy(
  name: string,
  description: string,
  blocking: boolean,
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: blocking ? "mandatory" : "advisory",
    severity: blocking ? "critical" : "medium",
    configSchema,
    validateResource: (args, reportViolation) => {
      const found = trustDocumentOf(args.type, args.props);
      if (!found) return;
      const { failOn } = args.getConfig<TrustLintConfig>();
      const findings = lintDocument(found.document, args.name).filter(
        (f) => atLeast(f.severity, failOn ?? "high") === blocking,
      );
      for (const finding of findings) {
        reportViolation(
          violationMessage(args.name, args.type, found.what, finding, found.cloud),
          args.urn,
        );
      }
    },
  };
}

function violationMessage(
  name: string,
  type: string,
  what: string,
  finding: LintFinding,
  cloud: keyof typeof KEYLESS_REPLACEMENT,
): string {
  return (
    `${name} (${type}) breaks ${finding.rule} [${finding.severity}] at ${finding.path}: ${finding.message} ` +
    `Fix: ${finding.fix} ${KEYLESS_REPLACEMENT[cloud]} renders ${what} without this problem.`
  );
}

/** Blocks trust documents with findings at or above `failOn`. */
export const trustLint = lintPolicy(
  TRUST_LINT,
  "Every federated trust (AWS roles trusting an OIDC provider, GCP workload identity pool providers, Azure federated identity credentials) passes Keyless's linter.",
  true,
);

/** Reports, without blocking, the findings below `failOn`. */
export const trustLintAdvice = lintPolicy(
  TRUST_LINT_ADVICE,
  "Keyless's linter findings on federated trust that are below the blocking severity.",
  false,
);
