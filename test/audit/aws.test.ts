import {
  GetOpenIDConnectProviderCommand,
  type IAMClient,
  IAMServiceException,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditAws, createIamClient } from "../../sdk/audit";
import { KeylessError } from "../../sdk/errors";

const fixtures = join(__dirname, "../fixtures/lint");
// IAM returns trust policies URL-encoded, exactly as encodeURIComponent writes them.
const encoded = (file: string) =>
  encodeURIComponent(JSON.stringify(JSON.parse(readFileSync(join(fixtures, file), "utf8"))));
const GH_PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const EKS_PROVIDER =
  "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF";

const role = (name: string, document: string) => ({
  Path: "/",
  RoleName: name,
  RoleId: `AROA${name.toUpperCase().replace(/[^A-Z]/g, "")}EXAMPLE`,
  Arn: `arn:aws:iam::123456789012:role/${name}`,
  CreateDate: new Date("2026-01-12T09:30:00Z"),
  AssumeRolePolicyDocument: document,
  MaxSessionDuration: 3600,
});
const ec2Trust = encodeURIComponent(
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  }),
);

// A fresh client per test: adaptive retries keep a per-client sending rate that throttling lowers.
let client: IAMClient;
let iam: ReturnType<typeof mockClient>;
beforeEach(() => {
  client = createIamClient({ maxAttempts: 3 });
  iam = mockClient(client);
});
afterEach(() => iam.restore());
const noSleep = async () => undefined;

function mockProviders() {
  iam.on(ListOpenIDConnectProvidersCommand).resolves({
    OpenIDConnectProviderList: [{ Arn: GH_PROVIDER }, { Arn: EKS_PROVIDER }],
  });
  iam.on(GetOpenIDConnectProviderCommand, { OpenIDConnectProviderArn: GH_PROVIDER }).resolves({
    Url: "token.actions.githubusercontent.com",
    ClientIDList: ["sts.amazonaws.com"],
    ThumbprintList: [],
  });
  iam.on(GetOpenIDConnectProviderCommand, { OpenIDConnectProviderArn: EKS_PROVIDER }).resolves({
    Url: "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF",
    ClientIDList: ["sts.amazonaws.com"],
    ThumbprintList: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"],
  });
}

describe("createIamClient", () => {
  it("uses adaptive retries, the given endpoint and profile", async () => {
    const iamClient = createIamClient({
      endpointUrl: "http://127.0.0.1:4566",
      profile: "audit",
      region: "eu-west-1",
    });
    const strategy = (await iamClient.config.retryStrategy()) as { mode?: string };
    expect(strategy.constructor.name).toBe("AdaptiveRetryStrategy");
    expect(strategy.mode).toBe("adaptive");
    expect(await iamClient.config.maxAttempts()).toBe(10);
    expect(await iamClient.config.region()).toBe("eu-west-1");
    expect(iamClient.config.profile).toBe("audit");
    const endpoint = await iamClient.config.endpoint?.();
    expect(endpoint).toMatchObject({ hostname: "127.0.0.1", port: 4566, protocol: "http:" });
    iamClient.destroy();
  });
});

describe("auditAws", () => {
  it("follows IsTruncated/Marker pages and lints every role that trusts a web identity", async () => {
    mockProviders();
    iam
      .on(ListRolesCommand, { Marker: undefined })
      .resolves({
        Roles: [role("ec2-worker", ec2Trust), role("api-deploy", encoded("aws-clean.json"))],
        IsTruncated: true,
        Marker: "page-2",
      })
      .on(ListRolesCommand, { Marker: "page-2" })
      .resolves({
        Roles: [
          role("legacy-deploy", encoded("aws-no-subject-condition.json")),
          role("eks-reader", encoded("aws-wildcard-crosses-boundary-namespace.json")),
        ],
        IsTruncated: false,
      });

    const progress: string[] = [];
    const result = await auditAws({
      client,
      sleep: noSleep,
      onProgress: (m) => progress.push(m),
    });

    expect(
      result.resources.map((r) => [r.resource, r.findings.map((f) => `${f.rule}:${f.severity}`)]),
    ).toEqual([
      ["arn:aws:iam::123456789012:role/api-deploy", []],
      ["arn:aws:iam::123456789012:role/legacy-deploy", ["aws-no-subject-condition:critical"]],
      ["arn:aws:iam::123456789012:role/eks-reader", ["aws-wildcard-crosses-boundary:high"]],
    ]);
    expect(iam.commandCalls(ListRolesCommand).map((c) => c.args[0].input.Marker)).toEqual([
      undefined,
      "page-2",
    ]);
    expect(result.notes[1]).toBe("4 roles read, 3 trust a federated web identity");
    expect(result.notes[0]).toContain(
      "token.actions.githubusercontent.com (audiences: sts.amazonaws.com)",
    );
    expect(progress).toEqual([
      "read 2 OIDC providers",
      "read 2 roles, 1 with federated web identity trust",
      "read 4 roles, 3 with federated web identity trust",
    ]);
  });

  it("retries a Throttling error through the client's retry strategy, then succeeds", async () => {
    mockProviders();
    const throttled = new IAMServiceException({
      name: "Throttling",
      $fault: "client",
      $metadata: { httpStatusCode: 400, attempts: 1 },
      message: "Rate exceeded",
    });
    iam
      .on(ListRolesCommand)
      .rejectsOnce(throttled)
      .resolves({
        Roles: [role("legacy-deploy", encoded("aws-no-subject-condition.json"))],
        IsTruncated: false,
      });
    const delays: number[] = [];

    const result = await auditAws({
      client,
      sleep: async (ms) => void delays.push(ms),
    });

    expect(iam.commandCalls(ListRolesCommand)).toHaveLength(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(0);
    expect(result.resources).toHaveLength(1);
  });

  it("gives up once the strategy's attempts are spent, with the permission in the message", async () => {
    mockProviders();
    iam.on(ListRolesCommand).rejects(
      new IAMServiceException({
        name: "Throttling",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
        message: "Rate exceeded",
      }),
    );
    const error = await auditAws({ client, sleep: noSleep }).catch((e: unknown) => e);
    expect(KeylessError.isInstance(error)).toBe(true);
    expect((error as KeylessError).code).toBe("ERR_CLOUD_API");
    expect((error as KeylessError).message).toBe(
      "AWS iam:ListRoles failed: Throttling: Rate exceeded",
    );
    // The client in these tests allows 3 attempts.
    expect(iam.commandCalls(ListRolesCommand)).toHaveLength(3);
  });

  it("does not retry again what the SDK's middleware already retried", async () => {
    mockProviders();
    iam.on(ListRolesCommand).rejects(
      new IAMServiceException({
        name: "Throttling",
        $fault: "client",
        $metadata: { httpStatusCode: 400, attempts: 3 },
        message: "Rate exceeded",
      }),
    );
    await expect(auditAws({ client, sleep: noSleep })).rejects.toThrow(/Throttling: Rate exceeded/);
    expect(iam.commandCalls(ListRolesCommand)).toHaveLength(1);
  });

  it("names the refused permission on AccessDenied", async () => {
    mockProviders();
    iam.on(ListRolesCommand).rejects(
      new IAMServiceException({
        name: "AccessDenied",
        $fault: "client",
        $metadata: { httpStatusCode: 403 },
        message:
          "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::123456789012:role/",
      }),
    );
    const error = (await auditAws({ client, sleep: noSleep }).catch(
      (e: unknown) => e,
    )) as KeylessError;
    expect(error.code).toBe("ERR_ACCESS_DENIED");
    expect(error.message).toMatch(
      /^AWS refused iam:ListRoles: User: .* is not authorized .*Grant iam:ListRoles/,
    );
    expect(iam.commandCalls(ListRolesCommand)).toHaveLength(1);
  });

  it("says how to sign in when no credentials are found", async () => {
    iam.on(ListOpenIDConnectProvidersCommand).rejects(
      Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      }),
    );
    await expect(auditAws({ client, sleep: noSleep })).rejects.toThrow(
      /^No AWS credentials were found\. Sign in .* or pass --profile/,
    );
  });
});
