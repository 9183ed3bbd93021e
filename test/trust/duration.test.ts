import { describe, expect, it } from "vitest";
import { checkTtlRange, formatDuration, parseDuration, resolveTtl } from "../../sdk/trust";

describe("parseDuration", () => {
  it.each<[string | number, number]>([
    ["15m", 900],
    ["1h30m", 5400],
    ["45m", 2700],
    ["900s", 900],
    ["2h", 7200],
    ["PT45M", 2700],
    ["PT1H30M", 5400],
    ["PT12H", 43200],
    [3600, 3600],
    ["2700", 2700],
  ])("reads %j as %i seconds", (input, seconds) => {
    expect(parseDuration(input, "ttl")).toBe(seconds);
  });

  it.each<[string | number]>([
    ["1d"],
    ["P1D"],
    ["0m"],
    [""],
    ["PT"],
    ["45 minutes"],
    [-5],
    [1.5],
    ["1h 30m"],
  ])("refuses %j with the path and a fix", (input) => {
    const problem = parseDuration(input, "api-deploy.ttl");
    expect(problem).toMatchObject({ path: "api-deploy.ttl", value: input });
    expect(typeof problem === "object" && problem.fix).toMatch(/45m/);
  });

  it("defaults a missing TTL to one hour", () => {
    expect(resolveTtl(undefined, "ttl")).toBe(3600);
  });

  it("formats seconds the way a person writes them", () => {
    expect([2700, 5400, 900, 43200, 61].map(formatDuration)).toEqual([
      "45m",
      "1h30m",
      "15m",
      "12h",
      "1m1s",
    ]);
  });
});

describe("checkTtlRange", () => {
  it("accepts both ends and refuses one second past either", () => {
    expect(checkTtlRange(900, 900, 43200, "AWS", "STS DurationSeconds", "ttl")).toBeUndefined();
    expect(checkTtlRange(43200, 900, 43200, "AWS", "STS DurationSeconds", "ttl")).toBeUndefined();
    expect(checkTtlRange(899, 900, 43200, "AWS", "STS DurationSeconds", "ttl")?.rule).toBe(
      "AWS honours a TTL from 15m to 12h (STS DurationSeconds).",
    );
    expect(checkTtlRange(43201, 900, 43200, "AWS", "STS DurationSeconds", "ttl")?.value).toBe(
      "12h1s",
    );
  });
});
