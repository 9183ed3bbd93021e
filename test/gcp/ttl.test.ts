import { describe, expect, it } from "vitest";
import { KeylessError } from "../../sdk/errors";
import { resolveGcpLifetime } from "../../sdk/gcp";

function refusal(run: () => unknown): KeylessError {
  try {
    run();
  } catch (err) {
    if (KeylessError.isInstance(err)) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("resolveGcpLifetime", () => {
  it("defaults to one hour", () => {
    expect(resolveGcpLifetime(undefined)).toBe(3600);
  });

  it.each([
    [3600, false, 3600],
    ["30m", false, 1800],
    [600, false, 600],
    [3601, true, 3601],
    [43_200, true, 43_200],
    ["12h", true, 43_200],
  ])("honours %j (org policy extension: %s)", (ttl, extended, seconds) => {
    expect(resolveGcpLifetime(ttl, { lifetimeExtensionAllowed: extended })).toBe(seconds);
  });

  it.each([
    [
      3601,
      false,
      /GCP honours a TTL from 10m to 1h .*constraints\/iam\.allowServiceAccountCredentialLifetimeExtension/,
    ],
    [43_201, true, /GCP honours a TTL from 10m to 12h/],
    [599, false, /GCP honours a TTL from 10m to 1h/],
  ])("refuses %j (org policy extension: %s)", (ttl, extended, message) => {
    const err = refusal(() =>
      resolveGcpLifetime(ttl, { lifetimeExtensionAllowed: extended, path: "deploy.ttl" }),
    );
    expect(err.code).toBe("ERR_TTL_OUT_OF_RANGE");
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/^deploy\.ttl: "/);
  });

  it("refuses an unreadable TTL with its own code", () => {
    const err = refusal(() => resolveGcpLifetime("1 day"));
    expect(err.code).toBe("ERR_DURATION_INVALID");
    expect(err.message).toContain('ttl: "1 day"');
  });
});
