import {
  IAMClient,
  IAMServiceException,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIo } from "../../../sdk/cli/io";
import { main } from "../../../sdk/cli/main";

const fixtures = join(__dirname, "../../fixtures/lint");
const encoded = (file: string) =>
  encodeURIComponent(JSON.stringify(JSON.parse(readFileSync(join(fixtures, file), "utf8"))));

async function run(argv: string[], tty = false) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty },
    env: {},
    cwd: fixtures,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

// Every IAMClient the command creates is mocked.
let iam: ReturnType<typeof mockClient>;
beforeEach(() => {
  iam = mockClient(IAMClient);
  iam.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [] });
});
afterEach(() => iam.restore());

describe("keyless audit", () => {
  it("prints each role's findings and exits 1 on a critical one", async () => {
    iam.on(ListRolesCommand).resolves({
      Roles: [
        {
          Path: "/",
          RoleName: "legacy-deploy",
          RoleId: "AROALEGACYDEPLOYEXAMPLE",
          Arn: "arn:aws:iam::123456789012:role/legacy-deploy",
          CreateDate: new Date("2026-01-12T09:30:00Z"),
          AssumeRolePolicyDocument: encoded("aws-no-subject-condition.json"),
        },
      ],
      IsTruncated: false,
    });

    const { code, stdout, stderr } = await run(["audit", "aws", "--region", "eu-west-1"]);

    expect(code).toBe(1);
    expect(stdout).toContain("Audit of the account of the credentials in use (aws)");
    expect(stdout).toContain("arn:aws:iam::123456789012:role/legacy-deploy (aws-trust-policy)");
    expect(stdout).toMatch(/critical +aws-no-subject-condition/);
    expect(stderr).toBe("");
  });

  it("prints JSON with the resource of each finding, and progress only on a terminal", async () => {
    iam.on(ListRolesCommand).resolves({ Roles: [], IsTruncated: false });
    const { code, stdout, stderr } = await run(["audit", "aws", "--json"], true);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      cloud: "aws",
      scope: "the account of the credentials in use",
      notes: ["0 OIDC providers", "0 roles read, 0 trust a federated web identity"],
      findings: [],
    });
    expect(stderr).toContain("keyless audit: read 0 OIDC providers");
  });

  it("exits 2 with the refused permission, not a stack trace", async () => {
    iam.on(ListRolesCommand).rejects(
      new IAMServiceException({
        name: "AccessDenied",
        $fault: "client",
        $metadata: { httpStatusCode: 403 },
        message:
          "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:ListRoles",
      }),
    );
    const { code, stderr } = await run(["audit", "aws"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^keyless: AWS refused iam:ListRoles: .*Grant iam:ListRoles/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [["audit", "oci"], 'keyless: audit reads aws, gcp, azure; got "oci".'],
    [["audit", "azure"], "keyless: audit azure needs a subscription: pass --subscription <id>"],
  ])("exits 2 on %j", async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
