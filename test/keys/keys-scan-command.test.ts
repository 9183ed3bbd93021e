import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../sdk/cli/main";
import type { CliIo } from "../../sdk/cli/io";
import { type FakeIam, type FakeUser, startFakeIam } from "./fake-iam-server";

const users: FakeUser[] = [
  {
    userName: "ci-deploy",
    createDate: "2021-03-01T10:00:00Z",
    keys: [
      {
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        status: "Active",
        createDate: "2021-03-01T10:05:00Z",
        lastUsedDate: "2026-12-01T06:15:00Z",
        lastUsedService: "s3",
        lastUsedRegion: "eu-west-1",
      },
    ],
  },
  {
    userName: "legacy-backup",
    createDate: "2020-06-15T12:00:00Z",
    keys: [
      { accessKeyId: "AKIAI44QH8DHBEXAMPLE", status: "Active", createDate: "2020-06-15T12:01:00Z" },
    ],
  },
  { userName: "console-only", createDate: "2025-01-01T00:00:00Z", keys: [] },
];

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    env: {},
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

let iam: FakeIam;
const savedEnv = { ...process.env };

beforeAll(async () => {
  // Placeholder credentials for request signing; the fake does not check signatures.
  process.env.AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  process.env.AWS_SECRET_ACCESS_KEY = "placeholder-secret-not-a-key";
  delete process.env.AWS_PROFILE;
  iam = await startFakeIam(users, { pollsBeforeReport: 1, pageSize: 2 });
});

afterAll(async () => {
  process.env = savedEnv;
  await iam.close();
});

describe("keyless keys scan aws", () => {
  it("inventories an IAM API at --endpoint-url through the credential report", async () => {
    const io = captureIo();
    const code = await main(["keys", "scan", "aws", "--endpoint-url", iam.url, "--json"], io);
    const { keys } = JSON.parse(io.out());
    expect(keys).toEqual([
      expect.objectContaining({
        cloud: "aws",
        principal: "legacy-backup",
        keyId: null,
        slot: 1,
        status: "active",
        lastUsedAt: null,
        risk: "unused",
      }),
      expect.objectContaining({
        principal: "ci-deploy",
        keyId: null,
        lastUsedAt: "2026-12-01T06:15:00.000Z",
        risk: expect.stringMatching(/old|in-use/),
      }),
    ]);
    // STARTED once, then COMPLETE; Get only once the report was ready.
    expect(iam.calls.slice(0, 3)).toEqual([
      "GenerateCredentialReport",
      "GenerateCredentialReport",
      "GetCredentialReport",
    ]);
    expect(code).toBe(1);
  }, 20_000);

  it("resolves and masks key IDs with --key-ids", async () => {
    const io = captureIo();
    await main(["keys", "scan", "aws", "--endpoint-url", iam.url, "--json", "--key-ids"], io);
    const ids = JSON.parse(io.out()).keys.map((k: { keyId: string }) => k.keyId);
    expect(ids.sort()).toEqual(["AKIA…MPLE", "AKIA…MPLE"]);
    expect(io.out()).not.toContain("AKIAIOSFODNN7EXAMPLE");
  }, 20_000);

  it("reads every user with --fresh, following ListUsers markers", async () => {
    iam.calls.length = 0;
    const io = captureIo();
    await main(["keys", "scan", "aws", "--endpoint-url", iam.url, "--fresh", "--show-key-ids"], io);
    expect(iam.calls.filter((c) => c === "ListUsers")).toHaveLength(2);
    expect(iam.calls.filter((c) => c === "ListAccessKeys")).toHaveLength(3);
    expect(iam.calls.filter((c) => c === "GetAccessKeyLastUsed")).toHaveLength(2);
    const lines = io.out().trim().split("\n");
    expect(lines[0]).toMatch(/^RISK\s+CLOUD\s+PRINCIPAL\s+KEY/);
    expect(lines[1]).toMatch(/^unused\s+aws\s+legacy-backup\s+AKIAI44QH8DHBEXAMPLE\s+active/);
    expect(lines[1]).toMatch(/never$/);
  }, 20_000);

  it("refuses an --endpoint-url that is not a URL, with exit 2", async () => {
    const io = captureIo();
    expect(await main(["keys", "scan", "aws", "--endpoint-url", "not a url"], io)).toBe(2);
    expect(io.err()).toContain('--endpoint-url: "not a url" is not a URL');
  });
});
