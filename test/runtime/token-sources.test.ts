import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandRunner,
  fromBuildkite,
  fromChain,
  fromCircleCi,
  fromCommand,
  fromEnvironmentVariable,
  fromFile,
  fromGitHubActions,
  fromGitLabCi,
  fromKubernetes,
  fromPlatform,
  fromTerraformCloud,
  TokenSourceError,
} from "../../sdk/runtime";
import { startGitHubTokenEndpoint, startIssuer } from "./local-servers";

let issuer: Awaited<ReturnType<typeof startIssuer>>;
let jwt: string;
let dir: string;

beforeAll(async () => {
  issuer = await startIssuer();
  jwt = await issuer.mint({ sub: "system:serviceaccount:ci:deployer", aud: "sts.amazonaws.com" });
  dir = mkdtempSync(join(tmpdir(), "keyless-sources-"));
});
afterAll(async () => {
  await issuer.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = { audience: "sts.amazonaws.com" };

async function failure(p: Promise<unknown>): Promise<TokenSourceError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TokenSourceError);
  return err as TokenSourceError;
}

describe("fromGitHubActions", () => {
  it("requests a token for the audience with the runner's bearer token", async () => {
    const github = await startGitHubTokenEndpoint(issuer, {
      sub: "repo:acme/api:ref:refs/heads/main",
    });
    try {
      const token = await fromGitHubActions({
        env: {
          GITHUB_ACTIONS: "true",
          ACTIONS_ID_TOKEN_REQUEST_URL: `${github.url}/token?api-version=2.0`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
        },
      }).getToken({ audience: "api://AzureADTokenExchange" });

      expect(token.split(".")).toHaveLength(3);
      expect(github.audiences).toEqual(["api://AzureADTokenExchange"]);
    } finally {
      await github.close();
    }
  });

  it("says the job lacks id-token: write when the request variables are absent", async () => {
    const err = await failure(
      fromGitHubActions({ env: { GITHUB_ACTIONS: "true" } }).getToken(request),
    );

    expect(err.code).toBe("ERR_TOKEN_SOURCE");
    expect(err.tryNext).toBe(false);
    expect(err.message).toContain("Fix: add `permissions: id-token: write` to the job");
  });

  it("does not apply outside GitHub Actions", async () => {
    const err = await failure(fromGitHubActions({ env: {} }).getToken(request));
    expect(err.tryNext).toBe(true);
  });
});

describe.each([
  ["fromGitLabCi", () => fromGitLabCi({ env: { GITLAB_CI: "true", KEYLESS_ID_TOKEN: jwt } })],
  [
    "fromGitLabCi with a named variable",
    () => fromGitLabCi({ variable: "AWS_ID", env: { GITLAB_CI: "true", AWS_ID: jwt } }),
  ],
  [
    "fromCircleCi (v2)",
    () =>
      fromCircleCi({
        env: { CIRCLECI: "true", CIRCLE_OIDC_TOKEN_V2: jwt, CIRCLE_OIDC_TOKEN: "x.y.z" },
      }),
  ],
  ["fromCircleCi (v1)", () => fromCircleCi({ env: { CIRCLECI: "true", CIRCLE_OIDC_TOKEN: jwt } })],
  ["fromTerraformCloud", () => fromTerraformCloud({ env: { TFC_WORKLOAD_IDENTITY_TOKEN: jwt } })],
  [
    "fromTerraformCloud with a tag",
    () => fromTerraformCloud({ tag: "AWS", env: { TFC_WORKLOAD_IDENTITY_TOKEN_AWS: jwt } }),
  ],
  [
    "fromEnvironmentVariable",
    () => fromEnvironmentVariable({ name: "MY_TOKEN", env: { MY_TOKEN: `${jwt}\n` } }),
  ],
])("%s", (_name, make) => {
  it("returns the platform's token", async () => {
    expect(await make().getToken(request)).toBe(jwt);
  });
});

describe("platform sources that do not apply", () => {
  it.each([
    ["gitlab-ci", () => fromGitLabCi({ env: {} })],
    ["circleci", () => fromCircleCi({ env: {} })],
    ["buildkite", () => fromBuildkite({ env: {} })],
    ["terraform-cloud", () => fromTerraformCloud({ env: {} })],
    ["kubernetes", () => fromKubernetes({ env: {} })],
  ])("%s says to try the next", async (kind, make) => {
    const err = await failure(make().getToken(request));
    expect(err.source).toBe(kind);
    expect(err.tryNext).toBe(true);
  });
});

describe("platform sources that apply and fail", () => {
  it.each([
    [
      "gitlab-ci",
      () => fromGitLabCi({ env: { GITLAB_CI: "true" } }),
      "The GitLab CI variable KEYLESS_ID_TOKEN is not set. Fix: declare it in the job",
    ],
    [
      "circleci",
      () => fromCircleCi({ env: { CIRCLECI: "true" } }),
      "Neither CIRCLE_OIDC_TOKEN_V2 nor CIRCLE_OIDC_TOKEN is set",
    ],
    [
      "terraform-cloud",
      () => fromTerraformCloud({ env: { TFC_RUN_ID: "run-1" } }),
      "set the workspace variable TFC_WORKLOAD_IDENTITY_AUDIENCE",
    ],
    [
      "kubernetes",
      () => fromKubernetes({ path: "/nonexistent/token", env: {} }),
      "The projected token file /nonexistent/token cannot be read (ENOENT)",
    ],
    [
      "environment-variable",
      () => fromEnvironmentVariable({ name: "NOPE", env: {} }),
      "The environment variable NOPE is not set",
    ],
    [
      "environment-variable",
      () => fromEnvironmentVariable({ name: "BAD", env: { BAD: "not-a-jwt" } }),
      "does not hold a JWT",
    ],
  ])("%s stops the chain with the reason", async (kind, make, message) => {
    const err = await failure(make().getToken(request));
    expect(err.source).toBe(kind);
    expect(err.tryNext).toBe(false);
    expect(err.message).toContain(message);
    expect(err.message).not.toContain(jwt);
  });
});

describe("fromBuildkite", () => {
  it("runs the agent with the audience and no shell", async () => {
    const seen: Array<readonly string[]> = [];
    const run: CommandRunner = async (file, args) => {
      seen.push([file, ...args]);
      return `${jwt}\n`;
    };
    const token = await fromBuildkite({ run, env: { BUILDKITE: "true" } }).getToken(request);

    expect(token).toBe(jwt);
    expect(seen).toEqual([
      ["buildkite-agent", "oidc", "request-token", "--audience", "sts.amazonaws.com"],
    ]);
  });

  it("reports the agent's failure without anything shaped like a token", async () => {
    const run: CommandRunner = () =>
      Promise.reject({ exitCode: 1, stderr: `error: denied ${jwt}` });
    const err = await failure(fromBuildkite({ run, env: { BUILDKITE: "true" } }).getToken(request));

    expect(err.tryNext).toBe(false);
    expect(err.message).toContain("(exit 1: error: denied [redacted])");
    expect(err.message).not.toContain(jwt);
  });
});

describe("fromCommand", () => {
  it("runs a real program and substitutes {audience}", async () => {
    const token = await fromCommand({
      command: [
        process.execPath,
        "-e",
        `process.stdout.write(${JSON.stringify(jwt)} + process.argv[1])`,
        "{audience}",
      ],
    }).getToken({ audience: "" });

    expect(token).toBe(jwt);
  });
});

describe("fromFile and fromKubernetes", () => {
  it("read the file again at every call, so a rotated token is picked up", async () => {
    const path = join(dir, "token");
    writeFileSync(path, jwt);
    const source = fromKubernetes({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: path } });
    expect(await source.getToken(request)).toBe(jwt);
    const rotated = await issuer.mint({
      sub: "system:serviceaccount:ci:deployer",
      aud: "sts.amazonaws.com",
    });
    writeFileSync(path, rotated);

    expect(await source.getToken(request)).toBe(rotated);
    expect(await fromFile({ path }).getToken(request)).toBe(rotated);
  });
});

describe("fromChain", () => {
  it("skips sources that do not apply and stops at one that fails", async () => {
    const env = { GITLAB_CI: "true" };
    const err = await failure(
      fromChain(
        fromGitHubActions({ env }),
        fromGitLabCi({ env }),
        fromCircleCi({ env: { CIRCLECI: "true", CIRCLE_OIDC_TOKEN: jwt } }),
      ).getToken(request),
    );

    expect(err.source).toBe("gitlab-ci");
  });

  it("lists every source when none applies", async () => {
    const err = await failure(fromPlatform({ env: {}, kubernetes: {} }).getToken(request));

    expect(err.tryNext).toBe(true);
    expect(err.message).toMatch(
      /^No token source applies here:\n {2}- The github-actions token source/,
    );
    expect(err.message.split("\n  - ")).toHaveLength(7);
  });

  it("picks the platform it runs on", async () => {
    expect(
      await fromPlatform({ env: { CIRCLECI: "true", CIRCLE_OIDC_TOKEN_V2: jwt } }).getToken(
        request,
      ),
    ).toBe(jwt);
  });
});
