/**
 * The manifest of a GCP identity: what the simulator, the runtime and the CLI read instead of the
 * Pulumi program. Pure.
 *
 * @module
 */
import { formatWarning, type TrustWarning } from "../errors";
import {
  type GcpManifest,
  type IdentityManifest,
  MANIFEST_VERSION,
  toManifestSubject,
} from "../manifest";
import type { TrustSubject } from "../trust";
import type { RenderedGcpProvider } from "./render-provider";

/** What went into a GCP identity, once every provider it uses is rendered. */
export interface GcpIdentityFacts {
  /** The identity's name in the program. */
  readonly identity: string;
  /** Its subjects, every issuer. */
  readonly subjects: readonly TrustSubject[];
  /** The declaration's warnings. */
  readonly warnings: readonly TrustWarning[];
  /** Each provider it uses, rendered with every identity sharing it. */
  readonly rendered: readonly RenderedGcpProvider[];
  /** The principals bound for it. */
  readonly principals: readonly string[];
  /** The service account; absent for direct resource access. */
  readonly serviceAccountEmail?: string;
  /** The access token lifetime to request, in seconds. */
  readonly lifetimeSeconds: number;
}

/**
 * Builds the identity's manifest with its `gcp` section. Renderer warnings are kept only for the
 * identity's own subjects (a shared provider renders everyone's).
 */
export function buildGcpIdentityManifest(facts: GcpIdentityFacts): IdentityManifest {
  const own = new Set(facts.subjects.map((s) => s.path));
  const warnings = [
    ...facts.warnings,
    ...facts.rendered.flatMap((r) => r.warnings.filter((w) => own.has(w.path))),
  ];
  const gcp: GcpManifest = {
    providers: facts.rendered.map((r) => ({
      name: r.provider.name,
      issuerUri: r.provider.issuerUri,
      allowedAudiences: r.provider.allowedAudiences,
      attributeMapping: r.provider.attributeMapping,
      attributeCondition: r.provider.attributeCondition,
    })),
    principals: facts.principals,
    ...(facts.serviceAccountEmail ? { serviceAccountEmail: facts.serviceAccountEmail } : {}),
    // The manifest names one audience; an identity with several issuers lists each provider's
    // allowed audience under `providers`.
    audience: facts.rendered[0]?.provider.allowedAudiences[0] ?? "",
    lifetimeSeconds: facts.lifetimeSeconds,
  };
  return {
    version: MANIFEST_VERSION,
    identity: facts.identity,
    ttlSeconds: facts.lifetimeSeconds,
    subjects: facts.subjects.map(toManifestSubject),
    gcp,
    warnings: warnings.map(formatWarning),
  };
}
