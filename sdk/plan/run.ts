/**
 * Runs a Pulumi program under `@pulumi/pulumi`'s mock engine — the program's own copy, resolved
 * from its folder — and collects every resource it registers and every identity manifest.
 *
 * One program per process: the mock engine, the configuration and the manifest registry are
 * process-wide, which is why `keyless plan` runs as its own command.
 *
 * @module
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { UsageError } from "../cli/io";
import { KeylessError } from "../errors";
import { type IdentityManifest, startCollectingManifests } from "../manifest";
import { createPlanMocks, type MockCloudOptions, type PlannedResource } from "./mocks";
import { loadProgramSpec, type ProgramOptions, type ProgramSpec } from "./program";
import { typecheckProgram } from "./typecheck";

/** How to run a program. */
export interface PlanOptions extends ProgramOptions, MockCloudOptions {
  /** Type-check a TypeScript program before running it, as Pulumi does. @default true */
  readonly typecheck?: boolean;
}

/** Everything a program declared, as a plan shows it. */
export interface PlanResult {
  readonly program: ProgramSpec;
  /** Every resource, components included, in registration order. */
  readonly resources: readonly PlannedResource[];
  /** One manifest per Keyless identity, sorted by identity name. */
  readonly manifests: readonly IdentityManifest[];
  /** What the program logged as warnings or errors through `pulumi.log`. */
  readonly diagnostics: ReadonlyArray<{
    readonly severity: "warning" | "error";
    readonly message: string;
  }>;
  /** The program's stack outputs, resolved. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

/**
 * The program failed: its own error, without Keyless's stack. Exits the CLI with 2.
 */
export class ProgramFailedError extends KeylessError {
  constructor(program: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super("ERR_PROGRAM_FAILED", `The program ${program} failed: ${reason}`, { cause });
  }
}

/**
 * Runs the program at `path` under the mock engine.
 *
 * @throws {@link UsageError} when the path is not a program or `@pulumi/pulumi` cannot be found
 *   from it; {@link ProgramFailedError} when the program throws.
 */
export async function runProgram(path: string, options: PlanOptions = {}): Promise<PlanResult> {
  const program = loadProgramSpec(path, options);
  if (options.typecheck !== false) typecheckProgram(program);
  const requireFromProgram = createRequire(join(program.dir, "noop.js"));
  let pulumi: typeof import("@pulumi/pulumi");
  try {
    pulumi = requireFromProgram("@pulumi/pulumi");
  } catch (err) {
    throw new UsageError(
      `${path}: cannot load @pulumi/pulumi from the program's folder; run npm install there first.`,
      { cause: err },
    );
  }

  process.env["PULUMI_CONFIG"] = JSON.stringify(program.config);
  process.env["PULUMI_CONFIG_SECRET_KEYS"] = JSON.stringify(program.secretKeys);
  pulumi.runtime.setAllConfig({ ...program.config }, [...program.secretKeys]);
  const { mocks, resources } = createPlanMocks(options);
  await pulumi.runtime.setMocks(mocks, program.project, program.stack, false);
  const collectManifests = startCollectingManifests();

  const diagnostics: Array<{ severity: "warning" | "error"; message: string }> = [];
  const restore = captureRuntimeLog(diagnostics);
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    const exported = await loadEntry(program.entry);
    const outputs = await resolveOutputs(pulumi, exported);
    await waitForRegistrations(pulumi);
    const manifests = await collectManifests();
    await waitForRegistrations(pulumi);
    if (failures.length > 0) throw failures[0];
    return { program, resources: [...resources], manifests, diagnostics, outputs };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new ProgramFailedError(path, err);
  } finally {
    process.off("unhandledRejection", onRejection);
    restore();
  }
}

/**
 * Runs the program and returns only its manifests: what `keyless check` and `keyless report` read.
 */
export async function collectProgramManifests(
  path: string,
  options: PlanOptions = {},
): Promise<readonly IdentityManifest[]> {
  return (await runProgram(path, options)).manifests;
}

async function loadEntry(entry: string): Promise<unknown> {
  // tsx compiles TypeScript programs on load, as Pulumi's own Node.js host does with ts-node.
  const { register } = require("tsx/cjs/api") as { register: () => () => void };
  const unregister = register();
  try {
    const loaded: unknown = require(entry);
    const exported =
      loaded &&
      typeof loaded === "object" &&
      "default" in loaded &&
      Object.keys(loaded).length === 1
        ? (loaded as { default: unknown }).default
        : loaded;
    // Pulumi runs a program that exports a function and uses its result as the stack outputs.
    return typeof exported === "function" ? await (exported as () => unknown)() : exported;
  } finally {
    unregister();
  }
}

async function resolveOutputs(
  pulumi: typeof import("@pulumi/pulumi"),
  exported: unknown,
): Promise<Record<string, unknown>> {
  if (!exported || typeof exported !== "object") return {};
  const entries = Object.entries(exported as Record<string, unknown>).filter(
    ([k]) => k !== "__esModule",
  );
  const values = await Promise.all(
    entries.map(
      ([, v]) =>
        new Promise<unknown>((done) =>
          pulumi.output(v as import("@pulumi/pulumi").Input<object>).apply(done),
        ),
    ),
  );
  return Object.fromEntries(entries.map(([k], i) => [k, values[i]]));
}

// `waitForRPCs` is exported by the runtime but marked internal in its typings; it is what
// `pulumi.runtime.disconnect` awaits, without closing the mock monitor.
async function waitForRegistrations(pulumi: typeof import("@pulumi/pulumi")): Promise<void> {
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

// Without an engine, pulumi.log writes "warning: [runtime] …" to the console; a plan shows those
// lines as diagnostics instead.
function captureRuntimeLog(
  into: Array<{ severity: "warning" | "error"; message: string }>,
): () => void {
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => into.push({ severity: "warning", message: strip(args) });
  console.error = (...args: unknown[]) => into.push({ severity: "error", message: strip(args) });
  return () => {
    console.warn = warn;
    console.error = error;
  };
}

function strip(args: unknown[]): string {
  return args
    .map(String)
    .join(" ")
    .replace(/^(warning|error): \[runtime\] /, "");
}
