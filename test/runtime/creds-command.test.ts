import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fromProcess } from "@aws-sdk/credential-provider-process";
import { ExternalAccountClient } from "google-auth-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../sdk/cli/main";
import type { CliIo } from "../../sdk/cli/io";
import {
  generatedSecrets,
  startAwsSts,
  startGitHubTokenEndpoint,
  startGoogle,
  startIssuer,
} from "./local-servers";

const provider =
  "projects/123456789/locations/global/workloadIdentityPools/ci-pool/providers/github";
const roleArn = "arn:aws:iam::123456789012:role/api-deploy";

function capture(env: Record<string, string>): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

describe("keyless creds", () => {
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let github: Awaited<ReturnType<typeof startGitHubTokenEndpoint>>;
  let sts: Awaited<ReturnType<typeof startAwsSts>>;
  let google: Awaited<ReturnType<typeof startGoogle>>;
  let env: Record<string, string>;
  let temp: string;
  const stderrSeen: string[] = [];

  beforeAll(async () => {
    issuer = await startIssuer();
    github = await startGitHubTokenEndpoint(issuer, { sub: "repo:acme/api:ref:refs/heads/main" });
    sts = await startAwsSts(issuer.url);
    google = await startGoogle(issuer.url, provider);
    temp = mkdtempSync(join(tmpdir(), "keyless-runner-temp-"));
    env = {
      GITHUB_ACTIONS: "true",
      ACTIONS_ID_TOKEN_REQUEST_URL: `${github.url}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
      GITHUB_REPOSITORY: "acme/api",
      GITHUB_RUN_ID: "99",
      GITHUB_RUN_ATTEMPT: "1",
      RUNNER_TEMP: temp,
    };
  });
  afterAll(async () => {
    // The leak scan over every command's stderr.
    for (const text of stderrSeen) {
      for (const s of [...generatedSecrets, github.requestToken]) expect(text).not.toContain(s);
    }
    await Promise.all([github.close(), sts.close(), google.close(), issuer.close()]);
    rmSync(temp, { recursive: true, force: true });
  });

  it("masks every secret in GitHub Actions before printing anything else", async () => {
    const io = capture(env);
    const code = await main(
      [
        "creds",
        "aws",
        "--role-arn",
        roleArn,
        "--duration",
        "15m",
        "--endpoint",
        sts.url,
        "--region",
        "us-east-1",
      ],
      io,
    );
    stderrSeen.push(io.err());

    expect(code).toBe(0);
    const lines = io.out().trimEnd().split("\n");
    const c = sts.lastCredentials!;
    expect(lines.slice(0, 3)).toEqual([
      `::add-mask::${c.accessKeyId}`,
      `::add-mask::${c.secretAccessKey}`,
      `::add-mask::${c.sessionToken}`,
    ]);
    expect(lines.slice(3, 6)).toEqual([
      `AWS_ACCESS_KEY_ID=${c.accessKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${c.secretAccessKey}`,
      `AWS_SESSION_TOKEN=${c.sessionToken}`,
    ]);
    expect(sts.calls.at(-1)!.params.get("DurationSeconds")).toBe("900");
  });

  it("writes --write-file output to the runner's temp folder with mode 0600", async () => {
    const io = capture(env);
    const code = await main(
      [
        "creds",
        "gcp",
        "--provider",
        provider,
        "--sts-endpoint",
        `${google.url}/v1/token`,
        "--format",
        "json",
        "--write-file",
      ],
      io,
    );
    stderrSeen.push(io.err());

    expect(code).toBe(0);
    const path = io.out().trimEnd().split("\n").at(-1)!;
    expect(path.startsWith(temp)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const written = JSON.parse(readFileSync(path, "utf8")) as { accessToken: string; kind: string };
    expect(written.kind).toBe("federated");
    expect(google.issued).toContain(written.accessToken);
  });

  it("prints an external_account configuration that calls back into keyless and holds no secret", async () => {
    const io = capture(env);
    const code = await main(
      [
        "creds",
        "gcp",
        "--provider",
        provider,
        "--service-account",
        "deploy@acme-prod.iam.gserviceaccount.com",
        "--lifetime",
        "20m",
        "--format",
        "external-account",
      ],
      io,
    );

    expect(code).toBe(0);
    const config = JSON.parse(io.out()) as Record<string, any>;
    expect(config["type"]).toBe("external_account");
    expect(config["audience"]).toBe(`//iam.googleapis.com/${provider}`);
    expect(config["credential_source"].executable.command).toBe(
      `keyless creds gcp --provider ${provider} --audience https://iam.googleapis.com/${provider} --token-source auto --format executable-response`,
    );
    expect(config["service_account_impersonation"]).toEqual({ token_lifetime_seconds: 1200 });
    for (const s of generatedSecrets) expect(io.out()).not.toContain(s);
  });

  it.each([
    [["creds", "aws", "--role-arn", "not-an-arn"], 'roleArn: "not-an-arn" is not an IAM role ARN'],
    [
      ["creds", "aws", "--role-arn", roleArn, "--duration", "5m"],
      "durationSeconds: 300 is outside what STS accepts",
    ],
    [
      ["creds", "aws", "--role-arn", roleArn, "--token-source", "ftp:x"],
      '--token-source: "ftp:x" is not a token source',
    ],
  ])("exits 2 with the reason for %j", async (argv, message) => {
    const io = capture(env);
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toContain(message);
  });

  it("reports a denial without any secret in its output", async () => {
    sts.faults.push({
      kind: "status",
      status: 403,
      code: "AccessDenied",
      message: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
    });
    const io = capture(env);
    const code = await main(["creds", "aws", "--role-arn", roleArn, "--endpoint", sts.url], io);

    expect(code).toBe(2);
    expect(io.err()).toContain(
      "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
    );
    expect(io.out()).toBe("");
    stderrSeen.push(io.err());
    for (const text of stderrSeen) {
      for (const s of [...generatedSecrets, github.requestToken]) expect(text).not.toContain(s);
    }
  });

  describe("--manifest", () => {
    const hostPath = () => issuer.url.replace(/^https?:\/\//, "");
    const providerArn = () => `arn:aws:iam::123456789012:oidc-provider/${hostPath()}`;
    const manifest = (sub: string[]) => ({
      version: 1,
      identity: "api-deploy",
      ttlSeconds: 1200,
      subjects: [
        {
          issuer: issuer.url,
          issuerKind: "github",
          sub,
          conditions: [],
          description: "acme/api on main",
        },
      ],
      aws: {
        roleArn,
        providerArns: [providerArn()],
        audience: "sts.amazonaws.com",
        sessionDurationSeconds: 1200,
        maxSessionDurationSeconds: 3600,
        // What FederatedRole renders for these subjects: the simulator evaluates this document.
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Federated: providerArn() },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: {
                StringEquals: { [`${hostPath()}:aud`]: "sts.amazonaws.com" },
                StringLike: { [`${hostPath()}:sub`]: sub },
              },
            },
          ],
        },
      },
      warnings: [],
    });

    it("takes the role and TTL from the manifest", async () => {
      const path = join(temp, "manifest-main.json");
      writeFileSync(path, JSON.stringify([manifest(["repo:acme/api:ref:refs/heads/main"])]));
      const io = capture(env);
      const code = await main(
        ["creds", "aws", "--manifest", path, "--endpoint", sts.url, "--json"],
        io,
      );
      stderrSeen.push(io.err());

      expect(code).toBe(0);
      expect(JSON.parse(io.out().replace(/^::add-mask::.*\n/gm, ""))).toMatchObject({
        accessKeyId: sts.lastCredentials!.accessKeyId,
      });
      expect(sts.calls.at(-1)!.params.get("DurationSeconds")).toBe("1200");
      expect(sts.calls.at(-1)!.params.get("RoleArn")).toBe(roleArn);
    });

    it("fails before calling STS with the reason when the job's claims do not match", async () => {
      const path = join(temp, "manifest-release.json");
      writeFileSync(path, JSON.stringify(manifest(["repo:acme/api:ref:refs/heads/release/*"])));
      const before = sts.calls.length;
      const io = capture(env);
      const code = await main(["creds", "aws", "--manifest", path, "--endpoint", sts.url], io);
      stderrSeen.push(io.err());

      expect(code).toBe(2);
      expect(sts.calls.length).toBe(before);
      expect(io.err()).toContain(
        "The token cannot reach arn:aws:iam::123456789012:role/api-deploy:",
      );
      expect(io.err()).toContain('"repo:acme/api:ref:refs/heads/main"');
      expect(io.err()).toContain("repo:acme/api:ref:refs/heads/release/*");
    });

    it("names the identities when the one asked for is absent", async () => {
      const path = join(temp, "manifest-main.json");
      const io = capture(env);
      expect(await main(["creds", "aws", "--manifest", path, "--identity", "web"], io)).toBe(2);
      expect(io.err()).toContain('--identity: "web" is not in');
      expect(io.err()).toContain('the manifest holds "api-deploy"');
    });
  });

  describe("--format external-account", () => {
    it("is run by google-auth-library's external account client, which calls back into keyless", async () => {
      const bin = resolve(__dirname, "../../bin/keyless.js");
      const io = capture(env);
      await main(
        [
          "creds",
          "gcp",
          "--provider",
          provider,
          "--service-account",
          "deploy@acme-prod.iam.gserviceaccount.com",
          "--lifetime",
          "20m",
          "--sts-endpoint",
          `${google.url}/v1/token`,
          "--iam-credentials-endpoint",
          google.url,
          "--keyless-command",
          `${process.execPath} ${bin}`,
          "--format",
          "external-account",
        ],
        io,
      );
      const saved = { ...process.env };
      Object.assign(process.env, env, { GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES: "1" });
      try {
        const client = ExternalAccountClient.fromJSON(JSON.parse(io.out()))!;
        const { token } = await client.getAccessToken();

        expect(token).toBe(google.issued.at(-1));
        expect(google.iamCalls.at(-1)!.body["lifetime"]).toBe("1200s");
        expect(google.stsCalls.at(-1)!.get("audience")).toBe(`//iam.googleapis.com/${provider}`);
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
    }, 30_000);
  });

  describe("--format credential-process", () => {
    it("is accepted by the AWS SDK's credential_process provider", async () => {
      const bin = resolve(__dirname, "../../bin/keyless.js");
      const config = join(temp, "aws-config");
      writeFileSync(
        config,
        `[profile keyless]\ncredential_process = ${process.execPath} ${bin} creds aws --role-arn ${roleArn} --duration 15m --endpoint ${sts.url} --region us-east-1 --format credential-process\n`,
      );
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        const credentials = await fromProcess({
          profile: "keyless",
          filepath: join(temp, "no-credentials"),
          configFilepath: config,
          ignoreCache: true,
        })();
        expect(credentials.accessKeyId).toBe(sts.lastCredentials!.accessKeyId);
        expect(credentials.sessionToken).toBe(sts.lastCredentials!.sessionToken);
        const lifetime = credentials.expiration!.getTime() - Date.now();
        expect(lifetime).toBeGreaterThan(880_000);
        expect(lifetime).toBeLessThanOrEqual(900_000);
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
    }, 30_000);
  });
});
