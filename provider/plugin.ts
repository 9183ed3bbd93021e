/**
 * Where the provider's plugin folder is and how its schema is generated: one place, shared by the
 * plugin's entry point and by anything that wants the schema without starting a server.
 *
 * @module
 */
import {
  type ComponentProviderOptions,
  ComponentProvider,
} from "@pulumi/pulumi/provider/experimental";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { components } from "./components";

/** The Pulumi package name: resource tokens are `keyless:index:<ClassName>`. */
export const PACKAGE_NAME = "keyless";

/**
 * The plugin folder: the one holding `PulumiPlugin.yaml`, the `package.json` the engine starts
 * and the `tsconfig.json` the schema analyzer reads. Found from the sources (run with `tsx`) and
 * from the compiled output under `dist/provider/` alike.
 */
export function pluginDirectory(): string {
  const candidates = [__dirname, resolve(__dirname, "..", "..", "provider")];
  const found = candidates.find((dir) => existsSync(join(dir, "PulumiPlugin.yaml")));
  if (!found) {
    throw new Error(
      `The Keyless provider's plugin folder (with PulumiPlugin.yaml) is in none of ${candidates.join(", ")}; reinstall the package.`,
    );
  }
  return found;
}

/**
 * The options the component provider host runs with: the package name, the plugin folder, every
 * component in {@link components}, and the version of the Keyless package itself (so the plugin
 * and the library never disagree).
 */
export function providerOptions(): ComponentProviderOptions & { version: string } {
  const dir = pluginDirectory();
  const manifest = JSON.parse(readFileSync(join(dir, "..", "package.json"), "utf8")) as {
    version: string;
  };
  return {
    name: PACKAGE_NAME,
    dirname: dir,
    components: [...components],
    version: manifest.version,
  };
}

/**
 * The provider's Pulumi package schema, inferred by `@pulumi/pulumi`'s analyzer from the
 * components' TypeScript argument and output types — the same classes that construct.
 *
 * Takes seconds: the analyzer type-checks the sources.
 */
export async function generateSchema(): Promise<Record<string, unknown>> {
  const provider = new ComponentProvider(providerOptions());
  return JSON.parse(await provider.getSchema()) as Record<string, unknown>;
}
