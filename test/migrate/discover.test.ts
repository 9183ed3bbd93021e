import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ciOfPath, collectInputs, repositoryFromRemote } from "../../sdk/migrate";

describe("repositoryFromRemote", () => {
  it.each([
    ["git@github.com:acme/api.git", "acme/api"],
    ["https://github.com/acme/api.git", "acme/api"],
    ["https://github.com/acme/api", "acme/api"],
    ["ssh://git@gitlab.com/acme/platform/deployer.git", "acme/platform/deployer"],
    ["https://bitbucket.org/acme/site/", "acme/site"],
    ["not a url", undefined],
  ])("reads %s as %s", (url, expected) => {
    expect(repositoryFromRemote(url)).toBe(expected);
  });
});

describe("ciOfPath", () => {
  it.each([
    [".github/workflows/deploy.yml", "github"],
    [".github/workflows/deploy.yaml", "github"],
    [".github/actions/x/action.yml", undefined],
    [".gitlab-ci.yml", "gitlab"],
    [".circleci/config.yml", "circleci"],
    ["bitbucket-pipelines.yml", "bitbucket"],
  ])("classifies %s as %s", (path, ci) => {
    expect(ciOfPath(path)).toBe(ci);
  });
});

describe("collectInputs", () => {
  it("finds CI files and GitLab local includes, and skips dependencies and backups", () => {
    const dir = mkdtempSync(join(tmpdir(), "keyless-migrate-"));
    mkdirSync(join(dir, ".github/workflows"), { recursive: true });
    mkdirSync(join(dir, "ci"));
    mkdirSync(join(dir, "node_modules/x"), { recursive: true });
    writeFileSync(join(dir, ".github/workflows/a.yml"), "on: push\njobs: {}\n");
    writeFileSync(join(dir, ".github/workflows/a.yml.keyless-backup"), "old\n");
    writeFileSync(join(dir, ".gitlab-ci.yml"), "include:\n  - local: ci/deploy.yml\n");
    writeFileSync(join(dir, "ci/deploy.yml"), "deploy:\n  script: [x]\n");
    writeFileSync(join(dir, "node_modules/x/.gitlab-ci.yml"), "x: 1\n");
    const found = collectInputs(["."], dir).map((i) => [i.file, i.ci]);
    expect(found).toEqual([
      [".github/workflows/a.yml", "github"],
      [".gitlab-ci.yml", "gitlab"],
      ["ci/deploy.yml", "gitlab"],
    ]);
    const named = collectInputs([".gitlab-ci.yml"], dir).map((i) => [i.file, i.ci]);
    expect(named).toEqual([
      [".gitlab-ci.yml", "gitlab"],
      ["ci/deploy.yml", "gitlab"],
    ]);
  });
});
