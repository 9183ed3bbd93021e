/**
 * The AWS credential report path: a handful of calls whatever the account's size.
 * `GenerateCredentialReport` is polled until its state is `COMPLETE`, then `GetCredentialReport`
 * returns the CSV. AWS reuses a report younger than four hours, so a repeated scan costs two calls.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html
 * @module
 */
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { KeylessError } from "../errors";
import { type AdaptivePoolOptions, mapAdaptive, realSleep } from "./adaptive-pool";
import type { IamSend } from "./aws-calls";
import { parseCredentialReport } from "./credential-report";
import type { StaticKey } from "./static-key";

/** How long and how often the report is polled. */
export interface ReportPollOptions {
  /**
   * Give up waiting for the report after this many milliseconds.
   * @default 300000 (five minutes)
   */
  readonly timeoutMs?: number;
  /**
   * First wait between polls, in milliseconds; doubled each poll up to 10 s.
   * @default 1000
   */
  readonly initialDelayMs?: number;
  /** Waits `ms` milliseconds; replaced in tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock, for the timeout. @default Date.now */
  readonly clock?: () => number;
}

/** What {@link readCredentialReport} returns. */
export interface CredentialReport {
  /** One key per occupied slot, without key IDs. */
  readonly keys: StaticKey[];
  /** When AWS generated the report (it can be up to four hours old). */
  readonly generatedAt?: string;
}

// Error names the SDK gives the report's wire codes (ReportInProgress, ReportExpired, ReportNotPresent).
const notReady = new Set(["CredentialReportNotReadyException", "ReportInProgress"]);
const regenerate = new Set([
  "CredentialReportExpiredException",
  "CredentialReportNotPresentException",
  "ReportExpired",
  "ReportNotPresent",
]);

/**
 * Generates (or reuses) the credential report, waits for it with backoff, and parses it.
 *
 * @throws KeylessError `ERR_CLOUD_API` when the report is not ready within `timeoutMs`.
 */
export async function readCredentialReport(
  send: IamSend,
  options: ReportPollOptions = {},
): Promise<CredentialReport> {
  const sleep = options.sleep ?? realSleep;
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const deadline = clock() + timeoutMs;
  let delayMs = options.initialDelayMs ?? 1000;
  const wait = async () => {
    if (clock() + delayMs > deadline) {
      throw new KeylessError(
        "ERR_CLOUD_API",
        `The IAM credential report was not ready after ${Math.round(timeoutMs / 1000)} s. Run the scan again in a few minutes, or use --fresh to read keys user by user.`,
      );
    }
    await sleep(delayMs);
    delayMs = Math.min(10_000, delayMs * 2);
  };

  for (;;) {
    const generated = await send(new GenerateCredentialReportCommand({}));
    if (generated.State !== "COMPLETE") {
      await wait();
      continue;
    }
    try {
      const report = await send(new GetCredentialReportCommand({}));
      const csv = new TextDecoder().decode(report.Content ?? new Uint8Array());
      return {
        keys: parseCredentialReport(csv),
        ...(report.GeneratedTime === undefined
          ? {}
          : { generatedAt: report.GeneratedTime.toISOString() }),
      };
    } catch (err) {
      const name = (err as { name?: string }).name ?? "";
      if (!notReady.has(name) && !regenerate.has(name)) throw err;
      await wait();
    }
  }
}

/**
 * Fills in the key IDs the report does not carry, with one `ListAccessKeys` call per user who has
 * a key (not per user in the account). A slot is matched to the key created at the same second;
 * failing that, to the user's keys in creation order.
 */
export async function resolveReportKeyIds(
  send: IamSend,
  keys: readonly StaticKey[],
  pool: AdaptivePoolOptions = {},
): Promise<StaticKey[]> {
  // The root user's keys cannot be listed by user name; they keep their slot only.
  const users = [...new Set(keys.map((k) => k.principal))].filter((u) => u !== "<root_account>");
  const listed = await mapAdaptive(
    users,
    async (userName) => {
      const out = await send(new ListAccessKeysCommand({ UserName: userName }));
      return [userName, out.AccessKeyMetadata ?? []] as const;
    },
    pool,
  );
  const byUser = new Map(listed);
  return keys.map((key) => {
    const metadata = [...(byUser.get(key.principal) ?? [])].sort(
      (a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0),
    );
    const second = (iso: string | undefined) =>
      iso === undefined ? undefined : Math.floor(Date.parse(iso) / 1000);
    const match =
      metadata.find(
        (m) =>
          m.CreateDate !== undefined &&
          second(m.CreateDate.toISOString()) === second(key.createdAt),
      ) ?? metadata[(key.slot ?? 1) - 1];
    return match?.AccessKeyId === undefined ? key : { ...key, keyId: match.AccessKeyId };
  });
}
