import { describe, expect, it } from "vitest";
import {
  checkRetirementPolicy,
  type KeyCapabilities,
  type KeyObservation,
  nextRetirementStep,
  type RetirementState,
  undoRetirementStep,
} from "../../sdk/keys";

const aws: KeyCapabilities = { canDeactivate: true, reportsLastUse: true };
const azure: KeyCapabilities = { canDeactivate: false, reportsLastUse: false };
const now = new Date("2026-12-03T12:00:00Z");
const policy = { soakDays: 14, idleDays: 30 };
const active: RetirementState = { stage: "active" };
const soaking: RetirementState = {
  stage: "deactivated",
  deactivatedAt: "2026-11-25T12:00:00.000Z",
  lastUsedAtDeactivation: "2026-09-01T00:00:00.000Z",
  foundInactive: false,
};
const seen = (o: Partial<KeyObservation>): KeyObservation => ({ exists: true, active: true, ...o });
const step = (
  state: RetirementState,
  observation: KeyObservation,
  capabilities = aws,
  at = now,
  p: Parameters<typeof nextRetirementStep>[0] = policy,
) => nextRetirementStep(p, state, observation, capabilities, at, "key");

describe("nextRetirementStep", () => {
  it.each([
    ["an unused key", active, seen({}), "deactivate"],
    [
      "a key idle longer than idleDays",
      active,
      seen({ lastUsedAt: "2026-11-01T00:00:00Z" }),
      "deactivate",
    ],
    ["a key used within idleDays", active, seen({ lastUsedAt: "2026-11-20T00:00:00Z" }), "refuse"],
    ["a key someone else deactivated", active, seen({ active: false }), "adopt-inactive"],
    ["a key gone before anything", active, { exists: false, active: false }, "record-deleted"],
    [
      "a soaking key, unused",
      soaking,
      seen({ active: false, lastUsedAt: "2026-09-01T00:00:00.000Z" }),
      "soak",
    ],
    [
      "a soaking key used since",
      soaking,
      seen({ active: false, lastUsedAt: "2026-11-30T00:00:00.000Z" }),
      "block",
    ],
    [
      "a soaking key reactivated",
      soaking,
      seen({ active: true, lastUsedAt: "2026-09-01T00:00:00.000Z" }),
      "block",
    ],
    ["a deleted retirement", { stage: "deleted" } as RetirementState, seen({}), "done"],
  ] as const)("decides for %s", (_name, state, observation, kind) => {
    expect(step(state, observation).kind).toBe(kind);
  });

  it("resumes from the mark instead of refusing, even when the key was used recently", () => {
    const mark = {
      deactivatedAt: "2026-12-01T00:00:00.000Z",
      lastUsedAtDeactivation: "2026-11-30T00:00:00.000Z",
    };
    expect(
      step(active, seen({ active: false, lastUsedAt: "2026-11-30T00:00:00.000Z", mark })),
    ).toEqual({
      kind: "resume-deactivated",
      mark,
    });
  });

  it("soaks until exactly soakDays after deactivation, then deletes", () => {
    const observation = seen({ active: false, lastUsedAt: "2026-09-01T00:00:00.000Z" });
    expect(step(soaking, observation, aws, new Date("2026-12-09T11:59:59Z"))).toEqual({
      kind: "soak",
      until: "2026-12-09T12:00:00.000Z",
      remainingDays: 1,
    });
    expect(step(soaking, observation, aws, new Date("2026-12-09T12:00:00Z")).kind).toBe("delete");
  });

  it("treats the idle limit in pairs: used 30 days ago passes, 29 days ago is refused", () => {
    expect(step(active, seen({ lastUsedAt: "2026-11-03T12:00:00Z" })).kind).toBe("deactivate");
    expect(step(active, seen({ lastUsedAt: "2026-11-04T12:00:00Z" })).kind).toBe("refuse");
  });

  it("counts down without watching on a delete-only cloud (Azure)", () => {
    const azureSoak: RetirementState = {
      stage: "deactivated",
      deactivatedAt: "2026-11-25T12:00:00.000Z",
    };
    expect(step(active, seen({}), azure).kind).toBe("deactivate");
    expect(step(azureSoak, seen({ active: true }), azure).kind).toBe("soak");
    expect(
      step(azureSoak, seen({ active: true }), azure, new Date("2026-12-10T00:00:00Z")).kind,
    ).toBe("delete");
  });

  it("refuses a policy with an empty replacement, naming the path", () => {
    const result = step(active, seen({}), aws, now, { soakDays: 14, replacement: "" });
    expect(result).toMatchObject({
      kind: "refuse",
      problem: { path: "retirement.replacement", value: "" },
    });
  });
});

describe("checkRetirementPolicy", () => {
  it.each([
    [3650, []],
    [3651, ["args.soakDays"]],
    [0, []],
    [-1, ["args.soakDays"]],
    [1.5, ["args.soakDays"]],
  ])("checks soakDays %s", (soakDays, paths) => {
    expect(checkRetirementPolicy({ soakDays }, "args").map((p) => p.path)).toEqual(paths);
  });

  it("reports every problem at once", () => {
    expect(
      checkRetirementPolicy({ soakDays: -1, idleDays: -1, replacement: "" }, "args").map(
        (p) => p.path,
      ),
    ).toEqual(["args.idleDays", "args.soakDays", "args.replacement"]);
  });
});

describe("undoRetirementStep", () => {
  it.each([
    ["reactivates a key it deactivated", soaking, seen({ active: false }), aws, "reactivate"],
    [
      "leaves a key found inactive",
      { ...soaking, foundInactive: true },
      seen({ active: false }),
      aws,
      "nothing",
    ],
    [
      "cannot bring back a deleted key",
      { stage: "deleted" } as RetirementState,
      { exists: false, active: false },
      aws,
      "nothing",
    ],
    ["has nothing to undo on Azure", soaking, seen({ active: true }), azure, "nothing"],
  ] as const)("%s", (_name, state, observation, capabilities, kind) => {
    expect(undoRetirementStep(state, observation, capabilities).kind).toBe(kind);
  });
});
