import { evaluate } from "@marcbachmann/cel-js";
import type { RenderedGcpProvider } from "../../sdk/gcp";

/**
 * What GCP does with a token at a provider, evaluated from the rendered documents with a real CEL
 * implementation: the attribute condition decides admission (an evaluation error, such as a
 * missing claim, rejects the token, as GCP does), then the attribute mapping yields the token's
 * principal and principal sets.
 */
export function exchange(
  rendered: RenderedGcpProvider,
  claims: Record<string, unknown>,
): { admitted: boolean; principals: string[]; subject?: string } {
  const { provider } = rendered;
  if (!(
    claims.aud === provider.allowedAudiences[0] ||
    (Array.isArray(claims.aud) && claims.aud.includes(provider.allowedAudiences[0]))
  )) {
    return { admitted: false, principals: [] };
  }
  if (claims.iss !== provider.issuerUri) return { admitted: false, principals: [] };
  let admitted: unknown;
  try {
    admitted = evaluate(provider.attributeCondition, { assertion: claims });
  } catch {
    return { admitted: false, principals: [] };
  }
  if (admitted !== true) return { admitted: false, principals: [] };
  const pool = provider.name.split("/providers/")[0];
  const subject = String(
    evaluate(provider.attributeMapping["google.subject"] as string, { assertion: claims }),
  );
  const principals = [`principal://iam.googleapis.com/${pool}/subject/${subject}`];
  for (const [key, expr] of Object.entries(provider.attributeMapping)) {
    if (!key.startsWith("attribute.")) continue;
    let value: unknown;
    try {
      value = evaluate(expr, { assertion: claims });
    } catch {
      continue; // an attribute whose claim is missing is simply not set
    }
    principals.push(`principalSet://iam.googleapis.com/${pool}/${key}/${String(value)}`);
  }
  return { admitted: true, principals, subject };
}

/** Whether a token reaches the identity whose subject binding is at `index`. */
export function reaches(
  rendered: RenderedGcpProvider,
  index: number,
  claims: Record<string, unknown>,
): boolean {
  const result = exchange(rendered, claims);
  const bound = rendered.bindings[index]?.principals ?? [];
  return result.admitted && result.principals.some((p) => bound.includes(p));
}
