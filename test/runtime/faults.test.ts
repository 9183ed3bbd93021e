import { Agent } from "node:https";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  awsCredentialsEntry,
  azureCredentialsEntry,
  CredentialCache,
  fromGitHubActions,
  gcpCredentialsEntry,
  type Clock,
  type RuntimeLogger,
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
const roleArn = "arn:aws:iam::123456789012:role/api-deploy";

// Real time, but backoff sleeps are recorded instead of waited for.
const sleeps: number[] = [];
const clock: Clock = {
  now: () => Date.now(),
  sleep: async (ms) => void sleeps.push(ms),
  random: () => 0,
};
const logged: string[] = [];
const logger: RuntimeLogger = { debug: (m) => logged.push(m), warn: (m) => logged.push(m) };
const errors: string[] = [];

describe("exchanges under faults", () => {
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let github: Awaited<ReturnType<typeof startGitHubTokenEndpoint>>;
  let sts: Awaited<ReturnType<typeof startAwsSts>>;
  let google: Awaited<ReturnType<typeof startGoogle>>;
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let tls: { key: string; cert: string };
  let env: Record<string, string>;

  beforeAll(async () => {
    issuer = await startIssuer();
    github = await startGitHubTokenEndpoint(issuer, { sub: "repo:acme/api:ref:refs/heads/main" });
    sts = await startAwsSts(issuer.url);
    google = await startGoogle(issuer.url, provider);
    tls = selfSignedCertificate();
    entra = await startEntra(issuer.url, tls);
    env = {
      GITHUB_ACTIONS: "true",
      ACTIONS_ID_TOKEN_REQUEST_URL: `${github.url}/token`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
    };
  });
  afterEach(() => {
    sleeps.length = 0;
    sts.faults.length = 0;
    sts.dateOffsetMs = 0;
    google.faults.length = 0;
    entra.faults.length = 0;
  });
  afterAll(async () => {
    await Promise.all([github.close(), sts.close(), google.close(), entra.close(), issuer.close()]);
    // The leak scan: nothing any server generated, and not the runner's request token, appears in
    // a log line or an error message.
    for (const text of [...logged, ...errors]) {
      for (const s of [...generatedSecrets, github.requestToken]) expect(text).not.toContain(s);
    }
  });

  const aws = (extra: { requestTimeoutMs?: number } = {}) =>
    awsCredentialsEntry({
      roleArn,
      tokenSource: fromGitHubActions({ env }),
      durationSeconds: 900,
      endpoint: sts.url,
      region: "us-east-1",
      env,
      cache: new CredentialCache({ clock, logger, retry: { maxAttempts: 3 } }),
      ...extra,
    });

  describe("AWS STS", () => {
    it.each([
      [
        "429 Throttling",
        { kind: "status", status: 429, code: "Throttling", message: "Rate exceeded" },
      ],
      [
        "400 Throttling",
        { kind: "status", status: 400, code: "Throttling", message: "Rate exceeded" },
      ],
      [
        "503 ServiceUnavailable",
        { kind: "status", status: 503, code: "ServiceUnavailable", message: "try later" },
      ],
      [
        "IDPCommunicationError",
        {
          kind: "status",
          status: 400,
          code: "IDPCommunicationError",
          message: "issuer unreachable",
        },
      ],
      ["a truncated answer", { kind: "truncated" }],
    ] as const)("retries after %s and succeeds", async (_name, fault) => {
      sts.faults.push(fault);
      const before = sts.calls.length;
      const credentials = await aws().get();

      expect(credentials.accessKeyId).toBe(sts.lastCredentials!.accessKeyId);
      expect(sts.calls.length - before).toBe(2);
      expect(sleeps).toHaveLength(1);
    });

    it("retries an answer slower than the request timeout", async () => {
      sts.faults.push({ kind: "slow", delayMs: 1_500 });
      const before = sts.calls.length;
      const credentials = await aws({ requestTimeoutMs: 300 }).get();

      expect(credentials.sessionToken).toBe(sts.lastCredentials!.sessionToken);
      expect(sts.calls.length - before).toBe(2);
    });

    it("retries a 503 from the runner's token endpoint, and not a 403", async () => {
      const answers = [503, 403];
      const fetchOnce: typeof fetch = async (input, init) => {
        const status = answers.shift();
        return status === undefined ? fetch(input, init) : new Response("", { status });
      };
      const entry = (source: ReturnType<typeof fromGitHubActions>) =>
        awsCredentialsEntry({
          roleArn,
          tokenSource: source,
          endpoint: sts.url,
          region: "us-east-1",
          env,
          cache: new CredentialCache({ clock, logger }),
        });

      const err = await entry(fromGitHubActions({ env, fetch: fetchOnce }))
        .get()
        .catch((e: Error) => e);
      errors.push((err as Error).message);
      expect(sleeps).toHaveLength(1);
      expect(err).toMatchObject({ code: "ERR_TOKEN_SOURCE", transient: false });
      expect((err as Error).message).toContain("answered HTTP 403");

      answers.push(429);
      const credentials = await entry(fromGitHubActions({ env, fetch: fetchOnce })).get();
      expect(credentials.accessKeyId).toBe(sts.lastCredentials!.accessKeyId);
    });

    it("gives up after maxAttempts with the cloud's reason", async () => {
      for (let i = 0; i < 3; i++)
        sts.faults.push({ kind: "status", status: 500, code: "InternalFailure", message: "boom" });
      const err = await aws()
        .get()
        .catch((e: Error) => e);
      errors.push((err as Error).message);

      expect(err).toMatchObject({
        code: "ERR_EXCHANGE_FAILED",
        reason: "unavailable",
        status: 500,
      });
      expect((err as Error).message).toBe(
        `AWS STS AssumeRoleWithWebIdentity for ${roleArn} failed (HTTP 500): InternalFailure: boom`,
      );
    });

    it("does not retry AccessDenied and says what to check", async () => {
      sts.faults.push({
        kind: "status",
        status: 403,
        code: "AccessDenied",
        message: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
      });
      const before = sts.calls.length;
      const err = await aws()
        .get()
        .catch((e: Error) => e);
      errors.push((err as Error).message);

      expect(sts.calls.length - before).toBe(1);
      expect(err).toMatchObject({ code: "ERR_ACCESS_DENIED", reason: "denied" });
      expect((err as Error).message).toContain("Fix: check the role's trust policy");
    });

    it("corrects the expiry for a skewed Date header", async () => {
      sts.dateOffsetMs = 20 * 60_000;
      const entry = aws();
      const before = Date.now();
      await entry.get();

      const lifetime = entry.state().expiresAt! - before;
      expect(lifetime).toBeGreaterThan(890_000);
      expect(lifetime).toBeLessThanOrEqual(901_000);
    });
  });

  describe("Google STS and IAM Credentials", () => {
    const gcp = () =>
      gcpCredentialsEntry({
        providerName: provider,
        serviceAccountEmail: "deploy@acme-prod.iam.gserviceaccount.com",
        tokenSource: fromGitHubActions({ env }),
        lifetimeSeconds: 900,
        stsEndpoint: `${google.url}/v1/token`,
        iamCredentialsEndpoint: google.url,
        requestTimeoutMs: 2_000,
        cache: new CredentialCache({ clock, logger, retry: { maxAttempts: 3 } }),
      });

    it.each([
      ["429", { kind: "status", status: 429, code: "rate_limited", message: "slow down" }],
      ["503", { kind: "status", status: 503, code: "temporarily_unavailable", message: "later" }],
    ] as const)("retries the STS exchange after a %s", async (_name, fault) => {
      google.faults.push(fault);
      const before = google.stsCalls.length;
      const token = await gcp().get();

      expect(token.kind).toBe("service-account");
      expect(google.stsCalls.length - before).toBe(1);
      expect(sleeps).toHaveLength(1);
    });

    it("retries an STS answer slower than the request timeout", async () => {
      google.faults.push({ kind: "slow", delayMs: 1_500 });
      const entry = gcpCredentialsEntry({
        providerName: provider,
        tokenSource: fromGitHubActions({ env }),
        stsEndpoint: `${google.url}/v1/token`,
        requestTimeoutMs: 300,
        cache: new CredentialCache({ clock, logger }),
      });
      const token = await entry.get();

      expect(token.kind).toBe("federated");
      expect(sleeps).toHaveLength(1);
    });

    it("does not retry invalid_grant and keeps the token out of the message", async () => {
      google.faults.push({
        kind: "status",
        status: 400,
        code: "invalid_grant",
        message: "The audience in ID Token does not match.",
      });
      const err = await gcp()
        .get()
        .catch((e: Error) => e);
      errors.push((err as Error).message, String((err as Error).cause));

      expect(err).toMatchObject({ code: "ERR_ACCESS_DENIED", reason: "denied", status: 400 });
      expect((err as Error).message).toBe(
        "GCP STS token exchange failed (HTTP 400): Error code invalid_grant: The audience in ID Token does not match.",
      );
    });

    it("narrows the token with a credential access boundary, cached apart from the full token", async () => {
      const cache = new CredentialCache({ clock });
      const base = {
        providerName: provider,
        tokenSource: fromGitHubActions({ env }),
        stsEndpoint: `${google.url}/v1/token`,
        cache,
      };
      const full = await gcpCredentialsEntry(base).get();
      const boundary = {
        accessBoundary: {
          accessBoundaryRules: [
            {
              availableResource: "//storage.googleapis.com/projects/_/buckets/acme-artifacts",
              availablePermissions: ["inRole:roles/storage.objectViewer"],
            },
          ],
        },
      };
      const narrowed = await gcpCredentialsEntry({ ...base, accessBoundary: boundary }).get();

      expect(full.kind).toBe("federated");
      expect(narrowed.kind).toBe("downscoped");
      expect(narrowed.accessToken).not.toBe(full.accessToken);
      expect(cache.states()).toHaveLength(2);
      const call = google.stsCalls.at(-1)!;
      expect(call.get("subject_token_type")).toBe("urn:ietf:params:oauth:token-type:access_token");
      expect(JSON.parse(call.get("options")!)).toEqual(boundary);
    });
  });

  describe("Entra", () => {
    const azure = () =>
      azureCredentialsEntry({
        tenantId: "00000000-0000-4000-8000-00000000000a",
        clientId: "00000000-0000-4000-8000-00000000000b",
        tokenSource: fromGitHubActions({ env }),
        authorityHost: entra.url,
        credentialOptions: {
          disableInstanceDiscovery: true,
          agent: new Agent({ ca: tls.cert }),
        } as never,
        cache: new CredentialCache({ clock, logger, retry: { maxAttempts: 3 } }),
      });

    it.each([
      [
        "429",
        {
          kind: "status",
          status: 429,
          code: "too_many_requests",
          message: "AADSTS50196: throttled",
        },
      ],
      [
        "500",
        { kind: "status", status: 500, code: "server_error", message: "AADSTS90033: transient" },
      ],
    ] as const)("retries after a %s", async (_name, fault) => {
      entra.faults.push(fault);
      const before = entra.tokenCalls.length;
      const token = await azure().get();

      expect(token.token).toMatch(/^eyJ0ZXN0/);
      expect(entra.tokenCalls.length - before).toBe(2);
    });

    it("keeps Entra's expiry when it is shorter than the declared TTL", async () => {
      entra.expiresInSeconds = 600;
      try {
        const before = Date.now();
        const token = await azure().get();
        expect(token.expiresOnTimestamp - before).toBeGreaterThan(595_000);
        expect(token.expiresOnTimestamp - before).toBeLessThanOrEqual(601_000);
      } finally {
        entra.expiresInSeconds = 3599;
      }
    });

    it("does not retry a missing federated credential", async () => {
      entra.faults.push({
        kind: "status",
        status: 400,
        code: "invalid_client",
        message:
          "AADSTS700213: No matching federated identity record found for presented assertion subject.",
      });
      const before = entra.tokenCalls.length;
      const err = await azure()
        .get()
        .catch((e: Error) => e);
      errors.push((err as Error).message, String((err as Error).cause));

      expect(entra.tokenCalls.length - before).toBe(1);
      expect(err).toMatchObject({ code: "ERR_ACCESS_DENIED", reason: "denied" });
      expect((err as Error).message).toContain("AADSTS700213");
    });
  });
});
