/**
 * Pulumi mocks that answer like AWS for the resources Keyless creates (ARNs in account
 * 123456789012) and record every registered resource by type and name.
 */
import * as pulumi from "@pulumi/pulumi";

export const ACCOUNT = "123456789012";

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/** Installs fresh mocks and returns the list they record into. */
export async function installAwsMocks(partition = "aws"): Promise<{
  resources: RecordedResource[];
  find: (type: string, name: string) => RecordedResource;
}> {
  const resources: RecordedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        const state: Record<string, unknown> = { ...args.inputs };
        switch (args.type) {
          case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
            const hostPath = String(args.inputs.url).replace(/^https:\/\//, "");
            state.arn = `arn:${partition}:iam::${ACCOUNT}:oidc-provider/${hostPath}`;
            break;
          }
          case "aws:iam/role:Role": {
            const roleName = (args.inputs.name as string | undefined) ?? `${args.name}-1a2b3c4`;
            state.name = roleName;
            state.arn = `arn:${partition}:iam::${ACCOUNT}:role/${roleName}`;
            break;
          }
        }
        return { id: `${args.name}-id`, state };
      },
      call(args) {
        return args.inputs;
      },
    },
    "keyless-test",
    "test",
    false,
  );
  return {
    resources,
    find(type, name) {
      const found = resources.find((r) => r.type === type && r.name === name);
      if (!found) {
        const seen = resources.map((r) => `${r.type} ${r.name}`).join(", ");
        throw new Error(`No ${type} named ${name} was registered; saw: ${seen}`);
      }
      return found;
    },
  };
}

/** Resolves an output's value (mocks make every value known). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Lets queued resource registrations reach the mocks. */
export async function settle(): Promise<void> {
  // The runtime's own drain of queued registrations; public on the module, not in its typings.
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}
