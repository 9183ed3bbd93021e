import { describe, expect, it, vi } from "vitest";
import {
  CachedCredentials,
  CredentialCache,
  ExchangeError,
  type Clock,
  type IssuedCredentials,
} from "../../sdk/runtime";

/** A clock moved by hand; sleeping moves it forward and records the delay. */
function manualClock(start = Date.UTC(2026, 0, 1)): Clock & { t: number; sleeps: number[] } {
  const clock = {
    t: start,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
    random: () => 0.5,
  };
  return clock;
}

const MIN = 60_000;

/** An exchange that issues numbered credentials valid for `lifetimeMs` from the clock's now. */
function issuer(clock: { now(): number }, lifetimeMs: number) {
  let n = 0;
  const calls: number[] = [];
  const fetch = async (): Promise<IssuedCredentials<string>> => {
    calls.push(clock.now());
    n++;
    return { value: `credentials-${n}`, expiresAt: new Date(clock.now() + lifetimeMs) };
  };
  return { fetch, calls };
}

const flush = () => new Promise((r) => setImmediate(r));

describe("CachedCredentials", () => {
  it("answers from memory until max(5 min, 10 % of the TTL) before expiry", async () => {
    const clock = manualClock();
    const { fetch, calls } = issuer(clock, 60 * MIN);
    const entry = new CachedCredentials("aws:role", fetch, { clock });

    expect(await entry.get()).toBe("credentials-1");
    clock.t += 53 * MIN + 59_000;
    expect(await entry.get()).toBe("credentials-1");
    expect(calls).toHaveLength(1);
    expect(entry.state().refreshAt).toBe(calls[0]! + 54 * MIN);
  });

  it.each([
    [15 * MIN, 10 * MIN],
    [60 * MIN, 54 * MIN],
    [12 * 60 * MIN, 12 * 60 * MIN - 72 * MIN],
  ])("for a lifetime of %i ms refreshes at %i ms", async (lifetime, refreshAfter) => {
    const clock = manualClock();
    const { fetch } = issuer(clock, lifetime);
    const entry = new CachedCredentials("t", fetch, { clock });
    await entry.get();

    expect(entry.state().refreshAt! - clock.t).toBe(refreshAfter);
  });

  it("serves the current credentials while one background refresh runs", async () => {
    const clock = manualClock();
    const { fetch, calls } = issuer(clock, 60 * MIN);
    const entry = new CachedCredentials("t", fetch, { clock });
    await entry.get();
    clock.t += 55 * MIN;

    const during = await Promise.all([entry.get(), entry.get(), entry.get()]);
    expect(during).toEqual(["credentials-1", "credentials-1", "credentials-1"]);
    await flush();
    expect(calls).toHaveLength(2);
    expect(await entry.get()).toBe("credentials-2");
  });

  it("makes every caller wait for one shared refresh once the credentials are about to expire", async () => {
    const clock = manualClock();
    const { fetch, calls } = issuer(clock, 60 * MIN);
    const entry = new CachedCredentials("t", fetch, { clock });
    await entry.get();
    clock.t += 59 * MIN + 31_000;

    const all = await Promise.all(Array.from({ length: 100 }, () => entry.get()));
    expect(new Set(all)).toEqual(new Set(["credentials-2"]));
    expect(calls).toHaveLength(2);
  });

  it("corrects the expiry for a server clock that runs ahead", async () => {
    const clock = manualClock();
    const skew = 10 * MIN;
    const entry = new CachedCredentials(
      "t",
      async () => ({
        value: "c",
        expiresAt: new Date(clock.t + skew + 60 * MIN),
        serverDate: new Date(clock.t + skew),
      }),
      { clock },
    );
    await entry.get();

    // The Date header has whole seconds: the server's time is taken as half a second past it.
    expect(entry.state().expiresAt).toBe(clock.t + 60 * MIN - 500);
  });

  it("ignores a difference within the Date header's one-second resolution", async () => {
    const clock = manualClock();
    const entry = new CachedCredentials(
      "t",
      async () => ({
        value: "c",
        expiresAt: new Date(clock.t + 60 * MIN),
        serverDate: new Date(Math.floor(clock.t / 1000) * 1000 - 1000),
      }),
      { clock },
    );
    await entry.get();

    expect(entry.state().expiresAt).toBe(clock.t + 60 * MIN);
  });

  it("refuses credentials that arrive already expired by the corrected clock", async () => {
    const clock = manualClock();
    const entry = new CachedCredentials(
      "aws:role",
      async () => ({
        value: "c",
        expiresAt: new Date(clock.t + MIN),
        serverDate: new Date(clock.t + 2 * MIN),
      }),
      { clock },
    );

    await expect(entry.get()).rejects.toMatchObject({
      code: "ERR_EXCHANGE_FAILED",
      message: expect.stringContaining("The credentials for aws:role arrived already expired"),
    });
  });

  it("backs off with jitter on throttling and gives up after maxAttempts", async () => {
    const clock = manualClock();
    let calls = 0;
    const entry = new CachedCredentials(
      "t",
      async () => {
        calls++;
        throw new ExchangeError("aws", "throttled", "Rate exceeded", { status: 400 });
      },
      { clock, retry: { maxAttempts: 4, baseDelayMs: 200 } },
    );

    await expect(entry.get()).rejects.toMatchObject({
      code: "ERR_EXCHANGE_FAILED",
      reason: "throttled",
    });
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([150, 300, 600]);
  });

  it("recovers from a 5xx on the next attempt", async () => {
    const clock = manualClock();
    let calls = 0;
    const entry = new CachedCredentials(
      "t",
      async () => {
        if (++calls === 1)
          throw new ExchangeError("gcp", "unavailable", "backend error", { status: 503 });
        return { value: "c", expiresAt: new Date(clock.t + 60 * MIN) };
      },
      { clock },
    );

    expect(await entry.get()).toBe("c");
    expect(calls).toBe(2);
  });

  it("does not retry an access denial", async () => {
    const clock = manualClock();
    let calls = 0;
    const entry = new CachedCredentials(
      "t",
      async () => {
        calls++;
        throw new ExchangeError("aws", "denied", "AccessDenied", { status: 403 });
      },
      { clock },
    );

    await expect(entry.get()).rejects.toMatchObject({ code: "ERR_ACCESS_DENIED" });
    expect(calls).toBe(1);
  });

  it("retries a denial inside the grace window and not after it", async () => {
    const clock = manualClock();
    let calls = 0;
    const entry = new CachedCredentials(
      "t",
      async () => {
        calls++;
        throw new ExchangeError("aws", "denied", "AccessDenied", { status: 403 });
      },
      { clock, retry: { accessDeniedGraceMs: 5_000, baseDelayMs: 1_000, maxDelayMs: 2_000 } },
    );

    await expect(entry.get()).rejects.toMatchObject({ code: "ERR_ACCESS_DENIED" });
    // Sleeps of 750, 1500, 1500, 1500 ms: the fifth attempt starts at 5.25 s, past the window.
    expect(calls).toBe(5);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5_000);
  });

  it("keeps serving after a failed background refresh and surfaces the error once it must block", async () => {
    const clock = manualClock();
    let fail = false;
    const warnings: string[] = [];
    const entry = new CachedCredentials(
      "t",
      async () => {
        if (fail) throw new ExchangeError("aws", "invalid", "ValidationError");
        return { value: "c", expiresAt: new Date(clock.t + 60 * MIN) };
      },
      { clock, logger: { warn: (m) => warnings.push(m) } },
    );
    await entry.get();
    fail = true;
    clock.t += 55 * MIN;

    expect(await entry.get()).toBe("c");
    await flush();
    expect(warnings[0]).toMatch(/^Background refresh of t failed; serving the current credentials/);
    clock.t += 4 * MIN + 45_000;
    await expect(entry.get()).rejects.toMatchObject({ code: "ERR_EXCHANGE_FAILED" });
  });
});

describe("CredentialCache", () => {
  it("keeps one entry per target key", async () => {
    const cache = new CredentialCache({ clock: manualClock() });
    const a = cache.entry("aws:a", async () => ({
      value: 1,
      expiresAt: new Date(Date.UTC(2027, 0, 1)),
    }));
    const again = cache.entry("aws:a", async () => ({
      value: 2,
      expiresAt: new Date(Date.UTC(2027, 0, 1)),
    }));
    const b = cache.entry("aws:a|narrow:1", async () => ({
      value: 3,
      expiresAt: new Date(Date.UTC(2027, 0, 1)),
    }));

    expect(again).toBe(a);
    expect(await again.get()).toBe(1);
    expect(await b.get()).toBe(3);
    expect(cache.states().map((s) => s.key)).toEqual(["aws:a", "aws:a|narrow:1"]);
  });
});

describe("CachedCredentials on the system clock", () => {
  it("follows fake timers through the refresh window", async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    try {
      const { fetch, calls } = issuer({ now: () => Date.now() }, 60 * MIN);
      const entry = new CachedCredentials("t", fetch);
      expect(await entry.get()).toBe("credentials-1");

      vi.advanceTimersByTime(53 * MIN);
      expect(await entry.get()).toBe("credentials-1");
      expect(calls).toHaveLength(1);

      vi.advanceTimersByTime(2 * MIN);
      expect(await entry.get()).toBe("credentials-1");
      await vi.runAllTimersAsync();
      expect(await entry.get()).toBe("credentials-2");
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
