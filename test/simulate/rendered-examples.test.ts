import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { IdentityManifest } from "../../sdk/manifest";
import {
  type DeclaredSubject,
  declaredSubjects,
  expectAdmitsDeclared,
  expectDeniesMutations,
} from "../support/tokens";

const root = resolve(__dirname, "../..");

async function planManifests(program: string): Promise<IdentityManifest[]> {
  const { stdout } = await promisify(execFile)(
    "node",
    [join(root, "bin/keyless.js"), "plan", program, "--json"],
    { cwd: root, maxBuffer: 32 * 1024 * 1024 },
  );
  return (JSON.parse(stdout) as { identities: IdentityManifest[] }).identities;
}

// The examples' declarations, rendered by the real components and evaluated by each cloud's
// evaluator: what a declaration admits and what the clouds admit can never drift apart.
describe.each(["examples/github-actions-aws", "examples/multi-cloud-ci"])(
  "the rendered trust of %s",
  (program) => {
    let declared: DeclaredSubject[] = [];
    beforeAll(async () => {
      declared = declaredSubjects(await planManifests(program));
    }, 60_000);

    it("admits a token built from each declared subject in every granted cloud", () => {
      expect(declared.length).toBeGreaterThan(2);
      expectAdmitsDeclared(declared, 150);
    });

    it("denies tokens that differ in owner, repository, ID, environment, ref or audience", () => {
      expect(expectDeniesMutations(declared, 300)).toBeGreaterThan(30);
    });
  },
);
