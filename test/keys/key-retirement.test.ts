import { IAMClient } from "@aws-sdk/client-iam";
import { afterEach, describe, expect, it } from "vitest";
import { awsKeyControl, retirementTagKey } from "../../sdk/keys";
import {
  keyRetirementProvider,
  type KeyRetirementProps,
  type RetiredKey,
} from "../../provider/keys";
import { mockIamAccount } from "./mock-iam-account";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const DAY = 86_400_000;
const start = new Date("2026-12-03T12:00:00Z");
const key: RetiredKey = { kind: "aws", accessKeyId: KEY_ID, userName: "ci-deploy" };
const inputs = {
  key,
  soakDays: 14,
  idleDays: 30,
  replacement: "arn:aws:iam::123456789012:role/ci-deploy",
  stage: "active",
} as KeyRetirementProps;

function setup(lastUsedDate?: Date) {
  const { iam, account } = mockIamAccount("ci-deploy", {
    [KEY_ID]: {
      status: "Active",
      createDate: new Date("2021-03-01T10:05:00Z"),
      ...(lastUsedDate ? { lastUsedDate } : {}),
    },
  });
  let now = start;
  const provider = keyRetirementProvider({
    controlFor: (k) =>
      awsKeyControl(new IAMClient({ region: "us-east-1" }), {
        accessKeyId: (k as { accessKeyId: string }).accessKeyId,
      }),
    clock: () => now,
  });
  const advanceDays = (days: number) => {
    now = new Date(now.getTime() + days * DAY);
  };
  return { iam, account, provider, advanceDays, key: () => account.keys.get(KEY_ID) };
}

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe("keyRetirementProvider", () => {
  it("deactivates on create, soaks, and deletes on the first update after the soak", async () => {
    const t = setup(new Date("2026-09-01T00:00:00Z"));
    restore = () => t.iam.restore();
    const created = await t.provider.create!(inputs);
    expect(created.id).toBe(`aws:${KEY_ID}`);
    expect(created.outs!).toMatchObject({
      stage: "deactivated",
      deactivatedAt: "2026-12-03T12:00:00.000Z",
      lastUsedAtDeactivation: "2026-09-01T00:00:00.000Z",
      foundInactive: false,
    });
    expect(t.key()?.status).toBe("Inactive");
    expect(t.account.tags.get(retirementTagKey(KEY_ID))).toBe(
      "deactivatedAt=2026-12-03T12:00:00.000Z lastUsedAt=2026-09-01T00:00:00.000Z",
    );

    t.advanceDays(13);
    expect((await t.provider.diff!(created.id, created.outs!, inputs)).changes).toBe(false);
    t.advanceDays(1);
    expect((await t.provider.diff!(created.id, created.outs!, inputs)).changes).toBe(true);
    const updated = await t.provider.update!(created.id, created.outs!, inputs);
    expect(updated.outs).toMatchObject({ stage: "deleted", deletedAt: "2026-12-17T12:00:00.000Z" });
    expect(t.key()).toBeUndefined();
    expect(t.account.tags.size).toBe(0);
  });

  it("refuses to start while the key was used within the idle period", async () => {
    const t = setup(new Date("2026-11-25T00:00:00Z"));
    restore = () => t.iam.restore();
    await expect(t.provider.create!(inputs)).rejects.toMatchObject({
      code: "ERR_INPUT_UNUSABLE",
      message: expect.stringMatching(
        /retirement\.idleDays: "2026-11-25T00:00:00.000Z" — Key AWS access key AKIA…MPLE of ci-deploy was last used .* within the declared idle period of 30 days/,
      ),
    });
    expect(t.key()?.status).toBe("Active");
  });

  it("refuses to start while the declared replacement is empty", async () => {
    const t = setup();
    restore = () => t.iam.restore();
    const checked = await t.provider.check!(inputs, { ...inputs, replacement: "" });
    expect(checked.failures).toEqual([
      {
        property: "replacement",
        reason: expect.stringContaining("A declared replacement must name the identity"),
      },
    ]);
    await expect(t.provider.create!({ ...inputs, replacement: " " })).rejects.toMatchObject({
      code: "ERR_INPUT_UNUSABLE",
    });
    expect(t.key()?.status).toBe("Active");
  });

  it("resumes its own deactivation after an interruption before the state was saved", async () => {
    const t = setup(new Date("2026-09-01T00:00:00Z"));
    restore = () => t.iam.restore();
    // The run tags and deactivates the key, then its connection drops before Pulumi records
    // anything (the second ListUserTags is the look after deactivating).
    t.account.failNext("ListUserTags", new Error("socket hang up"), 2);
    await expect(t.provider.create!(inputs)).rejects.toThrow("socket hang up");
    expect(t.key()?.status).toBe("Inactive");

    t.advanceDays(3);
    const resumed = await t.provider.create!(inputs);
    expect(resumed.outs!).toMatchObject({
      stage: "deactivated",
      deactivatedAt: "2026-12-03T12:00:00.000Z",
      lastUsedAtDeactivation: "2026-09-01T00:00:00.000Z",
      foundInactive: false,
    });
    expect(t.account.log.filter((c) => c === "UpdateAccessKey")).toHaveLength(1);
    // Being its own deactivation, a destroy hands the key back.
    await t.provider.delete!(resumed.id, resumed.outs!);
    expect(t.key()?.status).toBe("Active");
  });

  it("records a key deleted by an update interrupted before its state was saved", async () => {
    const t = setup();
    restore = () => t.iam.restore();
    const created = await t.provider.create!(inputs);
    t.advanceDays(15);
    t.account.keys.delete(KEY_ID); // the delete went through, the run died before saving
    const updated = await t.provider.update!(created.id, created.outs!, inputs);
    expect(updated.outs).toMatchObject({ stage: "deleted" });
    expect(t.account.log).not.toContain("DeleteAccessKey");
  });

  it("blocks deletion when the key was used during the soak", async () => {
    const t = setup(new Date("2026-09-01T00:00:00Z"));
    restore = () => t.iam.restore();
    const created = await t.provider.create!(inputs);
    t.key()!.lastUsedDate = new Date("2026-12-05T08:00:00Z");
    t.advanceDays(15);
    await expect(t.provider.update!(created.id, created.outs!, inputs)).rejects.toMatchObject({
      code: "ERR_CLOUD_API",
      message: expect.stringContaining(
        "was used at 2026-12-05T08:00:00.000Z, after deactivation (last use then: 2026-09-01T00:00:00.000Z)",
      ),
    });
    expect(t.key()?.status).toBe("Inactive");
    expect(t.account.log).not.toContain("DeleteAccessKey");
  });

  it("blocks deletion when someone reactivated the key", async () => {
    const t = setup();
    restore = () => t.iam.restore();
    const created = await t.provider.create!(inputs);
    t.key()!.status = "Active";
    t.advanceDays(15);
    await expect(t.provider.update!(created.id, created.outs!, inputs)).rejects.toMatchObject({
      code: "ERR_CLOUD_API",
      message: expect.stringContaining("is active again"),
    });
    expect(t.key()).toBeDefined();
  });

  it("reactivates the key on destroy before deletion", async () => {
    const t = setup();
    restore = () => t.iam.restore();
    const created = await t.provider.create!(inputs);
    await t.provider.delete!(created.id, created.outs!);
    expect(t.key()?.status).toBe("Active");
    expect(t.account.tags.size).toBe(0);
  });

  it("leaves a key that was already inactive as it found it on destroy", async () => {
    const t = setup();
    restore = () => t.iam.restore();
    t.key()!.status = "Inactive";
    const created = await t.provider.create!(inputs);
    expect(created.outs!).toMatchObject({ stage: "deactivated", foundInactive: true });
    expect(t.account.tags.get(retirementTagKey(KEY_ID))).toMatch(/ foundInactive=true$/);
    // Even with the state lost, a later run remembers the key was found that way.
    const again = await t.provider.create!(inputs);
    expect(again.outs!).toMatchObject({
      foundInactive: true,
      deactivatedAt: created.outs!.deactivatedAt,
    });
    await t.provider.delete!(created.id, created.outs!);
    expect(t.key()?.status).toBe("Inactive");
  });

  it("records the latest use on read, and a key deleted outside", async () => {
    const t = setup();
    restore = () => t.iam.restore();
    const created = await t.provider.create!(inputs);
    t.key()!.lastUsedDate = new Date("2026-12-04T00:00:00Z");
    const read = await t.provider.read!(created.id, created.outs!);
    expect(read.props).toMatchObject({
      stage: "deactivated",
      lastUsedAt: "2026-12-04T00:00:00.000Z",
    });
    t.account.keys.delete(KEY_ID);
    expect((await t.provider.read!(created.id, created.outs!)).props).toMatchObject({
      stage: "deleted",
    });
  });

  it("replaces the resource when the key changes", async () => {
    const t = setup();
    restore = () => t.iam.restore();
    const created = await t.provider.create!(inputs);
    const other = { ...inputs, key: { ...key, accessKeyId: "AKIAI44QH8DHBEXAMPLE" } };
    expect(await t.provider.diff!(created.id, created.outs!, other)).toEqual({
      changes: true,
      replaces: ["key"],
      deleteBeforeReplace: true,
    });
  });
});

describe("keyRetirementProvider during a preview", () => {
  const provider = keyRetirementProvider({
    controlFor: () => Promise.reject(new Error("no cloud call in check")),
  });
  const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

  it("checks known inputs and leaves unknown ones to the run that knows them", async () => {
    const checked = await provider.check!(inputs, {
      ...inputs,
      key: { kind: "aws", accessKeyId: unknown } as RetiredKey,
      replacement: unknown,
      soakDays: -1,
    });
    expect(checked.failures?.map((f) => f.property)).toEqual(["soakDays"]);
  });

  it("plans a replacement when the key is not known yet", async () => {
    const next = { ...inputs, key: { kind: "aws", accessKeyId: unknown } as RetiredKey };
    expect((await provider.diff!(`aws:${KEY_ID}`, inputs, next)).replaces).toEqual(["key"]);
  });
});
