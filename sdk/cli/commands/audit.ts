/**
 * `keyless audit aws|gcp|azure`: reads a live account's federated trust with the cloud's SDK and
 * the standard credential chain, and lints it.
 *
 * @module
 */
import { DefaultAzureCredential } from "@azure/identity";
import { GoogleAuth } from "google-auth-library";
import {
  auditAws,
  auditAzure,
  auditGcp,
  type AuditResult,
  createIamClient,
  type GcpRequestClient,
} from "../../audit";
import { KeylessError } from "../../errors";
import {
  type FindingGroup,
  findingJson,
  findingsExitCode,
  formatFindingGroups,
} from "../findings-output";
import { type CliIo, type CommandRegistration, UsageError } from "../io";

interface AuditFlags {
  readonly json?: boolean;
  readonly profile?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly project?: string;
  readonly subscription?: string;
}

const clouds = ["aws", "gcp", "azure"] as const;

/** Registers `keyless audit`. */
export const register: CommandRegistration = (program, io, exit) => {
  program
    .command("audit")
    .argument("<cloud>", "aws, gcp or azure")
    .option("--json", 'print {"cloud", "scope", "notes", "findings": [...]} instead of text')
    .option("--profile <name>", "AWS: a profile of the shared config files")
    .option("--region <region>", "AWS: the region whose endpoint to use (IAM is global)")
    .option("--project <id>", "GCP: the project to read (default: the credentials' project)")
    .option(
      "--subscription <id>",
      "Azure: the subscription to read (default: AZURE_SUBSCRIPTION_ID)",
    )
    .option("--endpoint-url <url>", "another API endpoint, e.g. an emulator")
    .description(
      "lint the federated trust of a live AWS account, GCP project or Azure subscription",
    )
    .action(async (cloud: string, flags: AuditFlags) => {
      const result = await runAudit(cloud, flags, io);
      const groups: FindingGroup[] = result.resources.map((r) => ({
        source: r.resource,
        kinds: [r.kind],
        findings: r.findings,
      }));
      const findings = groups.flatMap((g) => g.findings);
      if (flags.json === true) {
        const json = {
          cloud: result.cloud,
          scope: result.scope,
          notes: result.notes,
          findings: groups.flatMap((g) =>
            g.findings.map((f) => findingJson("resource", g.source, f)),
          ),
        };
        io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else {
        const header = [
          `Audit of ${result.scope} (${result.cloud})`,
          ...result.notes.map((n) => `  ${n}`),
        ];
        io.stdout.write(`${header.join("\n")}\n\n${formatFindingGroups(groups)}`);
      }
      exit(findingsExitCode(findings));
    });
};

async function runAudit(cloud: string, flags: AuditFlags, io: CliIo): Promise<AuditResult> {
  // Progress only for a person watching: a pipe or a CI log gets the result alone.
  const onProgress =
    io.stderr.isTTY === true
      ? (m: string) => void io.stderr.write(`keyless audit: ${m}\n`)
      : undefined;
  const progress = onProgress === undefined ? {} : { onProgress };
  switch (cloud) {
    case "aws": {
      const client = createIamClient({
        ...(flags.profile === undefined ? {} : { profile: flags.profile }),
        ...(flags.region === undefined ? {} : { region: flags.region }),
        ...(flags.endpointUrl === undefined ? {} : { endpointUrl: flags.endpointUrl }),
      });
      try {
        return await auditAws({ client, ...progress });
      } finally {
        client.destroy();
      }
    }
    case "gcp": {
      const given = flags.project ?? io.env["GOOGLE_CLOUD_PROJECT"];
      // A known project keeps the library from looking one up through another API.
      const auth = new GoogleAuth({
        scopes: "https://www.googleapis.com/auth/cloud-platform",
        ...(given === undefined ? {} : { projectId: given }),
      });
      const project = given ?? (await gcpProject(auth));
      const client = await gcpClient(auth);
      return auditGcp({
        client,
        project,
        ...(flags.endpointUrl === undefined ? {} : { endpointUrl: flags.endpointUrl }),
        ...progress,
      });
    }
    case "azure": {
      const subscriptionId = flags.subscription ?? io.env["AZURE_SUBSCRIPTION_ID"];
      if (subscriptionId === undefined || subscriptionId === "") {
        throw new UsageError(
          "audit azure needs a subscription: pass --subscription <id> or set AZURE_SUBSCRIPTION_ID.",
        );
      }
      return auditAzure({
        credential: new DefaultAzureCredential(),
        subscriptionId,
        ...(flags.endpointUrl === undefined ? {} : { endpointUrl: flags.endpointUrl }),
        ...progress,
      });
    }
    default:
      throw new UsageError(`audit reads ${clouds.join(", ")}; got "${cloud}".`);
  }
}

async function gcpProject(auth: GoogleAuth): Promise<string> {
  try {
    return await auth.getProjectId();
  } catch (error) {
    throw new UsageError(
      "audit gcp needs a project: pass --project <id>, or set GOOGLE_CLOUD_PROJECT.",
      { cause: error },
    );
  }
}

async function gcpClient(auth: GoogleAuth): Promise<GcpRequestClient> {
  try {
    return (await auth.getClient()) as unknown as GcpRequestClient;
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).split("\n")[0];
    throw new KeylessError(
      "ERR_CLOUD_API",
      `No usable Google credentials (${reason}). Run \`gcloud auth application-default login\`, or set GOOGLE_APPLICATION_CREDENTIALS to a credential file (workload identity federation or a user's).`,
      { cause: error },
    );
  }
}
