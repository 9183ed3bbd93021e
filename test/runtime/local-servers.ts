/**
 * Local servers speaking the wire formats the runtime talks to: a real OIDC issuer, the GitHub
 * Actions token endpoint, AWS STS (query protocol, XML), Google STS and IAM Credentials (JSON),
 * and an Entra token endpoint over TLS. All on 127.0.0.1, random ports.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { OAuth2Server } from "oauth2-mock-server";

/** A fault to inject into the next answer. */
export type Fault =
  | {
      readonly kind: "status";
      readonly status: number;
      readonly code: string;
      readonly message?: string;
    }
  | { readonly kind: "slow"; readonly delayMs: number }
  | { readonly kind: "truncated" };

/** Every secret any server generated, for the leak scan. */
export const generatedSecrets: string[] = [];

export function secret(prefix: string): string {
  const value = `${prefix}${randomBytes(18).toString("hex")}`;
  generatedSecrets.push(value);
  return value;
}

export interface Running {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

async function listen(server: Server, scheme = "http"): Promise<Running> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Applies a fault; returns true when the answer was handled. */
async function applyFault(
  fault: Fault | undefined,
  res: ServerResponse,
  error: (status: number, code: string, message: string) => void,
): Promise<boolean> {
  if (fault === undefined) return false;
  if (fault.kind === "slow") {
    await new Promise((r) => setTimeout(r, fault.delayMs));
    return false;
  }
  if (fault.kind === "truncated") {
    res.writeHead(200, { "Content-Type": "text/xml", "Content-Length": "4096" });
    res.write("<AssumeRoleWithWebIdentityResponse><AssumeRoleWith");
    res.socket?.destroy();
    return true;
  }
  error(fault.status, fault.code, fault.message ?? "injected");
  return true;
}

/** A real OIDC issuer signing RS256 tokens. */
export async function startIssuer(): Promise<{
  readonly url: string;
  mint(claims: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(0, "127.0.0.1");
  const url = server.issuer.url!;
  return {
    url,
    mint: async (claims) => {
      const token = await server.issuer.buildToken({
        scopesOrTransform: (_header, payload) => {
          delete payload["scope"];
          Object.assign(payload, { jti: randomBytes(8).toString("hex") }, claims);
        },
        expiresIn: 300,
      });
      generatedSecrets.push(token);
      return token;
    },
    close: () => server.stop(),
  };
}

/** The GitHub Actions runner's token endpoint, answering with tokens from `issuer`. */
export async function startGitHubTokenEndpoint(
  issuer: Awaited<ReturnType<typeof startIssuer>>,
  claims: Record<string, unknown>,
): Promise<Running & { readonly requestToken: string; readonly audiences: string[] }> {
  const requestToken = secret("ghreq");
  const audiences: string[] = [];
  const server = createHttpServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.headers.authorization !== `bearer ${requestToken}`) {
      res.writeHead(401).end();
      return;
    }
    const audience = url.searchParams.get("audience") ?? "https://github.com/acme";
    audiences.push(audience);
    const value = await issuer.mint({ ...claims, aud: audience });
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ value }));
  });
  return { ...(await listen(server)), requestToken, audiences };
}

export interface StsCall {
  readonly params: URLSearchParams;
}

/** AWS STS's query protocol: form-encoded request, XML answer; verifies the token's signature. */
export async function startAwsSts(issuerUrl: string): Promise<
  Running & {
    readonly calls: StsCall[];
    readonly faults: Fault[];
    dateOffsetMs: number;
    lastCredentials?:
      { accessKeyId: string; secretAccessKey: string; sessionToken: string } | undefined;
  }
> {
  const jwks = createRemoteJWKSet(new URL(`${issuerUrl}/jwks`));
  const state = {
    calls: [] as StsCall[],
    faults: [] as Fault[],
    dateOffsetMs: 0,
    lastCredentials: undefined as
      { accessKeyId: string; secretAccessKey: string; sessionToken: string } | undefined,
  };
  const server = createHttpServer(async (req, res) => {
    const params = new URLSearchParams(await body(req));
    state.calls.push({ params });
    const date = new Date(Date.now() + state.dateOffsetMs).toUTCString();
    const error = (status: number, code: string, message: string): void => {
      res
        .writeHead(status, { "Content-Type": "text/xml", Date: date })
        .end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${status >= 500 ? "Receiver" : "Sender"}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`,
        );
    };
    if (await applyFault(state.faults.shift(), res, error)) return;
    if (params.get("Action") !== "AssumeRoleWithWebIdentity") {
      error(400, "InvalidAction", "Only AssumeRoleWithWebIdentity here");
      return;
    }
    let sub: string;
    try {
      const { payload } = await jwtVerify(params.get("WebIdentityToken") ?? "", jwks, {
        issuer: issuerUrl,
        audience: "sts.amazonaws.com",
      });
      sub = payload.sub ?? "";
    } catch (err) {
      error(400, "InvalidIdentityToken", `Token rejected: ${(err as Error).name}`);
      return;
    }
    const duration = Number(params.get("DurationSeconds") ?? 3600);
    const expiration = new Date(Date.now() + state.dateOffsetMs + duration * 1000);
    const creds = {
      accessKeyId: secret("ASIATEST"),
      secretAccessKey: secret("secret"),
      sessionToken: secret("session"),
    };
    state.lastCredentials = creds;
    const roleArn = params.get("RoleArn") ?? "";
    const session = params.get("RoleSessionName") ?? "";
    res.writeHead(200, { "Content-Type": "text/xml", Date: date }).end(
      `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>${sub}</SubjectFromWebIdentityToken>
    <Audience>sts.amazonaws.com</Audience>
    <AssumedRoleUser>
      <Arn>${roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")}/${session}</Arn>
      <AssumedRoleId>AROATESTROLEID:${session}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${creds.sessionToken}</SessionToken>
      <SecretAccessKey>${creds.secretAccessKey}</SecretAccessKey>
      <Expiration>${expiration.toISOString()}</Expiration>
      <AccessKeyId>${creds.accessKeyId}</AccessKeyId>
    </Credentials>
    <Provider>${issuerUrl}</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`,
    );
  });
  const running = await listen(server);
  return Object.assign(state, running);
}

/** Google STS (`/v1/token`) and IAM Credentials (`generateAccessToken`), JSON. */
export async function startGoogle(
  issuerUrl: string,
  providerName: string,
): Promise<
  Running & {
    readonly stsCalls: URLSearchParams[];
    readonly iamCalls: Array<{ path: string; body: Record<string, unknown>; auth: string }>;
    readonly faults: Fault[];
    readonly issued: string[];
  }
> {
  const jwks = createRemoteJWKSet(new URL(`${issuerUrl}/jwks`));
  const state = {
    stsCalls: [] as URLSearchParams[],
    iamCalls: [] as Array<{ path: string; body: Record<string, unknown>; auth: string }>,
    faults: [] as Fault[],
    issued: [] as string[],
  };
  const server = createHttpServer(async (req, res) => {
    const text = await body(req);
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { "Content-Type": "application/json", Date: new Date().toUTCString() });
      res.end(JSON.stringify(value));
    };
    const error = (status: number, code: string, message: string): void =>
      json(status, { error: code, error_description: message });
    if (await applyFault(state.faults.shift(), res, error)) return;
    if (req.url === "/v1/token") {
      const params = new URLSearchParams(text);
      state.stsCalls.push(params);
      if (params.get("subject_token_type") === "urn:ietf:params:oauth:token-type:jwt") {
        if (params.get("audience") !== `//iam.googleapis.com/${providerName}`) {
          error(400, "invalid_target", "The target service indicated by the audience is invalid.");
          return;
        }
        try {
          await jwtVerify(params.get("subject_token") ?? "", jwks, {
            issuer: issuerUrl,
            audience: `https://iam.googleapis.com/${providerName}`,
          });
        } catch {
          error(
            400,
            "invalid_grant",
            "The audience in ID Token does not match the expected audience.",
          );
          return;
        }
      } else if (!state.issued.includes(params.get("subject_token") ?? "")) {
        error(400, "invalid_grant", "Unknown source token.");
        return;
      }
      const access = secret("ya29.test");
      state.issued.push(access);
      json(200, {
        access_token: access,
        issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
        token_type: "Bearer",
        expires_in: 3600,
      });
      return;
    }
    const match = /^\/v1\/projects\/-\/serviceAccounts\/([^:]+):generateAccessToken$/.exec(
      decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname),
    );
    if (match && req.method === "POST") {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const auth = String(req.headers.authorization ?? "");
      state.iamCalls.push({ path: match[0], body: parsed, auth });
      if (!state.issued.includes(auth.replace(/^Bearer /, ""))) {
        json(401, {
          error: {
            code: 401,
            message: "Request had invalid authentication credentials.",
            status: "UNAUTHENTICATED",
          },
        });
        return;
      }
      const lifetime = String(parsed["lifetime"] ?? "3600s");
      const seconds = Number(lifetime.replace(/s$/, ""));
      const access = secret("ya29.sa");
      state.issued.push(access);
      json(200, {
        accessToken: access,
        expireTime: new Date(Date.now() + seconds * 1000).toISOString(),
      });
      return;
    }
    json(404, { error: { code: 404, message: "not found" } });
  });
  return Object.assign(state, await listen(server));
}

/** A self-signed certificate for 127.0.0.1, made with openssl in a temporary folder. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "keyless-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return {
      key: readFileSync(join(dir, "key.pem"), "utf8"),
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Entra's discovery and token endpoints over TLS, checking the client assertion. */
export async function startEntra(
  issuerUrl: string,
  tls: { key: string; cert: string },
): Promise<
  Running & {
    readonly tokenCalls: URLSearchParams[];
    readonly faults: Fault[];
    expiresInSeconds: number;
  }
> {
  const jwks = createRemoteJWKSet(new URL(`${issuerUrl}/jwks`));
  const state = {
    tokenCalls: [] as URLSearchParams[],
    faults: [] as Fault[],
    expiresInSeconds: 3599,
  };
  let base = "";
  const server = createHttpsServer(tls, async (req, res) => {
    const text = await body(req);
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(value));
    };
    const url = new URL(req.url ?? "/", base);
    const [, tenant] = url.pathname.split("/");
    if (url.pathname.endsWith("/v2.0/.well-known/openid-configuration")) {
      json(200, {
        issuer: `${base}/${tenant}/v2.0`,
        authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
      });
      return;
    }
    if (url.pathname.endsWith("/oauth2/v2.0/token")) {
      const params = new URLSearchParams(text);
      state.tokenCalls.push(params);
      const error = (status: number, code: string, message: string): void =>
        json(status, { error: code, error_description: message, error_codes: [] });
      if (await applyFault(state.faults.shift(), res, error)) return;
      try {
        await jwtVerify(params.get("client_assertion") ?? "", jwks, {
          issuer: issuerUrl,
          audience: "api://AzureADTokenExchange",
        });
      } catch {
        error(
          400,
          "invalid_client",
          "AADSTS700211: No matching federated identity record found for presented assertion issuer.",
        );
        return;
      }
      const access = secret("eyJ0ZXN0");
      json(200, {
        token_type: "Bearer",
        expires_in: state.expiresInSeconds,
        ext_expires_in: state.expiresInSeconds,
        access_token: access,
      });
      return;
    }
    json(404, { error: "not_found" });
  });
  const running = await listen(server as unknown as Server, "https");
  base = running.url;
  return Object.assign(state, running);
}
