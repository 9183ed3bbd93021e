/**
 * Tokens for declared subjects, and the ways a token can differ from one: the inputs of the
 * property tests that tie what Keyless declares to what each cloud's evaluator decides.
 */
import fc from "fast-check";
import { expect } from "vitest";
import type { IdentityManifest } from "../../sdk/manifest";
import { checkManifests } from "../../sdk/simulate";

/** A token's claims. */
export type Claims = Record<string, unknown>;

/** One accepted `sub` of one subject of one identity. */
export interface DeclaredSubject {
  readonly manifest: IdentityManifest;
  readonly subject: IdentityManifest["subjects"][number];
  readonly sub: string;
}

/** Every (identity, subject, accepted `sub`) of the manifests. */
export function declaredSubjects(manifests: readonly IdentityManifest[]): DeclaredSubject[] {
  return manifests.flatMap((manifest) =>
    manifest.subjects.flatMap((subject) => subject.sub.map((sub) => ({ manifest, subject, sub }))),
  );
}

/** A token the declared subject would carry: its `sub` (wildcards filled) and pinned claims. */
export function tokenFor(entry: DeclaredSubject, fill: string): Claims {
  const claims: Claims = {
    iss: entry.subject.issuer,
    sub: entry.sub.replace(/\*/g, fill).replace(/\?/g, fill.slice(0, 1) || "x"),
  };
  // The claims a real token carries beside `sub`, as its issuer derives them from the same job.
  const sub = String(claims["sub"]);
  const gitlab = /^project_path:((.+)\/[^/]+):ref_type:(branch|tag):ref:(.*)$/.exec(sub);
  if (gitlab) {
    Object.assign(claims, {
      project_path: gitlab[1],
      namespace_path: gitlab[2],
      ref_type: gitlab[3],
      ref: gitlab[4],
    });
  }
  const github = /^repo:([^/@]+)(?:@\d+)?\/([^:@]+)(?:@\d+)?:/.exec(sub);
  if (github)
    Object.assign(claims, { repository_owner: github[1], repository: `${github[1]}/${github[2]}` });
  for (const c of entry.subject.conditions) claims[c.claim] = c.anyOf[0];
  return claims;
}

/** Ways a token can differ from a declared one; each returns undefined where it does not apply. */
export const mutations: Record<string, (claims: Claims) => Claims | undefined> = {
  owner: (c) => swap(c, /^repo:acme(?=[@/])/, "repo:acme-evil"),
  repository: (c) => swap(c, /^(repo:[^/]+\/[a-z]+)/, "$1-fork"),
  environment: (c) => swap(c, /:environment:([a-z]+)$/, ":environment:$1-preview"),
  branch: (c) => swap(c, /:ref:refs\/heads\/(.*)$/, ":ref:refs/heads/feature/$1"),
  tag: (c) => swap(c, /:ref:refs\/tags\/(.*)$/, ":ref:refs/tags/x$1"),
  // The immutable form carries the IDs in sub; the legacy form only in the claims.
  "repository ID": (c) => {
    const changed = swap(c, /^(repo:[^/]+\/[a-z]+)@\d+:/, "$1@1:");
    return changed && { ...changed, repository_id: "1" };
  },
  "GitLab project": (c) => swap(c, /^project_path:acme\/platform\//, "project_path:acme/other/"),
  "GitLab ref": (c) => swap(c, /:ref:main$/, ":ref:main-x"),
  "unprotected ref": (c) =>
    c["ref_protected"] === "true" ? { ...c, ref_protected: "false" } : undefined,
  namespace: (c) => swap(c, /^system:serviceaccount:payments:/, "system:serviceaccount:default:"),
  "service account": (c) => swap(c, /:reader$/, ":writer"),
  audience: (c) => ({ ...c, aud: "https://github.com/acme" }),
  issuer: (c) => ({ ...c, iss: `${String(c["iss"])}/` }),
};

function swap(claims: Claims, pattern: RegExp, replacement: string): Claims | undefined {
  const sub = String(claims["sub"]);
  return pattern.test(sub) ? { ...claims, sub: sub.replace(pattern, replacement) } : undefined;
}

/** Text that fills a pattern's wildcards in generated tokens. */
export const wildcardFill = fc.string({
  unit: fc.constantFrom("a", "1", ".", "-"),
  minLength: 1,
  maxLength: 6,
});

/** Property: a token built from each declared subject is allowed in every cloud of its identity. */
export function expectAdmitsDeclared(declared: readonly DeclaredSubject[], numRuns: number): void {
  fc.assert(
    fc.property(fc.constantFrom(...declared), wildcardFill, (entry, text) => {
      const results = checkManifests([entry.manifest], tokenFor(entry, text));
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) {
        const why = r.reasons.map((x) => x.message);
        expect({ identity: r.identity, cloud: r.cloud, allowed: r.allowed, why }).toMatchObject({
          allowed: true,
        });
      }
    }),
    { numRuns },
  );
}

/**
 * Property: a token that differs from a declared one (owner, repository, ID, environment, ref,
 * audience, issuer) is denied in every cloud, with a failed condition among the reasons.
 *
 * @returns how many generated cases a mutation applied to.
 */
export function expectDeniesMutations(
  declared: readonly DeclaredSubject[],
  numRuns: number,
): number {
  let applied = 0;
  fc.assert(
    fc.property(
      fc.constantFrom(...declared),
      wildcardFill,
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
          }).toEqual({
            identity: r.identity,
            cloud: r.cloud,
            mutation: name,
            allowed: false,
          });
          expect(r.reasons.some((x) => x.kind === "failed")).toBe(true);
        }
      },
    ),
    { numRuns },
  );
  return applied;
}
