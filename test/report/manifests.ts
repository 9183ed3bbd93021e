import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IdentityManifest } from "../../sdk/manifest";
import { readManifests } from "../../sdk/report";

/** The path of the report fixture: four identities across GitHub, GitLab and EKS. */
export const MANIFESTS_FIXTURE = join(__dirname, "../fixtures/report/manifests.json");

/** The fixture's manifests. */
export function fixtureManifests(): readonly IdentityManifest[] {
  return readManifests(JSON.parse(readFileSync(MANIFESTS_FIXTURE, "utf8")), "manifests.json");
}
