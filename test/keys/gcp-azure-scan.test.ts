import type { TokenCredential } from "@azure/identity";
import { OAuth2Client } from "google-auth-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  advanceRetirement,
  azureKeyControl,
  gcpKeyControl,
  scanAzureKeys,
  scanGcpKeys,
} from "../../sdk/keys";
import { startJsonServer } from "./local-json-server";

const now = new Date("2026-12-03T00:00:00Z");
const SA = "ci-deploy@acme-prod.iam.gserviceaccount.com";
const KEY = "1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5";

describe("scanGcpKeys", () => {
  let disabled = false;
  let deleted = false;
  let server: Awaited<ReturnType<typeof startJsonServer>>;
  const client = new OAuth2Client();
  client.setCredentials({ access_token: "test-access-token", expiry_date: Date.now() + 3_600_000 });

  beforeAll(async () => {
    server = await startJsonServer(({ method, url }) => {
      const path = decodeURIComponent(url);
      if (path.startsWith("/v1/projects/acme-prod/serviceAccounts?")) {
        return path.includes("pageToken=p2")
          ? {
              status: 200,
              body: { accounts: [{ name: `projects/acme-prod/serviceAccounts/${SA}`, email: SA }] },
            }
          : {
              status: 200,
              body: {
                accounts: [
                  {
                    name: "projects/acme-prod/serviceAccounts/empty@acme-prod.iam.gserviceaccount.com",
                    email: "empty@acme-prod.iam.gserviceaccount.com",
                  },
                ],
                nextPageToken: "p2",
              },
            };
      }
      if (path === `/v1/projects/acme-prod/serviceAccounts/${SA}/keys?keyTypes=USER_MANAGED`) {
        return {
          status: 200,
          body: {
            keys: deleted
              ? []
              : [
                  {
                    name: `projects/acme-prod/serviceAccounts/${SA}/keys/${KEY}`,
                    validAfterTime: "2024-01-01T00:00:00Z",
                    validBeforeTime: "9999-12-31T23:59:59Z",
                    keyAlgorithm: "KEY_ALG_RSA_2048",
                    keyOrigin: "GOOGLE_PROVIDED",
                    keyType: "USER_MANAGED",
                    disabled,
                  },
                  {
                    name: `projects/acme-prod/serviceAccounts/${SA}/keys/00ff`,
                    validAfterTime: "2023-01-01T00:00:00Z",
                    validBeforeTime: "2025-01-01T00:00:00Z",
                    keyType: "USER_MANAGED",
                  },
                ],
          },
        };
      }
      if (path.endsWith("/keys?keyTypes=USER_MANAGED")) return { status: 200, body: {} };
      const keyPath = `/v1/projects/acme-prod/serviceAccounts/${SA}/keys/${KEY}`;
      if (path === keyPath && method === "GET" && !deleted)
        return { status: 200, body: { name: keyPath.slice(4), disabled } };
      if (path === `${keyPath}:disable` && method === "POST")
        return ((disabled = true), { status: 200, body: {} });
      if (path === `${keyPath}:enable` && method === "POST")
        return ((disabled = false), { status: 200, body: {} });
      if (path === keyPath && method === "DELETE" && !deleted)
        return ((deleted = true), { status: 200, body: {} });
      return undefined;
    });
  });
  afterAll(() => server.close());

  it("lists user-managed keys across pages with validity times, through google-auth-library", async () => {
    const keys = await scanGcpKeys({ projects: ["acme-prod"], client, endpoint: server.url, now });
    expect(keys).toEqual([
      {
        cloud: "gcp",
        principal: SA,
        keyId: KEY,
        kind: "service-account-key",
        status: "active",
        createdAt: "2024-01-01T00:00:00Z",
        expiresAt: "9999-12-31T23:59:59Z",
        lastUseKnown: false,
      },
      expect.objectContaining({ keyId: "00ff", status: "expired" }),
    ]);
    expect(server.requests.every((r) => r.authorization === "Bearer test-access-token")).toBe(true);
  });

  it("disables, enables and deletes a key through the retirement adapter", async () => {
    const control = gcpKeyControl(
      client,
      { keyName: `projects/acme-prod/serviceAccounts/${SA}/keys/${KEY}` },
      server.url,
    );
    await control.deactivate({ deactivatedAt: now.toISOString() });
    expect(await control.observe()).toEqual({ exists: true, active: false });
    await control.reactivate();
    expect(await control.observe()).toEqual({ exists: true, active: true });
    await control.delete();
    await control.delete(); // already gone: still fine
    expect(await control.observe()).toEqual({ exists: false, active: false });
  });
});

describe("scanAzureKeys", () => {
  const APP = "11111111-2222-3333-4444-555555555555";
  const SECRET = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  let removed = false;
  let server: Awaited<ReturnType<typeof startJsonServer>>;
  const credential: TokenCredential = {
    getToken: async () => ({
      token: "test-graph-token",
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
  };

  beforeAll(async () => {
    server = await startJsonServer(({ method, url, body }) => {
      const path = decodeURIComponent(url);
      const password = {
        customKeyIdentifier: null,
        displayName: "ci",
        endDateTime: "2027-06-01T00:00:00Z",
        hint: "Xy7",
        keyId: SECRET,
        secretText: null,
        startDateTime: "2025-06-01T00:00:00Z",
      };
      if (path.startsWith("/v1.0/applications?$select")) {
        return {
          status: 200,
          body: {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications",
            value: [
              {
                id: APP,
                appId: "99999999-8888-7777-6666-555555555555",
                displayName: "acme-deploy",
                passwordCredentials: [password],
                keyCredentials: [],
              },
            ],
            "@odata.nextLink": `${server.url}/v1.0/applications?$skiptoken=page2`,
          },
        };
      }
      if (path.startsWith("/v1.0/applications?$skiptoken=page2")) {
        return {
          status: 200,
          body: {
            value: [
              {
                id: "22222222-2222-3333-4444-555555555555",
                appId: "88888888-8888-7777-6666-555555555555",
                displayName: "acme-legacy",
                passwordCredentials: [],
                keyCredentials: [
                  {
                    keyId: "bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee",
                    displayName: "CN=acme-legacy",
                    endDateTime: "2025-01-01T00:00:00Z",
                    startDateTime: "2024-01-01T00:00:00Z",
                    type: "AsymmetricX509Cert",
                    usage: "Verify",
                  },
                ],
              },
            ],
          },
        };
      }
      if (path.startsWith(`/v1.0/applications/${APP}?`) && method === "GET") {
        return { status: 200, body: { id: APP, passwordCredentials: removed ? [] : [password] } };
      }
      if (
        path === `/v1.0/applications/${APP}/removePassword` &&
        method === "POST" &&
        JSON.parse(body).keyId === SECRET
      ) {
        removed = true;
        return { status: 204 };
      }
      return undefined;
    });
  });
  afterAll(() => server.close());

  it("lists secrets and certificates across @odata.nextLink pages, without the secret hint", async () => {
    const keys = await scanAzureKeys({ credential, endpoint: server.url, now });
    expect(keys).toEqual([
      {
        cloud: "azure",
        principal: "acme-deploy (99999999-8888-7777-6666-555555555555)",
        keyId: SECRET,
        kind: "client-secret",
        status: "active",
        createdAt: "2025-06-01T00:00:00Z",
        expiresAt: "2027-06-01T00:00:00Z",
        lastUseKnown: false,
      },
      expect.objectContaining({ kind: "certificate", status: "expired" }),
    ]);
    expect(JSON.stringify(keys)).not.toContain("Xy7");
    expect(server.requests[0]?.authorization).toBe("Bearer test-graph-token");
  });

  it("does not send the token to a nextLink on another origin", async () => {
    const other = await startJsonServer(() => ({
      status: 200,
      body: { value: [], "@odata.nextLink": "http://127.0.0.2:9/v1.0/applications" },
    }));
    await expect(scanAzureKeys({ credential, endpoint: other.url })).rejects.toMatchObject({
      code: "ERR_CLOUD_API",
      message: expect.stringContaining("the token is not sent there"),
    });
    await other.close();
  });

  it("removes a secret with removePassword; it cannot deactivate one", async () => {
    const control = azureKeyControl(
      { credential, endpoint: server.url },
      { applicationObjectId: APP, keyId: SECRET },
    );
    expect(control.capabilities).toEqual({ canDeactivate: false, reportsLastUse: false });
    await expect(control.deactivate({ deactivatedAt: now.toISOString() })).rejects.toMatchObject({
      message: expect.stringContaining("Azure cannot deactivate a client secret"),
    });
    await control.delete();
    expect(await control.observe()).toEqual({ exists: false, active: false });
    await control.delete();
    expect(server.requests.filter((r) => r.url.endsWith("/removePassword"))).toHaveLength(1);
  });
});

describe("GCP and Azure failures", () => {
  it("name the call and the status, never the token", async () => {
    const server = await startJsonServer(() => ({
      status: 403,
      body: { error: { code: 403, message: "Permission denied", status: "PERMISSION_DENIED" } },
    }));
    const client = new OAuth2Client();
    client.setCredentials({
      access_token: "test-access-token-do-not-print",
      expiry_date: Date.now() + 3_600_000,
    });
    const gcp = scanGcpKeys({ projects: ["acme-prod"], client, endpoint: server.url });
    await expect(gcp).rejects.toMatchObject({
      code: "ERR_ACCESS_DENIED",
      message: expect.stringContaining(
        'list the service accounts of project "acme-prod" (HTTP 403)',
      ),
    });
    const gcpMessage = await gcp.catch((e: Error) => e.message);
    const credential: TokenCredential = {
      getToken: async () => ({
        token: "test-graph-token-do-not-print",
        expiresOnTimestamp: Date.now() + 3_600_000,
      }),
    };
    const azureMessage = await scanAzureKeys({ credential, endpoint: server.url }).catch(
      (e: Error) => e.message,
    );
    expect(azureMessage).toContain("Microsoft Graph refused to list app registrations (HTTP 403)");
    expect(`${gcpMessage}${azureMessage}`).not.toMatch(/do-not-print/);
    await server.close();
  });
});

describe("readGcpKeyLastUse", () => {
  const keyName = `projects/acme-prod/serviceAccounts/${SA}/keys/${KEY}`;
  const activity = (time: string, key = KEY) => ({
    fullResourceName: `//iam.googleapis.com/projects/acme-prod/serviceAccounts/${SA}/keys/${key}`,
    activityType: "serviceAccountKeyLastAuthentication",
    observationPeriod: { startTime: "2026-12-01T08:00:00Z", endTime: "2026-12-01T08:00:00Z" },
    activity: {
      lastAuthenticatedTime: time,
      serviceAccountKey: {
        serviceAccountId: "102345678901234567890",
        projectNumber: "123456789012",
        fullResourceName: `//iam.googleapis.com/projects/acme-prod/serviceAccounts/${SA}/keys/${key}`,
      },
    },
  });

  it("ranks GCP keys on their last authentication with --last-use, and a soak watches it", async () => {
    let lastSeen = "2026-06-01T07:00:00Z";
    let disabled = false;
    const server = await startJsonServer(({ method, url }) => {
      const path = decodeURIComponent(url);
      if (
        path.startsWith(
          "/v1/projects/acme-prod/locations/global/activityTypes/serviceAccountKeyLastAuthentication/activities:query?",
        )
      ) {
        return path.includes("pageToken=2")
          ? { status: 200, body: { activities: [activity("2025-01-01T08:00:00Z", "00ff")] } }
          : { status: 200, body: { activities: [activity(lastSeen)], nextPageToken: "2" } };
      }
      if (path.startsWith("/v1/projects/acme-prod/serviceAccounts?"))
        return {
          status: 200,
          body: { accounts: [{ name: `projects/acme-prod/serviceAccounts/${SA}`, email: SA }] },
        };
      if (path.endsWith("/keys?keyTypes=USER_MANAGED"))
        return {
          status: 200,
          body: {
            keys: [
              { name: keyName, validAfterTime: "2020-01-01T00:00:00Z", keyType: "USER_MANAGED" },
            ],
          },
        };
      if (path === `/v1/${keyName}` && method === "GET")
        return { status: 200, body: { name: keyName, disabled } };
      if (path === `/v1/${keyName}:disable`) return ((disabled = true), { status: 200, body: {} });
      return undefined;
    });
    const client = new OAuth2Client();
    client.setCredentials({
      access_token: "test-access-token",
      expiry_date: Date.now() + 3_600_000,
    });
    const keys = await scanGcpKeys({
      projects: ["acme-prod"],
      client,
      endpoint: server.url,
      policyAnalyzerEndpoint: server.url,
      lastUse: true,
      now,
    });
    expect(keys).toEqual([
      expect.objectContaining({
        keyId: KEY,
        lastUsedAt: "2026-06-01T07:00:00Z",
        lastUseKnown: true,
      }),
    ]);

    const control = gcpKeyControl(
      client,
      { keyName, policyAnalyzerEndpoint: server.url },
      server.url,
    );
    expect(control.capabilities.reportsLastUse).toBe(true);
    const policy = { soakDays: 7, idleDays: 30 };
    const run = await advanceRetirement(control, policy, { stage: "active" }, now);
    expect(run.state).toMatchObject({
      stage: "deactivated",
      lastUsedAtDeactivation: "2026-06-01T07:00:00Z",
    });
    lastSeen = "2026-12-05T08:00:00Z";
    await expect(
      advanceRetirement(control, policy, run.state, new Date("2026-12-11T00:00:00Z")),
    ).rejects.toMatchObject({
      code: "ERR_CLOUD_API",
      message: expect.stringContaining("was used at 2026-12-05T08:00:00Z, after deactivation"),
    });
    const filtered = server.requests.filter((r) =>
      decodeURIComponent(r.url).includes(
        `filter=activities.full_resource_name="//iam.googleapis.com/${keyName}"`,
      ),
    );
    expect(filtered.length).toBeGreaterThan(0);
    await server.close();
  });
});
