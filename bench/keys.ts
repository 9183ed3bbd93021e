/**
 * Inventory cost of AWS access keys: the credential report versus user-by-user calls, for
 * accounts of 100, 1,000 and 5,000 users, against a simulated IAM with a fixed latency per call.
 *
 * Run: npx tsx bench/keys.ts
 *
 * The simulation: every call takes LATENCY_MS; every user has one access key; ListUsers pages
 * hold 1,000 users; the report is ready on the second GenerateCredentialReport poll. IAM's real
 * report takes seconds to generate and its per-account rate limits slow the per-user path
 * further, so the times here flatter the per-user path; the call counts are exact.
 */
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
} from "@aws-sdk/client-iam";
import { scanAwsKeys } from "../sdk/keys";

const LATENCY_MS = 5;
const SIZES = [100, 1_000, 5_000] as const;
const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

const delay = () => new Promise((resolve) => setTimeout(resolve, LATENCY_MS));

function simulatedIam(userCount: number) {
  const name = (i: number) => `svc-${String(i).padStart(5, "0")}`;
  const keyId = (i: number) => `AKIAEXAMPLE${String(i).padStart(9, "0")}`;
  const created = new Date("2022-01-01T00:00:00Z");
  const used = new Date("2026-11-01T00:00:00Z");
  let polls = 0;
  const csv = () =>
    [
      HEADER,
      ...Array.from(
        { length: userCount },
        (_, i) =>
          `${name(i)},arn:aws:iam::123456789012:user/${name(i)},2022-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2022-01-01T00:00:00+00:00,2026-11-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
      ),
    ].join("\n");
  const send = async (command: object): Promise<unknown> => {
    await delay();
    if (command instanceof GenerateCredentialReportCommand) {
      return { State: ++polls >= 2 ? "COMPLETE" : "STARTED" };
    }
    if (command instanceof GetCredentialReportCommand) {
      return {
        Content: new TextEncoder().encode(csv()),
        ReportFormat: "text/csv",
        GeneratedTime: new Date(),
      };
    }
    if (command instanceof ListUsersCommand) {
      const start = Number(command.input.Marker ?? 0);
      const end = Math.min(userCount, start + (command.input.MaxItems ?? 100));
      return {
        Users: Array.from({ length: end - start }, (_, j) => ({
          UserName: name(start + j),
          CreateDate: created,
        })),
        IsTruncated: end < userCount,
        ...(end < userCount ? { Marker: String(end) } : {}),
      };
    }
    if (command instanceof ListAccessKeysCommand) {
      const i = Number(command.input.UserName?.slice(4));
      return {
        AccessKeyMetadata: [{ AccessKeyId: keyId(i), Status: "Active", CreateDate: created }],
        IsTruncated: false,
      };
    }
    if (command instanceof GetAccessKeyLastUsedCommand) {
      return { AccessKeyLastUsed: { LastUsedDate: used, ServiceName: "s3", Region: "us-east-1" } };
    }
    throw new Error(`the simulation does not answer ${command.constructor.name}`);
  };
  return { send } as never;
}

async function measure(users: number, source: "report" | "per-user") {
  const started = performance.now();
  const result = await scanAwsKeys({
    client: simulatedIam(users),
    source,
    report: { initialDelayMs: 50 },
    pool: { initialConcurrency: 16, maxConcurrency: 16 },
  });
  if (result.keys.length !== users)
    throw new Error(`expected ${users} keys, found ${result.keys.length}`);
  return { calls: result.apiCalls, ms: performance.now() - started };
}

async function main() {
  console.log(`AWS key inventory, simulated IAM at ${LATENCY_MS} ms per call, 16 calls in flight`);
  console.log(
    "users   report calls  report ms   per-user calls  per-user ms   call ratio  time ratio",
  );
  for (const users of SIZES) {
    const report = await measure(users, "report");
    const perUser = await measure(users, "per-user");
    const callRatio = perUser.calls / report.calls;
    console.log(
      [
        String(users).padEnd(6),
        String(report.calls).padStart(13),
        report.ms.toFixed(0).padStart(10),
        String(perUser.calls).padStart(16),
        perUser.ms.toFixed(0).padStart(12),
        `${callRatio.toFixed(0)}×`.padStart(12),
        `${(perUser.ms / report.ms).toFixed(1)}×`.padStart(11),
      ].join(" "),
    );
    if (users === 5_000 && callRatio < 100) {
      console.log(
        `target missed: ${callRatio.toFixed(0)}× fewer calls at 5,000 users (want ≥ 100×)`,
      );
      process.exitCode = 1;
    }
  }
}

void main();
