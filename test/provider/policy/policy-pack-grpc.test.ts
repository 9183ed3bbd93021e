import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEngine, startLocalEngine } from "../local-engine";
import { type RunningPlugin, requireFromPulumi, startPolicyPack } from "../plugin-process";

const grpc = requireFromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const services = requireFromPulumi("@pulumi/pulumi/proto/analyzer_grpc_pb");
const messages = requireFromPulumi("@pulumi/pulumi/proto/analyzer_pb");
const { Empty } = requireFromPulumi("google-protobuf/google/protobuf/empty_pb");
const { Struct } = requireFromPulumi("google-protobuf/google/protobuf/struct_pb");
const { ADVISORY, MANDATORY } = messages.EnforcementLevel as Record<string, number>;

type Callback = (err: Error | null, response: any) => void;
interface AnalyzerClient {
  getAnalyzerInfo(request: unknown, callback: Callback): void;
  configure(request: unknown, callback: Callback): void;
  analyze(request: unknown, callback: Callback): void;
  close(): void;
}

let engine: LocalEngine;
let pack: RunningPlugin;
let client: AnalyzerClient;

function call(method: keyof Omit<AnalyzerClient, "close">, request: unknown): Promise<any> {
  return new Promise((resolve, reject) =>
    client[method](request, (err, response) => (err ? reject(err) : resolve(response))),
  );
}

async function analyze(type: string, name: string, props: Record<string, unknown>) {
  const request = new messages.AnalyzeRequest();
  request.setType(type);
  request.setName(name);
  request.setUrn(`urn:pulumi:production::acme-identities::${type}::${name}`);
  request.setProperties(Struct.fromJavaScript(props));
  request.setOptions(new messages.AnalyzerResourceOptions());
  const response = await call("analyze", request);
  return (response.getDiagnosticsList() as any[]).map((d) => ({
    policy: d.getPolicyname() as string,
    level: d.getEnforcementlevel() as number,
    message: d.getMessage() as string,
  }));
}

async function configure(config: Record<string, { level: number; properties?: object }>) {
  const request = new messages.ConfigureAnalyzerRequest();
  const map = request.getPolicyconfigMap();
  for (const [policy, { level, properties }] of Object.entries(config)) {
    const entry = new messages.PolicyConfig();
    entry.setEnforcementlevel(level);
    entry.setProperties(Struct.fromJavaScript({ ...properties }));
    map.set(policy, entry);
  }
  await call("configure", request);
}

beforeAll(async () => {
  engine = await startLocalEngine("acme-identities", "production", () => ({}));
  pack = await startPolicyPack(60_000, engine.address);
  client = new services.AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
}, 70_000);

afterAll(async () => {
  client?.close();
  await pack?.stop();
  await engine?.stop();
});

const accessKey = ["aws:iam/accessKey:AccessKey", "ci-user-key", { user: "ci" }] as const;
const github = "token.actions.githubusercontent.com";
const audOnlyRole = {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${github}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${github}:aud`]: "sts.amazonaws.com" } },
      },
    ],
  }),
};

describe("Keyless policy pack over the analyzer protocol", () => {
  it("announces its policies, mandatory except the linter's advice", async () => {
    const info = await call("getAnalyzerInfo", new Empty());
    const policies = (info.getPoliciesList() as any[]).map((p) => [
      p.getName(),
      p.getEnforcementlevel(),
    ]);
    expect(info.getName()).toBe("keyless");
    expect(policies).toEqual([
      ["keyless-no-static-keys", MANDATORY],
      ["keyless-trust-lint", MANDATORY],
      ["keyless-trust-lint-advice", ADVISORY],
      ["keyless-max-ttl", MANDATORY],
    ]);
  });

  it("rejects an access key", async () => {
    expect(await analyze(...accessKey)).toEqual([
      {
        policy: "keyless-no-static-keys",
        level: MANDATORY,
        // The host puts the policy's description before the violation.
        message: expect.stringContaining(
          "\nci-user-key (aws:iam/accessKey:AccessKey) breaks keyless-no-static-keys: ",
        ),
      },
    ]);
  });

  it("rejects a role that trusts GitHub without a sub condition", async () => {
    expect(await analyze("aws:iam/role:Role", "deployer", audOnlyRole)).toEqual([
      {
        policy: "keyless-trust-lint",
        level: MANDATORY,
        message: expect.stringContaining("aws-no-subject-condition"),
      },
    ]);
  });

  it("only advises about access keys when configured so, and honours the exceptions", async () => {
    await configure({ "keyless-no-static-keys": { level: ADVISORY } });
    expect((await analyze(...accessKey)).map((d) => d.level)).toEqual([ADVISORY]);

    await configure({
      "keyless-no-static-keys": {
        level: MANDATORY,
        properties: { exceptions: [{ resource: "ci-user-key", reason: "Vendor tool; ACME-42" }] },
      },
    });
    expect(await analyze(...accessKey)).toEqual([]);
  });
});
