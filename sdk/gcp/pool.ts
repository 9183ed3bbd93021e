/**
 * The workload identity pool component: one pool per project and purpose, one provider per issuer
 * inside it, shared by every identity of the program that names the same project, pool and issuer.
 *
 * @module
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { KeylessError, throwIfProblems } from "../errors";
import type { IssuerKind, OidcIssuer, TrustSubject } from "../trust";
import { checkPoolOrProviderId, deriveId } from "./ids";
import { type RenderedGcpProvider, renderGcpProvider } from "./render-provider";

/**
 * A workload identity pool. Plain data.
 *
 * @example
 * ```ts
 * new GcpWorkloadIdentityPool("ci", { project: "acme-prod", projectNumber: "123456789012", purpose: "ci" });
 * ```
 */
export interface GcpWorkloadIdentityPoolArgs {
  /** The project ID the pool lives in. */
  readonly project: string;
  /**
   * The project's number. Lets Keyless render providers and principals during preview; without
   * it the number is read from the created pool's name. @default read from the pool
   */
  readonly projectNumber?: string;
  /** What the pool is for (`ci`, `workloads`); names the pool. @default "keyless" */
  readonly purpose?: string;
  /**
   * The pool ID, 4–32 characters of `[a-z0-9-]`, not starting with `gcp-`. Left out, Keyless
   * derives `PURPOSE-XXXXX` where the suffix comes from the project and purpose, so that a
   * replaced pool never asks for an ID still held by the 30-day soft-delete of its predecessor.
   * @default derived
   */
  readonly poolId?: string;
  /** Shown in the console. @default "Keyless: PURPOSE" */
  readonly description?: string;
}

/** One identity's share of a provider: what the provider admits and how to bind the identity. */
export interface GcpPoolAdmission {
  /** The issuer the provider trusts. */
  readonly issuer: OidcIssuer;
  /** The provider's ID within the pool. */
  readonly providerId: string;
  /** The provider and the bindings of every identity sharing it, once all have joined. */
  readonly rendered: pulumi.Output<RenderedGcpProvider>;
  /**
   * Rejects with the rendering error when the provider cannot be rendered (an Output only reports
   * it to the engine); never resolves otherwise.
   */
  readonly failed: Promise<never>;
  /** The indices into `rendered.bindings` that belong to this identity, in subject order. */
  readonly bindingIndices: readonly number[];
  /** This identity's subjects of this issuer. */
  readonly subjects: readonly TrustSubject[];
}

interface ProviderEntry {
  readonly issuer: OidcIssuer;
  readonly providerId: string;
  readonly contributions: Array<{ identity: string; subject: TrustSubject }>;
  readonly rendered: pulumi.Output<RenderedGcpProvider>;
  readonly failed: Promise<never>;
  sealed: boolean;
}

const providerPrefix: Record<IssuerKind, string> = {
  github: "github",
  gitlab: "gitlab",
  kubernetes: "k8s",
  circleci: "circleci",
  buildkite: "buildkite",
  "terraform-cloud": "tfc",
  "pulumi-cloud": "pulumi",
  bitbucket: "bitbucket",
  oidc: "oidc",
};

const registryKey = Symbol.for("keyless.gcpPools");

function registry(): Map<string, GcpWorkloadIdentityPool> {
  const holder = globalThis as { [registryKey]?: Map<string, GcpWorkloadIdentityPool> };
  holder[registryKey] ??= new Map();
  return holder[registryKey];
}

/**
 * Forgets every pool this process declared. For test suites that run several programs in one
 * process; programs never need it.
 */
export function resetGcpPoolRegistry(): void {
  registry().clear();
}

/**
 * A workload identity pool and its providers, one per issuer.
 *
 * Providers are created when the first identity with a subject of their issuer joins
 * ({@link GcpWorkloadIdentityPool.admit}); their condition and mapping are rendered once every
 * identity declared in the same turn of the program has joined, so one provider admits all of
 * them. An identity that joins later gets a clear error instead of a provider that silently leaves
 * it out.
 *
 * @example
 * ```ts
 * const pool = new GcpWorkloadIdentityPool("ci", { project: "acme-prod", purpose: "ci" });
 * // identities with `pool: { purpose: "ci" }` in project acme-prod join it
 * ```
 * @see https://cloud.google.com/iam/docs/manage-workload-identity-pools-providers
 */
export class GcpWorkloadIdentityPool extends pulumi.ComponentResource {
  /** The pool resource. */
  readonly pool: gcp.iam.WorkloadIdentityPool;
  /** The pool ID. */
  readonly poolId: string;
  /** The project ID. */
  readonly project: string;
  /** The project number, as given or read from the pool's resource name. */
  readonly projectNumber: pulumi.Output<string>;
  /** The provider resources, by issuer URL. */
  readonly providers: Map<string, gcp.iam.WorkloadIdentityPoolProvider>;
  readonly #entries: Map<string, ProviderEntry>;
  readonly #name: string;

  /**
   * Returns the pool this program already declared for the project and pool ID, or declares it.
   *
   * @see {@link GcpWorkloadIdentityPoolArgs} for the defaults.
   */
  static shared(args: GcpWorkloadIdentityPoolArgs): GcpWorkloadIdentityPool {
    const poolId = poolIdFor(args);
    const found = registry().get(`${args.project}/${poolId}`);
    if (found) return found;
    return new GcpWorkloadIdentityPool(`${args.project}-${poolId}`, args);
  }

  constructor(
    name: string,
    args: GcpWorkloadIdentityPoolArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const purpose = args.purpose ?? "keyless";
    const poolId = poolIdFor(args);
    // Validated before the component registers, so a refused pool leaves nothing behind.
    throwIfProblems([
      ...checkPoolOrProviderId(poolId, "workload identity pool", `${name}.poolId`),
      ...(args.projectNumber === undefined || /^[1-9][0-9]*$/.test(args.projectNumber)
        ? []
        : [
            {
              path: `${name}.projectNumber`,
              value: args.projectNumber,
              rule: "A project number is the project's numeric identifier, not its ID.",
              fix: "Copy the number from `gcloud projects describe PROJECT`, or leave it out.",
            },
          ]),
    ]);
    const key = `${args.project}/${poolId}`;
    if (registry().has(key)) {
      throw new KeylessError(
        "ERR_INPUT_UNUSABLE",
        `${name}: the pool "${poolId}" in project "${args.project}" is already declared in this program. Use GcpWorkloadIdentityPool.shared() to reuse it, or give this one another purpose.`,
      );
    }
    super("keyless:gcp:WorkloadIdentityPool", name, {}, opts);
    this.#name = name;
    this.poolId = poolId;
    this.project = args.project;
    this.providers = new Map();
    this.#entries = new Map();
    registry().set(key, this);

    this.pool = new gcp.iam.WorkloadIdentityPool(
      name,
      {
        project: args.project,
        workloadIdentityPoolId: this.poolId,
        displayName: `Keyless ${purpose}`.slice(0, 32),
        description: args.description ?? `Keyless: ${purpose}`,
      },
      { parent: this },
    );
    this.projectNumber = args.projectNumber
      ? pulumi.output(args.projectNumber)
      : this.pool.name.apply((n) => numberFromPoolName(n));
    this.registerOutputs({ poolId: this.poolId, projectNumber: this.projectNumber });
  }

  /**
   * Adds an identity's subjects to the providers of their issuers, creating a provider on an
   * issuer's first use.
   *
   * @param identity - the identity's name, unique in the program.
   * @throws {@link KeylessError} `ERR_DUPLICATE_ISSUER` when the issuer's provider was already
   *   rendered (the identity was declared after an `await`).
   */
  admit(identity: string, subjects: readonly TrustSubject[]): GcpPoolAdmission[] {
    const byIssuer = new Map<string, TrustSubject[]>();
    for (const s of subjects)
      byIssuer.set(s.issuer.url, [...(byIssuer.get(s.issuer.url) ?? []), s]);
    return [...byIssuer.values()].map((own) => {
      const entry = this.#entry((own[0] as TrustSubject).issuer);
      if (entry.sealed) {
        throw new KeylessError(
          "ERR_DUPLICATE_ISSUER",
          `${identity}: the GCP provider "${entry.providerId}" for ${entry.issuer.url} in pool "${this.poolId}" was already rendered for the identities declared before it. Declare every identity that shares a pool in the same turn of the program (before any await), or give this one its own pool purpose.`,
        );
      }
      const start = entry.contributions.length;
      own.forEach((subject) => entry.contributions.push({ identity, subject }));
      return {
        issuer: entry.issuer,
        providerId: entry.providerId,
        rendered: entry.rendered,
        failed: entry.failed,
        bindingIndices: own.map((_, i) => start + i),
        subjects: own,
      };
    });
  }

  #entry(issuer: OidcIssuer): ProviderEntry {
    const known = this.#entries.get(issuer.url);
    if (known) return known;
    const providerId = deriveId(
      providerPrefix[issuer.kind],
      [this.project, this.poolId, issuer.url],
      32,
    );
    // Rendered after the current turn of the program: by then every identity declared alongside
    // this one has joined, and the provider admits all of them.
    const allJoined = new Promise<void>((resolve) => setImmediate(resolve));
    const contributions: ProviderEntry["contributions"] = [];
    let fail: (err: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    // Observed here so that a failure nobody awaits is reported once, by the engine, not twice.
    failed.catch(() => undefined);
    const entry: ProviderEntry = {
      issuer,
      providerId,
      contributions,
      sealed: false,
      failed,
      rendered: pulumi
        .all([this.projectNumber, pulumi.output(allJoined.then(() => (entry.sealed = true)))])
        .apply(([projectNumber]) => {
          try {
            return renderGcpProvider(
              contributions.map((c) => c.subject),
              {
                projectNumber,
                poolId: this.poolId,
                providerId,
                identities: contributions.map((c) => c.identity),
              },
            );
          } catch (err) {
            fail(err);
            throw err;
          }
        }),
    };
    this.#entries.set(issuer.url, entry);
    const provider = new gcp.iam.WorkloadIdentityPoolProvider(
      `${this.#name}-${providerId}`,
      {
        project: this.project,
        workloadIdentityPoolId: this.pool.workloadIdentityPoolId,
        workloadIdentityPoolProviderId: providerId,
        displayName: `Keyless ${issuer.kind}`.slice(0, 32),
        description: `Keyless: tokens of ${issuer.url}`.slice(0, 256),
        attributeMapping: entry.rendered.apply((r) => ({ ...r.provider.attributeMapping })),
        attributeCondition: entry.rendered.apply((r) => r.provider.attributeCondition),
        oidc: {
          issuerUri: issuer.url,
          allowedAudiences: entry.rendered.apply((r) => [...r.provider.allowedAudiences]),
        },
      },
      { parent: this },
    );
    this.providers.set(issuer.url, provider);
    return entry;
  }
}

function poolIdFor(args: GcpWorkloadIdentityPoolArgs): string {
  const purpose = args.purpose ?? "keyless";
  return args.poolId ?? deriveId(purpose, [args.project, purpose], 32);
}

function numberFromPoolName(name: string): string {
  const match = /^projects\/([0-9]+)\/locations\//.exec(name);
  if (!match?.[1]) {
    throw new KeylessError(
      "ERR_CLOUD_API",
      `The workload identity pool's name "${name}" does not start with projects/NUMBER/locations/; set projectNumber explicitly.`,
    );
  }
  return match[1];
}
