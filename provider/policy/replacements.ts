/**
 * Which Keyless component replaces what, named once for every violation message.
 *
 * @module
 */

/** The clouds the policies speak of. */
export type Cloud = "aws" | "gcp" | "azure";

/** The Keyless component that gives each cloud's identity federated, short-lived trust. */
export const KEYLESS_REPLACEMENT: Readonly<Record<Cloud, string>> = {
  aws: "Keyless's FederatedRole (or Identity with an aws grant)",
  gcp: "Keyless's GcpFederatedServiceAccount (or Identity with a gcp grant)",
  azure: "Keyless's AzureFederatedIdentity (or Identity with an azure grant)",
};

/** The URN's stack: `urn:pulumi:STACK::PROJECT::TYPE::NAME`. */
export function stackOfUrn(urn: string): string | undefined {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}
