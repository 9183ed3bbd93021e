import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CredentialReportExpiredException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  IAMClient,
  IAMServiceException,
  ListAccessKeysCommand,
  ListUsersCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { KeylessError } from "../../sdk/errors";
import { scanAwsKeys } from "../../sdk/keys";

const iam = mockClient(IAMClient);
const client = new IAMClient({ region: "us-east-1" });
const csv = readFileSync(join(__dirname, "../fixtures/keys/credential-report.csv"), "utf8");
const noWait = { sleep: async () => {}, initialDelayMs: 1 };
const meta = { httpStatusCode: 200, requestId: "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE" };

const throttling = () =>
  new IAMServiceException({
    name: "Throttling",
    $fault: "client",
    message: "Rate exceeded",
    $metadata: { httpStatusCode: 400 },
  });

beforeEach(() => iam.reset());

describe("scanAwsKeys (credential report)", () => {
  it("polls GenerateCredentialReport from STARTED to COMPLETE, then reads the report", async () => {
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: "STARTED", Description: "No report exists.", $metadata: meta })
      .resolvesOnce({ State: "INPROGRESS", $metadata: meta })
      .resolves({ State: "COMPLETE", $metadata: meta });
    iam.on(GetCredentialReportCommand).resolves({
      Content: new TextEncoder().encode(csv),
      ReportFormat: "text/csv",
      GeneratedTime: new Date("2026-12-03T12:00:00Z"),
      $metadata: meta,
    });
    const result = await scanAwsKeys({ client, report: noWait });
    expect(result.apiCalls).toBe(4);
    expect(result.reportGeneratedAt).toBe("2026-12-03T12:00:00.000Z");
    expect(result.keys.map((k) => [k.principal, k.slot, k.status])).toEqual([
      ["ci-deploy", 1, "active"],
      ["legacy-backup", 1, "active"],
      ["legacy-backup", 2, "active"],
      ["alice-example", 1, "inactive"],
    ]);
  });

  it("waits while GetCredentialReport answers ReportInProgress", async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: "COMPLETE", $metadata: meta });
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(
        new CredentialReportNotReadyException({
          message: "Report generation in progress.",
          $metadata: { httpStatusCode: 404 },
        }),
      )
      .resolves({ Content: new TextEncoder().encode(csv), $metadata: meta });
    const waits: number[] = [];
    const result = await scanAwsKeys({
      client,
      report: { initialDelayMs: 500, sleep: async (ms) => void waits.push(ms) },
    });
    expect(waits).toEqual([500]);
    expect(result.keys).toHaveLength(4);
  });

  it("generates again when the report expired", async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: "COMPLETE", $metadata: meta });
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(
        new CredentialReportExpiredException({
          message: "The report has expired.",
          $metadata: { httpStatusCode: 410 },
        }),
      )
      .resolves({ Content: new TextEncoder().encode(csv), $metadata: meta });
    await scanAwsKeys({ client, report: noWait });
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(2);
  });

  it("gives up after the timeout with ERR_CLOUD_API", async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: "INPROGRESS", $metadata: meta });
    let now = 0;
    const run = scanAwsKeys({
      client,
      report: {
        timeoutMs: 5000,
        initialDelayMs: 1000,
        clock: () => now,
        sleep: async (ms) => void (now += ms),
      },
    });
    await expect(run).rejects.toMatchObject({
      code: "ERR_CLOUD_API",
      message: expect.stringContaining("not ready after 5 s"),
    });
    await expect(run).rejects.toBeInstanceOf(KeylessError);
  });

  it("fills key IDs with one ListAccessKeys per user with a key, matched by creation time", async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: "COMPLETE", $metadata: meta });
    iam
      .on(GetCredentialReportCommand)
      .resolves({ Content: new TextEncoder().encode(csv), $metadata: meta });
    iam
      .on(ListAccessKeysCommand)
      .resolves({ AccessKeyMetadata: [], IsTruncated: false, $metadata: meta });
    iam.on(ListAccessKeysCommand, { UserName: "legacy-backup" }).resolves({
      // Listed newest first, to show that matching goes by creation time, not order.
      AccessKeyMetadata: [
        {
          UserName: "legacy-backup",
          AccessKeyId: "AKIAI44QH8DHBEXAMPLE",
          Status: "Active",
          CreateDate: new Date("2024-01-20T08:00:00Z"),
        },
        {
          UserName: "legacy-backup",
          AccessKeyId: "AKIAIOSFODNN7EXAMPLE",
          Status: "Active",
          CreateDate: new Date("2020-06-15T12:01:00Z"),
        },
      ],
      IsTruncated: false,
      $metadata: meta,
    });
    const result = await scanAwsKeys({ client, report: noWait, resolveKeyIds: true });
    const legacy = result.keys.filter((k) => k.principal === "legacy-backup");
    expect(legacy.map((k) => [k.slot, k.keyId])).toEqual([
      [1, "AKIAIOSFODNN7EXAMPLE"],
      [2, "AKIAI44QH8DHBEXAMPLE"],
    ]);
    // Users without keys (console-only) and the root row cost no call.
    expect(
      iam
        .commandCalls(ListAccessKeysCommand)
        .map((c) => c.args[0].input.UserName)
        .sort(),
    ).toEqual(["alice-example", "ci-deploy", "legacy-backup"]);
  });
});

describe("scanAwsKeys (per user)", () => {
  const user = (n: number) => ({
    UserName: `svc-${n}`,
    UserId: `AIDAEXAMPLE${n}`,
    Arn: `arn:aws:iam::123456789012:user/svc-${n}`,
    Path: "/",
    CreateDate: new Date("2022-01-01T00:00:00Z"),
  });

  it("follows Marker while IsTruncated and reads every key's last use", async () => {
    iam.on(ListUsersCommand, { Marker: undefined }).resolves({
      Users: [user(1), user(2)],
      IsTruncated: true,
      Marker: "page-2",
      $metadata: meta,
    });
    iam
      .on(ListUsersCommand, { Marker: "page-2" })
      .resolves({ Users: [user(3)], IsTruncated: false, $metadata: meta });
    iam.on(ListAccessKeysCommand).callsFake((input: { UserName: string }) => ({
      AccessKeyMetadata:
        input.UserName === "svc-2"
          ? []
          : [
              {
                UserName: input.UserName,
                AccessKeyId: `AKIAEXAMPLE0000000${input.UserName.slice(-1)}`,
                Status: "Active",
                CreateDate: new Date("2022-02-01T00:00:00Z"),
              },
            ],
      IsTruncated: false,
      $metadata: meta,
    }));
    iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: "AKIAEXAMPLE00000001" }).resolves({
      UserName: "svc-1",
      AccessKeyLastUsed: {
        LastUsedDate: new Date("2026-11-30T10:00:00Z"),
        ServiceName: "sts",
        Region: "us-east-1",
      },
      $metadata: meta,
    });
    iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: "AKIAEXAMPLE00000003" }).resolves({
      UserName: "svc-3",
      AccessKeyLastUsed: { ServiceName: "N/A", Region: "N/A" },
      $metadata: meta,
    });
    const result = await scanAwsKeys({ client, source: "per-user" });
    expect(iam.commandCalls(ListUsersCommand).map((c) => c.args[0].input.Marker)).toEqual([
      undefined,
      "page-2",
    ]);
    expect(result.keys).toEqual([
      expect.objectContaining({
        principal: "svc-1",
        keyId: "AKIAEXAMPLE00000001",
        lastUsedAt: "2026-11-30T10:00:00.000Z",
        lastUsedService: "sts",
      }),
      {
        cloud: "aws",
        principal: "svc-3",
        keyId: "AKIAEXAMPLE00000003",
        kind: "access-key",
        status: "active",
        createdAt: "2022-02-01T00:00:00.000Z",
        lastUseKnown: true,
      },
    ]);
    expect(result.apiCalls).toBe(2 + 3 + 2);
  });

  it("backs off and lowers concurrency on Throttling, then finishes", async () => {
    const users = Array.from({ length: 12 }, (_, i) => user(i));
    iam.on(ListUsersCommand).resolves({ Users: users, IsTruncated: false, $metadata: meta });
    let inFlight = 0;
    let peak = 0;
    let throttled = 0;
    iam.on(ListAccessKeysCommand).callsFake(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      if (throttled < 3) {
        throttled++;
        throw throttling();
      }
      return { AccessKeyMetadata: [], IsTruncated: false, $metadata: meta };
    });
    const waits: number[] = [];
    const concurrency: number[] = [];
    const result = await scanAwsKeys({
      client,
      source: "per-user",
      pool: {
        initialConcurrency: 8,
        maxConcurrency: 8,
        random: () => 0.5,
        sleep: async (ms) => void waits.push(ms),
        onThrottle: (c) => concurrency.push(c),
      },
    });
    expect(result.keys).toEqual([]);
    expect(concurrency).toEqual([4, 2, 1]);
    expect(waits.every((ms) => ms > 0 && ms <= 20_000)).toBe(true);
    expect(peak).toBeLessThanOrEqual(8);
    expect(iam.commandCalls(ListAccessKeysCommand)).toHaveLength(15);
  });

  it("fails with ERR_CLOUD_API when throttling outlasts the tries", async () => {
    iam.on(ListUsersCommand).resolves({ Users: [user(1)], IsTruncated: false, $metadata: meta });
    iam.on(ListAccessKeysCommand).rejects(throttling());
    await expect(
      scanAwsKeys({ client, source: "per-user", pool: { maxAttempts: 3, sleep: async () => {} } }),
    ).rejects.toMatchObject({
      code: "ERR_CLOUD_API",
      message: expect.stringContaining("after 3 tries"),
    });
  });

  it("explains a denied call with the permissions the path needs", async () => {
    iam.on(ListUsersCommand).rejects(
      new IAMServiceException({
        name: "AccessDenied",
        $fault: "client",
        message:
          "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:ListUsers",
        $metadata: { httpStatusCode: 403 },
      }),
    );
    await expect(scanAwsKeys({ client, source: "per-user" })).rejects.toMatchObject({
      code: "ERR_ACCESS_DENIED",
      message: expect.stringMatching(
        /^IAM denied the key inventory \(User: .* iam:ListUsers\)\. Fix: grant the caller iam:ListUsers, iam:ListAccessKeys and iam:GetAccessKeyLastUsed\.$/,
      ),
    });
  });

  it("passes other failures through untouched", async () => {
    const failure = new IAMServiceException({
      name: "ServiceFailure",
      $fault: "server",
      message: "The request processing has failed because of an unknown error.",
      $metadata: { httpStatusCode: 500 },
    });
    iam.on(ListUsersCommand).rejects(failure);
    await expect(scanAwsKeys({ client, source: "per-user" })).rejects.toBe(failure);
  });
});
