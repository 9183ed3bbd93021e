import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEngine, startLocalEngine } from "./local-engine";
import { type RunningPlugin, requireFromPulumi, startPlugin } from "./plugin-process";

const grpc = requireFromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const services = requireFromPulumi("@pulumi/pulumi/proto/provider_grpc_pb");
const messages = requireFromPulumi("@pulumi/pulumi/proto/provider_pb");
const { Struct } = requireFromPulumi("google-protobuf/google/protobuf/struct_pb");

const token = "keyless:index:AzureFederatedIdentity";
const clientId = "00000000-0000-0000-0000-0000000000c1";

let engine: LocalEngine;
let plugin: RunningPlugin;
let client: {
  construct(request: unknown, callback: (err: Error | null, response: any) => void): void;
  close(): void;
};

beforeAll(async () => {
  engine = await startLocalEngine("acme-identities", "production", (type, inputs) =>
    type === "azure-native:managedidentity:UserAssignedIdentity"
      ? {
          name: inputs["resourceName"],
          clientId,
          principalId: "11111111-2222-3333-4444-555555555555",
          tenantId: "00000000-0000-0000-0000-0000000000e1",
        }
      : {},
  );
  // The engine passes its own address as the plugin's argument.
  plugin = await startPlugin(60_000, [engine.address]);
  client = new services.ResourceProviderClient(
    `127.0.0.1:${plugin.port}`,
    grpc.credentials.createInsecure(),
  );
}, 70_000);

afterAll(async () => {
  client?.close();
  await plugin?.stop();
  await engine?.stop();
});

describe("provider plugin Construct over gRPC", () => {
  it("constructs an AzureFederatedIdentity from the inputs a YAML program sends", async () => {
    const request = new messages.ConstructRequest();
    request.setProject("acme-identities");
    request.setStack("production");
    request.setType(token);
    request.setName("api-deploy");
    request.setMonitorendpoint(engine.address);
    request.setDryrun(false);
    request.setParallel(1);
    request.setInputs(
      Struct.fromJavaScript({
        trust: [
          {
            github: {
              repository: "acme/api",
              ownerId: 1234567,
              repositoryId: 7654321,
              environment: "production",
            },
          },
        ],
        resourceGroupName: "acme-identities",
        subscriptionId: "00000000-0000-0000-0000-000000000000",
        ttl: "45m",
      }),
    );

    const response = await new Promise<any>((resolve, reject) =>
      client.construct(request, (err, r) => (err ? reject(err) : resolve(r))),
    );

    const urn = `urn:pulumi:production::acme-identities::${token}::api-deploy`;
    expect(response.getUrn()).toBe(urn);
    expect(response.getState().toJavaScript()).toMatchObject({ clientId });
    const credentials = engine.registrations.filter(
      (r) => r.type === "azure-native:managedidentity:FederatedIdentityCredential",
    );
    expect(credentials.map((c) => c.inputs["subject"]).sort()).toEqual([
      "repo:acme/api:environment:production",
      "repo:acme@1234567/api@7654321:environment:production",
    ]);
    expect(credentials.every((c) => c.parent === urn)).toBe(true);
    // The component's warnings reach the engine, attached to the component.
    expect(engine.logs).toContainEqual({
      severity: "warning",
      message: expect.stringContaining("[azure-ttl-at-runtime]"),
      urn,
    });
  }, 60_000);
});
