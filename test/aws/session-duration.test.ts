import { describe, expect, it } from "vitest";
import { awsSessionDuration } from "../../sdk/aws";

describe("awsSessionDuration", () => {
  it.each([
    [900, 900, 3600],
    ["45m", 2700, 3600],
    ["1h", 3600, 3600],
    ["PT90M", 5400, 5400],
    [undefined, 3600, 3600],
    [43_200, 43_200, 43_200],
  ])("reads %j as a %i s session in a role allowing %i s", (ttl, session, max) => {
    expect(awsSessionDuration(ttl)).toEqual({
      sessionDurationSeconds: session,
      maxSessionDurationSeconds: max,
    });
  });

  it.each([
    [899, "14m59s"],
    [43_201, "12h1s"],
  ])("refuses %i s with ERR_TTL_OUT_OF_RANGE", (ttl, shown) => {
    expect(() => awsSessionDuration(ttl, "api-deploy.ttl")).toThrow(
      expect.objectContaining({
        code: "ERR_TTL_OUT_OF_RANGE",
        message: expect.stringContaining(
          `api-deploy.ttl: "${shown}" — AWS honours a TTL from 15m to 12h (STS DurationSeconds is 900 s at least; a role's MaxSessionDuration is 43,200 s at most). Fix: Declare a TTL between 15m and 12h.`,
        ),
      }),
    );
  });

  it("refuses a duration it cannot read with ERR_DURATION_INVALID", () => {
    expect(() => awsSessionDuration("2 days")).toThrow(
      expect.objectContaining({
        code: "ERR_DURATION_INVALID",
        message: expect.stringMatching(/ttl: "2 days" — A duration is hours, minutes and seconds/),
      }),
    );
  });

  it("returns a frozen result", () => {
    expect(Object.isFrozen(awsSessionDuration("1h"))).toBe(true);
  });
});
