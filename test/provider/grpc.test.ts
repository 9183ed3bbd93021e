import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPlugin, requireFromPulumi, startPlugin } from "./plugin-process";
import { readSchemaSnapshot } from "./schema-snapshot";

// The protocol as `@pulumi/pulumi` ships it, and the grpc-js copy its stubs were built against.
const grpc = requireFromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const services = requireFromPulumi("@pulumi/pulumi/proto/provider_grpc_pb");
const messages = requireFromPulumi("@pulumi/pulumi/proto/provider_pb");
const { Empty } = requireFromPulumi("google-protobuf/google/protobuf/empty_pb");

interface UnaryClient {
  getPluginInfo(request: unknown, callback: Callback<{ getVersion(): string }>): void;
  getSchema(request: unknown, callback: Callback<{ getSchema(): string }>): void;
  close(): void;
}
type Callback<T> = (err: Error | null, response: T) => void;

function call<T>(method: (request: unknown, callback: Callback<T>) => void, request: unknown) {
  return new Promise<T>((resolve, reject) =>
    method(request, (err, response) => (err ? reject(err) : resolve(response))),
  );
}

let plugin: RunningPlugin;
let client: UnaryClient;

beforeAll(async () => {
  plugin = await startPlugin(60_000);
  client = new services.ResourceProviderClient(
    `127.0.0.1:${plugin.port}`,
    grpc.credentials.createInsecure(),
  ) as UnaryClient;
}, 70_000);

afterAll(async () => {
  client?.close();
  await plugin?.stop();
});

describe("provider plugin over gRPC", () => {
  it("answers GetPluginInfo with the package's version", async () => {
    const info = await call(client.getPluginInfo.bind(client), new Empty());
    const { version } = require("../../package.json") as { version: string };
    expect(info.getVersion()).toBe(version);
  });

  it("answers GetSchema with the checked-in schema", async () => {
    const request = new messages.GetSchemaRequest();
    request.setVersion(0);
    const response = await call(client.getSchema.bind(client), request);
    expect(JSON.parse(response.getSchema())).toEqual(readSchemaSnapshot());
  }, 60_000);
});
