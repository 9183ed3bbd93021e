/**
 * `keyless creds aws|gcp|azure`: exchanges the platform's OIDC token for short-lived cloud
 * credentials and prints them for tools that cannot link the library.
 *
 * In GitHub Actions every secret value is masked (`::add-mask::`) before anything else is printed,
 * except in the formats whose output is read by a program rather than the log
 * (`credential-process`, `executable-response`). Nothing is written into the workspace; with
 * `--write-file` the output goes to a file in the runner's temporary folder, mode 0600.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { type IdentityManifest, MANIFEST_VERSION } from "../../manifest";
import { parseDuration } from "../../trust";
import {
  AWS_DEFAULT_AUDIENCE,
  CredentialCache,
  awsCredentialsEntry,
  awsOptionsFromManifest,
  azureCredentialsEntry,
  azureOptionsFromManifest,
  gcpOptionsFromManifest,
  fromCommand,
  fromEnvironmentVariable,
  fromFile,
  fromPlatform,
  gcpCredentialsEntry,
  GCP_IAM_CREDENTIALS_ENDPOINT,
  GCP_STS_ENDPOINT,
  type GcpExchangeOptions,
  type TokenSource,
} from "../../runtime";
import { type CliIo, type CommandRegistration, ExitCode, UsageError } from "../io";

/** A token source named on the command line: `auto`, `file:PATH`, `env:NAME`, `command:CMD ARGS`. */
export function tokenSourceFromOption(text: string, env: CliIo["env"]): TokenSource {
  if (text === "auto") return fromPlatform({ env });
  const [kind, ...rest] = text.split(":");
  const value = rest.join(":");
  if (kind === "file" && value) return fromFile({ path: value });
  if (kind === "env" && value) return fromEnvironmentVariable({ name: value, env });
  if (kind === "command" && value.trim()) {
    const [file, ...args] = value.trim().split(/\s+/) as [string, ...string[]];
    return fromCommand({ command: [file, ...args], env });
  }
  throw new UsageError(
    `--token-source: "${text}" is not a token source. Fix: write auto, file:PATH, env:NAME or ` +
      "command:PROGRAM ARGS.",
  );
}

function seconds(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseDuration(/^\d+$/.test(text) ? Number(text) : text, option);
  if (typeof parsed !== "number")
    throw new UsageError(`${option}: "${text}" — ${parsed.rule} Fix: ${parsed.fix}`);
  return parsed;
}

function json(text: string | undefined, option: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${option}: the value is not JSON. Fix: pass a JSON document.`);
  }
}

/**
 * Reads the manifest named by `--manifest`: one identity's manifest, or a JSON array of them from
 * which `--identity` chooses.
 */
function loadManifest(
  io: CliIo,
  path: string | undefined,
  identity: string | undefined,
): IdentityManifest | undefined {
  if (path === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(io.cwd, path), "utf8"));
  } catch (err) {
    throw new UsageError(
      `--manifest: ${path} cannot be read as JSON (${(err as Error).message}). Fix: pass a ` +
        "manifest written by `keyless plan --json` or a component.",
      { cause: err },
    );
  }
  const all = (Array.isArray(parsed) ? parsed : [parsed]) as IdentityManifest[];
  const chosen =
    identity === undefined
      ? all.length === 1
        ? all[0]
        : undefined
      : all.find((m) => m.identity === identity);
  if (chosen === undefined || chosen.version !== MANIFEST_VERSION) {
    const names = all.map((m) => `"${m.identity}"`).join(", ");
    throw new UsageError(
      chosen === undefined
        ? `--identity: ${identity === undefined ? "none given" : `"${identity}" is not in ${path}`}; ` +
            `the manifest holds ${names}. Fix: name one with --identity.`
        : `--manifest: ${path} has version ${String(chosen.version)}; this keyless reads version ` +
            `${MANIFEST_VERSION}. Fix: regenerate it.`,
    );
  }
  return chosen;
}

/** An option that is required unless the manifest provides it. */
function need<T>(value: T | undefined, option: string): T {
  if (value === undefined) {
    throw new UsageError(`${option} is required unless --manifest provides it.`);
  }
  return value;
}

/** Prints the result: masks first in GitHub Actions, or writes a 0600 file in the temp folder. */
function emit(
  io: CliIo,
  output: string,
  secrets: readonly string[],
  options: { readonly mask: boolean; readonly writeFile: boolean },
): void {
  if (options.mask && io.env["GITHUB_ACTIONS"] === "true") {
    for (const s of secrets) io.stdout.write(`::add-mask::${s}\n`);
  }
  if (!options.writeFile) {
    io.stdout.write(output);
    return;
  }
  // Never the workspace: the runner's temp folder is cleaned after the job.
  const dir = io.env["RUNNER_TEMP"] || tmpdir();
  const path = join(dir, `keyless-${randomBytes(6).toString("hex")}`);
  writeFileSync(path, output, { mode: 0o600, flag: "wx" });
  io.stdout.write(`${path}\n`);
}

/** `--json`, which every command takes, is `--format json` here. */
function withJson<T extends CommonFlags>(flags: T): T {
  return flags.json === true ? { ...flags, format: "json" } : flags;
}

/** Misuse caught at the library's boundary is unusable input for the command: exit 2. */
function asUsage<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args);
    } catch (err) {
      if (err instanceof TypeError || err instanceof RangeError) {
        throw new UsageError(err.message, { cause: err });
      }
      throw err;
    }
  };
}

/**
 * Quotes one argument the way Google's executable-sourced credentials split a command: on spaces,
 * except inside double quotes (which are then removed). A double quote inside a value cannot be
 * expressed, so it is refused.
 */
function commandArgument(value: string, option: string): string {
  if (value.includes('"')) {
    throw new UsageError(
      `${option}: "${value}" contains a double quote, which the command cannot carry.`,
    );
  }
  return /\s/.test(value) ? `"${value}"` : value;
}

/** The flags every `creds` subcommand takes, as commander parses them. */
interface CommonFlags {
  readonly format: string;
  readonly json?: boolean;
  readonly tokenSource: string;
  readonly writeFile?: boolean;
  readonly manifest?: string;
  readonly identity?: string;
}

interface AwsFlags extends CommonFlags {
  readonly roleArn?: string;
  readonly duration?: string;
  readonly audience?: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly sessionName?: string;
  readonly policy?: string;
  readonly policyArn?: string[];
}

interface GcpFlags extends CommonFlags {
  readonly provider?: string;
  readonly serviceAccount?: string;
  readonly lifetime?: string;
  readonly audience?: string;
  readonly accessBoundary?: string;
  readonly stsEndpoint: string;
  readonly iamCredentialsEndpoint: string;
  readonly keylessCommand: string;
}

interface AzureFlags extends CommonFlags {
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly scope: string[];
  readonly ttl?: string;
  readonly authorityHost?: string;
}

function registerAws(parent: Command, io: CliIo): void {
  parent
    .command("aws")
    .description("assume an AWS role with the job's OIDC token")
    .option("--role-arn <arn>", "the role to assume (required without --manifest)")
    .option("--duration <ttl>", "the session's TTL (DurationSeconds), e.g. 15m (default: 1h)")
    .option("--audience <aud>", `the token audience (default: ${AWS_DEFAULT_AUDIENCE})`)
    .option("--manifest <file>", "an identity manifest: role, TTL, audience, and a claims check")
    .option("--identity <name>", "the identity in a manifest that holds several")
    .option("--region <region>", "the STS region")
    .option("--endpoint <url>", "the STS endpoint")
    .option("--session-name <name>", "the role session name (default: from the run)")
    .option("--policy <json>", "an inline session policy that narrows the role")
    .option("--policy-arn <arn...>", "managed session policies that narrow the role")
    .option("--token-source <source>", "auto, file:PATH, env:NAME or command:CMD", "auto")
    .option("--format <format>", "env, credential-process or json", "env")
    .option("--write-file", "write to a 0600 file in the runner's temp folder; print its path")
    .option("--json", "the same as --format json")
    .action(
      asUsage(async (flags: AwsFlags) => {
        const o = withJson(flags);
        const policy = json(o.policy, "--policy");
        const arns = o.policyArn;
        const manifest = loadManifest(io, o.manifest, o.identity);
        const declared = manifest === undefined ? undefined : awsOptionsFromManifest(manifest);
        const entry = awsCredentialsEntry({
          roleArn: need(o.roleArn ?? declared?.roleArn, "--role-arn"),
          tokenSource: tokenSourceFromOption(o.tokenSource, io.env),
          durationSeconds: seconds(o.duration, "--duration") ?? declared?.durationSeconds ?? 3600,
          audience: o.audience ?? declared?.audience ?? AWS_DEFAULT_AUDIENCE,
          ...(declared === undefined ? {} : { expect: declared.expect }),
          env: io.env,
          cache: new CredentialCache(),
          ...(o.region ? { region: o.region } : {}),
          ...(o.endpoint ? { endpoint: o.endpoint } : {}),
          ...(o.sessionName ? { roleSessionName: o.sessionName } : {}),
          ...(policy !== undefined || arns !== undefined
            ? {
                sessionPolicy: {
                  ...(policy === undefined ? {} : { policy: policy as object }),
                  ...(arns === undefined ? {} : { policyArns: arns }),
                },
              }
            : {}),
        });
        const c = await entry.get();
        const expiration = c.expiration!.toISOString();
        const secrets = [c.accessKeyId, c.secretAccessKey, c.sessionToken ?? ""];
        let output: string;
        switch (o.format) {
          case "env":
            output =
              `AWS_ACCESS_KEY_ID=${c.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${c.secretAccessKey}\n` +
              `AWS_SESSION_TOKEN=${c.sessionToken}\nAWS_CREDENTIAL_EXPIRATION=${expiration}\n`;
            break;
          case "credential-process":
            output = `${JSON.stringify({
              Version: 1,
              AccessKeyId: c.accessKeyId,
              SecretAccessKey: c.secretAccessKey,
              SessionToken: c.sessionToken,
              Expiration: expiration,
            })}\n`;
            break;
          case "json":
            output = `${JSON.stringify({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration }, null, 2)}\n`;
            break;
          default:
            throw new UsageError(
              `--format: "${o.format}" is not one of env, credential-process, json.`,
            );
        }
        emit(io, output, secrets, {
          mask: o.format !== "credential-process",
          writeFile: !!o.writeFile,
        });
      }),
    );
}

function registerGcp(parent: Command, io: CliIo): void {
  parent
    .command("gcp")
    .description("exchange the job's OIDC token for a GCP access token")
    .option(
      "--provider <name>",
      "projects/N/locations/global/workloadIdentityPools/P/providers/X (required without --manifest)",
    )
    .option(
      "--service-account <email>",
      "the service account to impersonate (default: direct access)",
    )
    .option("--lifetime <ttl>", "the token's lifetime, e.g. 15m (default: 1h)")
    .option("--audience <aud>", "the token audience (default: the provider's)")
    .option("--manifest <file>", "an identity manifest: provider, account, TTL, and a claims check")
    .option("--identity <name>", "the identity in a manifest that holds several")
    .option("--access-boundary <json>", "a credential access boundary that narrows the token")
    .option("--sts-endpoint <url>", "the STS token endpoint", GCP_STS_ENDPOINT)
    .option(
      "--iam-credentials-endpoint <url>",
      "the IAM Credentials API",
      GCP_IAM_CREDENTIALS_ENDPOINT,
    )
    .option("--token-source <source>", "auto, file:PATH, env:NAME or command:CMD", "auto")
    .option("--format <format>", "env, json, external-account or executable-response", "env")
    .option("--keyless-command <cmd>", "how the external-account config runs keyless", "keyless")
    .option("--write-file", "write to a 0600 file in the runner's temp folder; print its path")
    .option("--json", "the same as --format json")
    .action(
      asUsage(async (flags: GcpFlags) => {
        const o = withJson(flags);
        const manifest = loadManifest(io, o.manifest, o.identity);
        const declared =
          manifest === undefined ? undefined : gcpOptionsFromManifest(manifest, o.provider);
        const provider = need(o.provider ?? declared?.providerName, "--provider");
        const lifetimeSeconds =
          seconds(o.lifetime, "--lifetime") ?? declared?.lifetimeSeconds ?? 3600;
        const audience =
          o.audience ?? declared?.audience ?? `https://iam.googleapis.com/${provider}`;
        const serviceAccount = o.serviceAccount ?? declared?.serviceAccountEmail;
        const source = tokenSourceFromOption(o.tokenSource, io.env);
        if (o.format === "external-account") {
          // The configuration holds no secret: Google's libraries run the command for each token.
          const sa = serviceAccount;
          const command = [
            o.keylessCommand,
            "creds gcp",
            `--provider ${commandArgument(provider, "--provider")}`,
            `--audience ${commandArgument(audience, "--audience")}`,
            `--token-source ${commandArgument(o.tokenSource, "--token-source")}`,
            "--format executable-response",
          ].join(" ");
          const config = {
            type: "external_account",
            audience: `//iam.googleapis.com/${provider}`,
            subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
            token_url: o.stsEndpoint,
            credential_source: { executable: { command, timeout_millis: 30000 } },
            ...(sa === undefined
              ? {}
              : {
                  service_account_impersonation_url: `${o.iamCredentialsEndpoint}/v1/projects/-/serviceAccounts/${sa}:generateAccessToken`,
                  service_account_impersonation: { token_lifetime_seconds: lifetimeSeconds },
                }),
          };
          emit(io, `${JSON.stringify(config, null, 2)}\n`, [], {
            mask: false,
            writeFile: !!o.writeFile,
          });
          return;
        }
        if (o.format === "executable-response") {
          // Google's executable-sourced credentials protocol: the OIDC token, not an access token.
          const token = await source.getToken({ audience });
          const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as {
            exp?: number;
          };
          const response = {
            version: 1,
            success: true,
            token_type: "urn:ietf:params:oauth:token-type:jwt",
            id_token: token,
            ...(payload.exp === undefined ? {} : { expiration_time: payload.exp }),
          };
          emit(io, `${JSON.stringify(response)}\n`, [token], { mask: false, writeFile: false });
          return;
        }
        const boundary = json(o.accessBoundary, "--access-boundary");
        const entry = gcpCredentialsEntry({
          providerName: provider,
          tokenSource: source,
          audience,
          lifetimeSeconds,
          stsEndpoint: o.stsEndpoint,
          iamCredentialsEndpoint: o.iamCredentialsEndpoint,
          cache: new CredentialCache(),
          ...(serviceAccount ? { serviceAccountEmail: serviceAccount } : {}),
          ...(declared === undefined ? {} : { expect: declared.expect }),
          ...(boundary === undefined
            ? {}
            : { accessBoundary: boundary as NonNullable<GcpExchangeOptions["accessBoundary"]> }),
        });
        const token = await entry.get();
        const expiration = new Date(entry.state().expiresAt!).toISOString();
        let output: string;
        if (o.format === "env") {
          output =
            `CLOUDSDK_AUTH_ACCESS_TOKEN=${token.accessToken}\nGOOGLE_OAUTH_ACCESS_TOKEN=${token.accessToken}\n` +
            `GOOGLE_OAUTH_ACCESS_TOKEN_EXPIRATION=${expiration}\n`;
        } else if (o.format === "json") {
          output = `${JSON.stringify({ accessToken: token.accessToken, kind: token.kind, expiration }, null, 2)}\n`;
        } else {
          throw new UsageError(
            `--format: "${o.format}" is not one of env, json, external-account, executable-response.`,
          );
        }
        emit(io, output, [token.accessToken], { mask: true, writeFile: !!o.writeFile });
      }),
    );
}

function registerAzure(parent: Command, io: CliIo): void {
  parent
    .command("azure")
    .description("exchange the job's OIDC token for an Entra access token")
    .option("--tenant-id <guid>", "the Entra tenant (required without --manifest)")
    .option("--client-id <guid>", "the app registration or managed identity (idem)")
    .option("--manifest <file>", "an identity manifest: tenant, client, TTL, and a claims check")
    .option("--identity <name>", "the identity in a manifest that holds several")
    .option("--scope <scope...>", "the token's scopes", ["https://management.azure.com/.default"])
    .option("--ttl <ttl>", "refresh after at most this long (default: 1h)")
    .option("--authority-host <url>", "the Entra authority host")
    .option("--token-source <source>", "auto, file:PATH, env:NAME or command:CMD", "auto")
    .option("--format <format>", "env or json", "env")
    .option("--write-file", "write to a 0600 file in the runner's temp folder; print its path")
    .option("--json", "the same as --format json")
    .action(
      asUsage(async (flags: AzureFlags) => {
        const o = withJson(flags);
        const manifest = loadManifest(io, o.manifest, o.identity);
        const declared = manifest === undefined ? undefined : azureOptionsFromManifest(manifest);
        const entry = azureCredentialsEntry({
          tenantId: need(o.tenantId ?? declared?.tenantId, "--tenant-id"),
          clientId: need(o.clientId ?? declared?.clientId, "--client-id"),
          scopes: o.scope,
          ttlSeconds: seconds(o.ttl, "--ttl") ?? declared?.ttlSeconds ?? 3600,
          ...(declared === undefined
            ? {}
            : { audience: declared.audience, expect: declared.expect }),
          tokenSource: tokenSourceFromOption(o.tokenSource, io.env),
          cache: new CredentialCache(),
          ...(o.authorityHost ? { authorityHost: o.authorityHost } : {}),
        });
        const token = await entry.get();
        const expiration = new Date(token.expiresOnTimestamp).toISOString();
        let output: string;
        if (o.format === "env") {
          output = `AZURE_ACCESS_TOKEN=${token.token}\nAZURE_ACCESS_TOKEN_EXPIRES_ON=${expiration}\n`;
        } else if (o.format === "json") {
          output = `${JSON.stringify({ accessToken: token.token, expiresOn: expiration }, null, 2)}\n`;
        } else {
          throw new UsageError(`--format: "${o.format}" is not one of env, json.`);
        }
        emit(io, output, [token.token], { mask: true, writeFile: !!o.writeFile });
      }),
    );
}

/** Registers `keyless creds aws|gcp|azure`. */
export const register: CommandRegistration = (program, io, exit) => {
  const creds = program
    .command("creds")
    .description("exchange this job's OIDC token for short-lived cloud credentials");
  registerAws(creds, io);
  registerGcp(creds, io);
  registerAzure(creds, io);
  creds.hook("postAction", () => exit(ExitCode.ok));
};
