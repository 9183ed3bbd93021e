/**
 * Which bound principals a federated identity is: `principal://…/subject/S`,
 * `principalSet://…/group/G`, `principalSet://…/attribute.NAME/VALUE` and `principalSet://…/*`,
 * each in the provider's pool.
 *
 * @see https://cloud.google.com/iam/docs/principal-identifiers
 * @module
 */
import type { MappedIdentity } from "./evaluate-provider";

const principalSyntax =
  /^(principal|principalSet):\/\/iam\.googleapis\.com\/(projects\/[^/]+\/locations\/global\/workloadIdentityPools\/[^/]+)\/(.+)$/;

/** A bound principal, read. */
export type GcpPrincipal =
  | {
      readonly kind: "subject";
      readonly pool: string;
      readonly subject: string;
      readonly text: string;
    }
  | { readonly kind: "group"; readonly pool: string; readonly group: string; readonly text: string }
  | {
      readonly kind: "attribute";
      readonly pool: string;
      readonly name: string;
      readonly value: string;
      readonly text: string;
    }
  | { readonly kind: "pool"; readonly pool: string; readonly text: string }
  | { readonly kind: "other"; readonly text: string };

/** Reads a principal identifier; anything not federated is `other` and never matches. */
export function parseGcpPrincipal(text: string): GcpPrincipal {
  const m = principalSyntax.exec(text);
  if (!m) return { kind: "other", text };
  const [, scheme, pool, rest] = m as unknown as [string, string, string, string];
  if (scheme === "principal" && rest.startsWith("subject/")) {
    return { kind: "subject", pool, subject: decode(rest.slice("subject/".length)), text };
  }
  if (scheme === "principalSet") {
    if (rest === "*") return { kind: "pool", pool, text };
    if (rest.startsWith("group/"))
      return { kind: "group", pool, group: decode(rest.slice("group/".length)), text };
    const attribute = /^attribute\.([a-z0-9_]+)\/(.+)$/.exec(rest);
    if (attribute)
      return {
        kind: "attribute",
        pool,
        name: attribute[1] as string,
        value: decode(attribute[2] as string),
        text,
      };
  }
  return { kind: "other", text };
}

/** Whether the identity, federated through `pool`, is the principal. */
export function principalMatches(
  principal: GcpPrincipal,
  pool: string,
  identity: MappedIdentity,
): boolean {
  if (principal.kind === "other" || principal.pool !== pool) return false;
  switch (principal.kind) {
    case "subject":
      return identity.subject === principal.subject;
    case "group":
      return identity.groups.includes(principal.group);
    case "attribute": {
      const value = identity.attributes[principal.name];
      return typeof value === "string"
        ? value === principal.value
        : value?.includes(principal.value) === true;
    }
    case "pool":
      return true;
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not percent-encoded after all (a literal '%' in a subject): compare it as written.
    return text;
  }
}
