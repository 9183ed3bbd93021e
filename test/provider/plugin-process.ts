/**
 * Starts the provider plugin and the policy pack the way the engine's Node.js hosts do —
 * `run-plugin` on the plugin folder, `run-policy-pack` on the pack's folder, each in its folder —
 * and reads the port they print. Bounded in time, always stopped.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");

/** The plugin folder. */
export const PLUGIN_DIR = join(root, "provider");

/** The policy pack's folder. */
export const POLICY_PACK_DIR = join(root, "provider", "policy");

/** A started plugin: its port and how to stop it. */
export interface RunningPlugin {
  readonly port: number;
  readonly stderr: () => string;
  readonly stop: () => Promise<void>;
}

/** `@pulumi/pulumi`'s own copy of a module (the protocol stubs and grpc-js must be one copy). */
export const requireFromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));

/**
 * Spawns the provider plugin, with `args` after the plugin folder (the engine passes its address
 * there), and resolves with its port.
 */
export function startPlugin(
  timeoutMs: number,
  args: readonly string[] = [],
): Promise<RunningPlugin> {
  return startNodeHost("run-plugin", PLUGIN_DIR, [".", ...args], timeoutMs);
}

/** Spawns the policy pack (`run-policy-pack ENGINE .`) and resolves with its port. */
export function startPolicyPack(timeoutMs: number, engineAddress: string): Promise<RunningPlugin> {
  return startNodeHost("run-policy-pack", POLICY_PACK_DIR, [engineAddress, "."], timeoutMs);
}

/**
 * Spawns a host of `@pulumi/pulumi` and resolves with the port the program prints, or rejects
 * after `timeoutMs` with what it wrote to stderr.
 */
function startNodeHost(
  host: "run-plugin" | "run-policy-pack",
  dir: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<RunningPlugin> {
  const built = join(root, "dist", "provider", "main.js");
  if (!existsSync(built)) {
    return Promise.reject(
      new Error(`${built} is missing: run npm run build first (npm test does it).`),
    );
  }
  const script = join(requireFromPulumi.resolve("@pulumi/pulumi/package.json"), "..", "cmd", host);
  const child = spawn(process.execPath, [script, ...args], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => {
      void stop(child);
      reject(new Error(`${host} printed no port within ${timeoutMs} ms. stderr:\n${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${host} exited (${code}) before printing a port. stderr:\n${stderr}`));
    });
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(\d+)\s*$/m.exec(stdout);
      if (!line) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolvePort({ port: Number(line[1]), stderr: () => stderr, stop: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}
