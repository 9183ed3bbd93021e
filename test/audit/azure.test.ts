import type { TokenCredential } from "@azure/identity";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { auditAzure, MANAGED_IDENTITY_API_VERSION } from "../../sdk/audit";
import { KeylessError } from "../../sdk/errors";
import { startJsonServer } from "./json-server";

// A stand-in bearer token: the test checks it is sent and never printed.
const TOKEN = "fake-arm-token-for-tests";
const SUB = "00000000-0000-0000-0000-000000000000";
const API = `api-version=${MANAGED_IDENTITY_API_VERSION}`;
const RG = `/subscriptions/${SUB}/resourceGroups/ci/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
const LIST = `/subscriptions/${SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?${API}`;
const fixture = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, "../fixtures/lint", file), "utf8")) as {
    value: unknown[];
  };

const scopes: string[] = [];
const credential: TokenCredential = {
  getToken: async (scope) => {
    scopes.push(String(scope));
    return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};
const identity = (name: string) => ({
  id: `${RG}/${name}`,
  name,
  type: "Microsoft.ManagedIdentity/userAssignedIdentities",
  location: "westeurope",
  properties: {
    tenantId: "00000000-0000-0000-0000-00000000aaaa",
    principalId: "00000000-0000-0000-0000-00000000bbbb",
    clientId: "00000000-0000-0000-0000-00000000cccc",
  },
});

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("auditAzure", () => {
  it("follows nextLink and lints each identity's credentials, the budget included", async () => {
    // Routes are read per request, so they can name the server's own URL in nextLink.
    const routes: Record<string, { status: number; body: unknown }> = {};
    const server = await startJsonServer(routes);
    close = server.close;
    Object.assign(routes, {
      [`GET ${LIST}`]: {
        status: 200,
        body: {
          value: [identity("api-deploy")],
          nextLink: `${server.url}${LIST}&$skiptoken=page2`,
        },
      },
      [`GET ${LIST}&$skiptoken=page2`]: {
        status: 200,
        body: { value: [identity("web-deploy"), identity("unused")] },
      },
      [`GET ${RG}/api-deploy/federatedIdentityCredentials?${API}`]: {
        status: 200,
        body: fixture("azure-credential-budget-at.json"),
      },
      [`GET ${RG}/web-deploy/federatedIdentityCredentials?${API}`]: {
        status: 200,
        body: { value: [fixture("azure-credential-budget-near.json").value[0]] },
      },
      [`GET ${RG}/unused/federatedIdentityCredentials?${API}`]: {
        status: 200,
        body: { value: [] },
      },
    });

    const result = await auditAzure({ credential, subscriptionId: SUB, endpointUrl: server.url });

    expect(
      result.resources.map((r) => [r.resource, r.findings.map((f) => `${f.rule}:${f.severity}`)]),
    ).toEqual([
      [`${RG}/api-deploy`, ["azure-credential-budget:medium"]],
      [`${RG}/web-deploy`, []],
    ]);
    expect(result.notes).toEqual([
      "3 managed identities read, 2 with federated credentials (21 credentials)",
    ]);
    expect(server.seen.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(scopes).toContain("https://management.azure.com/.default");
  });

  it("does not send the token to a nextLink on another host", async () => {
    const server = await startJsonServer({
      [`GET ${LIST}`]: {
        status: 200,
        body: { value: [], nextLink: "https://elsewhere.example/next" },
      },
    });
    close = server.close;
    const result = await auditAzure({ credential, subscriptionId: SUB, endpointUrl: server.url });
    expect(result.resources).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });

  it("names the refused ARM action and never echoes the token", async () => {
    const server = await startJsonServer({
      [`GET ${LIST}`]: {
        status: 403,
        body: {
          error: {
            code: "AuthorizationFailed",
            message: `The client '00000000-0000-0000-0000-00000000dddd' with object id '00000000-0000-0000-0000-00000000dddd' does not have authorization to perform action 'Microsoft.ManagedIdentity/userAssignedIdentities/read' over scope '/subscriptions/${SUB}' or the scope is invalid.`,
          },
        },
      },
    });
    close = server.close;

    const error = (await auditAzure({
      credential,
      subscriptionId: SUB,
      endpointUrl: server.url,
    }).catch((e: unknown) => e)) as KeylessError;

    expect(error.code).toBe("ERR_ACCESS_DENIED");
    expect(error.message).toMatch(
      /^Azure refused to list the managed identities of subscription 0{8}-.* \(HTTP 403\): The client .* Grant Microsoft\.ManagedIdentity\/userAssignedIdentities\/read to the identity running the audit\.$/,
    );
    expect(error.message).not.toContain(TOKEN);
  });

  it("says how to sign in when the credential has no token", async () => {
    const unavailable: TokenCredential = {
      getToken: () =>
        Promise.reject(new Error("DefaultAzureCredential failed to retrieve a token.\nDetails…")),
    };
    const error = (await auditAzure({ credential: unavailable, subscriptionId: SUB }).catch(
      (e: unknown) => e,
    )) as KeylessError;
    expect(KeylessError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      "No usable Azure credentials: DefaultAzureCredential failed to retrieve a token. Sign in with `az login`, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and a federated token file or certificate for the audit's identity.",
    );
  });
});
