import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { IdentityManifest } from "../../sdk/manifest";
import { checkManifests } from "../../sdk/simulate";
import { type DeclaredSubject, declaredSubjects, mutations, tokenFor } from "../support/tokens";

const root = resolve(__dirname, "../..");

async function planManifests(program: string): Promise<IdentityManifest[]> {
  const { stdout } = await promisify(execFile)(
    "node",
    [join(root, "bin/keyless.js"), "plan", program, "--json"],
    { cwd: root, maxBuffer: 32 * 1024 * 1024 },
  );
  return (JSON.parse(stdout) as { identities: IdentityManifest[] }).identities;
}

const fill = fc.string({ unit: fc.constantFrom("a", "1", ".", "-"), minLength: 1, maxLength: 6 });

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
      fc.assert(
        fc.property(fc.constantFrom(...declared), fill, (entry, text) => {
          const results = checkManifests([entry.manifest], tokenFor(entry, text));
          expect(results.length).toBeGreaterThan(0);
          for (const r of results) {
            expect({
              identity: r.identity,
              cloud: r.cloud,
              allowed: r.allowed,
              why: r.reasons.map((x) => x.message),
            }).toMatchObject({ allowed: true });
          }
        }),
        { numRuns: 150 },
      );
    });

    it("denies tokens that differ in owner, repository, ID, environment, ref or audience", () => {
      let applied = 0;
      fc.assert(
        fc.property(
          fc.constantFrom(...declared),
          fill,
          fc.constantFrom(...Object.keys(mutations)),
          (entry, text, name) => {
            const mutated = mutations[name]?.(tokenFor(entry, text));
            if (mutated === undefined) return;
            applied++;
            for (const r of checkManifests([entry.manifest], mutated)) {
              expect({
                identity: r.identity,
                cloud: r.cloud,
                mutation: name,
                allowed: r.allowed,
              }).toMatchObject({ allowed: false });
            }
          },
        ),
        { numRuns: 300 },
      );
      expect(applied).toBeGreaterThan(30);
    });
  },
);
