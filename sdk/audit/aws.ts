/**
 * `keyless audit aws`: reads an account's IAM OIDC providers and every role whose trust names a
 * federated web identity, and lints each trust policy.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
 * @module
 */
import {
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
  type Role,
} from "@aws-sdk/client-iam";
import { KeylessError } from "../errors";
import { detectTrustDocuments, lintTrustDocument, parseJsonText } from "../simulate/lint";
import { sendWithRetry } from "./aws-retry";
import type { AuditedResource, AuditOptions, AuditResult } from "./result";

/** Options of {@link auditAws}. */
export interface AwsAuditOptions extends AuditOptions {
  /** The IAM client to read with; see {@link createIamClient}. */
  readonly client: IAMClient;
  /** Waits between retries. @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Options of {@link createIamClient}. */
export interface IamClientOptions {
  /** A profile of the shared config files. @default the standard credential chain */
  readonly profile?: string;
  /** IAM is global; the region only picks the endpoint's partition. @default "us-east-1" */
  readonly region?: string;
  /** Another endpoint, e.g. a local emulator. @default IAM's endpoint */
  readonly endpointUrl?: string;
  /** Attempts per call, the first included. @default 10 */
  readonly maxAttempts?: number;
}

/**
 * An IAM client with the standard credential chain and adaptive retries, which slow down under
 * `Throttling` instead of failing a long audit.
 */
export function createIamClient(options: IamClientOptions = {}): IAMClient {
  return new IAMClient({
    region: options.region ?? "us-east-1",
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? 10,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
  });
}

/**
 * Reads every OIDC provider and every role whose trust names a federated web identity, and lints
 * each trust policy.
 *
 * @throws {@link KeylessError} `ERR_ACCESS_DENIED` naming the IAM permission that was refused;
 *   `ERR_CLOUD_API` when credentials are missing or IAM fails.
 * @example
 * ```ts
 * const result = await auditAws({ client: createIamClient({ profile: "audit" }) });
 * ```
 */
export async function auditAws(options: AwsAuditOptions): Promise<AuditResult> {
  const { client } = options;
  const send = <T>(permission: string, call: () => Promise<T>): Promise<T> =>
    sendWithRetry(client, call, options.sleep).catch((error: unknown) => {
      throw awsError(error, permission);
    });
  const progress = options.onProgress ?? (() => undefined);

  const listed = await send("iam:ListOpenIDConnectProviders", () =>
    client.send(new ListOpenIDConnectProvidersCommand({})),
  );
  const providerArns = (listed.OpenIDConnectProviderList ?? []).flatMap((p) => p.Arn ?? []);
  const providers: string[] = [];
  for (const arn of providerArns) {
    const provider = await send("iam:GetOpenIDConnectProvider", () =>
      client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
    );
    providers.push(
      `${provider.Url ?? arn} (audiences: ${(provider.ClientIDList ?? []).join(", ") || "none"})`,
    );
  }
  progress(`read ${providers.length} OIDC providers`);

  const resources: AuditedResource[] = [];
  let marker: string | undefined;
  let rolesRead = 0;
  // IAM pages with IsTruncated/Marker; the bound only stops a misbehaving endpoint from looping.
  for (let page = 0; page < 10_000; page++) {
    const response = await send("iam:ListRoles", () =>
      client.send(new ListRolesCommand({ MaxItems: 1000, ...(marker ? { Marker: marker } : {}) })),
    );
    for (const role of response.Roles ?? []) {
      rolesRead++;
      const audited = auditRole(role);
      if (audited !== undefined) resources.push(audited);
    }
    progress(`read ${rolesRead} roles, ${resources.length} with federated web identity trust`);
    if (response.IsTruncated !== true || !response.Marker) break;
    marker = response.Marker;
  }

  return Object.freeze({
    cloud: "aws",
    scope: "the account of the credentials in use",
    resources: Object.freeze(resources),
    notes: Object.freeze([
      `${providers.length} OIDC provider${providers.length === 1 ? "" : "s"}${providers.length > 0 ? `: ${providers.join("; ")}` : ""}`,
      `${rolesRead} roles read, ${resources.length} trust a federated web identity`,
    ]),
  });
}

function auditRole(role: Role): AuditedResource | undefined {
  const raw = role.AssumeRolePolicyDocument;
  if (raw === undefined) return undefined;
  const resource = role.Arn ?? role.RoleName ?? "a role";
  let policy: unknown;
  try {
    policy = parseJsonText(raw, `the trust policy of ${resource}`);
  } catch (error) {
    throw new KeylessError("ERR_CLOUD_API", (error as Error).message, { cause: error });
  }
  if (!namesWebIdentity(policy)) return undefined;
  const findings = detectTrustDocuments(policy, "$").flatMap((d) => [...lintTrustDocument(d)]);
  return { resource, kind: "aws-trust-policy", findings };
}

/** Whether a policy has a federated principal other than a SAML provider. */
function namesWebIdentity(policy: unknown): boolean {
  const statements = (policy as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  return list.some((s) => {
    const federated = (s as { Principal?: { Federated?: unknown } } | undefined)?.Principal
      ?.Federated;
    const names = Array.isArray(federated) ? federated : [federated];
    return names.some((n) => typeof n === "string" && !n.includes(":saml-provider/"));
  });
}

function awsError(error: unknown, permission: string): KeylessError {
  if (KeylessError.isInstance(error)) return error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? "";
  if (
    name === "AccessDenied" ||
    name === "AccessDeniedException" ||
    e.$metadata?.httpStatusCode === 403
  ) {
    return new KeylessError(
      "ERR_ACCESS_DENIED",
      `AWS refused ${permission}: ${e.message ?? name}. Grant ${permission} (the audit needs iam:ListOpenIDConnectProviders, iam:GetOpenIDConnectProvider and iam:ListRoles; the SecurityAudit managed policy has them).`,
      { cause: error },
    );
  }
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(e.message ?? "")) {
    return new KeylessError(
      "ERR_CLOUD_API",
      "No AWS credentials were found. Sign in (aws sso login, aws configure) or pass --profile; the standard chain reads AWS_PROFILE, AWS_ACCESS_KEY_ID, the shared config files, web identity and instance roles.",
      { cause: error },
    );
  }
  return new KeylessError(
    "ERR_CLOUD_API",
    `AWS ${permission} failed: ${name ? `${name}: ` : ""}${e.message ?? String(error)}`,
    { cause: error },
  );
}
