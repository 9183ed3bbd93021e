/**
 * The whole picture for one token: every identity × every cloud it is declared in, allowed or
 * denied, with reasons. What `keyless check` prints.
 *
 * @module
 */
import { KeylessError } from "../errors";
import type { IdentityManifest } from "../manifest";
import { evaluateAwsTrust } from "./aws/evaluate-role";
import type { Claims } from "./claims";
import { evaluateAzureCredentials } from "./azure/evaluate-credentials";
import { evaluateGcpTrust } from "./gcp/evaluate-trust";
import type { CloudKind, Reason, Verdict } from "./verdict";

/** One identity in one cloud. */
export interface CheckResult {
  /** The name the program gave the identity. */
  readonly identity: string;
  readonly cloud: CloudKind;
  readonly allowed: boolean;
  readonly reasons: readonly Reason[];
}

/** Options of {@link checkManifests}. */
export interface CheckOptions {
  /**
   * The audience the token is requested with, replacing the token's `aud`. @default the token's
   * `aud`; when the token has none, each cloud's declared audience (as the CI snippet requests it)
   */
  readonly audience?: string;
}

const clouds: readonly CloudKind[] = ["aws", "gcp", "azure"];

/**
 * Evaluates a token's claims against every identity and every cloud the identity is declared in.
 *
 * @returns one result per identity × cloud, in manifest order then `aws`, `gcp`, `azure`.
 * @example
 * ```ts
 * const denied = checkManifests(manifests, decodeJwt(token)).filter((r) => !r.allowed);
 * ```
 */
export function checkManifests(
  manifests: readonly IdentityManifest[],
  claims: Claims,
  options: CheckOptions = {},
): CheckResult[] {
  const results: CheckResult[] = [];
  for (const manifest of manifests) {
    for (const cloud of clouds) {
      const declared = manifest[cloud];
      if (!declared) continue;
      const effective = withAudience(claims, options.audience, declared.audience);
      const verdict = evaluateCloud(manifest, cloud, effective);
      const reasons = verdict.reasons;
      results.push(
        Object.freeze({
          identity: manifest.identity,
          cloud,
          allowed: verdict.kind === "allow",
          reasons: Object.freeze(reasons),
        }),
      );
    }
  }
  return results;
}

function withAudience(claims: Claims, override: string | undefined, declared: string): Claims {
  if (override !== undefined) return { ...claims, aud: override };
  // Claims without aud (hand-written, or a payload trimmed for a test) are checked as the token
  // the CI snippet requests for this cloud would be.
  if (claims["aud"] === undefined) return { ...claims, aud: declared };
  return claims;
}

function evaluateCloud(manifest: IdentityManifest, cloud: CloudKind, claims: Claims): Verdict {
  try {
    switch (cloud) {
      case "aws": {
        const aws = manifest.aws!;
        return evaluateAwsTrust({
          trustPolicy: aws.trustPolicy,
          roleArn: aws.roleArn,
          claims,
          providerArns: aws.providerArns,
        });
      }
      case "gcp": {
        const gcp = manifest.gcp!;
        return evaluateGcpTrust({ providers: gcp.providers, principals: gcp.principals, claims });
      }
      case "azure":
        return evaluateAzureCredentials(manifest.azure!.credentials, claims);
    }
  } catch (err) {
    if (!KeylessError.isInstance(err)) throw err;
    return {
      kind: "deny",
      reasons: [
        {
          kind: "unsupported",
          message: `The ${cloud} trust of ${manifest.identity} cannot be evaluated: ${err.message}`,
        },
      ],
    };
  }
}
