import { describe, expect, it } from "vitest";
import { assessKeyRisk, maskKeyId, sortByRisk, type StaticKey } from "../../sdk/keys";

const now = new Date("2026-12-03T00:00:00Z");
const key = (o: Partial<StaticKey>): StaticKey => ({
  cloud: "aws",
  principal: "svc",
  kind: "access-key",
  status: "active",
  createdAt: "2026-11-01T00:00:00Z",
  lastUseKnown: true,
  ...o,
});

describe("assessKeyRisk", () => {
  it.each([
    ["never used, older than staleDays", key({ createdAt: "2026-01-01T00:00:00Z" }), "unused"],
    ["never used, young", key({}), "in-use"],
    [
      "unused for 90 days",
      key({ createdAt: "2025-01-01T00:00:00Z", lastUsedAt: "2026-09-04T00:00:00Z" }),
      "unused",
    ],
    [
      "unused for 89 days",
      key({ createdAt: "2025-01-01T00:00:00Z", lastUsedAt: "2026-09-05T00:00:00Z" }),
      "old",
    ],
    ["used yesterday, young", key({ lastUsedAt: "2026-12-02T00:00:00Z" }), "in-use"],
    ["inactive", key({ status: "inactive" }), "inactive"],
    ["expired", key({ status: "expired" }), "expired"],
    [
      "last use unknown, old",
      key({ lastUseKnown: false, createdAt: "2025-01-01T00:00:00Z" }),
      "old",
    ],
  ])("ranks a key %s", (_name, k, risk) => {
    expect(assessKeyRisk(k, now).risk).toBe(risk);
  });

  it("computes whole days of age", () => {
    expect(assessKeyRisk(key({}), now).ageDays).toBe(32);
  });
});

describe("sortByRisk", () => {
  it("puts unused first, longest idle first, then old, in use, inactive", () => {
    const keys = [
      key({ principal: "in-use", lastUsedAt: "2026-12-02T00:00:00Z" }),
      key({ principal: "inactive", status: "inactive" }),
      key({
        principal: "idle-long",
        createdAt: "2020-01-01T00:00:00Z",
        lastUsedAt: "2023-01-01T00:00:00Z",
      }),
      key({ principal: "never", createdAt: "2024-01-01T00:00:00Z" }),
      key({
        principal: "old",
        createdAt: "2020-01-01T00:00:00Z",
        lastUsedAt: "2026-12-01T00:00:00Z",
      }),
    ].map((k) => assessKeyRisk(k, now));
    expect(sortByRisk(keys).map((k) => k.principal)).toEqual([
      "never",
      "idle-long",
      "old",
      "in-use",
      "inactive",
    ]);
  });
});

describe("maskKeyId", () => {
  it.each([
    ["AKIAIOSFODNN7EXAMPLE", "AKIA…MPLE"],
    ["123456789", "1234…6789"],
    ["12345678", "…"],
  ])("masks %s as %s", (id, masked) => {
    expect(maskKeyId(id)).toBe(masked);
  });
});
