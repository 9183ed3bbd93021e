import * as pulumi from "@pulumi/pulumi";

/** A resource the program registered, as the engine saw it. */
export interface Recorded {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

export const PROJECT_NUMBER = "123456789012";

/**
 * Runs Pulumi's mock engine, recording every resource into the returned list, and answering with
 * the outputs GCP would compute (the pool's resource name, the service account's e-mail). Call it
 * once per file: the engine keeps registrations across tests; empty the list between tests.
 */
export function recordResources(): Recorded[] {
  const recorded: Recorded[] = [];
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = args.inputs as Record<string, unknown>;
        recorded.push({ type: args.type, name: args.name, inputs });
        const state: Record<string, unknown> = { ...inputs };
        if (args.type === "gcp:iam/workloadIdentityPool:WorkloadIdentityPool") {
          state.name = `projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${String(inputs.workloadIdentityPoolId)}`;
        }
        if (args.type === "gcp:serviceaccount/account:Account") {
          state.email = `${String(inputs.accountId)}@${String(inputs.project)}.iam.gserviceaccount.com`;
          state.name = `projects/${String(inputs.project)}/serviceAccounts/${String(state.email)}`;
        }
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs,
    },
    "keyless-test",
    "test",
    false,
  );
  return recorded;
}

/** The value of an Output, once the mock engine has resolved it. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Waits until every resource registration queued so far has been seen by the mocks. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
