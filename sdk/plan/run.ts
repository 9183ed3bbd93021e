/**
 * Running a Pulumi program under the mock engine to collect its manifests.
 *
 * @module
 */
import { UsageError } from "../cli/io";
import type { IdentityManifest } from "../manifest";

/**
 * Runs the program and returns its manifests.
 *
 * Not yet: this build has no plan runner, so reading a program is refused with a usage error;
 * pass the manifests `keyless plan` writes with `--manifest` instead.
 */
export async function collectProgramManifests(
  path: string,
  _options: Readonly<Record<string, unknown>> = {},
): Promise<readonly IdentityManifest[]> {
  throw new UsageError(
    `--program ${path} needs the plan runner, which this build does not include; pass the manifests with --manifest FILE instead.`,
  );
}
