/**
 * Finds a Pulumi program and its configuration the way `pulumi preview` would: `Pulumi.yaml`, an
 * optional stack file, and `--config` overrides.
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { UsageError } from "../cli/io";

/** A program ready to run: where it is, its project and stack, and its configuration. */
export interface ProgramSpec {
  /** The program's folder (where `Pulumi.yaml` is, or the file's folder). */
  readonly dir: string;
  /** The file to load. */
  readonly entry: string;
  readonly project: string;
  readonly stack: string;
  /** Configuration as the engine passes it: `project:key` (or `provider:key`) → string value. */
  readonly config: Readonly<Record<string, string>>;
  /** Keys whose values are secrets. */
  readonly secretKeys: readonly string[];
}

/** How to find and configure a program. */
export interface ProgramOptions {
  /** Stack name; reads `Pulumi.<stack>.yaml` when it exists. @default "dev" */
  readonly stack?: string;
  /** `key=value` overrides, as `pulumi config set` would store them. @default none */
  readonly config?: readonly string[];
}

/**
 * Locates a program (a folder with `Pulumi.yaml`, or a `.ts`/`.js` file) and reads its
 * configuration.
 *
 * @throws {@link UsageError} naming the path and what is missing.
 */
export function loadProgramSpec(path: string, options: ProgramOptions = {}): ProgramSpec {
  const target = resolve(path);
  if (!existsSync(target)) throw new UsageError(`${path}: no such file or folder.`);
  const isDir = statSync(target).isDirectory();
  const dir = isDir ? target : dirname(target);
  const projectFile = findProjectFile(dir);
  const project = projectFile ? readYaml(projectFile) : {};
  const projectName = typeof project["name"] === "string" ? project["name"] : basename(dir);

  let entry = target;
  if (isDir) {
    if (!projectFile || dirname(projectFile) !== dir) {
      throw new UsageError(
        `${path}: not a Pulumi program (no Pulumi.yaml in the folder). Pass the folder that holds Pulumi.yaml, or a .ts file.`,
      );
    }
    const main = typeof project["main"] === "string" ? project["main"] : ".";
    entry = resolveEntry(join(dir, main));
    if (!entry)
      throw new UsageError(
        `${path}: no index.ts or index.js to run (Pulumi.yaml main: ${JSON.stringify(main)}).`,
      );
  }

  const stack = options.stack ?? "dev";
  const config: Record<string, string> = {};
  const secretKeys = new Set<string>();
  const qualify = (key: string) => (key.includes(":") ? key : `${projectName}:${key}`);
  const put = (key: string, value: unknown) => {
    if (value !== null && typeof value === "object" && "secure" in value) {
      // Encrypted values cannot be read without the stack's secrets provider; plans show the key.
      config[qualify(key)] = "[secret]";
      secretKeys.add(qualify(key));
    } else {
      config[qualify(key)] = typeof value === "string" ? value : JSON.stringify(value);
    }
  };

  for (const [key, decl] of Object.entries(asRecord(project["config"]))) {
    const declared = asRecord(decl);
    if ("default" in declared) put(key, declared["default"]);
    else if ("value" in declared) put(key, declared["value"]);
    else if (decl === null || typeof decl !== "object") put(key, decl);
  }
  const stackFile = join(projectFile ? dirname(projectFile) : dir, `Pulumi.${stack}.yaml`);
  if (existsSync(stackFile)) {
    for (const [key, value] of Object.entries(asRecord(readYaml(stackFile)["config"])))
      put(key, value);
  } else if (options.stack !== undefined) {
    throw new UsageError(`--stack ${stack}: ${stackFile} does not exist.`);
  }
  for (const pair of options.config ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--config ${JSON.stringify(pair)}: write key=value.`);
    put(pair.slice(0, eq), pair.slice(eq + 1));
  }

  return { dir, entry, project: projectName, stack, config, secretKeys: [...secretKeys] };
}

function findProjectFile(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    for (const name of ["Pulumi.yaml", "Pulumi.yml"])
      if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return undefined;
  }
}

function resolveEntry(base: string): string {
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.js`,
    join(base, "index.ts"),
    join(base, "index.js"),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? "";
}

function readYaml(file: string): Record<string, unknown> {
  try {
    return asRecord(parse(readFileSync(file, "utf8")));
  } catch (err) {
    throw new UsageError(`${file}: not valid YAML (${(err as Error).message}).`, { cause: err });
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
