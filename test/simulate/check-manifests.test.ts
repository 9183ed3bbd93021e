import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { IdentityManifest } from "../../sdk/manifest";
import { checkManifests } from "../../sdk/simulate";
import {
  declaredSubjects,
  expectAdmitsDeclared,
  expectDeniesMutations,
  tokenFor,
} from "../support/tokens";

const manifests = (
  JSON.parse(
    readFileSync(join(__dirname, "../fixtures/simulate/manifests/github-examples.json"), "utf8"),
  ) as { manifests: IdentityManifest[] }
).manifests;

const declared = declaredSubjects(manifests);

describe("checkManifests", () => {
  it("allows a token built from each declared subject in every cloud of its identity", () => {
    expectAdmitsDeclared(declared, 200);
  });

  it("denies a token that differs in owner, repository, ID, environment, ref or audience", () => {
    expect(expectDeniesMutations(declared, 400)).toBeGreaterThan(100);
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
