import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExternalAccountClient, IdentityPoolClient } from "google-auth-library";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { OAuth2Server } from "oauth2-mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderCredentialConfiguration, renderGcpProvider } from "../../sdk/gcp";
import { declareTrust } from "../../sdk/trust";
import { gitlabClaims } from "./claims";
import { exchange } from "./gcp-evaluator";

const ref = { projectNumber: "123456789012", poolId: "ci-00000", providerId: "prov-00000" };
const email = "deployer-0a1b2@acme-prod.iam.gserviceaccount.com";

describe("renderCredentialConfiguration", () => {
  it("renders an external_account configuration with impersonation and lifetime", () => {
    expect(
      renderCredentialConfiguration({
        ...ref,
        tokenSource: { kind: "file", path: "/tmp/keyless/gcp-oidc-token" },
        serviceAccountEmail: email,
        lifetimeSeconds: 1800,
      }),
    ).toEqual({
      type: "external_account",
      audience:
        "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/ci-00000/providers/prov-00000",
      subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      token_url: "https://sts.googleapis.com/v1/token",
      credential_source: { file: "/tmp/keyless/gcp-oidc-token", format: { type: "text" } },
      service_account_impersonation_url: `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${email}:generateAccessToken`,
      service_account_impersonation: { token_lifetime_seconds: 1800 },
    });
  });

  it.each([
    [{ kind: "file", path: "/var/run/secrets/tokens/gcp-token" } as const, true],
    [{ kind: "file", path: "/var/run/secrets/tokens/gcp-token" } as const, false],
    [{ kind: "url", url: "http://169.254.169.254/token", jsonField: "value" } as const, true],
    [
      { kind: "url", url: "http://127.0.0.1:8181/token", headers: { "X-Flavor": "oidc" } } as const,
      false,
    ],
  ])("is accepted by google-auth-library (%j, service account: %s)", (tokenSource, withSa) => {
    const config = renderCredentialConfiguration({
      ...ref,
      tokenSource,
      ...(withSa ? { serviceAccountEmail: email } : {}),
      lifetimeSeconds: 3600,
    });
    const client = ExternalAccountClient.fromJSON(JSON.parse(JSON.stringify(config)));
    expect(client).toBeInstanceOf(IdentityPoolClient);
    expect(client?.getServiceAccountEmail()).toBe(withSa ? email : null);
    expect(client?.projectNumber).toBe("123456789012");
  });
});

describe("renderCredentialConfiguration, exchanged by google-auth-library", () => {
  const issuer = new OAuth2Server();
  const requests: Array<{ path: string; headers: IncomingMessage["headers"]; body: string }> = [];
  let cloud: Server;
  let cloudUrl = "";
  let dir = "";

  beforeAll(async () => {
    await issuer.issuer.keys.generate("RS256");
    await issuer.start(0, "127.0.0.1");
    dir = mkdtempSync(join(tmpdir(), "keyless-gcp-"));
    // STS and IAM Credentials, speaking their wire format: RFC 8693 form in, JSON out.
    cloud = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        requests.push({ path: req.url ?? "", headers: req.headers, body });
        res.setHeader("content-type", "application/json");
        if (req.url === "/v1/token") {
          res.end(
            JSON.stringify({
              access_token: "sts-access-placeholder",
              issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
              token_type: "Bearer",
              expires_in: 3600,
            }),
          );
        } else {
          res.end(
            JSON.stringify({
              accessToken: "sa-access-placeholder",
              expireTime: new Date(Date.now() + 1_800_000).toISOString(),
            }),
          );
        }
      });
    });
    await new Promise<void>((resolve) => cloud.listen(0, "127.0.0.1", resolve));
    cloudUrl = `http://127.0.0.1:${(cloud.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await issuer.stop();
    await new Promise((resolve) => cloud.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends the job's token to STS with the provider audience and requests the declared lifetime", async () => {
    const rendered = renderGcpProvider(
      declareTrust({
        gitlab: {
          project: "acme/platform/deployer",
          branch: "main",
          projectId: 2323,
          namespaceId: 4242,
        },
      }).subjects,
      ref,
    );
    const token = await issuer.issuer.buildToken({
      scopesOrTransform: (_header, payload) => {
        // The issuer sets the times; the rest of the claims are GitLab's.
        const {
          iat: _i,
          nbf: _n,
          exp: _e,
          ...claims
        } = gitlabClaims({
          aud: rendered.provider.allowedAudiences[0],
        });
        Object.assign(payload, claims, { iss: issuer.issuer.url });
      },
    });
    const tokenFile = join(dir, "token");
    writeFileSync(tokenFile, token);
    const config = renderCredentialConfiguration({
      ...ref,
      tokenSource: { kind: "file", path: tokenFile },
      serviceAccountEmail: email,
      lifetimeSeconds: 1800,
    });
    expect(JSON.stringify(config)).not.toContain(token);

    // Only the endpoints move to the local servers; everything else is as rendered.
    const client = ExternalAccountClient.fromJSON({
      ...config,
      token_url: `${cloudUrl}/v1/token`,
      service_account_impersonation_url: `${cloudUrl}/v1/projects/-/serviceAccounts/${email}:generateAccessToken`,
    } as Parameters<typeof ExternalAccountClient.fromJSON>[0]);
    const access = await client?.getAccessToken();
    expect(access?.token).toBe("sa-access-placeholder");

    const [sts, impersonation] = requests;
    const form = new URLSearchParams(sts?.body);
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:token-exchange");
    expect(form.get("audience")).toBe(config.audience);
    expect(form.get("subject_token_type")).toBe("urn:ietf:params:oauth:token-type:jwt");
    expect(impersonation?.headers.authorization).toBe("Bearer sts-access-placeholder");
    expect(JSON.parse(impersonation?.body ?? "{}")).toMatchObject({ lifetime: "1800s" });

    // The token STS received is genuine, and the rendered provider admits its claims.
    const { payload } = await jwtVerify(
      form.get("subject_token") ?? "",
      createRemoteJWKSet(new URL(`${issuer.issuer.url}/jwks`)),
    );
    const verdict = exchange(rendered, { ...payload, iss: "https://gitlab.com" });
    expect(verdict.admitted).toBe(true);
    expect(verdict.principals).toContain(rendered.bindings[0]?.principals[0]);
  });
});
