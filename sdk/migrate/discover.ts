/**
 * Which files `migrate` reads: CI configuration found by its conventional path (or content, for a
 * file named explicitly), GitLab local includes, and every other small text file for committed keys.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { CiSystem } from "./types";

/** A file `migrate` reads: its path relative to the base folder and its text. */
export interface MigrationInput {
  readonly file: string;
  readonly text: string;
  /** The CI system, when the file is CI configuration. */
  readonly ci?: CiSystem;
}

/** Folders never read: dependencies, VCS data, build output and `migrate`'s own backups. */
const skipped = new Set(["node_modules", ".git", "dist", ".terraform", ".venv", "vendor"]);

/** Files larger than this are not scanned for committed keys (bytes). */
const MAX_SCAN_BYTES = 512 * 1024;

/** The CI system a relative path belongs to by convention, if any. */
export function ciOfPath(file: string): CiSystem | undefined {
  const f = file.split(sep).join("/");
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(f)) return "github";
  if (/(^|\/)\.gitlab-ci\.ya?ml$/.test(f)) return "gitlab";
  if (/(^|\/)\.circleci\/config\.ya?ml$/.test(f)) return "circleci";
  if (/(^|\/)bitbucket-pipelines\.ya?ml$/.test(f)) return "bitbucket";
  return undefined;
}

/** The CI system of a YAML file named explicitly, guessed from its top-level keys. */
export function ciOfContent(text: string): CiSystem | undefined {
  const keys = new Set([...text.matchAll(/^([A-Za-z_.-]+):/gm)].map((m) => m[1]));
  if (keys.has("pipelines")) return "bitbucket";
  if (keys.has("jobs") && (keys.has("on") || keys.has('"on"'))) return "github";
  if (keys.has("version") && (keys.has("orbs") || keys.has("workflows"))) return "circleci";
  if (/^\s+script:/m.test(text) || keys.has("stages")) return "gitlab";
  return undefined;
}

/**
 * Reads the files under `paths` (files or folders, relative to `base`).
 *
 * @throws Error with code `ENOENT` when a path does not exist: the CLI reports it as unusable input.
 */
export function collectInputs(paths: readonly string[], base: string): MigrationInput[] {
  const seen = new Map<string, MigrationInput>();
  const add = (abs: string, named: boolean) => {
    const file = relative(base, abs).split(sep).join("/") || abs;
    if (seen.has(file)) return;
    const size = statSync(abs).size;
    let ci = ciOfPath(file);
    if (!ci && !named && size > MAX_SCAN_BYTES) return;
    const text = readFileSync(abs, "utf8");
    if (text.includes("\0")) return;
    if (!ci && named && /\.ya?ml$/.test(file)) ci = ciOfContent(text);
    seen.set(file, { file, text, ...(ci ? { ci } : {}) });
  };
  const walk = (dir: string, depth: number) => {
    if (depth > 20) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.endsWith(".keyless-backup")) continue;
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) walk(abs, depth + 1);
      } else if (entry.isFile()) {
        add(abs, false);
      }
    }
  };
  for (const p of paths) {
    const abs = resolve(base, p);
    if (statSync(abs).isDirectory()) walk(abs, 0);
    else add(abs, true);
  }
  for (const input of [...seen.values()]) {
    if (input.ci !== "gitlab") continue;
    // Local includes are paths from the project root, which is the folder migrate runs in.
    for (const local of gitlabLocalIncludes(input.text)) {
      const file = local.replace(/^\//, "");
      const existing = seen.get(file);
      if (existing) {
        if (!existing.ci) seen.set(file, { ...existing, ci: "gitlab" });
      } else if (existsSync(join(base, file)) && statSync(join(base, file)).isFile()) {
        seen.set(file, { file, text: readFileSync(join(base, file), "utf8"), ci: "gitlab" });
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.file.localeCompare(b.file));
}

/** The `include: local` paths of a GitLab file, as written (without wildcards). */
export function gitlabLocalIncludes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*-?\s*local:\s*['"]?([^'"\s#]+)/gm)) out.push(m[1] ?? "");
  for (const m of text.matchAll(/^include:\s*['"]?(\/?[^'"\s#]+\.ya?ml)/gm)) out.push(m[1] ?? "");
  for (const m of text.matchAll(/^\s*-\s*['"]?(\/[^'"\s#:]+\.ya?ml)['"]?\s*$/gm))
    out.push(m[1] ?? "");
  return out.filter((p) => p !== "" && !p.includes("*"));
}

/**
 * `OWNER/NAME` (or `GROUP/SUBGROUP/NAME`) from a git remote URL: `git@host:acme/api.git`,
 * `https://host/acme/api.git`, `ssh://git@host/acme/api`.
 */
export function repositoryFromRemote(url: string): string | undefined {
  const trimmed = url
    .trim()
    .replace(/\.git$/, "")
    .replace(/\/+$/, "");
  const scp = /^[^@/]+@[^:/]+:(.+)$/.exec(trimmed);
  const path = scp ? scp[1] : /^[a-z+]+:\/\/[^/]+\/(.+)$/.exec(trimmed)?.[1];
  if (!path || !path.includes("/")) return undefined;
  return path;
}
