import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  awsCredentialsEntry,
  ClaimsMismatchError,
  createAwsExchanger,
  CredentialCache,
  fromGitHubActions,
} from "../../sdk/runtime";
import { startAwsSts, startGitHubTokenEndpoint, startIssuer } from "./local-servers";

const roleArn = "arn:aws:iam::123456789012:role/api-deploy";

describe("createAwsExchanger", () => {
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let github: Awaited<ReturnType<typeof startGitHubTokenEndpoint>>;
  let sts: Awaited<ReturnType<typeof startAwsSts>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    issuer = await startIssuer();
    github = await startGitHubTokenEndpoint(issuer, {
      sub: "repo:acme/api:ref:refs/heads/feature",
    });
    sts = await startAwsSts(issuer.url);
    env = {
      GITHUB_ACTIONS: "true",
      ACTIONS_ID_TOKEN_REQUEST_URL: `${github.url}/token`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
    };
  });
  afterAll(async () => {
    await Promise.all([github.close(), sts.close(), issuer.close()]);
  });

  const base = () => ({
    roleArn,
    tokenSource: fromGitHubActions({ env }),
    endpoint: sts.url,
    region: "us-east-1",
    env,
  });

  it("sends a session policy and managed policy ARNs that narrow the role", async () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-artifacts/*" },
      ],
    };
    await createAwsExchanger({
      ...base(),
      sessionPolicy: { policy, policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
    })();
    const params = sts.calls.at(-1)!.params;

    expect(JSON.parse(params.get("Policy")!)).toEqual(policy);
    expect(params.get("PolicyArns.member.1.arn")).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
  });

  it("caches narrowed credentials apart from the role's full credentials", async () => {
    const cache = new CredentialCache();
    const full = awsCredentialsEntry({ ...base(), cache });
    const narrowed = awsCredentialsEntry({
      ...base(),
      cache,
      sessionPolicy: { policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
    });

    expect(narrowed).not.toBe(full);
    expect((await narrowed.get()).accessKeyId).not.toBe((await full.get()).accessKeyId);
    expect(awsCredentialsEntry({ ...base(), cache })).toBe(full);
  });

  it("fetches a fresh token for every exchange", async () => {
    const exchange = createAwsExchanger(base());
    const before = github.audiences.length;
    await exchange();
    await exchange();

    expect(github.audiences.length - before).toBe(2);
    const [a, b] = sts.calls.slice(-2).map((c) => c.params.get("WebIdentityToken"));
    expect(a).not.toBe(b);
  });

  it("fails with the reason before calling STS when the claims do not match the manifest", async () => {
    const before = sts.calls.length;
    const run = createAwsExchanger({
      ...base(),
      expect: {
        target: roleArn,
        audience: "sts.amazonaws.com",
        subjects: [
          {
            issuer: issuer.url,
            issuerKind: "github",
            sub: ["repo:acme/api:ref:refs/heads/main"],
            conditions: [],
            description: "acme/api on main",
          },
        ],
      },
    })();

    await expect(run).rejects.toBeInstanceOf(ClaimsMismatchError);
    await expect(run).rejects.toThrow(
      'this job\'s `sub` is "repo:acme/api:ref:refs/heads/feature"; it trusts "repo:acme/api:ref:refs/heads/main"',
    );
    expect(sts.calls.length).toBe(before);
  });

  it.each([
    [{ durationSeconds: 900 }, undefined],
    [{ durationSeconds: 899 }, "durationSeconds: 899 is outside what STS accepts"],
    [{ durationSeconds: 43_200 }, undefined],
    [{ durationSeconds: 43_201 }, "durationSeconds: 43201 is outside what STS accepts"],
    [{ roleSessionName: "a".repeat(64) }, undefined],
    [{ roleSessionName: "a".repeat(65) }, "must be 2 to 64 characters"],
    [
      { sessionPolicy: { policyArns: Array(10).fill("arn:aws:iam::aws:policy/ReadOnlyAccess") } },
      undefined,
    ],
    [
      { sessionPolicy: { policyArns: Array(11).fill("arn:aws:iam::aws:policy/ReadOnlyAccess") } },
      "11 ARNs given; STS accepts at most 10",
    ],
  ])("checks %j at the boundary", (extra, message) => {
    const make = () => createAwsExchanger({ ...base(), ...extra });
    if (message === undefined) expect(make).not.toThrow();
    else expect(make).toThrow(message);
  });
});
