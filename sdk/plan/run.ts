/**
 * Runs a Pulumi program under the mock engine and collects the manifests its identities record.
 *
 * @module
 */
import { UsageError } from "../cli/io";
import type { IdentityManifest } from "../manifest";

/** Options of {@link collectProgramManifests}. */
export interface CollectProgramOptions {
  /** The folder relative paths are read from. */
  readonly cwd: string;
  /** The environment the program sees. @default the process environment */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs the program at `programPath` and returns every identity's manifest, sorted by name.
 *
 * Not yet: the program runner is part of `keyless plan`; until it is in place this throws, and
 * `--manifest` is the way to give identities.
 *
 * @throws UsageError always, for now.
 */
export async function collectProgramManifests(
  programPath: string,
  options: CollectProgramOptions,
): Promise<IdentityManifest[]> {
  void options;
  throw new UsageError(
    `--program ${programPath}: running a program needs the plan runner, which this build does not include. Write the manifests to a file and pass --manifest FILE.`,
  );
}
