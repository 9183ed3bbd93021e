import { describe, expect, it } from "vitest";
import { isThrottlingError, mapAdaptive } from "../../sdk/keys";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("mapAdaptive", () => {
  it("keeps the order of the items and grows concurrency after a run of successes", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapAdaptive(
      Array.from({ length: 40 }, (_, i) => i),
      async (i) => {
        peak = Math.max(peak, ++inFlight);
        await tick();
        inFlight--;
        return i * 2;
      },
      { initialConcurrency: 1, maxConcurrency: 4 },
    );
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
    expect(peak).toBe(4);
  });

  it("never exceeds maxConcurrency", async () => {
    let inFlight = 0;
    let peak = 0;
    await mapAdaptive(
      Array.from({ length: 30 }, (_, i) => i),
      async () => {
        peak = Math.max(peak, ++inFlight);
        await tick();
        inFlight--;
      },
      { initialConcurrency: 8, maxConcurrency: 3 },
    );
    expect(peak).toBe(3);
  });

  it("stops at the first error that is not throttling", async () => {
    const seen: number[] = [];
    await expect(
      mapAdaptive(
        [1, 2, 3, 4],
        async (i) => {
          seen.push(i);
          if (i === 1) throw new Error("boom");
        },
        { initialConcurrency: 1 },
      ),
    ).rejects.toThrow("boom");
    expect(seen).toEqual([1]);
  });

  it("resolves at once for no items", async () => {
    await expect(mapAdaptive([], async () => 1)).resolves.toEqual([]);
  });
});

describe("isThrottlingError", () => {
  it.each([
    [{ name: "Throttling" }, true],
    [{ name: "ThrottlingException" }, true],
    [{ name: "Whatever", $retryable: { throttling: true } }, true],
    [{ status: 429 }, true],
    [{ name: "AccessDenied" }, false],
    [new Error("Throttling"), false],
    [undefined, false],
  ])("classifies %j as %s", (err, expected) => {
    expect(isThrottlingError(err)).toBe(expected);
  });
});
