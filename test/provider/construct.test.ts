import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { describe, expect, it } from "vitest";
import { providerOptions } from "../../provider/index";

const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];

pulumi.runtime.setMocks(
  {
    newResource(args) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === "azure-native:managedidentity:UserAssignedIdentity") {
        Object.assign(state, {
          name: args.inputs.resourceName,
          clientId: "00000000-0000-0000-0000-0000000000c1",
          principalId: "11111111-2222-3333-4444-555555555555",
          tenantId: "00000000-0000-0000-0000-0000000000e1",
        });
      }
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      throw new Error(`The mocks do not answer ${args.token}.`);
    },
  },
  "keyless",
  "test",
  false,
);

// What a YAML or Python program sends: plain values, the TTL as a string, the trust as a list.
const inputs = {
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
  subscriptionId: "00000000-0000-0000-0000-0000000000b1",
  ttl: "45m",
};

function resolved<T>(output: pulumi.Output<T> | undefined): Promise<T | undefined> {
  return new Promise((resolve) => (output ? output.apply(resolve) : resolve(undefined)));
}

/** The first resource of `type` the mock engine saw, waiting a bounded number of turns for it. */
async function registeredOfType(type: string) {
  for (let turn = 0; turn < 200; turn++) {
    const found = registered.find((r) => r.type === type);
    if (found) return found;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return undefined;
}

describe("ComponentProvider.construct", () => {
  it("builds an AzureFederatedIdentity under its schema token and returns its outputs", async () => {
    const provider = new ComponentProvider(providerOptions());
    const token = "keyless:index:AzureFederatedIdentity";

    const result = await provider.construct("api-deploy", token, inputs, {});

    expect(await resolved(result.urn as pulumi.Output<string>)).toContain(`::${token}::api-deploy`);
    const state = result.state as Record<string, pulumi.Output<string>>;
    expect(Object.keys(state).sort()).toEqual([
      "clientId",
      "githubLoginStep",
      "gitlabLoginJob",
      "principalId",
      "subscriptionId",
      "tenantId",
    ]);
    expect(await resolved(state["clientId"])).toBe("00000000-0000-0000-0000-0000000000c1");
    expect(await resolved(state["githubLoginStep"])).toContain("azure/login");
    const credential = await registeredOfType(
      "azure-native:managedidentity:FederatedIdentityCredential",
    );
    expect(credential?.inputs).toMatchObject({
      issuer: "https://token.actions.githubusercontent.com",
      subject: expect.stringContaining("environment:production"),
      audiences: ["api://AzureADTokenExchange"],
    });
  }, 60_000);

  it("refuses a token outside the keyless:index module", async () => {
    const provider = new ComponentProvider(providerOptions());
    await expect(
      provider.construct("api-deploy", "keyless:azure:FederatedIdentity", inputs, {}),
    ).rejects.toThrow("Invalid module 'azure'");
  });
});
