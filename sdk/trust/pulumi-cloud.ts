/**
 * Pulumi Cloud: Deployments (`pulumi:deploy:…`) and ESC environments (`pulumi:environments:…`).
 *
 * @see https://www.pulumi.com/docs/esc/guides/configuring-oidc/
 * @module
 */
import type { Problem, TrustWarning } from "../errors";
import { joinPattern, literal, parseGlob } from "./claim-pattern";
import { parseIssuerUrl, PULUMI_CLOUD_ISSUER_URL } from "./issuer";
import { checkBoundarySegment } from "./segments";
import type { SubjectDeclaration, SubjectSource } from "./subject";

/** The deployments of one stack, optionally of one operation. */
export interface PulumiDeploymentArgs {
  /** The Pulumi project whose deployments are trusted. */
  readonly project: string;
  /** The stack of that project. */
  readonly stack: string;
  /** `update`, `preview`, `refresh`, `destroy`… @default every operation */
  readonly operation?: string;
}

/**
 * Which Pulumi Cloud workloads are trusted: a stack's deployments, or an ESC environment — exactly
 * one of the two.
 *
 * @example
 * ```ts
 * { organization: "acme", environment: "platform/production" }
 * ```
 */
export interface PulumiCloudTrustArgs {
  /** The Pulumi organization. */
  readonly organization: string;
  /** Deployments of one stack, optionally one operation (`update`, `preview`, `destroy`…). */
  readonly deployment?: PulumiDeploymentArgs;
  /** An ESC environment, `PROJECT/ENVIRONMENT`. */
  readonly environment?: string;
}

const name = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Reads a Pulumi Cloud trust declaration into a subject, collecting every problem and warning. */
export function declarePulumiCloudTrust(
  args: PulumiCloudTrustArgs,
  path: string,
): SubjectDeclaration {
  const rule = "A Pulumi name is letters, digits, '_', '-' or '.'.";
  const problems: Problem[] = [
    ...checkBoundarySegment(
      args.organization,
      "organization",
      `${path}.organization`,
      name,
      rule,
      false,
    ),
  ];
  if ((args.deployment === undefined) === (args.environment === undefined)) {
    problems.push({
      path,
      value: Object.keys(args ?? {}),
      rule: "A Pulumi Cloud trust names exactly one of deployment or environment.",
      fix: "Declare one trust per stack or environment.",
    });
  }
  if (args.deployment) {
    problems.push(
      ...checkBoundarySegment(
        args.deployment.project,
        "project",
        `${path}.deployment.project`,
        name,
        rule,
        false,
      ),
    );
    problems.push(
      ...checkBoundarySegment(
        args.deployment.stack,
        "stack",
        `${path}.deployment.stack`,
        name,
        rule,
        false,
      ),
    );
    const op = args.deployment.operation;
    if (op !== undefined && !/^[a-z]+$/.test(op)) {
      problems.push({
        path: `${path}.deployment.operation`,
        value: op,
        rule: "An operation is a Pulumi operation name such as update, preview, refresh or destroy.",
        fix: "Name the operation exactly, or leave it out for every operation.",
      });
    }
  }
  const [envProject, envName, ...rest] =
    typeof args.environment === "string" ? args.environment.split("/") : [];
  if (args.environment !== undefined && (rest.length > 0 || envName === undefined)) {
    problems.push({
      path: `${path}.environment`,
      value: args.environment,
      rule: 'An ESC environment is written "PROJECT/ENVIRONMENT".',
      fix: 'Write e.g. "platform/production".',
    });
  } else if (args.environment !== undefined) {
    problems.push(
      ...checkBoundarySegment(envProject, "project", `${path}.environment`, name, rule, false),
    );
    problems.push(
      ...checkBoundarySegment(envName, "environment", `${path}.environment`, name, rule, false),
    );
  }
  const issuer = parseIssuerUrl("pulumi-cloud", PULUMI_CLOUD_ISSUER_URL, path);
  if (Array.isArray(issuer)) problems.push(...issuer);
  if (problems.length > 0 || Array.isArray(issuer)) return { problems, warnings: [] };

  const org = args.organization;
  const warnings: TrustWarning[] = [];
  let source: Extract<SubjectSource, { kind: "pulumi-cloud" }>;
  let sub;
  let audiences: Partial<Record<"aws" | "gcp" | "azure", string>>;
  if (args.deployment) {
    const { project, stack, operation } = args.deployment;
    source = {
      kind: "pulumi-cloud",
      organization: org,
      deployment: { project, stack, ...(operation ? { operation } : {}) },
    };
    sub = joinPattern([
      `pulumi:deploy:org:${org}:project:${project}:stack:${stack}:operation:`,
      operation ?? parseGlob("*"),
      // Deployment tokens carry the write scope.
      ":scope:write",
    ]);
    // Deployments put the organization's name in `aud`.
    audiences = { aws: org };
    if (!operation) {
      warnings.push({
        code: "pulumi-any-operation",
        path: `${path}.deployment.operation`,
        message: "Every deployment operation is trusted, previews of unreviewed changes included.",
        fix: 'Declare operation: "update" for the identity that changes infrastructure.',
      });
    }
  } else {
    source = { kind: "pulumi-cloud", organization: org, environment: args.environment as string };
    sub = literal(`pulumi:environments:org:${org}:env:${args.environment}`);
    // ESC's aws-login asks for `aws:ORG`.
    audiences = { aws: `aws:${org}` };
  }
  return {
    subject: Object.freeze({
      issuer,
      sub: Object.freeze([sub]),
      conditions: Object.freeze([]),
      source,
      description: args.deployment
        ? `Pulumi Deployments ${org}/${args.deployment.project}/${args.deployment.stack}${args.deployment.operation ? `, ${args.deployment.operation}` : ""}`
        : `Pulumi ESC ${org}/${args.environment}`,
      path,
      audiences: Object.freeze(audiences),
    }),
    problems,
    warnings,
  };
}
