/**
 * Reads a trust document in whatever shape it arrives — an AWS trust policy (plain, URL-encoded
 * as IAM returns it, or a whole `GetRole` response), a GCP workload identity pool provider or IAM
 * policy, Azure federated identity credentials (ARM or Microsoft Graph) — and says which it is.
 *
 * @module
 */
import { KeylessError } from "../../errors";

/** A trust document the linter can read, by kind. `base` is the JSON path of `document`. */
export type TrustDocument =
  | { readonly kind: "aws-trust-policy"; readonly base: string; readonly document: JsonObject }
  | { readonly kind: "gcp-provider"; readonly base: string; readonly document: JsonObject }
  | { readonly kind: "gcp-iam-policy"; readonly base: string; readonly document: JsonObject }
  | {
      readonly kind: "azure-credentials";
      readonly base: string;
      /** The credentials, each with its own path. */
      readonly credentials: ReadonlyArray<{
        readonly path: string;
        readonly credential: AzureCredential;
      }>;
      /** The identity the credentials belong to, when the document says. */
      readonly identity?: string;
    };

/** A JSON object as read. */
export type JsonObject = { readonly [key: string]: unknown };

/** A federated identity credential in one flat shape, whichever API it came from. */
export interface AzureCredential {
  readonly name?: string;
  readonly issuer?: unknown;
  readonly subject?: unknown;
  readonly audiences?: unknown;
  /** The flexible credential's expression (Graph: `claimsMatchingExpression.value`). */
  readonly claimsMatchingExpression?: unknown;
  /** Where `issuer` and `subject` sit relative to the credential's path (`.properties` for ARM). */
  readonly fieldPrefix: string;
  /** The identity the credential belongs to, from its ARM resource ID. */
  readonly identity?: string;
}

/** A document that is not JSON, or none of the trust documents the linter reads. */
export class UnreadableDocumentError extends KeylessError {
  constructor(message: string) {
    super("ERR_INPUT_UNUSABLE", message);
  }
}

const ARM_CREDENTIAL_TYPE =
  "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials";

/**
 * Parses text into one or more trust documents.
 *
 * @throws {@link UnreadableDocumentError} when the text is neither JSON nor URL-encoded JSON, or
 *   the JSON is none of the shapes the linter reads; the message says which shapes it expected.
 */
export function readTrustDocuments(text: string): TrustDocument[] {
  return detectTrustDocuments(parseJsonText(text, "the file"), "$");
}

/** Parses JSON, or URL-encoded JSON as IAM returns policy documents. */
export function parseJsonText(text: string, what: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") throw new UnreadableDocumentError(`${what} is empty.`);
  try {
    return JSON.parse(trimmed);
  } catch (jsonError) {
    if (/^%7B/i.test(trimmed) || /^%5B/i.test(trimmed)) {
      try {
        return JSON.parse(decodeURIComponent(trimmed));
      } catch {
        throw new UnreadableDocumentError(`${what} looks URL-encoded but does not decode to JSON.`);
      }
    }
    throw new UnreadableDocumentError(
      `${what} is not JSON (${(jsonError as Error).message}); expected an AWS trust policy, a GCP provider or IAM policy, or Azure federated credentials.`,
    );
  }
}

/**
 * Says which trust documents a parsed JSON value holds.
 *
 * @param base - the JSON path of `value`, `$` for a whole file.
 * @throws {@link UnreadableDocumentError} when it is none of the shapes the linter reads.
 */
export function detectTrustDocuments(value: unknown, base: string): TrustDocument[] {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isAzureCredentialShape)) {
      return [azureDocument(value as JsonObject[], base)];
    }
    return value.flatMap((item, i) => detectTrustDocuments(item, `${base}[${i}]`));
  }
  // A policy as Pulumi and CloudFormation hold it (`assumeRolePolicy`): JSON inside a string.
  if (typeof value === "string" && /^\s*[[{]/.test(value)) {
    return detectTrustDocuments(parseJsonText(value, base), base);
  }
  if (!isObject(value)) {
    throw new UnreadableDocumentError(
      `${base} is ${value === null ? "null" : typeof value}, not a trust document.`,
    );
  }
  if (isObject(value["Role"])) return detectAwsRole(value["Role"], `${base}.Role`);
  if ("AssumeRolePolicyDocument" in value) return detectAwsRole(value, base);
  if ("Statement" in value) return [{ kind: "aws-trust-policy", base, document: value }];
  if (isObject(value["oidc"]) || isGcpProviderName(value["name"])) {
    return [{ kind: "gcp-provider", base, document: value }];
  }
  if (Array.isArray(value["workloadIdentityPoolProviders"])) {
    return value["workloadIdentityPoolProviders"].flatMap((p, i) =>
      detectTrustDocuments(p, `${base}.workloadIdentityPoolProviders[${i}]`),
    );
  }
  if (Array.isArray(value["bindings"])) return [{ kind: "gcp-iam-policy", base, document: value }];
  if (isAzureCredentialShape(value)) return [azureDocument([value], base, true)];
  if (Array.isArray(value["value"]) && value["value"].every(isAzureCredentialShape)) {
    return [azureDocument(value["value"] as JsonObject[], `${base}.value`)];
  }
  if (Array.isArray(value["federatedIdentityCredentials"])) {
    const list = value["federatedIdentityCredentials"] as JsonObject[];
    const name = typeof value["displayName"] === "string" ? value["displayName"] : undefined;
    return [azureDocument(list, `${base}.federatedIdentityCredentials`, false, name)];
  }
  throw new UnreadableDocumentError(
    `${base} is not a trust document Keyless reads: expected an AWS trust policy ("Statement") or GetRole response ("Role"), a GCP workload identity pool provider ("oidc", "name") or IAM policy ("bindings"), or Azure federated identity credentials ("properties.issuer" or "issuer" with "audiences").`,
  );
}

function detectAwsRole(role: JsonObject, base: string): TrustDocument[] {
  const raw = role["AssumeRolePolicyDocument"];
  const path = `${base}.AssumeRolePolicyDocument`;
  const policy = typeof raw === "string" ? parseJsonText(raw, path) : raw;
  if (!isObject(policy) || !("Statement" in policy)) {
    throw new UnreadableDocumentError(`${path} is not a policy document with a "Statement".`);
  }
  return [{ kind: "aws-trust-policy", base: path, document: policy }];
}

function isGcpProviderName(name: unknown): boolean {
  return typeof name === "string" && /\/workloadIdentityPools\/[^/]+\/providers\//.test(name);
}

function isAzureCredentialShape(value: unknown): boolean {
  if (!isObject(value)) return false;
  const type = typeof value["type"] === "string" ? value["type"].toLowerCase() : "";
  if (type === ARM_CREDENTIAL_TYPE) return true;
  if (isObject(value["properties"]) && "issuer" in value["properties"]) return true;
  return "issuer" in value && ("audiences" in value || "claimsMatchingExpression" in value);
}

function azureDocument(
  items: readonly JsonObject[],
  base: string,
  single = false,
  identity?: string,
): TrustDocument {
  const credentials = items.map((item, i) => ({
    path: single ? base : `${base}[${i}]`,
    credential: flattenAzureCredential(item),
  }));
  const identities = new Set(credentials.map((c) => c.credential.identity).filter((x) => x));
  const owner = identity ?? (identities.size === 1 ? [...identities][0] : undefined);
  return {
    kind: "azure-credentials",
    base,
    credentials,
    ...(owner === undefined ? {} : { identity: owner }),
  };
}

function flattenAzureCredential(item: JsonObject): AzureCredential {
  const arm = isObject(item["properties"]) ? item["properties"] : undefined;
  const source = arm ?? item;
  const expression = source["claimsMatchingExpression"];
  const id = typeof item["id"] === "string" ? item["id"] : "";
  const identity = /\/userAssignedIdentities\/([^/]+)\/federatedIdentityCredentials\//i.exec(
    id,
  )?.[1];
  return {
    ...(typeof item["name"] === "string" ? { name: item["name"] } : {}),
    issuer: source["issuer"],
    subject: source["subject"],
    audiences: source["audiences"],
    claimsMatchingExpression: isObject(expression) ? expression["value"] : expression,
    fieldPrefix: arm === undefined ? "" : ".properties",
    ...(identity === undefined ? {} : { identity }),
  };
}

/** Whether `value` is a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
