import { describe, expect, it } from "vitest";
import { checkPoolOrProviderId, checkServiceAccountId, deriveId, shortSuffix } from "../../sdk/gcp";

describe("checkPoolOrProviderId", () => {
  it.each([
    ["abcd", 0],
    ["abc", 1],
    ["a".repeat(32), 0],
    ["a".repeat(33), 1],
    ["ci-pool-1", 0],
    ["gcp-ci", 1],
    ["CI", 1],
    ["ci_pool", 1],
  ])("checks %j (%i problems)", (id, count) => {
    expect(checkPoolOrProviderId(id, "workload identity pool", "pool.poolId")).toHaveLength(count);
  });

  it("names the path, the value, the rule and the fix", () => {
    expect(checkPoolOrProviderId("a".repeat(33), "workload identity provider", "p.id")).toEqual([
      {
        path: "p.id",
        value: "a".repeat(33),
        rule: "A workload identity provider ID is 4 to 32 characters of lower-case letters, digits and '-' (33 characters).",
        fix: "Shorten it or replace other characters with '-', or leave it out to let Keyless derive one.",
      },
    ]);
  });
});

describe("checkServiceAccountId", () => {
  it.each([
    ["abcdef", 0],
    ["abcde", 1],
    [`a${"b".repeat(29)}`, 0],
    [`a${"b".repeat(30)}`, 1],
    ["1deploy", 1],
    ["deploy-", 1],
  ])("checks %j (%i problems)", (id, count) => {
    expect(checkServiceAccountId(id, "sa.accountId")).toHaveLength(count);
  });
});

describe("deriveId", () => {
  it("is stable for the same inputs and moves when an immutable input changes", () => {
    const a = deriveId("ci", ["acme-prod", "ci"], 32);
    expect(deriveId("ci", ["acme-prod", "ci"], 32)).toBe(a);
    expect(deriveId("ci", ["acme-stage", "ci"], 32)).not.toBe(a);
    expect(a).toMatch(/^ci-[a-z0-9]{5}$/);
  });

  it.each([
    ["Platform Deployers (prod)", 32, undefined],
    ["gcp-things", 32, undefined],
    ["x".repeat(80), 32, undefined],
    ["9-lives", 30, "k"],
    ["", 30, "k"],
  ])("derives a valid ID from %j", (base, max, letter) => {
    const id = deriveId(base, ["acme-prod", base], max, letter);
    expect(id.length).toBeLessThanOrEqual(max);
    if (letter) expect(checkServiceAccountId(id, "id")).toEqual([]);
    else expect(checkPoolOrProviderId(id, "workload identity pool", "id")).toEqual([]);
  });

  it("spreads suffixes", () => {
    const suffixes = new Set(Array.from({ length: 200 }, (_, i) => shortSuffix([`p${i}`])));
    expect(suffixes.size).toBe(200);
  });
});
