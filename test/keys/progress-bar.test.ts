import { describe, expect, it } from "vitest";
import type { CliIo } from "../../sdk/cli/io";
import { progressBar } from "../../sdk/cli/progress-bar";

const io = (isTTY: boolean) => {
  let err = "";
  const value: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (s: string) => (err += s), isTTY },
    env: {},
    cwd: "/",
  };
  return { value, err: () => err };
};

describe("progressBar", () => {
  it("draws on a terminal once the work is long enough, and clears the line at the end", () => {
    const tty = io(true);
    const bar = progressBar(tty.value, "scanning aws", 50);
    bar.update(50, 50);
    bar.done();
    expect(tty.err()).toBe(`\rscanning aws [${"#".repeat(30)}] 50/50\r\x1b[2K`);
  });

  it.each([
    ["stderr is not a terminal", false, 500],
    ["the work is short (49 of a minimum of 50)", true, 49],
  ])("stays silent when %s", (_name, isTTY, total) => {
    const out = io(isTTY);
    const bar = progressBar(out.value, "scanning aws", 50);
    bar.update(total, total);
    bar.done();
    expect(out.err()).toBe("");
  });
});
