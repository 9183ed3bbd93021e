/**
 * The manifest: one plain, versioned JSON document per identity with everything the simulator,
 * the runtime and the CLI need — the trust, the audiences, the rendered documents and the TTL per
 * cloud. Components produce it; nothing reads a Pulumi program to learn it.
 *
 * @module
 */
import { patternText } from "./trust/claim-pattern";
import type { TrustSubject } from "./trust/subject";

/** The manifest format's version; bumped on any incompatible change. */
export const MANIFEST_VERSION = 1;

/** A claim condition as the manifest stores it: claim name and accepted globs. */
export interface ManifestCondition {
  readonly claim: string;
  /** Accepted values; `*` and `?` are wildcards. */
  readonly anyOf: readonly string[];
}

/** A trusted subject as the manifest stores it. */
export interface ManifestSubject {
  /** The `iss` URL. */
  readonly issuer: string;
  /** The issuer kind (`github`, `gitlab`, `kubernetes`, `oidc`, …). */
  readonly issuerKind: string;
  /** Accepted `sub` values, every form (legacy and immutable); `*` and `?` are wildcards. */
  readonly sub: readonly string[];
  readonly conditions: readonly ManifestCondition[];
  readonly description: string;
}

/** What AWS received for an identity. */
export interface AwsManifest {
  readonly roleArn: string;
  readonly providerArns: readonly string[];
  readonly audience: string;
  /** `DurationSeconds` to request: the TTL. */
  readonly sessionDurationSeconds: number;
  readonly maxSessionDurationSeconds: number;
  /** The rendered trust policy document. */
  readonly trustPolicy: unknown;
}

/** What GCP received for an identity. */
export interface GcpManifest {
  /** One entry per issuer: the workload identity pool provider as rendered. */
  readonly providers: ReadonlyArray<{
    /** Full resource name: `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/ID`. */
    readonly name: string;
    readonly issuerUri: string;
    readonly allowedAudiences: readonly string[];
    readonly attributeMapping: Readonly<Record<string, string>>;
    readonly attributeCondition: string;
  }>;
  /** The principals bound (`principal://…`, `principalSet://…`). */
  readonly principals: readonly string[];
  readonly serviceAccountEmail?: string;
  readonly audience: string;
  readonly lifetimeSeconds: number;
}

/** What Azure received for an identity. */
export interface AzureManifest {
  readonly clientId: string;
  readonly tenantId: string;
  readonly subscriptionId?: string;
  readonly audience: string;
  readonly credentials: ReadonlyArray<{
    readonly name: string;
    readonly issuer: string;
    readonly subject?: string;
    readonly claimsMatchingExpression?: string;
    readonly audiences: readonly string[];
  }>;
  readonly ttlSeconds: number;
}

/** One identity's manifest. */
export interface IdentityManifest {
  readonly version: typeof MANIFEST_VERSION;
  /** The name the program gave the identity. */
  readonly identity: string;
  readonly ttlSeconds: number;
  readonly subjects: readonly ManifestSubject[];
  readonly aws?: AwsManifest;
  readonly gcp?: GcpManifest;
  readonly azure?: AzureManifest;
  /** Warnings raised while rendering, as lines a person reads. */
  readonly warnings: readonly string[];
}

const registryKey = Symbol.for("keyless.manifestRegistry");

interface ManifestRegistry {
  readonly pending: Array<Promise<IdentityManifest>>;
}

/**
 * Records a manifest for whoever is collecting them (`keyless plan`, `keyless check`). Keyed on a
 * global symbol so that the program's copy of Keyless and the CLI's copy share one registry.
 */
export function recordManifest(manifest: Promise<IdentityManifest>): void {
  const registry = (globalThis as { [registryKey]?: ManifestRegistry })[registryKey];
  registry?.pending.push(manifest);
}

/**
 * Whether something in this process is collecting manifests, so a component can skip building
 * one nobody reads.
 */
export function isCollectingManifests(): boolean {
  return (globalThis as { [registryKey]?: ManifestRegistry })[registryKey] !== undefined;
}

/**
 * Starts collecting manifests in this process; returns a function that awaits them all.
 *
 * Manifests with the same identity name are merged into one: the umbrella `Identity` component
 * and per-cloud components named alike describe one identity in several clouds.
 */
export function startCollectingManifests(): () => Promise<IdentityManifest[]> {
  const registry: ManifestRegistry = { pending: [] };
  (globalThis as { [registryKey]?: ManifestRegistry })[registryKey] = registry;
  return async () => {
    const byIdentity = new Map<string, IdentityManifest>();
    for (const manifest of await Promise.all(registry.pending)) {
      const known = byIdentity.get(manifest.identity);
      byIdentity.set(manifest.identity, known ? mergeManifests(known, manifest) : manifest);
    }
    return [...byIdentity.values()].sort((a, b) => a.identity.localeCompare(b.identity));
  };
}

/** Merges two manifests of one identity: each cloud's section, subjects and warnings. */
export function mergeManifests(a: IdentityManifest, b: IdentityManifest): IdentityManifest {
  const warnings = [...a.warnings, ...b.warnings];
  for (const cloud of ["aws", "gcp", "azure"] as const) {
    if (a[cloud] !== undefined && b[cloud] !== undefined) {
      warnings.push(`Two ${cloud.toUpperCase()} grants are named ${a.identity}; the manifest keeps the first.`);
    }
  }
  if (a.ttlSeconds !== b.ttlSeconds) {
    warnings.push(`The ${a.identity} grants declare different TTLs (${a.ttlSeconds} s and ${b.ttlSeconds} s); the manifest keeps the shorter.`);
  }
  const subjects = [...a.subjects];
  for (const s of b.subjects) {
    if (!subjects.some((t) => JSON.stringify(t) === JSON.stringify(s))) subjects.push(s);
  }
  const aws = a.aws ?? b.aws;
  const gcp = a.gcp ?? b.gcp;
  const azure = a.azure ?? b.azure;
  return {
    version: MANIFEST_VERSION,
    identity: a.identity,
    ttlSeconds: Math.min(a.ttlSeconds, b.ttlSeconds),
    subjects,
    ...(aws ? { aws } : {}),
    ...(gcp ? { gcp } : {}),
    ...(azure ? { azure } : {}),
    warnings: [...new Set(warnings)],
  };
}

/**
 * A trusted subject as the manifest stores it: every `sub` form and every condition as globs
 * (`*`, `?`). Conditions another one implies are kept, so a reader sees the whole declaration.
 */
export function toManifestSubject(subject: TrustSubject): ManifestSubject {
  return {
    issuer: subject.issuer.url,
    issuerKind: subject.issuer.kind,
    sub: subject.sub.map(patternText),
    conditions: subject.conditions.map((c) => ({
      claim: c.claim,
      anyOf: c.anyOf.map(patternText),
    })),
    description: subject.description,
  };
}
