/**
 * `keyless keys scan|retire|revoke`: inventory of long-lived keys, their staged retirement, and
 * emergency deactivation.
 *
 * @module
 */
import { IAMClient } from "@aws-sdk/client-iam";
import type { Command } from "commander";
import {
  advanceRetirement,
  assessKeyRisk,
  type AssessedKey,
  awsKeyControl,
  maskKeyId,
  nextRetirementStep,
  type RetirementState,
  scanAwsKeys,
  scanAzureKeys,
  scanGcpKeys,
  sortByRisk,
  type StaticKey,
} from "../../keys";
import { type CliIo, type CommandRegistration, ExitCode, UsageError } from "../io";
import { progressBar } from "../progress-bar";

/** The AWS connection options every AWS subcommand takes. */
export interface AwsConnectionOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
}

/** Adds `--profile`, `--region` and `--endpoint-url` to a command. */
export function withAwsOptions(command: Command): Command {
  return command
    .option(
      "--profile <name>",
      "AWS shared-config profile (default: the standard credential chain)",
    )
    .option(
      "--region <region>",
      "AWS region of the IAM client; pick one in the partition (cn-north-1, us-gov-west-1) outside aws (default: AWS_REGION, else us-east-1)",
    )
    .option("--endpoint-url <url>", "IAM endpoint to call instead of AWS's");
}

/** An IAM client from the standard credential chain and the command's options. */
export function iamClientFrom(
  options: AwsConnectionOptions,
  env: CliIo["env"] = process.env,
): IAMClient {
  if (options.endpointUrl !== undefined) {
    try {
      new URL(options.endpointUrl);
    } catch {
      throw new UsageError(
        `--endpoint-url: ${JSON.stringify(options.endpointUrl)} is not a URL. Fix: write it as http://127.0.0.1:4566 or https://iam.example.com.`,
      );
    }
  }
  return new IAMClient({
    // IAM is global within a partition; the region only picks the partition's endpoint.
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
  });
}

function wholeDays(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 3650) {
    throw new UsageError(
      `${flag}: ${JSON.stringify(value)} is not a whole number of days from 0 to 3650. Fix: write e.g. ${flag} 30.`,
    );
  }
  return n;
}

const shown = (key: StaticKey, showIds: boolean): string | null => {
  if (key.keyId === undefined) return null;
  return showIds ? key.keyId : maskKeyId(key.keyId);
};

function renderTable(keys: readonly AssessedKey[], showIds: boolean): string {
  const rows = keys.map((k) => [
    k.risk,
    k.cloud,
    k.principal,
    shown(k, showIds) ?? `(slot ${k.slot ?? "?"})`,
    k.status,
    k.ageDays === undefined ? "?" : String(k.ageDays),
    k.lastUsedAt?.slice(0, 10) ?? (k.lastUseKnown ? "never" : "unknown"),
  ]);
  const header = ["RISK", "CLOUD", "PRINCIPAL", "KEY", "STATUS", "AGE (d)", "LAST USED"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

interface ScanFlags extends AwsConnectionOptions {
  readonly fresh?: boolean;
  readonly keyIds?: boolean;
  readonly project?: string[];
  readonly json?: boolean;
  readonly showKeyIds?: boolean;
  readonly staleDays: string;
  readonly maxAgeDays: string;
  readonly iamEndpoint?: string;
  readonly graphEndpoint?: string;
  readonly lastUse?: boolean;
}

async function scan(cloud: string, flags: ScanFlags, io: CliIo): Promise<number> {
  const staleDays = wholeDays(flags.staleDays, "--stale-days");
  const maxAgeDays = wholeDays(flags.maxAgeDays, "--max-age-days");
  const bar = progressBar(io, `scanning ${cloud}`);
  const pool = { onProgress: (done: number, total: number) => bar.update(done, total) };
  let keys: StaticKey[];
  const notes: string[] = [];
  try {
    switch (cloud) {
      case "aws": {
        const result = await scanAwsKeys({
          client: iamClientFrom(flags, io.env),
          source: flags.fresh ? "per-user" : "report",
          resolveKeyIds: flags.keyIds === true,
          pool,
        });
        keys = result.keys;
        if (result.reportGeneratedAt !== undefined) {
          notes.push(
            `credential report generated ${result.reportGeneratedAt} (AWS reuses one for up to 4 hours; --fresh reads keys live)`,
          );
        }
        if (result.source === "report" && flags.keyIds !== true) {
          notes.push(
            "the credential report names key slots, not key IDs: add --key-ids (one call per user with a key) or --fresh",
          );
        }
        break;
      }
      case "gcp":
        if (!flags.project || flags.project.length === 0) {
          throw new UsageError(
            "keys scan gcp: no --project given. Fix: pass --project acme-prod (repeatable).",
          );
        }
        keys = await scanGcpKeys({
          projects: flags.project,
          pool,
          ...(flags.iamEndpoint === undefined ? {} : { endpoint: flags.iamEndpoint }),
          lastUse: flags.lastUse === true,
        });
        if (flags.lastUse !== true) {
          notes.push(
            "GCP last use not read: add --last-use to query Policy Analyzer; ranks use age and expiry only",
          );
        }
        break;
      case "azure":
        keys = await scanAzureKeys(
          flags.graphEndpoint === undefined ? {} : { endpoint: flags.graphEndpoint },
        );
        notes.push("Azure reports no last use per secret: ranks use age and expiry only");
        break;
      default:
        throw new UsageError(
          `keys scan: ${JSON.stringify(cloud)} is not a cloud. Fix: use aws, gcp or azure.`,
        );
    }
  } finally {
    bar.done();
  }
  const now = new Date();
  const assessed = sortByRisk(keys.map((k) => assessKeyRisk(k, now, { staleDays, maxAgeDays })));
  const showIds = flags.showKeyIds === true;
  if (flags.json) {
    const out = assessed.map((k) => ({
      cloud: k.cloud,
      principal: k.principal,
      keyId: shown(k, showIds),
      ...(k.slot === undefined ? {} : { slot: k.slot }),
      status: k.status,
      createdAt: k.createdAt ?? null,
      lastUsedAt: k.lastUsedAt ?? null,
      ageDays: k.ageDays ?? null,
      risk: k.risk,
    }));
    io.stdout.write(`${JSON.stringify({ keys: out }, null, 2)}\n`);
  } else {
    io.stdout.write(
      assessed.length === 0 ? "No long-lived keys found.\n" : renderTable(assessed, showIds),
    );
    for (const note of notes) io.stderr.write(`note: ${note}\n`);
  }
  return assessed.some((k) => k.risk === "unused" || k.risk === "old")
    ? ExitCode.finding
    : ExitCode.ok;
}

interface RetireFlags extends AwsConnectionOptions {
  readonly stage: string;
  readonly yes?: boolean;
  readonly user?: string;
  readonly soakDays: string;
  readonly idleDays: string;
}

async function retire(keyId: string, flags: RetireFlags, io: CliIo): Promise<number> {
  if (flags.stage !== "deactivate" && flags.stage !== "delete") {
    throw new UsageError(
      `--stage: ${JSON.stringify(flags.stage)} is not a stage. Fix: use --stage deactivate or --stage delete.`,
    );
  }
  if (!/^A[A-Z0-9]{15,127}$/.test(keyId)) {
    throw new UsageError(
      `keys retire: ${JSON.stringify(maskKeyId(keyId))} is not an AWS access key ID. GCP and Azure keys are retired with the KeyRetirement resource. Fix: pass an ID from \`keyless keys scan aws --fresh --show-key-ids\`.`,
    );
  }
  const policy = {
    soakDays: wholeDays(flags.soakDays, "--soak-days"),
    idleDays: wholeDays(flags.idleDays, "--idle-days"),
  };
  const control = awsKeyControl(iamClientFrom(flags, io.env), {
    accessKeyId: keyId,
    ...(flags.user === undefined ? {} : { userName: flags.user }),
  });
  const now = new Date();
  const observation = await control.observe();
  // The CLI keeps no state of its own: a deactivation it made is read back from the user tag.
  // A marked key that someone switched back on starts over when asked to deactivate.
  const startOver = flags.stage === "deactivate" && observation.active;
  const state: RetirementState =
    observation.mark === undefined || startOver
      ? { stage: "active" }
      : {
          stage: "deactivated",
          deactivatedAt: observation.mark.deactivatedAt,
          ...(observation.mark.lastUsedAtDeactivation === undefined
            ? {}
            : { lastUsedAtDeactivation: observation.mark.lastUsedAtDeactivation }),
        };
  if (flags.stage === "delete" && state.stage !== "deactivated") {
    throw new UsageError(
      `keys retire --stage delete: ${control.label} has no record of a Keyless deactivation, so no soak can be checked. Fix: run --stage deactivate first and wait --soak-days.`,
    );
  }
  const step = nextRetirementStep(
    policy,
    state,
    observation,
    control.capabilities,
    now,
    control.label,
  );
  const wanted =
    flags.stage === "deactivate"
      ? ["deactivate", "adopt-inactive", "resume-deactivated"]
      : ["delete"];
  if (step.kind === "refuse" || step.kind === "block") {
    io.stderr.write(`keyless: ${step.problem.rule} Fix: ${step.problem.fix}\n`);
    return ExitCode.finding;
  }
  if (flags.stage === "deactivate" && state.stage === "deactivated") {
    io.stdout.write(`${control.label} is already deactivated (since ${state.deactivatedAt}).\n`);
    return ExitCode.ok;
  }
  if (step.kind === "soak") {
    io.stdout.write(
      `${control.label} is soaking until ${step.until} (${step.remainingDays} days left); not deleted.\n`,
    );
    return ExitCode.finding;
  }
  if (step.kind === "record-deleted") {
    io.stdout.write(`${control.label} no longer exists.\n`);
    return ExitCode.ok;
  }
  if (!wanted.includes(step.kind)) {
    io.stdout.write(`${control.label}: nothing to do (${step.kind}).\n`);
    return ExitCode.ok;
  }
  const user = control.userName() ?? "?";
  if (flags.yes !== true) {
    io.stdout.write(
      flags.stage === "deactivate"
        ? `Would deactivate ${control.label} (last used ${observation.lastUsedAt ?? "never"}) and mark user ${user} with the retirement's start. Run again with --yes to do it.\n`
        : `Would delete ${control.label}; it has been inactive since ${state.deactivatedAt} and unused since. Deletion cannot be undone. Run again with --yes to do it.\n`,
    );
    return ExitCode.ok;
  }
  const run = await advanceRetirement(control, policy, state, now, "deactivated");
  if (run.state.stage === "deleted") {
    io.stdout.write(`Deleted ${control.label}.\n`);
  } else {
    io.stdout.write(
      `Deactivated ${control.label}. Delete it after ${policy.soakDays} days with --stage delete. Undo: aws iam update-access-key --user-name ${user} --access-key-id ${keyId} --status Active\n`,
    );
  }
  return ExitCode.ok;
}

async function revoke(
  keyId: string,
  flags: AwsConnectionOptions & { user?: string },
  io: CliIo,
): Promise<number> {
  const control = awsKeyControl(iamClientFrom(flags, io.env), {
    accessKeyId: keyId,
    ...(flags.user === undefined ? {} : { userName: flags.user }),
  });
  const observation = await control.observe();
  if (!observation.exists) {
    throw new UsageError(
      `keys revoke: ${control.label} was not found. Fix: check the key ID and --profile.`,
    );
  }
  if (observation.active) {
    await control.deactivate({
      deactivatedAt: new Date().toISOString(),
      ...(observation.lastUsedAt === undefined
        ? {}
        : { lastUsedAtDeactivation: observation.lastUsedAt }),
    });
  }
  const user = control.userName() ?? "?";
  io.stdout.write(
    `${observation.active ? "Deactivated" : "Already inactive:"} ${control.label} (last used ${observation.lastUsedAt ?? "never"}).\n` +
      `Undo: aws iam update-access-key --user-name ${user} --access-key-id ${keyId} --status Active\n` +
      "Sessions already issued with this key (GetSessionToken, AssumeRole) stay valid until they expire; revoke the roles it assumed with `keyless sessions revoke ROLE`.\n",
  );
  return ExitCode.ok;
}

/** Registers `keyless keys`. */
export const register: CommandRegistration = (program, io, exit) => {
  const keys = program
    .command("keys")
    .description("inventory, retire and revoke long-lived cloud keys");
  withAwsOptions(
    keys
      .command("scan")
      .argument("<cloud>", "aws, gcp or azure")
      .description("list long-lived keys with age and last use, most urgent first")
      .option("--fresh", "AWS: read every user's keys live instead of the credential report")
      .option(
        "--key-ids",
        "AWS report: resolve key IDs with one ListAccessKeys per user with a key",
      )
      .option("--project <id...>", "GCP: project IDs to scan")
      .option("--iam-endpoint <url>", "GCP: IAM API root (default Google's)")
      .option("--last-use", "GCP: read keys' last authentication from Policy Analyzer")
      .option("--graph-endpoint <url>", "Azure: Microsoft Graph root (default Microsoft's)")
      .option("--stale-days <n>", "an active key unused this long is 'unused'", "90")
      .option("--max-age-days <n>", "an active key older than this is 'old'", "90")
      .option("--show-key-ids", "print key IDs in full (masked by default)")
      .option("--json", 'print {"keys": [...]} instead of a table'),
  ).action(async (cloud: string, flags: ScanFlags) => exit(await scan(cloud, flags, io)));
  withAwsOptions(
    keys
      .command("retire")
      .argument("<key-id>", "the AWS access key ID")
      .description(
        "deactivate, then after a soak delete, one AWS access key (dry run without --yes)",
      )
      .requiredOption("--stage <stage>", "deactivate or delete")
      .option("--yes", "make the change (default: print what would be done)")
      .option("--user <name>", "the key's IAM user (found from the key when left out)")
      .option("--soak-days <n>", "days between deactivation and deletion", "14")
      .option("--idle-days <n>", "refuse to deactivate a key used within this many days", "30"),
  ).action(async (keyId: string, flags: RetireFlags) => exit(await retire(keyId, flags, io)));
  withAwsOptions(
    keys
      .command("revoke")
      .argument("<key-id>", "the AWS access key ID")
      .description(
        "deactivate an AWS access key at once (containment: no dry run) and print the undo",
      )
      .option("--user <name>", "the key's IAM user (found from the key when left out)"),
  ).action(async (keyId: string, flags: AwsConnectionOptions & { user?: string }) =>
    exit(await revoke(keyId, flags, io)),
  );
};
