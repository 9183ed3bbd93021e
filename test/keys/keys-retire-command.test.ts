import { PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../sdk/cli/io";
import { main } from "../../sdk/cli/main";
import { retirementTagKey } from "../../sdk/keys";
import { mockIamAccount } from "./mock-iam-account";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

let restore: (() => void) | undefined;
afterEach(() => restore?.());
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  process.env.AWS_SECRET_ACCESS_KEY = "placeholder-secret-not-a-key";
});

function account(lastUsedDate?: Date) {
  const mocked = mockIamAccount("ci-deploy", {
    [KEY_ID]: {
      status: "Active",
      createDate: new Date("2021-03-01T10:05:00Z"),
      ...(lastUsedDate ? { lastUsedDate } : {}),
    },
  });
  restore = () => mocked.iam.restore();
  return mocked;
}

describe("keyless keys retire", () => {
  it("prints what it would do and changes nothing without --yes", async () => {
    const { account: a } = account(new Date("2025-01-01T00:00:00Z"));
    const io = captureIo();
    expect(await main(["keys", "retire", KEY_ID, "--stage", "deactivate"], io)).toBe(0);
    expect(io.out()).toMatch(
      /^Would deactivate AWS access key AKIA…MPLE of ci-deploy \(last used 2025-01-01T00:00:00.000Z\)/,
    );
    expect(a.keys.get(KEY_ID)?.status).toBe("Active");
    expect(a.log.filter((c) => ["TagUser", "UpdateAccessKey"].includes(c))).toEqual([]);
  });

  it("deactivates with --yes, marks the user, and prints the undo", async () => {
    const { account: a } = account();
    const io = captureIo();
    expect(await main(["keys", "retire", KEY_ID, "--stage", "deactivate", "--yes"], io)).toBe(0);
    expect(a.keys.get(KEY_ID)?.status).toBe("Inactive");
    expect(a.tags.get(retirementTagKey(KEY_ID))).toMatch(/^deactivatedAt=/);
    expect(io.out()).toContain(
      `Undo: aws iam update-access-key --user-name ci-deploy --access-key-id ${KEY_ID} --status Active`,
    );
  });

  it("refuses to delete before the soak is over, with exit 1", async () => {
    const { account: a } = account();
    await main(["keys", "retire", KEY_ID, "--stage", "deactivate", "--yes"], captureIo());
    const io = captureIo();
    expect(await main(["keys", "retire", KEY_ID, "--stage", "delete", "--yes"], io)).toBe(1);
    expect(io.out()).toMatch(/is soaking until .* \(14 days left\); not deleted/);
    expect(a.keys.has(KEY_ID)).toBe(true);
  });

  it("deletes after the soak with --yes", async () => {
    const { account: a } = account();
    a.keys.get(KEY_ID)!.status = "Inactive";
    a.tags.set(retirementTagKey(KEY_ID), "deactivatedAt=2026-01-01T00:00:00.000Z");
    const dry = captureIo();
    expect(await main(["keys", "retire", KEY_ID, "--stage", "delete"], dry)).toBe(0);
    expect(dry.out()).toMatch(/^Would delete .* Deletion cannot be undone/);
    expect(a.keys.has(KEY_ID)).toBe(true);
    const io = captureIo();
    expect(await main(["keys", "retire", KEY_ID, "--stage", "delete", "--yes"], io)).toBe(0);
    expect(a.keys.has(KEY_ID)).toBe(false);
    expect(io.out()).toBe("Deleted AWS access key AKIA…MPLE of ci-deploy.\n");
  });

  it("refuses to delete a key with no record of deactivation, with exit 2", async () => {
    account();
    const io = captureIo();
    expect(await main(["keys", "retire", KEY_ID, "--stage", "delete", "--yes"], io)).toBe(2);
    expect(io.err()).toContain("has no record of a Keyless deactivation");
  });

  it("refuses a key used within --idle-days, with exit 1", async () => {
    const { account: a } = account(new Date(Date.now() - 2 * 86_400_000));
    const io = captureIo();
    expect(await main(["keys", "retire", KEY_ID, "--stage", "deactivate", "--yes"], io)).toBe(1);
    expect(io.err()).toMatch(/within the declared idle period of 30 days/);
    expect(a.keys.get(KEY_ID)?.status).toBe("Active");
  });

  it.each([
    [["--stage", "archive"], '--stage: "archive" is not a stage'],
    [["--stage", "delete", "--soak-days", "-1"], '--soak-days: "-1" is not a whole number of days'],
  ])("rejects %j with exit 2", async (flags, message) => {
    account();
    const io = captureIo();
    expect(await main(["keys", "retire", KEY_ID, ...flags], io)).toBe(2);
    expect(io.err()).toContain(message);
  });
});

describe("keyless keys revoke", () => {
  it("deactivates at once and prints exactly how to undo it", async () => {
    const { account: a } = account(new Date());
    const io = captureIo();
    expect(await main(["keys", "revoke", KEY_ID], io)).toBe(0);
    expect(a.keys.get(KEY_ID)?.status).toBe("Inactive");
    expect(io.out()).toContain(
      `Undo: aws iam update-access-key --user-name ci-deploy --access-key-id ${KEY_ID} --status Active`,
    );
  });
});

describe("keyless sessions revoke", () => {
  it("attaches the deny-by-issue-time policy and prints the undo", async () => {
    const { iam } = account();
    iam.on(PutRolePolicyCommand).resolves({ $metadata: { httpStatusCode: 200 } });
    const io = captureIo();
    expect(await main(["sessions", "revoke", "arn:aws:iam::123456789012:role/deploy"], io)).toBe(0);
    const input = iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ RoleName: "deploy", PolicyName: "AWSRevokeOlderSessions" });
    expect(
      JSON.parse(input?.PolicyDocument ?? "{}").Statement[0].Condition.DateLessThan[
        "aws:TokenIssueTime"
      ],
    ).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(io.out()).toContain(
      "Undo: aws iam delete-role-policy --role-name deploy --policy-name AWSRevokeOlderSessions",
    );
  });

  it("says plainly that Azure has no session revocation, with exit 1", async () => {
    const io = captureIo();
    expect(await main(["sessions", "revoke", "deploy", "--cloud", "azure"], io)).toBe(1);
    expect(io.err()).toContain("Azure has no revocation of tokens already issued");
  });
});

describe("keyless keys retire (edge cases)", () => {
  it("starts over on a marked key that someone switched back on", async () => {
    const { account: a } = account();
    a.tags.set(retirementTagKey(KEY_ID), "deactivatedAt=2026-01-01T00:00:00.000Z");
    const io = captureIo();
    expect(await main(["keys", "retire", KEY_ID, "--stage", "deactivate", "--yes"], io)).toBe(0);
    expect(a.keys.get(KEY_ID)?.status).toBe("Inactive");
    expect(a.tags.get(retirementTagKey(KEY_ID))).not.toContain("2026-01-01");
  });

  it("blocks deletion of a marked key that someone switched back on, with exit 1", async () => {
    const { account: a } = account();
    a.tags.set(retirementTagKey(KEY_ID), "deactivatedAt=2026-01-01T00:00:00.000Z");
    const io = captureIo();
    expect(await main(["keys", "retire", KEY_ID, "--stage", "delete", "--yes"], io)).toBe(1);
    expect(io.err()).toContain("is active again");
    expect(a.keys.has(KEY_ID)).toBe(true);
  });
});
