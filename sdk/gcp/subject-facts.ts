/**
 * What GCP needs to know about one trusted subject: the CEL clauses that admit its tokens, the
 * claims those clauses read (to map them as attributes), the claims it pins to one value, and the
 * attribute a pattern subject is bound by.
 *
 * @module
 */
import {
  type ClaimCondition,
  type ClaimPattern,
  isLiteral,
  literal,
  literalText,
  parseGlob,
  type TrustSubject,
} from "../trust";
import { celMatchAny, claimRef } from "./cel";

/** An attribute a subject is bound by: `principalSet://…/attribute.NAME/VALUE`. */
export interface GcpAnchor {
  readonly attribute: string;
  readonly value: string;
}

/** The GCP view of one subject. */
export interface SubjectFacts {
  /** CEL clauses other than the `sub` test: the owner pin first, then every declared condition. */
  readonly guards: readonly string[];
  /** The CEL test on `sub`. */
  readonly subClause: string;
  /** Custom attributes the clauses read or the binding needs: name → mapping expression. */
  readonly attributes: ReadonlyMap<string, string>;
  /** Attributes this subject's tokens always carry with one known value: name → value. */
  readonly pins: ReadonlyMap<string, string>;
  /** The attribute to bind by when `sub` is a pattern; absent when no attribute is pinned. */
  readonly anchor?: GcpAnchor;
  /** The longest `sub` in bytes the subject admits; `Infinity` for a pattern. */
  readonly maxSubjectBytes: number;
}

/** Kubernetes nests its claims under `kubernetes.io`; these are the ones GCP bindings use. */
const kubernetesClaims = {
  namespace: `${claimRef("kubernetes.io")}.namespace`,
  service_account: `${claimRef("kubernetes.io")}.serviceaccount.name`,
} as const;

/**
 * The custom attribute name GCP allows for a claim: `[a-z0-9_]`, other characters replaced by `_`.
 * Callers resolve the rare collision (`a.b` and `a_b`) with {@link AttributeNames}.
 */
export function attributeNameFor(claim: string): string {
  return claim.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

/**
 * Gives each claim one attribute name, stable across subjects, suffixing `_2`, `_3`… when two
 * claims would otherwise share a name.
 */
export class AttributeNames {
  readonly #byClaim = new Map<string, string>();
  readonly #taken = new Set<string>(["sub", ...Object.keys(kubernetesClaims)]);

  /** The attribute name for `claim`. */
  for(claim: string): string {
    const known = this.#byClaim.get(claim);
    if (known) return known;
    const base = attributeNameFor(claim);
    let name = base;
    for (let i = 2; this.#taken.has(name); i++) name = `${base}_${i}`;
    this.#taken.add(name);
    this.#byClaim.set(claim, name);
    return name;
  }
}

/** Reads a subject into the facts GCP needs. */
export function subjectFacts(subject: TrustSubject, names: AttributeNames): SubjectFacts {
  const guards: string[] = [];
  const attributes = new Map<string, string>();
  const pins = new Map<string, string>();
  const useClaim = (claim: string, patterns: readonly ClaimPattern[]): void => {
    const attribute = names.for(claim);
    attributes.set(attribute, claimRef(claim));
    guards.push(celMatchAny(claimRef(claim), patterns));
    const [only] = patterns;
    if (patterns.length === 1 && only && isLiteral(only)) pins.set(attribute, literalText(only));
  };
  const pin = (claim: string, value: string | undefined): void => {
    if (value !== undefined) pins.set(names.for(claim), value);
  };
  let anchor: (GcpAnchor & { readonly claim?: string }) | undefined;
  const source = subject.source;

  switch (source.kind) {
    case "github": {
      // The owner is the trust boundary GCP insists on for a shared issuer: pinned by ID when known.
      if (source.ownerId) useClaim("repository_owner_id", [literal(source.ownerId)]);
      else useClaim("repository_owner", [parseGlob(source.owner)]);
      const repository = `${source.owner}/${source.repository}`;
      if (!/[*?]/.test(repository)) pin("repository", repository);
      pin("repository_id", source.repositoryId);
      anchor = anchorFrom(["repository_id", "repository"], pins, names);
      break;
    }
    case "gitlab": {
      const namespacePath = source.projectPath.split("/").slice(0, -1).join("/");
      if (!source.namespaceId) useClaim("namespace_path", [parseGlob(namespacePath)]);
      if (!/[*?]/.test(source.projectPath)) pin("project_path", source.projectPath);
      if (!/[*?]/.test(namespacePath)) pin("namespace_path", namespacePath);
      pin("project_id", source.projectId);
      pin("namespace_id", source.namespaceId);
      anchor = anchorFrom(["project_id", "project_path"], pins, names);
      break;
    }
    case "kubernetes": {
      // `sub` names the namespace and service account; the nested claims only serve bindings.
      if (!/[*?]/.test(source.namespace)) pins.set("namespace", source.namespace);
      if (!/[*?]/.test(source.serviceAccount)) pins.set("service_account", source.serviceAccount);
      const by = pins.has("namespace") ? "namespace" : "service_account";
      const value = pins.get(by);
      if (value !== undefined) {
        anchor = { attribute: by, value };
        attributes.set(by, kubernetesClaims[by]);
      }
      break;
    }
    case "buildkite":
      // `sub` names the organization and pipeline, but its commit varies: bind by the pipeline.
      useClaim("organization_slug", [literal(source.organization)]);
      pin("pipeline_slug", source.pipeline);
      anchor = anchorFrom(["pipeline_slug"], pins, names);
      break;
    default:
      break;
  }
  subject.conditions.forEach((c: ClaimCondition) => useClaim(c.claim, c.anyOf));
  if (
    anchor === undefined &&
    source.kind !== "github" &&
    source.kind !== "gitlab" &&
    source.kind !== "kubernetes"
  ) {
    const first = subject.conditions.find((c) => pins.has(names.for(c.claim)));
    if (first) anchor = anchorFrom([first.claim], pins, names);
  }
  if (anchor?.claim !== undefined && !attributes.has(anchor.attribute)) {
    attributes.set(anchor.attribute, claimRef(anchor.claim));
  }

  return {
    guards: [...new Set(guards)],
    subClause: celMatchAny("assertion.sub", subject.sub),
    attributes,
    pins,
    ...(anchor ? { anchor: { attribute: anchor.attribute, value: anchor.value } } : {}),
    maxSubjectBytes: Math.max(
      ...subject.sub.map((p) =>
        isLiteral(p) ? Buffer.byteLength(literalText(p), "utf8") : Infinity,
      ),
    ),
  };
}

function anchorFrom(
  claims: readonly string[],
  pins: ReadonlyMap<string, string>,
  names: AttributeNames,
): (GcpAnchor & { readonly claim: string }) | undefined {
  for (const claim of claims) {
    const attribute = names.for(claim);
    const value = pins.get(attribute);
    if (value !== undefined) return { attribute, value, claim };
  }
  return undefined;
}
