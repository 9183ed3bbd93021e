import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "vitest";

const fixtures = join(__dirname, "..", "fixtures", "gcp");

/**
 * Compares `value` with `test/fixtures/gcp/NAME.golden.json`; with `UPDATE_GOLDEN=1` rewrites the
 * file instead. A missing file fails: goldens are reviewed, never created silently.
 */
export function expectGolden(name: string, value: unknown): void {
  const file = join(fixtures, `${name}.golden.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(
      `Golden file ${name}.golden.json is missing; run with UPDATE_GOLDEN=1 and review it.`,
    );
  }
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(file, "utf8")));
}
