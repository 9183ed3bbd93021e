/**
 * `keyless plan PROGRAM`: runs a Pulumi program under the mock engine and prints every resource
 * and every identity's rendered trust.
 *
 * @module
 */
import type { Command } from "commander";
import type { IdentityManifest } from "../../manifest";
import { type PlanResult, runProgram } from "../../plan/run";
import { formatDuration } from "../../trust/duration";
import { type CommandRegistration, UsageError } from "../io";

/** The options `plan`, `check` and `report` share for running a program. */
export interface ProgramCliOptions {
  stack?: string;
  config?: string[];
  awsAccount?: string;
  awsRegion?: string;
  typecheck?: boolean;
}

/** Adds the options that say how to run a program under the mock engine. */
export function addProgramOptions(command: Command): Command {
  return command
    .option("--stack <name>", "read Pulumi.<name>.yaml for configuration")
    .option("--config <key=value>", "set a configuration value (repeatable)", collect, [])
    .option("--aws-account <id>", "AWS account ID for mock ARNs", "123456789012")
    .option("--aws-region <region>", "AWS region for mock outputs", "eu-west-1")
    .option("--no-typecheck", "run a TypeScript program without type-checking it first");
}

/** Turns the shared CLI options into plan options. */
export function programOptionsFrom(options: ProgramCliOptions) {
  if (options.awsAccount !== undefined && !/^\d{12}$/.test(options.awsAccount)) {
    throw new UsageError(
      `--aws-account ${JSON.stringify(options.awsAccount)}: an AWS account ID is 12 digits.`,
    );
  }
  return {
    ...(options.stack !== undefined ? { stack: options.stack } : {}),
    config: options.config ?? [],
    ...(options.awsAccount !== undefined ? { awsAccountId: options.awsAccount } : {}),
    ...(options.awsRegion !== undefined ? { awsRegion: options.awsRegion } : {}),
    ...(options.typecheck === false ? { typecheck: false } : {}),
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Registers `keyless plan`. */
export const register: CommandRegistration = (program, io) => {
  addProgramOptions(
    program
      .command("plan")
      .argument("<program>", "a Pulumi program folder (Pulumi.yaml + index.ts) or a .ts file")
      .description(
        "run a Pulumi program under the mock engine; print its resources and every identity's trust",
      )
      .option("--json", "print machine-readable JSON"),
  ).action(async (path: string, options: ProgramCliOptions & { json?: boolean }) => {
    const result = await runProgram(path, programOptionsFrom(options));
    io.stdout.write(
      options.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : formatPlan(result),
    );
  });
};

function toJson(result: PlanResult) {
  return {
    program: { project: result.program.project, stack: result.program.stack },
    resources: result.resources.map(({ type, name, inputs, custom }) => ({
      type,
      name,
      inputs,
      custom,
    })),
    identities: result.manifests,
    outputs: result.outputs,
    diagnostics: result.diagnostics,
  };
}

/** Formats a plan for a person. */
export function formatPlan(result: PlanResult): string {
  const lines: string[] = [];
  const custom = result.resources.filter((r) => r.custom);
  lines.push(
    `Program ${result.program.project} (stack ${result.program.stack}): ${custom.length} resources, ${result.manifests.length} identities`,
    "",
  );
  lines.push("Resources");
  const width = Math.max(0, ...custom.map((r) => r.type.length));
  for (const r of custom) lines.push(`  ${r.type.padEnd(width)}  ${r.name}`);
  for (const manifest of result.manifests) lines.push("", ...formatIdentity(manifest, "  "));
  // Warnings already shown under their identity are not repeated.
  const shown = new Set(result.manifests.flatMap((m) => m.warnings));
  const rest = result.diagnostics.filter((d) => !shown.has(d.message));
  if (rest.length > 0) {
    lines.push("", "Diagnostics");
    for (const d of rest) lines.push(`  ${d.severity}: ${d.message}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Formats one identity's manifest: trust, rendered documents per cloud, warnings. */
export function formatIdentity(m: IdentityManifest, indent: string): string[] {
  const out = [`Identity ${m.identity} (TTL ${formatDuration(m.ttlSeconds)})`, `${indent}trusts:`];
  for (const s of m.subjects)
    out.push(
      `${indent}  ${s.description} — sub ${s.sub.map((v) => JSON.stringify(v)).join(" or ")}`,
    );
  const block = (title: string, doc: unknown) => [
    `${indent}${title}`,
    ...JSON.stringify(doc, null, 2)
      .split("\n")
      .map((l) => `${indent}  ${l}`),
  ];
  if (m.aws) {
    out.push(
      `${indent}AWS role ${m.aws.roleArn} (session ${m.aws.sessionDurationSeconds} s, max ${m.aws.maxSessionDurationSeconds} s)`,
    );
    out.push(...block("  trust policy:", m.aws.trustPolicy));
  }
  if (m.gcp) {
    out.push(
      `${indent}GCP ${m.gcp.serviceAccountEmail ?? "direct resource access"} (token lifetime ${m.gcp.lifetimeSeconds} s)`,
    );
    for (const p of m.gcp.providers)
      out.push(
        ...block(`  provider ${p.name}:`, {
          attributeMapping: p.attributeMapping,
          attributeCondition: p.attributeCondition,
          allowedAudiences: p.allowedAudiences,
        }),
      );
    out.push(`${indent}  principals: ${m.gcp.principals.join(", ")}`);
  }
  if (m.azure) {
    out.push(`${indent}Azure identity ${m.azure.clientId} in tenant ${m.azure.tenantId}`);
    for (const c of m.azure.credentials)
      out.push(
        `${indent}  credential ${c.name}: ${c.issuer} ${c.subject ?? c.claimsMatchingExpression}`,
      );
  }
  for (const w of m.warnings) out.push(`${indent}warning: ${w}`);
  return out;
}
