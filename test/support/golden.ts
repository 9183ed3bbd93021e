/**
 * Golden files for rendered documents: `test/fixtures/FOLDER/NAME.golden.json`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "vitest";

/**
 * Compares `value` with `test/fixtures/FOLDER/NAME.golden.json`; with `UPDATE_GOLDEN=1` rewrites the
 * file instead. A missing file fails: goldens are reviewed, never created silently.
 */
export function expectGolden(folder: string, name: string, value: unknown): void {
  const file = join(__dirname, "..", "fixtures", folder, `${name}.golden.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  expect(existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(text).toBe(readFileSync(file, "utf8"));
}
