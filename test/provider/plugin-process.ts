/**
 * Starts the provider plugin the way the engine's Node.js language host does — `run-plugin` on the
 * plugin folder, in that folder — and reads the port it prints. Bounded in time, always stopped.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");

/** The plugin folder. */
export const PLUGIN_DIR = join(root, "provider");

/** A started plugin: its port and how to stop it. */
export interface RunningPlugin {
  readonly port: number;
  readonly stderr: () => string;
  readonly stop: () => Promise<void>;
}

/** `@pulumi/pulumi`'s own copy of a module (the protocol stubs and grpc-js must be one copy). */
export const requireFromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));

/**
 * Spawns the plugin (with `args` after the plugin folder: the engine passes its address there)
 * and resolves with its port, or rejects after `timeoutMs` with what it wrote to
 * stderr.
 */
export function startPlugin(
  timeoutMs: number,
  args: readonly string[] = [],
): Promise<RunningPlugin> {
  const entry = join(root, "dist", "provider", "main.js");
  if (!existsSync(entry)) {
    return Promise.reject(
      new Error(`${entry} is missing: run npm run build first (npm test does it).`),
    );
  }
  const runPlugin = join(
    requireFromPulumi.resolve("@pulumi/pulumi/package.json"),
    "..",
    "cmd",
    "run-plugin",
  );
  const child = spawn(process.execPath, [runPlugin, ".", ...args], {
    cwd: PLUGIN_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => {
      void stop(child);
      reject(new Error(`The plugin printed no port within ${timeoutMs} ms. stderr:\n${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The plugin exited (${code}) before printing a port. stderr:\n${stderr}`));
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
