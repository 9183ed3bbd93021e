/**
 * A trust declaration: which tokens, from which issuers, may act as an identity. The entry point of
 * the model: everything downstream reads the {@link DeclaredTrust} it returns.
 *
 * @module
 */
import { type Problem, type TrustWarning, throwIfProblems } from "../errors";
import { type BitbucketTrustArgs, declareBitbucketTrust } from "./bitbucket";
import { type BuildkiteTrustArgs, declareBuildkiteTrust } from "./buildkite";
import { type CircleCiTrustArgs, declareCircleCiTrust } from "./circleci";
import { declareGitHubTrust, type GitHubTrustArgs } from "./github";
import { declareGitLabTrust, type GitLabTrustArgs } from "./gitlab";
import { declareKubernetesTrust, type KubernetesTrustArgs } from "./kubernetes";
import { declareOidcTrust, type OidcTrustArgs } from "./oidc";
import {
  declarePulumiCloudTrust,
  type PulumiCloudTrustArgs,
  type PulumiDeploymentArgs,
} from "./pulumi-cloud";
import { checkKnownKeys, keysOf } from "./segments";
import type { SubjectDeclaration, TrustSubject } from "./subject";
import { declareTerraformCloudTrust, type TerraformCloudTrustArgs } from "./terraform-cloud";

/**
 * One trusted subject, from exactly one issuer. Plain data, so every Pulumi language can write it.
 *
 * @example
 * ```ts
 * { github: { repository: "acme/api", environment: "production" } }
 * ```
 */
export interface TrustArgs {
  /** A GitHub Actions job. */
  readonly github?: GitHubTrustArgs;
  /** A GitLab CI job. */
  readonly gitlab?: GitLabTrustArgs;
  /** A Kubernetes service account. */
  readonly kubernetes?: KubernetesTrustArgs;
  /** A CircleCI job. */
  readonly circleci?: CircleCiTrustArgs;
  /** A Buildkite job. */
  readonly buildkite?: BuildkiteTrustArgs;
  /** An HCP Terraform / Terraform Enterprise run. */
  readonly terraformCloud?: TerraformCloudTrustArgs;
  /** A Pulumi Cloud deployment or ESC environment. */
  readonly pulumiCloud?: PulumiCloudTrustArgs;
  /** A Bitbucket Pipelines step. */
  readonly bitbucket?: BitbucketTrustArgs;
  /** Any other OIDC issuer, with its claims declared explicitly. */
  readonly oidc?: OidcTrustArgs;
}

/** The issuer kinds a {@link TrustArgs} may name. */
export const trustKinds = [
  "github",
  "gitlab",
  "kubernetes",
  "circleci",
  "buildkite",
  "terraformCloud",
  "pulumiCloud",
  "bitbucket",
  "oidc",
] as const;

const knownKeys: Readonly<Record<(typeof trustKinds)[number], readonly string[]>> = {
  github: keysOf<GitHubTrustArgs>()([
    "repository",
    "ownerId",
    "repositoryId",
    "branch",
    "tag",
    "environment",
    "pullRequest",
    "workflow",
    "enterprise",
    "dangerouslyAllowWildcards",
  ]),
  gitlab: keysOf<GitLabTrustArgs>()([
    "project",
    "branch",
    "tag",
    "protectedOnly",
    "environment",
    "projectId",
    "namespaceId",
    "url",
    "dangerouslyAllowWildcards",
  ]),
  kubernetes: keysOf<KubernetesTrustArgs>()([
    "issuerUrl",
    "namespace",
    "serviceAccount",
    "dangerouslyAllowWildcards",
  ]),
  circleci: keysOf<CircleCiTrustArgs>()([
    "organizationId",
    "projectId",
    "branch",
    "tag",
    "contextIds",
  ]),
  buildkite: keysOf<BuildkiteTrustArgs>()(["organization", "pipeline", "branch", "tag", "step"]),
  terraformCloud: keysOf<TerraformCloudTrustArgs>()([
    "organization",
    "project",
    "workspace",
    "runPhase",
    "url",
  ]),
  pulumiCloud: keysOf<PulumiCloudTrustArgs>()(["organization", "deployment", "environment"]),
  bitbucket: keysOf<BitbucketTrustArgs>()([
    "workspace",
    "repositoryUuid",
    "environmentUuid",
    "branch",
  ]),
  oidc: keysOf<OidcTrustArgs>()(["issuerUrl", "subject", "claims", "dangerouslyAllowAnySubject"]),
};

const pulumiDeploymentKeys = keysOf<PulumiDeploymentArgs>()(["project", "stack", "operation"]);

/** A validated trust: its subjects (any one admits a token) and the warnings to report. */
export interface DeclaredTrust {
  readonly subjects: readonly TrustSubject[];
  readonly warnings: readonly TrustWarning[];
}

/**
 * Validates a trust declaration and reads it into subjects.
 *
 * Collects every problem across every entry before throwing, so one run shows everything to fix.
 *
 * @param trust - one subject, or several (a token matching any one of them is accepted).
 * @param path - the property path of `trust`, for messages. @default "trust"
 * @throws {@link TrustValidationError} with code `ERR_TRUST_INVALID` listing every problem.
 */
export function declareTrust(
  trust: TrustArgs | readonly TrustArgs[],
  path = "trust",
): DeclaredTrust {
  const entries = Array.isArray(trust) ? (trust as readonly TrustArgs[]) : [trust as TrustArgs];
  const problems: Problem[] = [];
  const warnings: TrustWarning[] = [];
  const subjects: TrustSubject[] = [];

  if (entries.length === 0) {
    problems.push({
      path,
      value: [],
      rule: "A trust names at least one subject; an identity nobody can assume is a mistake.",
      fix: 'Declare who may act as the identity, e.g. { github: { repository: "acme/api", branch: "main" } }.',
    });
  }
  entries.forEach((entry, i) => {
    const entryPath = Array.isArray(trust) ? `${path}[${i}]` : path;
    const result = declareEntry(entry, entryPath);
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    if (result.subject) subjects.push(result.subject);
  });

  throwIfProblems(problems);
  return Object.freeze({ subjects: Object.freeze(subjects), warnings: Object.freeze(warnings) });
}

function declareEntry(entry: TrustArgs, path: string): SubjectDeclaration {
  const unknown = checkKnownKeys(entry, trustKinds, path);
  const named =
    typeof entry === "object" && entry !== null
      ? trustKinds.filter((k) => entry[k] !== undefined)
      : [];
  const [kind] = named;
  if (named.length !== 1 || kind === undefined) {
    const rule =
      named.length === 0
        ? `A trust names its issuer: one of ${trustKinds.join(", ")}.`
        : `A trust names exactly one issuer; ${named.join(" and ")} were given.`;
    const problem = {
      path,
      value: named,
      rule,
      fix: "Split it into one entry per issuer, in a list.",
    };
    return {
      problems: [...unknown, ...(named.length === 0 && unknown.length > 0 ? [] : [problem])],
      warnings: [],
    };
  }
  const args = entry[kind] as unknown;
  const misspelt = [...unknown, ...checkKnownKeys(args, knownKeys[kind], `${path}.${kind}`)];
  const deployment =
    kind === "pulumiCloud" ? (args as PulumiCloudTrustArgs | null)?.deployment : undefined;
  if (deployment !== undefined) {
    misspelt.push(
      ...checkKnownKeys(deployment, pulumiDeploymentKeys, `${path}.pulumiCloud.deployment`),
    );
  }
  if (args === null || typeof args !== "object" || Array.isArray(args))
    return { problems: misspelt, warnings: [] };
  const declared = declareKind(kind, entry, `${path}.${kind}`);
  return { ...declared, problems: [...misspelt, ...declared.problems] };
}

function declareKind(
  kind: (typeof trustKinds)[number],
  entry: TrustArgs,
  at: string,
): SubjectDeclaration {
  switch (kind) {
    case "github":
      return declareGitHubTrust(entry.github as GitHubTrustArgs, at);
    case "gitlab":
      return declareGitLabTrust(entry.gitlab as GitLabTrustArgs, at);
    case "kubernetes":
      return declareKubernetesTrust(entry.kubernetes as KubernetesTrustArgs, at);
    case "circleci":
      return declareCircleCiTrust(entry.circleci as CircleCiTrustArgs, at);
    case "buildkite":
      return declareBuildkiteTrust(entry.buildkite as BuildkiteTrustArgs, at);
    case "terraformCloud":
      return declareTerraformCloudTrust(entry.terraformCloud as TerraformCloudTrustArgs, at);
    case "pulumiCloud":
      return declarePulumiCloudTrust(entry.pulumiCloud as PulumiCloudTrustArgs, at);
    case "bitbucket":
      return declareBitbucketTrust(entry.bitbucket as BitbucketTrustArgs, at);
    case "oidc":
      return declareOidcTrust(entry.oidc as OidcTrustArgs, at);
  }
}
