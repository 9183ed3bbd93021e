import {
  IAMClient,
  IAMServiceException,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIo } from "../../../sdk/cli/io";
import { main } from "../../../sdk/cli/main";
import { startJsonServer } from "../../audit/json-server";

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

describe("keyless audit gcp", () => {
  const POOLS = "/v1/projects/acme-prod/locations/global/workloadIdentityPools";
  const POOL = "projects/123456789012/locations/global/workloadIdentityPools/ci";
  const saved = process.env["GOOGLE_APPLICATION_CREDENTIALS"];
  const work = mkdtempSync(join(tmpdir(), "keyless-audit-gcp-"));
  afterEach(() => {
    if (saved === undefined) delete process.env["GOOGLE_APPLICATION_CREDENTIALS"];
    else process.env["GOOGLE_APPLICATION_CREDENTIALS"] = saved;
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("exchanges an external-account credential and audits the project", async () => {
    const server = await startJsonServer({
      "POST /v1/token": {
        status: 200,
        body: {
          access_token: "fake-sts-token-for-tests",
          issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
          token_type: "Bearer",
          expires_in: 3600,
        },
      },
      [`GET ${POOLS}`]: { status: 200, body: { workloadIdentityPools: [{ name: POOL }] } },
      [`GET /v1/${POOL}/providers`]: {
        status: 200,
        body: JSON.parse(readFileSync(join(fixtures, "gcp-list-providers.json"), "utf8")),
      },
      "GET /v1/projects/acme-prod/serviceAccounts": { status: 200, body: {} },
    });
    try {
      // Workload identity federation's own credential file: a subject token exchanged at an STS
      // endpoint, here the local server.
      writeFileSync(join(work, "subject-token"), "fake-subject-token-for-tests");
      writeFileSync(
        join(work, "credentials.json"),
        JSON.stringify({
          type: "external_account",
          audience: `//iam.googleapis.com/${POOL}/providers/github`,
          subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
          token_url: `${server.url}/v1/token`,
          credential_source: { file: join(work, "subject-token") },
        }),
      );
      process.env["GOOGLE_APPLICATION_CREDENTIALS"] = join(work, "credentials.json");

      const { code, stdout, stderr } = await run([
        "audit",
        "gcp",
        "--project",
        "acme-prod",
        "--endpoint-url",
        server.url,
      ]);

      expect(stderr).toBe("");
      expect(code).toBe(1);
      expect(stdout).toContain(`${POOL}/providers/gitlab (gcp-provider)`);
      expect(stdout).toMatch(/critical +gcp-no-attribute-condition/);
      expect(stdout).not.toContain("fake-sts-token-for-tests");
      expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        "POST /v1/token",
        `GET ${POOLS}`,
        `GET /v1/${POOL}/providers`,
        "GET /v1/projects/acme-prod/serviceAccounts",
      ]);
      expect(
        server.seen.slice(1).every((r) => r.authorization === "Bearer fake-sts-token-for-tests"),
      ).toBe(true);
    } finally {
      await server.close();
    }
  });
});
