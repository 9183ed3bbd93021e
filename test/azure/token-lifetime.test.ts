import { describe, expect, it } from "vitest";
import { checkAzureTtl } from "../../sdk/azure";

describe("checkAzureTtl", () => {
  it.each([
    [5399, true],
    [5400, false],
    [900, true],
    [7200, false],
  ])("for a TTL of %i s warns: %s", (ttl, warns) => {
    expect(checkAzureTtl(ttl, "api.ttl") !== undefined).toBe(warns);
  });

  it("says that Azure cannot shorten its tokens and the runtime enforces the TTL", () => {
    expect(checkAzureTtl(900, "api.ttl")).toMatchObject({
      code: "azure-ttl-at-runtime",
      path: "api.ttl",
      message: expect.stringMatching(/1h to 1h30m by default.*TTL of 15m is enforced at runtime/),
    });
  });
});
