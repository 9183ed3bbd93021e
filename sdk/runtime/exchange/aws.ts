/**
 * AWS: `AssumeRoleWithWebIdentity` through `@aws-sdk/client-sts`, with the declared TTL as
 * `DurationSeconds`, a session name built from the run, and an optional session policy that
 * narrows the role for one task.
 *
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * @module
 */
import {
  AssumeRoleWithWebIdentityCommand,
  STSClient,
  type STSClientConfig,
} from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import type { IssuedCredentials } from "../cache";
import { checkClaims, type ExpectedTrust } from "../claims-check";
import { ExchangeError, type ExchangeFailureReason, redact } from "../errors";
import { roleSessionName } from "../session-name";
import type { Environment, TokenSource } from "../sources/token-source";

/** The audience AWS conventionally expects in tokens for `AssumeRoleWithWebIdentity`. */
export const AWS_DEFAULT_AUDIENCE = "sts.amazonaws.com";

/** A session policy: narrows what the role may do for this session, never widens it. */
export interface AwsSessionPolicy {
  /** An inline policy document (object or JSON text); at most 2,048 characters packed. */
  readonly policy?: string | object;
  /** ARNs of managed policies, at most 10. */
  readonly policyArns?: readonly string[];
}

/** Options of {@link exchangeAwsCredentials}. */
export interface AwsExchangeOptions {
  /** The role to assume, e.g. `arn:aws:iam::123456789012:role/api-deploy`. */
  readonly roleArn: string;
  /** Where the OIDC token comes from. */
  readonly tokenSource: TokenSource;
  /**
   * The token's audience.
   * @default "sts.amazonaws.com"
   */
  readonly audience?: string;
  /**
   * The declared TTL, sent as `DurationSeconds` (900 to the role's maximum).
   * @default 3600
   */
  readonly durationSeconds?: number;
  /**
   * The session name CloudTrail records.
   * @default built from the run: repository, run ID, attempt
   */
  readonly roleSessionName?: string;
  /** Narrows the session; see {@link AwsSessionPolicy}. @default none: the role's full rights */
  readonly sessionPolicy?: AwsSessionPolicy;
  /**
   * The STS region.
   * @default AWS_REGION, else AWS_DEFAULT_REGION, else "us-east-1"
   */
  readonly region?: string;
  /** The STS endpoint, for VPC endpoints and tests. @default the region's STS endpoint */
  readonly endpoint?: string;
  /**
   * How long to wait for STS, in milliseconds.
   * @default 10000
   */
  readonly requestTimeoutMs?: number;
  /** When given, the token's claims are checked against it before STS is called. */
  readonly expect?: ExpectedTrust;
  /** @default process.env */
  readonly env?: Environment;
}

/** The limits STS puts on `DurationSeconds`. */
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43_200;

/** Checks options that would only fail at STS, so they fail at the boundary with the rule. */
export function validateAwsExchangeOptions(options: AwsExchangeOptions): void {
  if (!/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(options.roleArn)) {
    throw new TypeError(
      `roleArn: "${options.roleArn}" is not an IAM role ARN. Fix: write ` +
        "arn:aws:iam::123456789012:role/NAME.",
    );
  }
  const d = options.durationSeconds;
  if (
    d !== undefined &&
    !(Number.isInteger(d) && d >= MIN_DURATION_SECONDS && d <= MAX_DURATION_SECONDS)
  ) {
    throw new RangeError(
      `durationSeconds: ${d} is outside what STS accepts (${MIN_DURATION_SECONDS} to ` +
        `${MAX_DURATION_SECONDS} whole seconds, and at most the role's MaxSessionDuration). Fix: ` +
        "declare a TTL from 15m to 12h.",
    );
  }
  const name = options.roleSessionName;
  if (name !== undefined && !/^[\w+=,.@-]{2,64}$/.test(name)) {
    throw new TypeError(
      `roleSessionName: "${name}" must be 2 to 64 characters of letters, digits and +=,.@_-.`,
    );
  }
  const arns = options.sessionPolicy?.policyArns;
  if (arns !== undefined && arns.length > 10) {
    throw new RangeError(
      `sessionPolicy.policyArns: ${arns.length} ARNs given; STS accepts at most 10. Fix: merge ` +
        "them into fewer managed policies or an inline policy.",
    );
  }
}

/** The packed JSON of an inline session policy, or undefined. */
export function sessionPolicyJson(policy: AwsSessionPolicy | undefined): string | undefined {
  if (policy?.policy === undefined) return undefined;
  return typeof policy.policy === "string"
    ? JSON.stringify(JSON.parse(policy.policy))
    : JSON.stringify(policy.policy);
}

/**
 * A reusable AWS exchanger: one STS client (one connection pool), a fresh token per call.
 *
 * @example
 * ```ts
 * const exchange = createAwsExchanger({
 *   roleArn: "arn:aws:iam::123456789012:role/api-deploy",
 *   tokenSource: fromPlatform(),
 *   durationSeconds: 900,
 * });
 * const { value } = await exchange();
 * ```
 */
export function createAwsExchanger(
  options: AwsExchangeOptions,
): () => Promise<IssuedCredentials<AwsCredentialIdentity>> {
  validateAwsExchangeOptions(options);
  const env = options.env ?? process.env;
  const config: STSClientConfig = {
    region: options.region ?? env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? "us-east-1",
    // The cache owns retries (with its own backoff and denial rules); the SDK must not add more.
    maxAttempts: 1,
    // Without throwOnRequestTimeout the handler only warns and keeps waiting.
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
  const client = new STSClient(config);
  // The answer's Date header travels on the output itself, so concurrent exchanges never mix.
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string> }).headers;
      const date = headers?.["date"];
      if (date !== undefined && typeof out.output === "object" && out.output !== null) {
        Object.defineProperty(out.output, serverDateKey, { value: date, enumerable: false });
      }
      return out;
    },
    { step: "initialize", name: "keylessServerDate" },
  );
  const policy = sessionPolicyJson(options.sessionPolicy);

  return async () => {
    const audience = options.audience ?? AWS_DEFAULT_AUDIENCE;
    const token = await options.tokenSource.getToken({ audience });
    if (options.expect !== undefined) checkClaims(token, options.expect);

    let answer;
    try {
      answer = await client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: options.roleArn,
          RoleSessionName: options.roleSessionName ?? roleSessionName(env),
          WebIdentityToken: token,
          DurationSeconds: options.durationSeconds ?? 3600,
          ...(policy === undefined ? {} : { Policy: policy }),
          ...(options.sessionPolicy?.policyArns === undefined
            ? {}
            : { PolicyArns: options.sessionPolicy.policyArns.map((arn) => ({ arn })) }),
        }),
      );
    } catch (err) {
      throw toExchangeError(err, options.roleArn, token);
    }

    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new ExchangeError(
        "aws",
        "invalid",
        `AWS STS answered AssumeRoleWithWebIdentity for ${options.roleArn} without complete credentials.`,
      );
    }
    const accountId = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(options.roleArn)?.[1];
    return {
      value: Object.freeze({
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
        ...(accountId === undefined ? {} : { accountId }),
      }),
      expiresAt: c.Expiration,
      serverDate: serverDateOf(answer),
    };
  };
}

const serverDateKey = Symbol("keyless.serverDate");

function serverDateOf(output: object): Date | undefined {
  const date = (output as { [serverDateKey]?: string })[serverDateKey];
  return date === undefined ? undefined : new Date(date);
}

/** One exchange: a fresh token, one `AssumeRoleWithWebIdentity`. */
export function exchangeAwsCredentials(
  options: AwsExchangeOptions,
): Promise<IssuedCredentials<AwsCredentialIdentity>> {
  return createAwsExchanger(options)();
}

const throttling = new Set([
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
]);
const denials = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "InvalidIdentityToken",
  "InvalidIdentityTokenException",
  "ExpiredToken",
  "ExpiredTokenException",
]);

function toExchangeError(err: unknown, roleArn: string, token: string): ExchangeError {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? "Error";
  let reason: ExchangeFailureReason;
  if (throttling.has(name) || status === 429) reason = "throttled";
  else if (name === "IDPCommunicationError" || name === "IDPCommunicationErrorException")
    reason = "unavailable";
  else if (status !== undefined && status >= 500) reason = "unavailable";
  else if (denials.has(name) || status === 403) reason = "denied";
  else if (status === undefined) reason = "network";
  else reason = "invalid";
  const said = redact(e.message ?? "", [token]);
  const fix =
    reason === "denied"
      ? " Fix: check the role's trust policy against the token's claims (`keyless check`)."
      : "";
  return new ExchangeError(
    "aws",
    reason,
    `AWS STS AssumeRoleWithWebIdentity for ${roleArn} failed${status === undefined ? "" : ` (HTTP ${status})`}: ${name}: ${said}${fix}`,
    { status, cause: err },
  );
}
