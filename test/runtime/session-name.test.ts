import { describe, expect, it } from "vitest";
import { MAX_ROLE_SESSION_NAME_LENGTH, roleSessionName } from "../../sdk/runtime";

describe("roleSessionName", () => {
  it.each([
    [
      {
        GITHUB_ACTIONS: "true",
        GITHUB_REPOSITORY: "acme/api",
        GITHUB_RUN_ID: "7345012345",
        GITHUB_RUN_ATTEMPT: "2",
      },
      "acme.api-7345012345-2",
    ],
    [
      { GITLAB_CI: "true", CI_PROJECT_PATH: "acme/platform/api", CI_JOB_ID: "991" },
      "acme.platform.api-991",
    ],
    [
      {
        BUILDKITE: "true",
        BUILDKITE_PIPELINE_SLUG: "api",
        BUILDKITE_BUILD_NUMBER: "12",
        BUILDKITE_RETRY_COUNT: "0",
      },
      "api-12-0",
    ],
    [{ CIRCLECI: "true", CIRCLE_PROJECT_REPONAME: "api", CIRCLE_BUILD_NUM: "5" }, "api-5"],
    [{ TFC_RUN_ID: "run-abc", TFC_WORKSPACE_NAME: "prod net" }, "prod-net-run-abc"],
    [{}, "keyless-1767225600"],
  ])("builds %j into %s", (env, name) => {
    expect(roleSessionName(env, Date.UTC(2026, 0, 1))).toBe(name);
  });

  it("keeps the run ID and attempt when the repository is long, at exactly 64 characters", () => {
    const env = {
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: `acme/${"r".repeat(80)}`,
      GITHUB_RUN_ID: "7345012345",
      GITHUB_RUN_ATTEMPT: "3",
    };
    const name = roleSessionName(env);

    expect(name).toHaveLength(MAX_ROLE_SESSION_NAME_LENGTH);
    expect(name.endsWith("-7345012345-3")).toBe(true);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });

  it("leaves a 64-character name whole and shortens a 65-character one", () => {
    const repo = (n: number) => ({
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: "a".repeat(n),
      GITHUB_RUN_ID: "1",
      GITHUB_RUN_ATTEMPT: "1",
    });
    expect(roleSessionName(repo(60))).toBe(`${"a".repeat(60)}-1-1`);
    expect(roleSessionName(repo(61))).toBe(`${"a".repeat(60)}-1-1`);
  });
});
