import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ciOfPath, type MigrationInput } from "../../sdk/migrate/discover";

/** The folder holding the migrate fixtures. */
export const fixturesDir = join(__dirname, "..", "fixtures", "migrate");

/** Every case folder: `<ci>/<case>`, each with an `input/` tree. */
export function fixtureCases(): string[] {
  return readdirSync(fixturesDir).flatMap((ci) =>
    readdirSync(join(fixturesDir, ci)).map((c) => `${ci}/${c}`),
  );
}

/** Reads a tree of files as migrate inputs, CI kind by path (GitLab includes by `ci/`). */
export function readTree(dir: string): MigrationInput[] {
  const out: MigrationInput[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const abs = join(d, e);
      if (statSync(abs).isDirectory()) walk(abs);
      else {
        const file = relative(dir, abs).split(sep).join("/");
        const ci = ciOfPath(file) ?? (file.startsWith("ci/") ? "gitlab" : undefined);
        out.push({ file, text: readFileSync(abs, "utf8"), ...(ci ? { ci } : {}) });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => a.file.localeCompare(b.file));
}
