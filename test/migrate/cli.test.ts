import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../sdk/cli/main";
import type { CliIo } from "../../sdk/cli/io";
import { fixturesDir } from "./support";

const fakeSecret = "k".repeat(20) + "Q".repeat(20);

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), "keyless-migrate-cli-"));
  cpSync(join(fixturesDir, "repo/done-when/input"), dir, { recursive: true });
  return dir;
}

async function run(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd,
  };
  const code = await main(["migrate", ...args], io);
  return { code, stdout, stderr };
}

describe("keyless migrate", () => {
  it("prints a diff replacing every static login and the declarations, nothing for keyless files", async () => {
    const dir = repo();
    const { code, stdout } = await run([".", "--repo", "acme/api"], dir);
    expect(code).toBe(1);
    for (const f of ["aws.yml", "gcp.yml", "azure.yml"]) {
      expect(stdout).toContain(`--- a/.github/workflows/${f}`);
    }
    expect(stdout).not.toContain("keyless.yml");
    expect(stdout).toMatch(
      /^-\s+aws-secret-access-key: \$\{\{ secrets\.AWS_SECRET_ACCESS_KEY \}\}$/m,
    );
    expect(stdout).toMatch(/^\+\s+role-to-assume: \$\{\{ vars\.AWS_ROLE_ARN \}\}$/m);
    expect(stdout).toMatch(/^-\s+credentials_json:/m);
    expect(stdout).toMatch(/^-\s+creds:/m);
    expect(stdout).toContain(
      'import { AzureFederatedIdentity, FederatedRole, GcpFederatedServiceAccount } from "keyless";',
    );
    expect(stdout).toContain('new FederatedRole("api-deploy-aws"');
    expect(stdout).toContain("Nothing written");
    expect(readFileSync(join(dir, ".github/workflows/aws.yml"), "utf8")).toContain("secrets.AWS");
  });

  it("prints findings, rewrites and declarations as JSON", async () => {
    const { code, stdout } = await run([".", "--repo", "acme/api", "--json"], repo());
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual([
      "findings",
      "committedKeys",
      "warnings",
      "rewrites",
      "declarations",
    ]);
    expect(out.findings[0]).toEqual({
      file: ".github/workflows/aws.yml",
      line: 13,
      ci: "github",
      cloud: "aws",
      secrets: ["AWS_ACCESS_KEY_ID"],
      job: "deploy",
      via: "action-input",
    });
    expect(out.rewrites.map((r: { file: string }) => r.file).sort()).toEqual([
      ".github/workflows/aws.yml",
      ".github/workflows/azure.yml",
      ".github/workflows/gcp.yml",
    ]);
    expect(out.declarations.map((d: { name: string }) => d.name)).toEqual([
      "api-deploy-aws",
      "api-restart-azure",
      "api-publish-gcp",
    ]);
  });

  it("writes the files with a backup of each, and a second run finds nothing", async () => {
    const dir = repo();
    const before = readFileSync(join(dir, ".github/workflows/gcp.yml"), "utf8");
    const keyless = readFileSync(join(dir, ".github/workflows/keyless.yml"), "utf8");
    const first = await run([".", "--repo", "acme/api", "--write"], dir);
    expect(first.stdout).toContain("Wrote 3 files");
    expect(first.code).toBe(0);
    expect(readFileSync(join(dir, ".github/workflows/gcp.yml.keyless-backup"), "utf8")).toBe(
      before,
    );
    expect(readFileSync(join(dir, ".github/workflows/gcp.yml"), "utf8")).toContain(
      "workload_identity_provider",
    );
    expect(readFileSync(join(dir, ".github/workflows/keyless.yml"), "utf8")).toBe(keyless);
    expect(existsSync(join(dir, ".github/workflows/keyless.yml.keyless-backup"))).toBe(false);
    const second = await run([".", "--repo", "acme/api"], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe("No static cloud credentials found.\n");
  });

  it("names the repository from the git remote when --repo is not given", async () => {
    const dir = repo();
    execFileSync("git", ["init", "-q"], { cwd: dir });
    execFileSync("git", ["remote", "add", "origin", "git@github.com:acme/web.git"], { cwd: dir });
    const { stdout } = await run([".", "--json"], dir);
    const [first] = JSON.parse(stdout).declarations;
    expect(first.name).toBe("web-deploy-aws");
    expect(first.trust).toEqual([
      { github: { repository: "acme/web", environment: "production" } },
    ]);
  });

  it("uses a labelled placeholder and says so when no repository is known", async () => {
    const { stdout, stderr } = await run(["."], repo());
    expect(stdout).toContain('repository: "replace-me/replace-me"');
    expect(stderr).toContain("no --repo and no git remote");
  });

  it("never prints committed key material", async () => {
    const dir = repo();
    writeFileSync(join(dir, "deploy.env"), `AWS_SECRET_ACCESS_KEY=${fakeSecret}\n`);
    for (const args of [["."], [".", "--json"]]) {
      const { stdout, stderr } = await run([...args, "--repo", "acme/api"], dir);
      expect(stdout).toContain("deploy.env");
      expect(stdout + stderr).not.toContain(fakeSecret);
    }
  });

  it("refuses a --repo that is not OWNER/NAME with exit code 2", async () => {
    const { code, stderr } = await run([".", "--repo", "acme"], repo());
    expect(code).toBe(2);
    expect(stderr).toContain('--repo "acme" is not OWNER/NAME');
  });

  it("reports a missing path with exit code 2", async () => {
    const { code, stderr } = await run(["does-not-exist"], repo());
    expect(code).toBe(2);
    expect(stderr).toContain("cannot read does-not-exist");
  });
});
