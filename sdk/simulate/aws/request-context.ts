/**
 * The request STS evaluates a trust policy against, built from a token's claims: the presented
 * OIDC provider and the condition keys STS derives from the claims.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * @module
 */
import type { RequestContext } from "./conditions";
import { isExposedKey } from "./exposed-keys";

import type { Claims } from "../claims";

export type { Claims };

/**
 * The issuer URL without its scheme: how AWS names the provider and prefixes its keys. AWS only
 * registers https issuers; a plain-http one (a local test issuer) is named the same way.
 */
export function issuerHostPath(iss: string): string {
  return iss.replace(/^https?:\/\//, "");
}

/**
 * Issuers STS knows without an IAM OIDC provider; trust policies name them bare
 * (`"Federated": "accounts.google.com"`).
 */
export const BUILT_IN_WEB_IDENTITY_PROVIDERS: ReadonlySet<string> = new Set([
  "accounts.google.com",
  "cognito-identity.amazonaws.com",
  "graph.facebook.com",
  "www.amazon.com",
]);

/** The ARN of the OIDC provider a token from `iss` is presented to in `accountId`. */
export function oidcProviderArn(accountId: string, iss: string, partition = "aws"): string {
  return `arn:${partition}:iam::${accountId}:oidc-provider/${issuerHostPath(iss)}`;
}

/**
 * A claim's values as condition-key values: strings as they are, numbers and booleans as their
 * JSON text, arrays as multi-valued keys; `null`, objects and empty arrays give no key.
 */
export function claimValues(value: unknown): readonly string[] | undefined {
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  if (Array.isArray(value)) {
    const scalars = value.flatMap((v) => claimValues(v) ?? []);
    return scalars.length > 0 && !value.some((v) => Array.isArray(v)) ? scalars : undefined;
  }
  return undefined;
}

/**
 * The condition keys STS sets for a token: `ISSUER:claim` for each exposed claim, lower-cased.
 *
 * When the token carries `azp`, STS puts it in `ISSUER:aud` and the `aud` claim in `ISSUER:oaud`
 * (Google's ID tokens do this); other tokens have `aud` in `ISSUER:aud`.
 */
export function webIdentityContext(claims: Claims, hostPath?: string): RequestContext {
  const iss = typeof claims["iss"] === "string" ? claims["iss"] : "";
  const prefix = (hostPath ?? issuerHostPath(iss)).toLowerCase();
  const context = new Map<string, readonly string[]>();
  for (const [claim, value] of Object.entries(claims)) {
    if (claim === "aud" || claim === "azp") continue;
    if (!isExposedKey(prefix, claim)) continue;
    const values = claimValues(value);
    if (values) context.set(`${prefix}:${claim.toLowerCase()}`, values);
  }
  const aud = claimValues(claims["aud"]);
  const azp = claimValues(claims["azp"]);
  if (azp) {
    context.set(`${prefix}:aud`, azp);
    if (aud && isExposedKey(prefix, "oaud")) context.set(`${prefix}:oaud`, aud);
  } else if (aud) {
    context.set(`${prefix}:aud`, aud);
  }
  return context;
}
