import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const fixture = join(root, "test/fixtures/plan/configured");

async function keyless(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      "node",
      [join(root, "bin/keyless.js"), ...args],
      { cwd: root },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("keyless plan", () => {
  const scratch = mkdtempSync(join(tmpdir(), "keyless-plan-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("prints every resource with the inputs the provider receives, as JSON", async () => {
    const { code, stdout } = await keyless("plan", fixture, "--json");
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.program).toEqual({ project: "configured", stack: "dev" });
    const role = plan.resources.find((r: { type: string }) => r.type === "aws:iam/role:Role");
    expect(role.name).toBe("deployer");
    expect(typeof role.inputs.assumeRolePolicy).toBe("string");
    expect(role.inputs.tags.prefix).toBe("acme-default");
    expect(plan.outputs.roleArn).toMatch(/^arn:aws:iam::123456789012:role\/deployer-[0-9a-f]{7}$/);
    expect(plan.diagnostics).toEqual([
      { severity: "warning", message: "deployer has no permissions yet" },
    ]);
  });

  it("reads the stack file, then --config overrides, as pulumi preview would", async () => {
    const prod = JSON.parse((await keyless("plan", fixture, "--json", "--stack", "prod")).stdout);
    const role = prod.resources.find((r: { type: string }) => r.type === "aws:iam/role:Role");
    expect(role.inputs.tags).toEqual({ prefix: "acme-prod", hasKey: "true" });
    const overridden = JSON.parse(
      (
        await keyless(
          "plan",
          fixture,
          "--json",
          "--stack",
          "prod",
          "--config",
          "bucketPrefix=acme-cli",
        )
      ).stdout,
    );
    expect(overridden.resources[0].inputs.tags.prefix).toBe("acme-cli");
  });

  it("puts ARNs in the account given with --aws-account", async () => {
    const plan = JSON.parse(
      (await keyless("plan", fixture, "--json", "--aws-account", "210987654321")).stdout,
    );
    expect(plan.outputs.roleArn).toMatch(/^arn:aws:iam::210987654321:role\//);
  });

  it("prints a summary a person can read without --json", async () => {
    const { code, stdout } = await keyless("plan", fixture);
    expect(code).toBe(0);
    expect(stdout).toContain("Program configured (stack dev): 1 resources");
    expect(stdout).toMatch(/aws:iam\/role:Role\s+deployer/);
    expect(stdout).toContain("warning: deployer has no permissions yet");
  });

  it("runs a program outside this repository with the @pulumi/pulumi found from its own folder", async () => {
    const dir = join(scratch, "outside");
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    for (const pkg of ["@pulumi", "@grpc", "google-protobuf"])
      symlinkSync(join(root, "node_modules", pkg), join(dir, "node_modules", pkg));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: outside\nruntime: nodejs\n");
    writeFileSync(
      join(dir, "index.ts"),
      'import * as aws from "@pulumi/aws";\nexport const arn = new aws.iam.Role("r", { assumeRolePolicy: "{}" }).arn;\n',
    );
    const plan = JSON.parse((await keyless("plan", dir, "--json")).stdout);
    expect(plan.program.project).toBe("outside");
    expect(plan.resources.map((r: { type: string }) => r.type)).toEqual(["aws:iam/role:Role"]);
  });

  it.each([
    [
      "a program that throws",
      "throw new Error('boom in the program');\n",
      /The program .* failed: boom in the program/,
    ],
    [
      "missing configuration",
      'import * as pulumi from "@pulumi/pulumi";\nnew pulumi.Config().require("region");\n',
      /Missing required configuration variable '[^']*:region'/,
    ],
  ])(
    "exits 2 with the program's own error for %s, without a stack trace",
    async (_title, source, message) => {
      const file = join(fixture, "..", `failing-${Math.random().toString(36).slice(2)}.ts`);
      writeFileSync(file, source);
      try {
        const { code, stderr } = await keyless("plan", file);
        expect(code).toBe(2);
        expect(stderr).toMatch(message);
        expect(stderr).not.toMatch(/\n\s+at /);
      } finally {
        rmSync(file);
      }
    },
  );

  it("type-checks a TypeScript program first, as Pulumi does, and names each error by file and line", async () => {
    const file = join(fixture, "..", `typo-${Math.random().toString(36).slice(2)}.ts`);
    writeFileSync(
      file,
      [
        'import { Identity } from "keyless";',
        "",
        'new Identity("api", {',
        '  trust: [{ github: { repository: "acme/api", branch: "main" } }],',
        '  aws: { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },',
        '  gpc: { project: "acme-prod" },',
        "});",
        "",
      ].join("\n"),
    );
    try {
      const checked = await keyless("plan", file);
      expect(checked.code).toBe(2);
      expect(checked.stderr).toMatch(
        /has 1 type error:\n {2}typo-\w+\.ts:6:3 - .*'gpc' does not exist in type 'IdentityArgs'/,
      );
      // Without the type check, the identity itself still refuses the misspelt grant.
      const unchecked = await keyless("plan", file, "--no-typecheck");
      expect(unchecked.code).toBe(2);
      expect(unchecked.stderr).toContain(
        'api.gpc: {"project":"acme-prod"} — gpc is not a property',
      );
      expect(unchecked.stderr).toContain("Did you mean gcp?");
    } finally {
      rmSync(file);
    }
  });

  it.each([
    [["plan", "does/not/exist"], /does\/not\/exist: no such file or folder/],
    [["plan", "test/fixtures/plan"], /not a Pulumi program \(no Pulumi.yaml in the folder\)/],
    [
      ["plan", "test/fixtures/plan/configured", "--stack", "staging"],
      /--stack staging: .*Pulumi.staging.yaml does not exist/,
    ],
    [
      ["plan", "test/fixtures/plan/configured", "--config", "novalue"],
      /--config "novalue": write key=value/,
    ],
    [
      ["plan", "test/fixtures/plan/configured", "--aws-account", "12345"],
      /--aws-account "12345": an AWS account ID is 12 digits/,
    ],
  ])("exits 2 and names the input for %j", async (args, message) => {
    const { code, stderr } = await keyless(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
