/**
 * Time as the runtime sees it, injectable so tests move it by hand.
 *
 * @module
 */

/** A source of time and delays. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1), for jitter. */
  random(): number;
}

/**
 * The real clock: `Date.now`, `setTimeout` (so fake timers in tests apply), `Math.random`. A sleep
 * keeps the process alive: a retry that is waiting must finish (or fail) before a command exits,
 * or the command would end with status 0 and no credentials.
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number) =>
    new Promise<void>((resolve) => {
      setTimeout(resolve, ms);
    }),
  random: () => Math.random(),
});

/** What the runtime reports, if a logger is given. Messages never contain credentials. */
export interface RuntimeLogger {
  debug?(message: string): void;
  warn?(message: string): void;
}
