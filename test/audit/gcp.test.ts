import { OAuth2Client } from "google-auth-library";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { auditGcp } from "../../sdk/audit";
import { KeylessError } from "../../sdk/errors";
import { startJsonServer } from "./json-server";

const fixture = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, "../fixtures/lint", file), "utf8")) as Record<
    string,
    unknown
  >;
// A stand-in bearer token: the test checks it is sent and never printed.
const TOKEN = "fake-access-token-for-tests";
const POOLS = "/v1/projects/acme-prod/locations/global/workloadIdentityPools";
const POOL = "projects/123456789012/locations/global/workloadIdentityPools/ci";
const SA = "projects/acme-prod/serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com";

function authClient(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: TOKEN, expiry_date: Date.now() + 3_600_000 });
  return client;
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("auditGcp", () => {
  it("reads pools page by page, their providers and federated service-account bindings", async () => {
    const server = await startJsonServer({
      [`GET ${POOLS}`]: {
        status: 200,
        body: { workloadIdentityPools: [{ name: POOL, state: "ACTIVE" }], nextPageToken: "page-2" },
      },
      [`GET ${POOLS}?pageToken=page-2`]: { status: 200, body: { workloadIdentityPools: [] } },
      [`GET /v1/${POOL}/providers`]: { status: 200, body: fixture("gcp-list-providers.json") },
      "GET /v1/projects/acme-prod/serviceAccounts": {
        status: 200,
        body: {
          accounts: [
            { name: SA, email: "deployer@acme-prod.iam.gserviceaccount.com" },
            {
              name: "projects/acme-prod/serviceAccounts/builder@acme-prod.iam.gserviceaccount.com",
            },
          ],
        },
      },
      [`POST /v1/${SA}:getIamPolicy`]: {
        status: 200,
        body: fixture("gcp-whole-pool-binding.json"),
      },
      "POST /v1/projects/acme-prod/serviceAccounts/builder@acme-prod.iam.gserviceaccount.com:getIamPolicy":
        { status: 200, body: { version: 1, etag: "BwYExample=" } },
    });
    close = server.close;
    const progress: string[] = [];

    const result = await auditGcp({
      client: authClient(),
      project: "acme-prod",
      endpointUrl: server.url,
      onProgress: (m) => progress.push(m),
    });

    expect(
      result.resources.map((r) => [r.resource, r.kind, r.findings.map((f) => f.rule)]),
    ).toEqual([
      [`${POOL}/providers/github`, "gcp-provider", []],
      [`${POOL}/providers/gitlab`, "gcp-provider", ["gcp-no-attribute-condition"]],
      [SA, "gcp-iam-policy", ["gcp-whole-pool-binding"]],
    ]);
    expect(result.notes).toEqual([
      "1 workload identity pool, 2 providers",
      "2 service accounts read, 1 bound to federated principals",
    ]);
    expect(server.seen.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(progress).toHaveLength(2);
  });

  it("names the refused permission and never echoes the token", async () => {
    const server = await startJsonServer({
      [`GET ${POOLS}`]: {
        status: 403,
        body: {
          error: {
            code: 403,
            message:
              "Permission 'iam.workloadIdentityPools.list' denied on resource (or it may not exist).",
            status: "PERMISSION_DENIED",
          },
        },
      },
    });
    close = server.close;

    const error = (await auditGcp({
      client: authClient(),
      project: "acme-prod",
      endpointUrl: server.url,
    }).catch((e: unknown) => e)) as KeylessError;

    expect(KeylessError.isInstance(error)).toBe(true);
    expect(error.code).toBe("ERR_ACCESS_DENIED");
    expect(error.message).toBe(
      "GCP refused to list the workload identity pools of acme-prod (HTTP 403): Permission 'iam.workloadIdentityPools.list' denied on resource (or it may not exist). Grant iam.workloadIdentityPools.list to the identity running the audit.",
    );
    expect(error.message).not.toContain(TOKEN);
  });

  it("says how to sign in when no credentials are found", async () => {
    const client = {
      request: () =>
        Promise.reject(new Error("Could not load the default credentials. Browse to …")),
    };
    await expect(auditGcp({ client, project: "acme-prod" })).rejects.toThrow(
      /^No Google credentials were found\. Run `gcloud auth application-default login`/,
    );
  });
});
