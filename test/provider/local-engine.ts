/**
 * The two services a provider calls back during `Construct`, served on 127.0.0.1 the way the
 * engine serves them: the resource monitor (children register here) and the engine (logs).
 * Resources are not created anywhere; the monitor records each registration and answers with its
 * inputs as its state, plus the outputs `outputsFor` adds.
 */
import { requireFromPulumi } from "./plugin-process";

const grpc = requireFromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const resourceServices = requireFromPulumi("@pulumi/pulumi/proto/resource_grpc_pb");
const resourceMessages = requireFromPulumi("@pulumi/pulumi/proto/resource_pb");
const engineServices = requireFromPulumi("@pulumi/pulumi/proto/engine_grpc_pb");
const engineMessages = requireFromPulumi("@pulumi/pulumi/proto/engine_pb");
const { Empty } = requireFromPulumi("google-protobuf/google/protobuf/empty_pb");
const { Struct } = requireFromPulumi("google-protobuf/google/protobuf/struct_pb");

/** One resource the provider registered. */
export interface Registration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
}

/** A running local engine. */
export interface LocalEngine {
  readonly address: string;
  readonly registrations: Registration[];
  /** What the provider logged, with the severity's name and the resource it names. */
  readonly logs: Array<{ severity: string; message: string; urn: string }>;
  readonly stop: () => Promise<void>;
}

type Unary = (
  call: { request: any },
  callback: (err: Error | null, response?: unknown) => void,
) => void;

/** Starts the monitor and the engine on one port of 127.0.0.1. */
export async function startLocalEngine(
  project: string,
  stack: string,
  outputsFor: (type: string, inputs: Record<string, unknown>) => Record<string, unknown>,
): Promise<LocalEngine> {
  const registrations: Registration[] = [];
  const logs: LocalEngine["logs"] = [];
  const severities = ["debug", "info", "warning", "error"];
  const qualifiedTypes = new Map<string, string>();

  const registerResource: Unary = ({ request }, callback) => {
    const type: string = request.getType();
    const name: string = request.getName();
    const parent: string = request.getParent();
    const parentType = qualifiedTypes.get(parent);
    const qualified = parentType ? `${parentType}$${type}` : type;
    const urn = `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
    qualifiedTypes.set(urn, qualified);
    const inputs = (request.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const custom: boolean = request.getCustom();
    registrations.push({ urn, type, name, parent, custom, inputs });
    const response = new resourceMessages.RegisterResourceResponse();
    response.setUrn(urn);
    if (custom) response.setId(`${name}-id`);
    response.setObject(Struct.fromJavaScript({ ...inputs, ...outputsFor(type, inputs) }));
    callback(null, response);
  };
  const supportsFeature: Unary = (_call, callback) => {
    const response = new resourceMessages.SupportsFeatureResponse();
    response.setHassupport(false);
    callback(null, response);
  };
  const log: Unary = ({ request }, callback) => {
    logs.push({
      severity: severities[request.getSeverity()] ?? "unknown",
      message: String(request.getMessage()),
      urn: String(request.getUrn()),
    });
    callback(null, new Empty());
  };
  const getRootResource: Unary = (_call, callback) => {
    callback(null, new engineMessages.GetRootResourceResponse());
  };
  const setRootResource: Unary = (_call, callback) => {
    callback(null, new engineMessages.SetRootResourceResponse());
  };

  const server = new grpc.Server();
  server.addService(resourceServices.ResourceMonitorService, {
    supportsFeature,
    registerResource,
    registerResourceOutputs: (_call: unknown, callback: (e: null, r: unknown) => void) =>
      callback(null, new Empty()),
  });
  server.addService(engineServices.EngineService, { log, getRootResource, setRootResource });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    registrations,
    logs,
    stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
