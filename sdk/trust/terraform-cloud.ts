/**
 * HCP Terraform (Terraform Cloud) and Terraform Enterprise: `sub` names the organization,
 * project, workspace and run phase.
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens
 * @module
 */
import type { Problem, TrustWarning } from "../errors";
import { literal } from "./claim-pattern";
import { parseIssuerUrl, TERRAFORM_CLOUD_ISSUER_URL } from "./issuer";
import { checkBoundarySegment } from "./segments";
import type { SubjectDeclaration, SubjectSource } from "./subject";

/**
 * The phases of a Terraform run. A named set of values, so that every Pulumi language sees an
 * enumeration rather than a bare string.
 */
export const TerraformRunPhase = {
  /** A speculative or planned run: `terraform plan`. */
  Plan: "plan",
  /** A run that changes infrastructure: `terraform apply`. */
  Apply: "apply",
} as const;

/** `plan` or `apply`: one value of {@link TerraformRunPhase}. */
export type TerraformRunPhase = (typeof TerraformRunPhase)[keyof typeof TerraformRunPhase];

/**
 * Which Terraform runs are trusted: one workspace of one project, in one or both run phases.
 *
 * @example
 * ```ts
 * { organization: "acme", project: "platform", workspace: "network-prod", runPhase: "apply" }
 * ```
 */
export interface TerraformCloudTrustArgs {
  /** The HCP Terraform organization name. */
  readonly organization: string;
  /** The project the workspace belongs to. */
  readonly project: string;
  /** The workspace whose runs are trusted. */
  readonly workspace: string;
  /** `plan` or `apply`. Plans run for any proposed change, so a plan identity should only read. @default both */
  readonly runPhase?: TerraformRunPhase;
  /** The Terraform Enterprise URL. @default https://app.terraform.io */
  readonly url?: string;
}

const name = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;

/** Reads a Terraform Cloud trust declaration into a subject, collecting every problem and warning. */
export function declareTerraformCloudTrust(
  args: TerraformCloudTrustArgs,
  path: string,
): SubjectDeclaration {
  const rule = "A Terraform name is letters, digits, '_', '-', '.' or spaces.";
  const problems: Problem[] = [
    ...checkBoundarySegment(
      args.organization,
      "organization",
      `${path}.organization`,
      name,
      rule,
      false,
    ),
    ...checkBoundarySegment(args.project, "project", `${path}.project`, name, rule, false),
    ...checkBoundarySegment(args.workspace, "workspace", `${path}.workspace`, name, rule, false),
  ];
  if (args.runPhase !== undefined && args.runPhase !== "plan" && args.runPhase !== "apply") {
    problems.push({
      path: `${path}.runPhase`,
      value: args.runPhase,
      rule: 'The run phase is "plan" or "apply".',
      fix: 'Write "plan" or "apply", or leave it out for both.',
    });
  }
  const issuer = parseIssuerUrl(
    "terraform-cloud",
    args.url ?? TERRAFORM_CLOUD_ISSUER_URL,
    `${path}.url`,
  );
  if (Array.isArray(issuer)) problems.push(...issuer);
  if (problems.length > 0 || Array.isArray(issuer)) return { problems, warnings: [] };

  const runPhases = args.runPhase ? [args.runPhase] : (["plan", "apply"] as const);
  const source: Extract<SubjectSource, { kind: "terraform-cloud" }> = {
    kind: "terraform-cloud",
    organization: args.organization,
    project: args.project,
    workspace: args.workspace,
    runPhases,
  };
  const warnings: TrustWarning[] = args.runPhase
    ? []
    : [
        {
          code: "terraform-both-phases",
          path: `${path}.runPhase`,
          message:
            "Plan and apply runs share the identity, so a speculative plan of an unreviewed change gets the same access as an apply.",
          fix: 'Declare runPhase: "apply" here and a read-only identity with runPhase: "plan".',
        },
      ];
  return {
    subject: Object.freeze({
      issuer,
      sub: Object.freeze(
        runPhases.map((phase) =>
          literal(
            `organization:${args.organization}:project:${args.project}:workspace:${args.workspace}:run_phase:${phase}`,
          ),
        ),
      ),
      conditions: Object.freeze([]),
      source,
      description: `Terraform ${args.organization}/${args.project}/${args.workspace}, ${runPhases.join(" and ")}`,
      path,
    }),
    problems,
    warnings,
  };
}
