/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal and the work is long
 * enough to watch; otherwise silent, so logs and pipes stay clean.
 *
 * @module
 */
import type { CliIo } from "./io";

/** A progress sink: `update(done, total)` as work completes, `done()` at the end. */
export interface ProgressBar {
  update(done: number, total: number): void;
  done(): void;
}

const WIDTH = 30;

/**
 * A bar for `label`, shown once `total` reaches `minTotal` items (a short scan draws nothing).
 *
 * @param minTotal - the smallest amount of work worth a bar. @default 50
 */
export function progressBar(io: CliIo, label: string, minTotal = 50): ProgressBar {
  const tty = io.stderr.isTTY === true;
  let drawn = false;
  let lastDrawMs = 0;
  return {
    update(done, total) {
      if (!tty || total < minTotal) return;
      const nowMs = Date.now();
      // Redraw at most ten times a second, and always at the end.
      if (done < total && nowMs - lastDrawMs < 100) return;
      lastDrawMs = nowMs;
      const filled = Math.round((done / total) * WIDTH);
      io.stderr.write(
        `\r${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total}`,
      );
      drawn = true;
    },
    done() {
      if (drawn) io.stderr.write("\r\x1b[2K");
    },
  };
}
