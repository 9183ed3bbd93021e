/**
 * Kubernetes service accounts: projected service-account tokens from any cluster issuer (EKS, GKE,
 * AKS, self-managed).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
 * @module
 */
import type { Problem, TrustWarning } from "../errors";
import { joinPattern, parseGlob } from "./claim-pattern";
import { parseIssuerUrl } from "./issuer";
import { checkBoundarySegment } from "./segments";
import type { TrustSubject } from "./subject";

/**
 * Which pods are trusted: one service account in one namespace of one cluster.
 *
 * @example
 * ```ts
 * { issuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789", namespace: "payments", serviceAccount: "reader" }
 * ```
 */
export interface KubernetesTrustArgs {
  /** The cluster's service-account issuer, exactly as tokens carry it in `iss`. */
  readonly issuerUrl: string;
  /** The namespace, exactly. */
  readonly namespace: string;
  /** The service account, exactly. */
  readonly serviceAccount: string;
  /** Accept wildcards in the namespace or service account. Still warns. @default false */
  readonly dangerouslyAllowWildcards?: boolean;
}

const dns1123Label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Reads a Kubernetes trust declaration into a subject, collecting every problem and warning.
 *
 * @param path - the property path of `args`, for messages.
 */
export function declareKubernetesTrust(
  args: KubernetesTrustArgs,
  path: string,
): { subject?: TrustSubject; problems: Problem[]; warnings: TrustWarning[] } {
  const dangerous = args.dangerouslyAllowWildcards === true;
  const problems: Problem[] = [
    ...checkBoundarySegment(
      args.namespace,
      "namespace",
      `${path}.namespace`,
      dns1123Label,
      "A namespace is a DNS-1123 label: lower-case letters, digits and '-', at most 63.",
      dangerous,
    ),
    ...checkBoundarySegment(
      args.serviceAccount,
      "service account",
      `${path}.serviceAccount`,
      dns1123Subdomain,
      "A service account name is a DNS-1123 subdomain: lower-case letters, digits, '-' and '.'.",
      dangerous,
    ),
  ];
  // A cluster's issuer is whatever its API server was configured with, and AKS's end with a
  // slash that its tokens carry in `iss` too: the URL is kept exactly as declared.
  const issuer = parseIssuerUrl("kubernetes", args.issuerUrl, `${path}.issuerUrl`, true);
  if (Array.isArray(issuer)) problems.push(...issuer);
  else problems.push(...checkAksIssuer(issuer.url, `${path}.issuerUrl`));
  if (problems.length > 0 || Array.isArray(issuer)) return { problems, warnings: [] };

  const warnings: TrustWarning[] = dangerous
    ? [
        {
          code: "dangerous-wildcards",
          path: `${path}.dangerouslyAllowWildcards`,
          message:
            "Wildcards across a namespace or service-account boundary are allowed for this trust.",
          fix: "Name the namespace and service account exactly and remove dangerouslyAllowWildcards.",
        },
      ]
    : [];
  const source = {
    kind: "kubernetes",
    namespace: args.namespace,
    serviceAccount: args.serviceAccount,
  } as const;
  const subject: TrustSubject = Object.freeze({
    issuer,
    sub: Object.freeze([kubernetesSubjectPattern(source)]),
    conditions: Object.freeze([]),
    source,
    description: `Kubernetes service account ${args.namespace}/${args.serviceAccount} on ${issuer.hostPath}`,
    path,
  });
  return { subject, problems, warnings };
}

/** The `sub` of a projected service-account token: `system:serviceaccount:NAMESPACE:NAME`. */
export function kubernetesSubjectPattern(source: {
  readonly namespace: string;
  readonly serviceAccount: string;
}) {
  // Declarations without dangerouslyAllowWildcards carry no wildcard, so these parse as literals.
  return joinPattern([
    "system:serviceaccount:",
    parseGlob(source.namespace),
    ":",
    parseGlob(source.serviceAccount),
  ]);
}

const aksIssuerHost = /^[a-z0-9-]+\.oic\.prod-aks\.azure\.com$/;

/**
 * AKS issuers (`https://REGION.oic.prod-aks.azure.com/TENANT/GUID/`) end with a slash, and so does
 * `iss` in their tokens; the same URL without it matches no token in Azure, which compares exactly.
 *
 * @see https://learn.microsoft.com/azure/aks/use-oidc-issuer
 */
function checkAksIssuer(url: string, path: string): Problem[] {
  if (!aksIssuerHost.test(new URL(url).host) || url.endsWith("/")) return [];
  return [
    {
      path,
      value: url,
      rule: "An AKS cluster's issuer URL ends with a slash, and its tokens carry it in `iss`; without the slash no token matches.",
      fix: `Use ${url}/ (exactly what \`az aks show --query oidcIssuerProfile.issuerUrl\` prints).`,
    },
  ];
}
