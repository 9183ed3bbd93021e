import { Agent } from "node:https";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createAwsCredentialProvider,
  createAzureCredential,
  createGoogleAuthClient,
  CredentialCache,
  fromGitHubActions,
} from "../../sdk/runtime";
import {
  generatedSecrets,
  selfSignedCertificate,
  startAwsSts,
  startEntra,
  startGitHubTokenEndpoint,
  startGoogle,
  startIssuer,
} from "./local-servers";

const provider =
  "projects/123456789/locations/global/workloadIdentityPools/ci-pool/providers/github";
const tenantId = "00000000-0000-4000-8000-00000000000a";
const clientId = "00000000-0000-4000-8000-00000000000b";

describe("a GitHub Actions job", () => {
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let github: Awaited<ReturnType<typeof startGitHubTokenEndpoint>>;
  let sts: Awaited<ReturnType<typeof startAwsSts>>;
  let google: Awaited<ReturnType<typeof startGoogle>>;
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let tls: { key: string; cert: string };
  let env: Record<string, string>;
  const captured: string[] = [];
  const logger = { debug: (m: string) => captured.push(m), warn: (m: string) => captured.push(m) };

  beforeAll(async () => {
    // Everything written to the process's streams or the console while the job runs is kept for
    // the leak scan at the end.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        captured.push(String(chunk));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write);
    }
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void captured.push(args.map(String).join(" ")),
      );
    }
    issuer = await startIssuer();
    github = await startGitHubTokenEndpoint(issuer, { sub: "repo:acme/api:ref:refs/heads/main" });
    sts = await startAwsSts(issuer.url);
    google = await startGoogle(issuer.url, provider);
    tls = selfSignedCertificate();
    entra = await startEntra(issuer.url, tls);
    env = {
      GITHUB_ACTIONS: "true",
      ACTIONS_ID_TOKEN_REQUEST_URL: `${github.url}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
      GITHUB_REPOSITORY: "acme/api",
      GITHUB_RUN_ID: "7345012345",
      GITHUB_RUN_ATTEMPT: "2",
    };
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await Promise.all([github.close(), sts.close(), google.close(), entra.close(), issuer.close()]);
  });

  it("gets AWS credentials with the declared TTL as DurationSeconds", async () => {
    const credentials = createAwsCredentialProvider({
      roleArn: "arn:aws:iam::123456789012:role/api-deploy",
      tokenSource: fromGitHubActions({ env }),
      durationSeconds: 900,
      endpoint: sts.url,
      region: "us-east-1",
      env,
      cache: new CredentialCache({ logger }),
    });
    const before = Date.now();
    const identity = await credentials();

    expect(identity.accessKeyId).toBe(sts.lastCredentials?.accessKeyId);
    expect(identity.sessionToken).toBe(sts.lastCredentials?.sessionToken);
    expect(identity.accountId).toBe("123456789012");
    const lifetime = identity.expiration!.getTime() - before;
    expect(lifetime).toBeGreaterThan(895_000);
    expect(lifetime).toBeLessThanOrEqual(901_000);
    const call = sts.calls.at(-1)!.params;
    expect(call.get("DurationSeconds")).toBe("900");
    expect(call.get("RoleSessionName")).toBe("acme.api-7345012345-2");
    expect(github.audiences.at(-1)).toBe("sts.amazonaws.com");
  });

  it("gets a GCP service-account token with the declared lifetime", async () => {
    const client = createGoogleAuthClient({
      providerName: provider,
      serviceAccountEmail: "deploy@acme-prod.iam.gserviceaccount.com",
      tokenSource: fromGitHubActions({ env }),
      lifetimeSeconds: 1200,
      stsEndpoint: `${google.url}/v1/token`,
      iamCredentialsEndpoint: google.url,
      cache: new CredentialCache(),
    });
    const { token } = await client.getAccessToken();

    expect(token).toBe(google.issued.at(-1));
    expect(token).toMatch(/^ya29\.sa/);
    const iam = google.iamCalls.at(-1)!;
    expect(iam.path).toBe(
      "/v1/projects/-/serviceAccounts/deploy@acme-prod.iam.gserviceaccount.com:generateAccessToken",
    );
    expect(iam.body["lifetime"]).toBe("1200s");
    const exchange = google.stsCalls.at(-1)!;
    expect(exchange.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:token-exchange");
    expect(exchange.get("subject_token_type")).toBe("urn:ietf:params:oauth:token-type:jwt");
    expect(exchange.get("audience")).toBe(`//iam.googleapis.com/${provider}`);
    const expiry = client.credentials.expiry_date!;
    expect(expiry - Date.now()).toBeGreaterThan(1_190_000);
    expect(expiry - Date.now()).toBeLessThanOrEqual(1_200_000);
  });

  it("gets an Azure access token through the client assertion flow, capped at the declared TTL", async () => {
    const credential = createAzureCredential({
      tenantId,
      clientId,
      tokenSource: fromGitHubActions({ env }),
      ttlSeconds: 1800,
      authorityHost: entra.url,
      credentialOptions: {
        disableInstanceDiscovery: true,
        agent: new Agent({ ca: tls.cert }),
      } as never,
      cache: new CredentialCache(),
    });
    const before = Date.now();
    const token = await credential.getToken("https://management.azure.com/.default");

    expect(token?.token).toMatch(/^eyJ0ZXN0/);
    expect(token!.expiresOnTimestamp - before).toBeGreaterThan(1_795_000);
    expect(token!.expiresOnTimestamp - before).toBeLessThanOrEqual(1_801_000);
    const call = entra.tokenCalls.at(-1)!;
    expect(call.get("client_id")).toBe(clientId);
    expect(call.get("client_assertion_type")).toBe(
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    );
    expect(github.audiences.at(-1)).toBe("api://AzureADTokenExchange");
  });

  it("leaves no token, key or secret in any captured output or log line", () => {
    expect(generatedSecrets.length).toBeGreaterThan(5);
    expect(captured.some((line) => line.startsWith("Exchanging for aws:"))).toBe(true);
    for (const line of captured) {
      for (const s of [...generatedSecrets, github.requestToken]) expect(line).not.toContain(s);
    }
  });
});
