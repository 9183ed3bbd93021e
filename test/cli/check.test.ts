import { generateKeyPair, SignJWT } from "jose";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../sdk/cli/io";
import { main } from "../../sdk/cli/main";

const root = join(__dirname, "../fixtures/simulate");
const manifest = "manifests/github-examples.json";
const claims = (name: string) => `claims/${name}.json`;

async function run(args: string[], stdin?: string) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: root,
    ...(stdin !== undefined ? { readStdin: async () => stdin } : {}),
  };
  const code = await main(["check", ...args], io);
  return { code, stdout, stderr };
}

interface JsonResult {
  identity: string;
  cloud: string;
  allowed: boolean;
  reasons: Array<{ kind: string; message: string }>;
}

async function results(args: string[], stdin?: string): Promise<JsonResult[]> {
  const { code, stdout } = await run([...args, "--json"], stdin);
  expect(code).toBe(0);
  return (JSON.parse(stdout) as { results: JsonResult[] }).results;
}

const matrix = (rs: JsonResult[]) =>
  Object.fromEntries(rs.map((r) => [`${r.identity}/${r.cloud}`, r.allowed]));

describe("keyless check", () => {
  it("prints the identity × cloud matrix and explains each verdict", async () => {
    const { code, stdout } = await run([
      "--claims",
      claims("api-production"),
      "--manifest",
      manifest,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        "identity         aws    gcp    azure",
        "api-deploy       allow  allow  allow",
        "web-main         deny   -      -",
        "infra-release    deny   -      deny",
        "gitlab-deploy    -      deny   -",
        "payments-reader  deny   -      -",
      ].join("\n"),
    );
    expect(stdout).toContain(
      'api-deploy in aws: allowed\n  ✓ Statement "ApiDeployProduction" (trustPolicy.Statement[0]) allows sts:AssumeRoleWithWebIdentity',
    );
    expect(stdout).toContain(
      '✗ The role trusts no OIDC provider for the issuer "https://token.actions.githubusercontent.com", so no statement can admit the token.',
    );
    expect(stdout).toContain(
      "The claims carry no aud: each cloud is checked with the audience declared for it.",
    );
  });

  it.each([
    [
      "api-production",
      {
        "api-deploy/aws": true,
        "api-deploy/gcp": true,
        "api-deploy/azure": true,
        "web-main/aws": false,
      },
    ],
    [
      "api-production-immutable",
      { "api-deploy/aws": true, "api-deploy/gcp": true, "api-deploy/azure": true },
    ],
    [
      "api-main-no-environment",
      { "api-deploy/aws": false, "api-deploy/gcp": false, "api-deploy/azure": false },
    ],
    ["web-main", { "web-main/aws": true, "api-deploy/aws": false }],
    ["web-main-environment", { "web-main/aws": false }],
    ["infra-v1", { "infra-release/aws": true, "infra-release/azure": true }],
    ["infra-feature", { "infra-release/aws": false, "infra-release/azure": false }],
    ["gitlab-main", { "gitlab-deploy/gcp": true, "api-deploy/gcp": false }],
    ["payments-reader", { "payments-reader/aws": true, "web-main/aws": false }],
  ])("decides %s", async (name, expected) => {
    expect(matrix(await results(["--claims", claims(name), "--manifest", manifest]))).toMatchObject(
      expected,
    );
  });

  it.each([
    [
      "api-main-no-environment",
      "api-deploy",
      'but this job has no environment, so sub carries "ref:refs/heads/main". Add the environment to the job (jobs.<id>.environment).',
    ],
    [
      "web-main-environment",
      "web-main",
      'The job deploys to environment staging, so GitHub puts "environment:staging" in sub instead of the ref; the trust expects "ref:refs/heads/main".',
    ],
    [
      "infra-feature",
      "infra-release",
      'token.actions.githubusercontent.com:sub is "repo:acme/infra:ref:refs/heads/feature/x", but must match StringLike ["repo:acme/infra:ref:refs/tags/v*"].\n  hint: The job runs for branch feature/x, but the trust accepts tag v*: branches and tags are different refs.',
    ],
  ])("explains why %s is denied as %s in words", async (name, identity, words) => {
    const { stdout } = await run([
      "--claims",
      claims(name),
      "--manifest",
      manifest,
      "--identity",
      identity,
    ]);
    expect(stdout).toContain(words);
  });

  it("prints { results } with --json", async () => {
    const rs = await results(["--claims", claims("web-main"), "--manifest", manifest]);
    expect(rs.map((r) => `${r.identity}/${r.cloud}`)).toEqual([
      "api-deploy/aws",
      "api-deploy/gcp",
      "api-deploy/azure",
      "web-main/aws",
      "infra-release/aws",
      "infra-release/azure",
      "gitlab-deploy/gcp",
      "payments-reader/aws",
    ]);
    expect(Object.keys(rs[0] ?? {})).toEqual(["identity", "cloud", "allowed", "reasons"]);
  });

  it.each([
    [["--identity", "api-deploy", "--expect", "allow"], 0],
    [["--identity", "api-deploy", "--expect", "deny"], 1],
    [["--expect", "allow"], 1],
    [["--identity", "web-main", "--expect", "deny"], 0],
  ])("exits by --expect: %j → %i", async (extra, code) => {
    expect(
      (await run(["--claims", claims("api-production"), "--manifest", manifest, ...extra])).code,
    ).toBe(code);
  });

  it("names the unmet expectation on stderr", async () => {
    const { stderr } = await run([
      "--claims",
      claims("api-main-no-environment"),
      "--manifest",
      manifest,
      "--identity",
      "api-deploy",
      "--expect",
      "allow",
    ]);
    expect(stderr).toBe(
      "keyless: expected allow everywhere; api-deploy in aws is denied, api-deploy in gcp is denied, api-deploy in azure is denied.\n",
    );
  });

  it("checks the token as requested with --audience", async () => {
    const base = ["--claims", "-", "--manifest", manifest, "--identity", "api-deploy"];
    const payload = JSON.stringify({
      ...(await import(join(root, claims("api-production")))).default,
      aud: "https://github.com/acme",
    });
    expect(matrix(await results(base, payload))).toEqual({
      "api-deploy/aws": false,
      "api-deploy/gcp": false,
      "api-deploy/azure": false,
    });
    expect(
      matrix(await results([...base, "--audience", "sts.amazonaws.com"], payload)),
    ).toMatchObject({ "api-deploy/aws": true, "api-deploy/gcp": false });
  });

  it("says which audience it checked with", async () => {
    const { stdout } = await run([
      "--claims",
      claims("web-main"),
      "--manifest",
      manifest,
      "--audience",
      "sts.amazonaws.com",
    ]);
    expect(stdout).toContain(
      'Checked as requested with audience "sts.amazonaws.com" (--audience).',
    );
    expect(stdout).not.toContain("The claims carry no aud");
  });

  it("decodes a raw JWT from stdin and never prints it", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const token = await new SignJWT({
      sub: "repo:acme/web:ref:refs/heads/main",
      repository_id: "7654000",
    })
      .setProtectedHeader({ alg: "RS256", kid: "test" })
      .setIssuer("https://token.actions.githubusercontent.com")
      .setAudience("sts.amazonaws.com")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    for (const json of [[], ["--json"]]) {
      const { code, stdout, stderr } = await run(
        ["--claims", "-", "--manifest", manifest, "--identity", "web-main", ...json],
        `${token}\n`,
      );
      expect(code).toBe(0);
      expect(stdout).toContain("web-main");
      expect(stderr).toContain("its signature is not verified");
      const signature = token.split(".")[2] as string;
      for (const text of [stdout, stderr]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(signature);
        expect(text).not.toContain(token.split(".")[1]);
      }
    }
  });

  it.each([
    [
      ["--claims", "claims/missing.json", "--manifest", manifest],
      "keyless: --claims claims/missing.json: cannot be read (no such file).\n",
    ],
    [
      ["--claims", manifest.replace("github-examples", "nope"), "--manifest", manifest],
      "keyless: --claims manifests/nope.json: cannot be read (no such file).\n",
    ],
    [
      ["--claims", claims("web-main"), "--manifest", claims("web-main")],
      "keyless: --manifest claims/web-main.json: manifest version undefined is not 1; regenerate it with this version of Keyless.\n",
    ],
    [
      ["--claims", claims("web-main")],
      "keyless: Give exactly one of --program PATH or --manifest FILE: where the identities come from.\n",
    ],
    [
      ["--claims", claims("web-main"), "--manifest", manifest, "--expect", "maybe"],
      'keyless: --expect "maybe": expected "allow" or "deny".\n',
    ],
    [
      ["--claims", claims("web-main"), "--manifest", manifest, "--identity", "nobody"],
      "keyless: --identity nobody: no such identity; known: api-deploy, web-main, infra-release, gitlab-deploy, payments-reader.\n",
    ],
    [
      ["--claims", claims("web-main"), "--program", "does/not/exist"],
      `keyless: ${resolve(root, "does/not/exist")}: no such file or folder.\n`,
    ],
  ])("exits 2 on unusable input %j", async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toBe(message);
  });

  it.each([
    [
      "not a token",
      "keyless: --claims - (stdin): neither a JSON object of claims nor a JWT (three base64url parts separated by dots).\n",
    ],
    ["{ nope", "keyless: --claims - (stdin): not valid JSON"],
    [
      "e30.bm90LWpzb24.c2ln",
      "keyless: --claims - (stdin): looks like a JWT, but its payload cannot be decoded as JSON claims.\n",
    ],
  ])("exits 2 on claims %j without echoing them", async (input, message) => {
    const { code, stderr } = await run(["--claims", "-", "--manifest", manifest], input);
    expect(code).toBe(2);
    expect(stderr.startsWith(message)).toBe(true);
    expect(stderr).not.toContain(input);
  });
});
