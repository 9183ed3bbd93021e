/**
 * Inventory of AWS IAM users' access keys: the credential report by default, user by user when
 * freshness matters.
 *
 * @module
 */
import type { IAMClient } from "@aws-sdk/client-iam";
import { KeylessError } from "../errors";
import type { AdaptivePoolOptions } from "./adaptive-pool";
import { countingIam } from "./aws-calls";
import {
  type ReportPollOptions,
  readCredentialReport,
  resolveReportKeyIds,
} from "./aws-report-scan";
import { scanUsersOneByOne } from "./aws-user-scan";
import type { StaticKey } from "./static-key";

/** Options of {@link scanAwsKeys}. */
export interface AwsScanOptions {
  /** The IAM client (region, credentials, endpoint already set). */
  readonly client: Pick<IAMClient, "send">;
  /**
   * `report` reads the credential report (a few calls whatever the account's size; up to four
   * hours old, and no key IDs unless `resolveKeyIds`); `per-user` calls `ListUsers`,
   * `ListAccessKeys` and `GetAccessKeyLastUsed` (current, three calls or more per user).
   * @default "report"
   */
  readonly source?: "report" | "per-user";
  /**
   * With the report: also call `ListAccessKeys` for each user who has a key, to fill in key IDs.
   * @default false
   */
  readonly resolveKeyIds?: boolean;
  /** Polling of the report. */
  readonly report?: ReportPollOptions;
  /** Concurrency and throttling backoff of per-user calls. */
  readonly pool?: AdaptivePoolOptions;
}

/** What {@link scanAwsKeys} found. */
export interface AwsScanResult {
  /** One entry per access key. */
  readonly keys: StaticKey[];
  /** Where the data came from. */
  readonly source: "report" | "per-user";
  /** When the credential report was generated (report source only). */
  readonly reportGeneratedAt?: string;
  /** IAM API calls made, each try counted. */
  readonly apiCalls: number;
}

/**
 * Lists the access keys of every IAM user in the account, with status, creation and last use.
 *
 * @example
 * ```ts
 * const { keys } = await scanAwsKeys({ client: new IAMClient({ region: "us-east-1" }) });
 * ```
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
export async function scanAwsKeys(options: AwsScanOptions): Promise<AwsScanResult> {
  try {
    return await scan(options);
  } catch (err) {
    throw explainFailure(err, options.source ?? "report");
  }
}

const permissions = {
  report:
    "iam:GenerateCredentialReport and iam:GetCredentialReport (plus iam:ListAccessKeys for key IDs)",
  "per-user": "iam:ListUsers, iam:ListAccessKeys and iam:GetAccessKeyLastUsed",
} as const;

// Missing credentials and denied calls are the usual first-run failures: say which fix applies.
function explainFailure(err: unknown, source: "report" | "per-user"): unknown {
  if (KeylessError.isInstance(err)) return err;
  const name = (err as { name?: unknown }).name;
  const message = (err as { message?: unknown }).message;
  if (name === "CredentialsProviderError") {
    return new KeylessError(
      "ERR_ACCESS_DENIED",
      "No AWS credentials were found in the standard chain. Fix: pass --profile, set AWS_PROFILE, or sign in (aws sso login).",
      { cause: err },
    );
  }
  if (name === "AccessDenied" || name === "AccessDeniedException") {
    return new KeylessError(
      "ERR_ACCESS_DENIED",
      `IAM denied the key inventory (${String(message)}). Fix: grant the caller ${permissions[source]}.`,
      { cause: err },
    );
  }
  return err;
}

async function scan(options: AwsScanOptions): Promise<AwsScanResult> {
  const iam = countingIam(options.client);
  if (options.source === "per-user") {
    const keys = await scanUsersOneByOne(iam.send, options.pool);
    return { keys, source: "per-user", apiCalls: iam.calls() };
  }
  const report = await readCredentialReport(iam.send, options.report);
  const keys = options.resolveKeyIds
    ? await resolveReportKeyIds(iam.send, report.keys, options.pool)
    : report.keys;
  return {
    keys,
    source: "report",
    ...(report.generatedAt === undefined ? {} : { reportGeneratedAt: report.generatedAt }),
    apiCalls: iam.calls(),
  };
}
