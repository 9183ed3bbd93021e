/**
 * GitLab CI: the only place that knows how GitLab lays out `sub` and which claims pin a job.
 *
 * @see https://docs.gitlab.com/ci/secrets/id_token_authentication/
 * @module
 */
import type { Problem, TrustWarning } from "../errors";
import { hasWildcard, joinPattern, literal, parseGlob } from "./claim-pattern";
import { GITLAB_COM_ISSUER_URL, parseIssuerUrl } from "./issuer";
import { checkBoundarySegment, checkNumericId, checkRefPattern, idText } from "./segments";
import type { ClaimCondition, SubjectSource, TrustSubject } from "./subject";

/**
 * Which GitLab CI jobs are trusted: one project and exactly one of `branch` or `tag`, optionally
 * narrowed to protected refs and an environment.
 *
 * @example
 * ```ts
 * { project: "acme/platform/deployer", branch: "main", protectedOnly: true }
 * ```
 */
export interface GitLabTrustArgs {
  /** The project's full path, `GROUP[/SUBGROUP…]/PROJECT`. */
  readonly project: string;
  /** A branch name or pattern. */
  readonly branch?: string;
  /** A tag name or pattern. */
  readonly tag?: string;
  /**
   * Only jobs on protected branches or tags (`ref_protected`). Not every cloud can check this
   * claim; where one cannot, Keyless refuses rather than drop it. @default false
   */
  readonly protectedOnly?: boolean;
  /** Only jobs deploying to this environment (`environment`). @default any environment or none */
  readonly environment?: string;
  /** The project's numeric ID (`project_id`). @default unknown */
  readonly projectId?: number;
  /** The top-level group's numeric ID (`namespace_id`). @default unknown */
  readonly namespaceId?: number;
  /** The instance's issuer URL. @default https://gitlab.com */
  readonly url?: string;
  /** Accept wildcards in the project path, or a bare `*` ref. Still warns. @default false */
  readonly dangerouslyAllowWildcards?: boolean;
}

const segmentSyntax = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Reads a GitLab trust declaration into a subject, collecting every problem and warning.
 *
 * @param path - the property path of `args`, for messages.
 */
export function declareGitLabTrust(
  args: GitLabTrustArgs,
  path: string,
): { subject?: TrustSubject; problems: Problem[]; warnings: TrustWarning[] } {
  const problems: Problem[] = [];
  const warnings: TrustWarning[] = [];
  const dangerous = args.dangerouslyAllowWildcards === true;
  const segments = typeof args.project === "string" ? args.project.split("/") : [];

  if (segments.length < 2) {
    problems.push({
      path: `${path}.project`,
      value: args.project,
      rule: 'A GitLab project is its full path, "GROUP/PROJECT" or "GROUP/SUBGROUP/PROJECT".',
      fix: 'Write e.g. "acme/platform/deployer".',
    });
  } else {
    segments.forEach((segment, i) =>
      problems.push(
        ...checkBoundarySegment(
          segment,
          i === segments.length - 1 ? "project" : "group",
          `${path}.project`,
          segmentSyntax,
          "A GitLab path segment is letters, digits, '_', '-' or '.', not starting with '-' or '.'.",
          dangerous,
          args.project,
        ),
      ),
    );
  }
  const refType = args.branch !== undefined ? "branch" : "tag";
  const ref = args.branch ?? args.tag;
  if ((args.branch === undefined) === (args.tag === undefined)) {
    problems.push({
      path,
      value: { branch: args.branch, tag: args.tag },
      rule: "A GitLab trust names exactly one of branch or tag; without one every pipeline of the project gets in.",
      fix: "Declare one per trust; declare several trusts for several refs.",
    });
  } else {
    problems.push(...checkRefPattern(ref, refType, `${path}.${refType}`, dangerous));
  }
  if (
    args.environment !== undefined &&
    (typeof args.environment !== "string" ||
      args.environment === "" ||
      hasWildcard(args.environment))
  ) {
    problems.push({
      path: `${path}.environment`,
      value: args.environment,
      rule: "An environment is named exactly, without wildcards.",
      fix: "Declare one trust per environment.",
    });
  }
  problems.push(...checkNumericId(args.projectId, "project ID", `${path}.projectId`));
  problems.push(...checkNumericId(args.namespaceId, "namespace ID", `${path}.namespaceId`));
  const issuer = parseIssuerUrl("gitlab", args.url ?? GITLAB_COM_ISSUER_URL, `${path}.url`);
  if (Array.isArray(issuer)) problems.push(...issuer);
  if (problems.length > 0 || Array.isArray(issuer) || ref === undefined)
    return { problems, warnings };

  const projectId = idText(args.projectId);
  const namespaceId = idText(args.namespaceId);
  const source: Extract<SubjectSource, { kind: "gitlab" }> = {
    kind: "gitlab",
    projectPath: args.project,
    refType,
    ref,
    protectedOnly: args.protectedOnly === true,
    ...(args.environment !== undefined ? { environment: args.environment } : {}),
    ...(projectId ? { projectId } : {}),
    ...(namespaceId ? { namespaceId } : {}),
  };
  const conditions: ClaimCondition[] = [];
  if (source.protectedOnly) {
    conditions.push({
      claim: "ref_protected",
      anyOf: [literal("true")],
      reason: "only jobs on protected refs",
      path: `${path}.protectedOnly`,
    });
  }
  if (source.environment !== undefined) {
    conditions.push({
      claim: "environment",
      anyOf: [literal(source.environment)],
      reason: `only jobs deploying to environment ${source.environment}`,
      path: `${path}.environment`,
    });
  }
  if (projectId) {
    conditions.push({
      claim: "project_id",
      anyOf: [literal(projectId)],
      reason: "pins the project by its immutable ID",
      path: `${path}.projectId`,
    });
  }
  if (namespaceId) {
    conditions.push({
      claim: "namespace_id",
      anyOf: [literal(namespaceId)],
      reason: "pins the group by its immutable ID",
      path: `${path}.namespaceId`,
    });
  }
  if (hasWildcard(ref)) {
    warnings.push({
      code: "gitlab-ref-pattern",
      path: `${path}.${refType}`,
      message: `Every ${refType} matching "${ref}" is trusted, so anyone who can push such a ${refType} gets in.`,
      fix: `Protect matching ${refType}s and set protectedOnly, or name the ${refType} exactly.`,
    });
  }
  if (dangerous) {
    warnings.push({
      code: "dangerous-wildcards",
      path: `${path}.dangerouslyAllowWildcards`,
      message: "Wildcards across a trust boundary are allowed for this trust.",
      fix: "Name the project and ref exactly and remove dangerouslyAllowWildcards.",
    });
  }
  const subject: TrustSubject = Object.freeze({
    issuer,
    sub: Object.freeze([gitlabSubjectPattern(source)]),
    conditions: Object.freeze(conditions),
    source,
    description: `GitLab ${source.projectPath}, ${refType} ${ref}${source.protectedOnly ? " (protected)" : ""}${source.environment ? `, environment ${source.environment}` : ""}`,
    path,
  });
  return { subject, problems, warnings };
}

/** The `sub` GitLab puts in a job's token: `project_path:P:ref_type:branch|tag:ref:R`. */
export function gitlabSubjectPattern(source: {
  readonly projectPath: string;
  readonly refType: "branch" | "tag";
  readonly ref: string;
}) {
  // Declarations without dangerouslyAllowWildcards carry no wildcard in the path.
  return joinPattern([
    "project_path:",
    parseGlob(source.projectPath),
    `:ref_type:${source.refType}:ref:`,
    parseGlob(source.ref),
  ]);
}
