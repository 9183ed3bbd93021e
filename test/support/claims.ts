/**
 * Realistic token claims for a declared subject, and near misses of them: the inputs of the
 * property tests that tie declarations to what each cloud evaluates.
 */
import type { ClaimPattern, TrustSubject } from "../../sdk/trust";

/** A token's claims, as an issuer would sign them. */
export type Claims = Record<string, unknown>;

/** Fills each wildcard of `pattern` with `filler` (a `?` takes one character of it). */
export function instantiate(pattern: ClaimPattern, filler = "x1"): string {
  return pattern.parts
    .map((p) => (p.kind === "literal" ? p.text : p.wildcard === "?" ? filler.slice(0, 1) : filler))
    .join("");
}

/** Claims a job matching `subject` would carry, with `sub` in the form at `subIndex`. */
export function claimsFor(subject: TrustSubject, aud: string, subIndex = 0, filler = "x1"): Claims {
  const sub = subject.sub[subIndex] ?? subject.sub[0];
  const claims: Claims = { iss: subject.issuer.url, aud, sub: sub ? instantiate(sub, filler) : "" };
  for (const condition of subject.conditions) {
    const first = condition.anyOf[0];
    if (!first) continue;
    const value = instantiate(first, filler);
    claims[condition.claim] = condition.multiValued ? [value] : value;
  }
  const source = subject.source;
  switch (source.kind) {
    case "github":
      claims["repository"] = `${source.owner}/${source.repository}`;
      claims["repository_owner"] = source.owner;
      if (source.repositoryId) claims["repository_id"] = source.repositoryId;
      if (source.ownerId) claims["repository_owner_id"] = source.ownerId;
      if (source.context.kind === "environment") claims["environment"] = source.context.name;
      if (source.context.kind === "branch")
        claims["ref"] = `refs/heads/${source.context.pattern.replace(/[*?]/g, filler)}`;
      if (source.context.kind === "tag")
        claims["ref"] = `refs/tags/${source.context.pattern.replace(/[*?]/g, filler)}`;
      break;
    case "gitlab":
      claims["project_path"] = source.projectPath;
      claims["namespace_path"] = source.projectPath.split("/")[0];
      claims["ref_type"] = source.refType;
      claims["ref"] = source.ref.replace(/[*?]/g, filler);
      claims["ref_protected"] = source.protectedOnly ? "true" : "false";
      break;
    case "kubernetes":
      claims["kubernetes.io"] = {
        namespace: source.namespace,
        serviceaccount: { name: source.serviceAccount },
      };
      break;
    default:
      break;
  }
  return claims;
}
