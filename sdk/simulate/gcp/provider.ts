/**
 * A workload identity pool provider as the simulator reads it: the REST shape
 * (`{ name, oidc: { issuerUri, allowedAudiences }, attributeMapping, attributeCondition }`) or the
 * flat shape the manifest stores.
 *
 * @see https://cloud.google.com/iam/docs/reference/rest/v1/projects.locations.workloadIdentityPools.providers
 * @module
 */
import { KeylessError } from "../../errors";

/** A provider, read and checked. */
export interface GcpProvider {
  /** `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/ID`. */
  readonly name: string;
  readonly issuerUri: string;
  /** Empty: the provider's own resource name is the accepted audience. */
  readonly allowedAudiences: readonly string[];
  /** `google.subject`, `google.groups`, `attribute.NAME` → CEL over `assertion`. */
  readonly attributeMapping: Readonly<Record<string, string>>;
  /** CEL over `assertion`, `attribute`, `google`; empty when none. */
  readonly attributeCondition: string;
  readonly disabled: boolean;
}

const providerName =
  /^projects\/[^/]+\/locations\/global\/workloadIdentityPools\/[^/]+\/providers\/[^/]+$/;

/**
 * Reads a provider document.
 *
 * @throws KeylessError `ERR_INPUT_UNUSABLE` naming the property path when a field is missing or
 *   malformed.
 */
export function readGcpProvider(document: unknown, path = "provider"): GcpProvider {
  const fail = (where: string, value: unknown, rule: string, fix: string): never => {
    throw new KeylessError(
      "ERR_INPUT_UNUSABLE",
      `${where}: ${JSON.stringify(value)} — ${rule} Fix: ${fix}`,
    );
  };
  if (typeof document !== "object" || document === null) {
    return fail(
      path,
      document,
      "A provider is a JSON object.",
      "Pass the provider as the API returns it.",
    );
  }
  const doc = document as Record<string, unknown>;
  const oidc = (
    typeof doc["oidc"] === "object" && doc["oidc"] !== null ? doc["oidc"] : doc
  ) as Record<string, unknown>;
  const rawName = doc["name"];
  const name =
    typeof rawName === "string"
      ? rawName.replace(/^(https:)?\/\/iam\.googleapis\.com\//, "")
      : rawName;
  if (typeof name !== "string" || !providerName.test(name)) {
    fail(
      `${path}.name`,
      rawName,
      "A provider name is projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/ID.",
      "Use the provider's full resource name.",
    );
  }
  const issuerUri = oidc["issuerUri"];
  if (typeof issuerUri !== "string" || issuerUri === "") {
    fail(
      `${path}.oidc.issuerUri`,
      issuerUri,
      "An OIDC provider names its issuer.",
      "Set issuerUri to the tokens' iss.",
    );
  }
  const audiences = oidc["allowedAudiences"] ?? [];
  if (!Array.isArray(audiences) || audiences.some((a) => typeof a !== "string")) {
    fail(
      `${path}.oidc.allowedAudiences`,
      audiences,
      "Allowed audiences are a list of strings.",
      "List the audiences, or leave the list out.",
    );
  }
  const mapping = doc["attributeMapping"] ?? {};
  if (
    typeof mapping !== "object" ||
    mapping === null ||
    Object.values(mapping).some((v) => typeof v !== "string")
  ) {
    fail(
      `${path}.attributeMapping`,
      mapping,
      "The attribute mapping maps names to CEL expressions.",
      'Write e.g. { "google.subject": "assertion.sub" }.',
    );
  }
  const condition = doc["attributeCondition"] ?? "";
  if (typeof condition !== "string") {
    fail(
      `${path}.attributeCondition`,
      condition,
      "The attribute condition is a CEL expression.",
      "Write the condition as a string.",
    );
  }
  return Object.freeze({
    name: name as string,
    issuerUri: issuerUri as string,
    allowedAudiences: Object.freeze([...(audiences as string[])]),
    attributeMapping: Object.freeze({ ...(mapping as Record<string, string>) }),
    attributeCondition: condition as string,
    disabled: doc["disabled"] === true || doc["state"] === "DELETED",
  });
}

/** The pool a provider belongs to: `projects/NUMBER/locations/global/workloadIdentityPools/POOL`. */
export function poolOf(provider: GcpProvider): string {
  return provider.name.replace(/\/providers\/[^/]+$/, "");
}

/** The audiences a provider accepts when `allowedAudiences` is empty: its own resource name. */
export function defaultAudiences(provider: GcpProvider): readonly string[] {
  return [`//iam.googleapis.com/${provider.name}`, `https://iam.googleapis.com/${provider.name}`];
}
