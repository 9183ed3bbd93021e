/**
 * The trust documents inside Pulumi resources, in the clouds' own API shapes, which is what the
 * linter reads: an AWS role's trust policy, a GCP workload identity pool provider, an Azure
 * federated identity credential.
 *
 * @module
 */
import type { Cloud } from "./replacements";

/** A trust document found in a resource. */
export interface TrustDocument {
  readonly cloud: Cloud;
  /** What the document is, for messages. */
  readonly what: string;
  readonly document: unknown;
}

/**
 * The trust document a resource carries, or `undefined` when it carries none the linter reads:
 * roles are linted only when their trust names an OIDC provider (web identity federation).
 *
 * @param type - the resource's Pulumi type token.
 * @param props - the resource's inputs, as the policy engine passes them.
 */
export function trustDocumentOf(
  type: string,
  props: Readonly<Record<string, unknown>>,
): TrustDocument | undefined {
  switch (type) {
    case "aws:iam/role:Role": {
      const policy = props["assumeRolePolicy"];
      if (!namesOidcProvider(policy)) return undefined;
      return { cloud: "aws", what: "the role's trust policy", document: policy };
    }
    case "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider": {
      const oidc = props["oidc"] as { issuerUri?: unknown; allowedAudiences?: unknown } | undefined;
      if (!oidc) return undefined;
      const pool = props["workloadIdentityPoolId"];
      const provider = props["workloadIdentityPoolProviderId"];
      const project = props["project"] ?? "-";
      return {
        cloud: "gcp",
        what: "the workload identity pool provider",
        document: {
          name: `projects/${String(project)}/locations/global/workloadIdentityPools/${String(pool)}/providers/${String(provider)}`,
          ...(props["attributeMapping"] !== undefined
            ? { attributeMapping: props["attributeMapping"] }
            : {}),
          ...(props["attributeCondition"] !== undefined
            ? { attributeCondition: props["attributeCondition"] }
            : {}),
          oidc: {
            issuerUri: oidc.issuerUri,
            ...(oidc.allowedAudiences !== undefined
              ? { allowedAudiences: oidc.allowedAudiences }
              : {}),
          },
        },
      };
    }
    case "azure-native:managedidentity:FederatedIdentityCredential":
      return azureCredential(props["federatedIdentityCredentialResourceName"], props);
    case "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential":
      return azureCredential(props["displayName"], props);
    case "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential":
      return {
        cloud: "azure",
        what: "the flexible federated identity credential",
        document: {
          name: props["displayName"],
          issuer: props["issuer"],
          claimsMatchingExpression: {
            value: props["claimsMatchingExpression"],
            languageVersion: 1,
          },
          audiences: props["audience"] === undefined ? [] : [props["audience"]],
        },
      };
    default:
      return undefined;
  }
}

function azureCredential(name: unknown, props: Readonly<Record<string, unknown>>): TrustDocument {
  return {
    cloud: "azure",
    what: "the federated identity credential",
    document: {
      name,
      issuer: props["issuer"],
      subject: props["subject"],
      audiences: props["audiences"],
    },
  };
}

/** Whether a trust policy (object or JSON text) names an IAM OIDC provider as a principal. */
function namesOidcProvider(policy: unknown): boolean {
  let doc = policy;
  if (typeof doc === "string") {
    // A cheap test first: most roles trust services, not identity providers.
    if (!doc.includes(":oidc-provider/")) return false;
    try {
      doc = JSON.parse(doc) as unknown;
    } catch {
      // Text that names a provider but is not JSON: hand it to the linter, which says why.
      return true;
    }
  }
  const raw = (doc as { Statement?: unknown } | null | undefined)?.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return statements.some((s) => {
    const federated = (s as { Principal?: { Federated?: unknown } } | null)?.Principal?.Federated;
    const list = Array.isArray(federated) ? federated : [federated];
    return list.some((p) => typeof p === "string" && p.includes(":oidc-provider/"));
  });
}
