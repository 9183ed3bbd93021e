import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IdentityManifest } from "../../sdk/manifest";
import { checkManifests } from "../../sdk/simulate";

const manifests = (
  JSON.parse(
    readFileSync(join(__dirname, "../fixtures/simulate/manifests/github-examples.json"), "utf8"),
  ) as { manifests: IdentityManifest[] }
).manifests;

type Claims = Record<string, unknown>;

/** Every (identity, subject, accepted `sub`) of the manifests. */
const declared = manifests.flatMap((manifest) =>
  manifest.subjects.flatMap((subject) => subject.sub.map((sub) => ({ manifest, subject, sub }))),
);

/** A token the declared subject would carry: its `sub` (wildcards filled) and pinned claims. */
function tokenFor(entry: (typeof declared)[number], fill: string): Claims {
  const claims: Claims = {
    iss: entry.subject.issuer,
    sub: entry.sub.replace(/\*/g, fill).replace(/\?/g, fill.slice(0, 1) || "x"),
  };
  for (const c of entry.subject.conditions) claims[c.claim] = c.anyOf[0];
  return claims;
}

/** Ways a token can differ from a declared one; each returns undefined where it does not apply. */
const mutations: Record<string, (claims: Claims) => Claims | undefined> = {
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

const fill = fc.string({ unit: fc.constantFrom("a", "1", ".", "-"), minLength: 1, maxLength: 6 });

describe("checkManifests", () => {
  it("allows a token built from each declared subject in every cloud of its identity", () => {
    fc.assert(
      fc.property(fc.constantFrom(...declared), fill, (entry, text) => {
        const results = checkManifests([entry.manifest], tokenFor(entry, text));
        expect(results.length).toBeGreaterThan(0);
        for (const r of results) {
          expect({ ...r, reasons: r.reasons.map((x) => x.message) }).toMatchObject({
            allowed: true,
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it("denies a token that differs in owner, repository, ID, environment, ref or audience", () => {
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
      { numRuns: 400 },
    );
    expect(applied).toBeGreaterThan(100);
  });

  it("shows which clouds catch a re-created repository behind a legacy subject", () => {
    const entry = declared.find((d) => d.sub === "repo:acme/api:environment:production")!;
    const token = { ...tokenFor(entry, ""), repository_id: "9999999" };
    const results = checkManifests([entry.manifest], token);
    // AWS and GCP check repository_id; an Azure credential can only match sub, so its legacy-form
    // credential lets the re-created repository in. The immutable form closes that gap.
    expect(Object.fromEntries(results.map((r) => [r.cloud, r.allowed]))).toEqual({
      aws: false,
      gcp: false,
      azure: true,
    });
  });

  it("returns one result per identity and declared cloud, in order", () => {
    const results = checkManifests(manifests, { iss: "https://gitlab.com", sub: "x" });
    expect(results.map((r) => `${r.identity}/${r.cloud}`)).toEqual([
      "api-deploy/aws",
      "api-deploy/gcp",
      "api-deploy/azure",
      "web-main/aws",
      "infra-release/aws",
      "infra-release/azure",
      "gitlab-deploy/aws",
      "gitlab-deploy/gcp",
      "payments-reader/aws",
    ]);
  });

  it("reports a document it cannot read as unsupported instead of throwing", () => {
    const broken = {
      ...manifests[1]!,
      aws: { ...manifests[1]!.aws!, trustPolicy: { Statement: [] } },
    };
    const [result] = checkManifests([broken], {
      iss: "https://token.actions.githubusercontent.com",
    });
    expect(result).toMatchObject({ identity: "web-main", cloud: "aws", allowed: false });
    expect(result?.reasons[0]?.message).toContain(
      "The aws trust of web-main cannot be evaluated: trustPolicy.Statement: [] — A trust policy has at least one statement.",
    );
  });
});
