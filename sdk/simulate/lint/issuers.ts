/**
 * What the linter needs to know about an issuer it meets in a document it did not write: whether
 * everyone on a platform shares it, whose subjects it signs, and where the ownership boundaries
 * inside its `sub` lie.
 *
 * @module
 */
import { hasWildcard } from "../../trust";

/** Which platform an issuer belongs to, as far as the linter can tell from its URL. */
export type LintIssuerKind =
  | "github"
  | "gitlab"
  | "circleci"
  | "terraform"
  | "buildkite"
  | "bitbucket"
  | "pulumi"
  | "google"
  | "kubernetes"
  | "other";

/** An issuer as the linter classifies it. */
export interface LintIssuer {
  readonly kind: LintIssuerKind;
  /** The issuer without scheme or trailing slash, as AWS prefixes its condition keys. */
  readonly hostPath: string;
  /**
   * Whether the issuer signs tokens for anyone on a public platform, so a trust that does not pin
   * the subject admits strangers.
   */
  readonly shared: boolean;
}

// Each shared issuer is matched on host (and path prefix where one host serves several tenants).
const sharedIssuers: ReadonlyArray<{ kind: LintIssuerKind; test: RegExp }> = [
  { kind: "github", test: /^token\.actions\.githubusercontent\.com$/ },
  { kind: "gitlab", test: /^gitlab\.com$/ },
  { kind: "circleci", test: /^oidc\.circleci\.com\/org\/[^/]+$/ },
  { kind: "terraform", test: /^app\.terraform\.io$/ },
  { kind: "buildkite", test: /^agent\.buildkite\.com$/ },
  {
    kind: "bitbucket",
    test: /^api\.bitbucket\.org\/2\.0\/workspaces\/[^/]+\/pipelines-config\/identity\/oidc$/,
  },
  { kind: "pulumi", test: /^api\.pulumi\.com\/oidc$/ },
  { kind: "google", test: /^accounts\.google\.com$/ },
];

// A cluster's own issuer signs only for its service accounts: EKS, GKE, AKS.
const clusterIssuers: readonly RegExp[] = [
  /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/,
  /^container\.googleapis\.com\/v1\/projects\/[^/]+\/(locations|zones)\/[^/]+\/clusters\/[^/]+$/,
  /^[a-z0-9-]+\.oic\.prod-aks\.azure\.com\/[^/]+\/[^/]+\/?$/,
];

/**
 * Classifies an issuer from its URL or AWS host-path form (`token.actions.githubusercontent.com`,
 * `https://gitlab.com`).
 */
export function classifyIssuer(issuer: string): LintIssuer {
  const hostPath = issuer
    .trim()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
  for (const { kind, test } of sharedIssuers) {
    if (test.test(hostPath)) return { kind, hostPath, shared: true };
  }
  // A GitHub Enterprise Cloud issuer (`…/<enterprise>`) signs only for that enterprise's
  // repositories: GitHub's claim format, but not shared with every GitHub user.
  if (/^token\.actions\.githubusercontent\.com\/[^/]+$/.test(hostPath)) {
    return { kind: "github", hostPath, shared: false };
  }
  if (clusterIssuers.some((test) => test.test(hostPath))) {
    return { kind: "kubernetes", hostPath, shared: false };
  }
  return { kind: "other", hostPath, shared: false };
}

/** Where a `sub` pattern crosses an ownership boundary, and how far. */
export interface BoundaryCrossing {
  /** The boundary the wildcard crosses, e.g. `owner`, `repository`, `namespace`. */
  readonly boundary: string;
  /** Whether it crosses the outermost boundary (owner, organisation, namespace, group). */
  readonly outermost: boolean;
}

interface SubjectLayout {
  /** The literal text every subject of the layout starts with. */
  readonly prefix: string;
  /** Captures the boundary parts, in order outermost first. */
  readonly parts: RegExp;
  readonly names: readonly string[];
}

// Not yet: read from the trust model. The model is the one place that knows how each issuer lays
// out `sub`, but it only builds subjects; the linter has to take apart subjects it did not build,
// so until the model exports a reader these patterns restate the layouts' ownership parts.
const subjectLayouts: Partial<Record<LintIssuerKind, SubjectLayout>> = {
  github: {
    prefix: "repo:",
    parts: /^repo:([^/:]*)(?:\/([^:]*))?/,
    names: ["owner", "repository"],
  },
  gitlab: {
    prefix: "project_path:",
    parts: /^project_path:([^/:]*)(?:\/([^:]*))?/,
    names: ["group", "project"],
  },
  kubernetes: {
    prefix: "system:serviceaccount:",
    parts: /^system:serviceaccount:([^:]*)(?::(.*))?$/,
    names: ["namespace", "service account"],
  },
  terraform: {
    prefix: "organization:",
    parts: /^organization:([^:]*)(?::project:([^:]*))?(?::workspace:([^:]*))?/,
    names: ["organization", "project", "workspace"],
  },
  buildkite: {
    prefix: "organization:",
    parts: /^organization:([^:]*)(?::pipeline:([^:]*))?/,
    names: ["organization", "pipeline"],
  },
  circleci: {
    prefix: "org/",
    parts: /^org\/([^/]*)(?:\/project\/([^/]*))?/,
    names: ["organization", "project"],
  },
  pulumi: {
    prefix: "pulumi:",
    parts: /^pulumi:(?:deploy|environments):org:([^:]*)(?::(?:project|env):([^:]*))?/,
    names: ["organization", "project"],
  },
};

/**
 * Whether a `sub` pattern (with `*` and `?` as wildcards) has a wildcard in an ownership part of
 * the issuer's subject layout. A pattern whose wildcard comes before the layout's own prefix
 * (`*`, `re*`) crosses every boundary. Issuers without a known layout cross when the pattern
 * starts with a wildcard.
 */
export function subjectBoundaryCrossing(
  kind: LintIssuerKind,
  pattern: string,
): BoundaryCrossing | undefined {
  if (!hasWildcard(pattern)) return undefined;
  const layout = subjectLayouts[kind] ?? (kind === "other" ? layoutByPrefix(pattern) : undefined);
  const firstWildcard = pattern.search(/[*?]/);
  if (layout === undefined) {
    return firstWildcard === 0 ? { boundary: "subject", outermost: true } : undefined;
  }
  if (firstWildcard <= layout.prefix.length && !pattern.startsWith(layout.prefix)) {
    return { boundary: layout.names[0] ?? "subject", outermost: true };
  }
  const match = layout.parts.exec(pattern);
  if (match === null) return undefined;
  for (let i = 0; i < layout.names.length; i++) {
    const part = match[i + 1];
    if (part !== undefined && hasWildcard(part)) {
      return { boundary: layout.names[i] ?? "subject", outermost: i === 0 };
    }
  }
  // `repo:acme` followed directly by a wildcard (`repo:acme*`) is caught above; a wildcard that
  // swallows the separator after the owner (`repo:acme*/api`) too. What remains is inside the
  // innermost boundary: a ref, an environment, a step.
  return undefined;
}

// A self-hosted GitLab or a self-managed cluster has an issuer Keyless cannot recognise, but its
// subjects still follow the platform's layout, which a literal prefix gives away.
function layoutByPrefix(pattern: string): SubjectLayout | undefined {
  const kinds: readonly LintIssuerKind[] = ["gitlab", "kubernetes"];
  for (const kind of kinds) {
    const layout = subjectLayouts[kind];
    if (layout !== undefined && pattern.startsWith(layout.prefix)) return layout;
  }
  return undefined;
}

/** Whether a GitHub `sub` uses the immutable form `repo:OWNER@ID/REPO@ID:…`. */
export function isImmutableGitHubSubject(sub: string): boolean {
  return /^repo:[^/:@]+@\d+\/[^/:@]+@\d+(:|$)/.test(sub);
}

/** Whether a GitHub `sub` pattern names pull-request runs, or a ref wildcard that admits them. */
export function pullRequestExposure(sub: string): "explicit" | "wildcard" | undefined {
  if (/:pull_request$/.test(sub)) return "explicit";
  const afterRepo = /^repo:[^:]+:(.*)$/.exec(sub)?.[1];
  if (afterRepo === undefined) return undefined;
  return /^[*?]/.test(afterRepo) || /^pull_[*?]/.test(afterRepo) ? "wildcard" : undefined;
}
