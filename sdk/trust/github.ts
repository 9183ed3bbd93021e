/**
 * GitHub Actions: the only place that knows how GitHub lays out `sub` and which claims pin a job.
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc
 * @module
 */
import type { Problem, TrustWarning } from "../errors";
import { type ClaimPattern, hasWildcard, joinPattern, literal, parseGlob } from "./claim-pattern";
import { GITHUB_ISSUER_URL, type OidcIssuer, parseIssuerUrl } from "./issuer";
import { checkBoundarySegment, checkNumericId, checkRefPattern, idText } from "./segments";
import type { ClaimCondition, GitHubContext, SubjectSource, TrustSubject } from "./subject";

/**
 * Which GitHub Actions jobs are trusted: one repository and exactly one of `branch`, `tag`,
 * `environment`, `pullRequest` or `workflow`.
 *
 * @example
 * ```ts
 * { repository: "acme/api", ownerId: 1234567, repositoryId: 7654321, environment: "production" }
 * ```
 */
export interface GitHubTrustArgs {
  /** `OWNER/REPO`, exactly as on GitHub. */
  readonly repository: string;
  /**
   * The owner's numeric ID (`repository_owner_id`). With `repositoryId`, the trust also accepts the
   * immutable subject form and pins the repository by ID, so a deleted and re-created name cannot
   * inherit the trust. @default unknown: legacy subject only, with a warning
   */
  readonly ownerId?: number;
  /** The repository's numeric ID (`repository_id`). @default unknown, see `ownerId` */
  readonly repositoryId?: number;
  /** A branch name or pattern (`main`, `release/*`). */
  readonly branch?: string;
  /** A tag name or pattern (`v*`). */
  readonly tag?: string;
  /** A deployment environment name (`production`); jobs with an environment carry no ref in `sub`. */
  readonly environment?: string;
  /** Trust pull-request runs. Risky: anyone who can open a pull request may trigger them. */
  readonly pullRequest?: boolean;
  /**
   * A reusable workflow that must be running (`job_workflow_ref`):
   * `OWNER/REPO/.github/workflows/FILE.yml@REF`. Any ref of `repository` may call it.
   */
  readonly workflow?: string;
  /**
   * A GitHub Enterprise Cloud slug whose enterprise issuer is in use
   * (`https://token.actions.githubusercontent.com/SLUG`). @default the github.com issuer
   */
  readonly enterprise?: string;
  /** Accept wildcards in the owner or repository, or a bare `*` ref. Still warns. @default false */
  readonly dangerouslyAllowWildcards?: boolean;
}

const ownerSyntax = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const repoSyntax = /^[A-Za-z0-9._-]{1,100}$/;
const workflowSyntax = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+\/\.github\/workflows\/[^@\s]+\.ya?ml@\S+$/;
const contextKeys = ["branch", "tag", "environment", "pullRequest", "workflow"] as const;

/**
 * Reads a GitHub trust declaration into subjects, collecting every problem and warning.
 *
 * @param path - the property path of `args`, for messages.
 */
export function declareGitHubTrust(
  args: GitHubTrustArgs,
  path: string,
): { subject?: TrustSubject; problems: Problem[]; warnings: TrustWarning[] } {
  const problems: Problem[] = [];
  const warnings: TrustWarning[] = [];
  const dangerous = args.dangerouslyAllowWildcards === true;
  const [owner = "", repository = "", ...extra] =
    typeof args.repository === "string" ? args.repository.split("/") : [];

  if (typeof args.repository !== "string" || extra.length > 0 || !args.repository.includes("/")) {
    problems.push({
      path: `${path}.repository`,
      value: args.repository,
      rule: 'A GitHub repository is written "OWNER/REPO".',
      fix: 'Write e.g. "acme/api".',
    });
  } else {
    problems.push(
      ...checkBoundarySegment(
        owner,
        "owner",
        `${path}.repository`,
        ownerSyntax,
        "A GitHub owner is 1–39 letters, digits or hyphens.",
        dangerous,
        args.repository,
      ),
      ...checkBoundarySegment(
        repository,
        "repository",
        `${path}.repository`,
        repoSyntax,
        "A GitHub repository name is 1–100 letters, digits, '.', '_' or '-'.",
        dangerous,
        args.repository,
      ),
    );
  }
  problems.push(...checkNumericId(args.ownerId, "owner ID", `${path}.ownerId`));
  problems.push(...checkNumericId(args.repositoryId, "repository ID", `${path}.repositoryId`));
  if ((args.ownerId === undefined) !== (args.repositoryId === undefined)) {
    problems.push({
      path: `${path}.${args.ownerId === undefined ? "ownerId" : "repositoryId"}`,
      value: undefined,
      rule: "The immutable subject names both the owner ID and the repository ID.",
      fix: "Declare both ownerId and repositoryId, or neither.",
    });
  }
  const enterprise = args.enterprise;
  if (enterprise !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(enterprise)) {
    problems.push({
      path: `${path}.enterprise`,
      value: enterprise,
      rule: "An enterprise slug is lower-case letters, digits and hyphens.",
      fix: "Copy the slug from the enterprise's URL.",
    });
  }

  const given = contextKeys.filter((k) => args[k] !== undefined && args[k] !== false);
  if (given.length !== 1) {
    problems.push({
      path,
      value:
        given.length === 0 ? args.repository : Object.fromEntries(given.map((k) => [k, args[k]])),
      rule:
        given.length === 0
          ? `A GitHub trust names what the job runs for (${contextKeys.join(", ")}); without it every workflow of the repository gets in.`
          : `A GitHub trust names exactly one of ${contextKeys.join(", ")}; ${given.join(" and ")} were given.`,
      fix:
        given.length === 0
          ? 'Add one, e.g. environment: "production" or branch: "main".'
          : "Keep one per trust; declare several trusts (a list) for several contexts.",
    });
  }
  const context = readContext(args, path, dangerous, problems);

  const issuer = parseIssuerUrl(
    "github",
    enterprise ? `${GITHUB_ISSUER_URL}/${enterprise}` : GITHUB_ISSUER_URL,
    `${path}.enterprise`,
  );
  if (Array.isArray(issuer)) problems.push(...issuer);
  if (problems.length > 0 || Array.isArray(issuer) || !context) return { problems, warnings };

  const ownerId = idText(args.ownerId);
  const repositoryId = idText(args.repositoryId);
  const source = {
    kind: "github",
    owner,
    repository,
    context,
    ...(ownerId && repositoryId ? { ownerId, repositoryId } : {}),
  } as const;
  const subject = githubSubject(issuer, source, path);

  if (!ownerId) {
    warnings.push({
      code: "github-no-ids",
      path: `${path}.repository`,
      message: `The trust names ${owner}/${repository} by name only: if the repository or owner is deleted or renamed, whoever takes the name next inherits this trust.`,
      fix: "Declare ownerId and repositoryId (from the repository's API) so the trust pins the immutable IDs.",
    });
  }
  if (context.kind === "pull-request") {
    warnings.push({
      code: "github-pull-request",
      path: `${path}.pullRequest`,
      message:
        "Pull-request runs are trusted: anyone who can open a pull request can run code that receives these credentials.",
      fix: "Trust a protected branch or an environment with required reviewers instead, or grant this identity read-only access.",
    });
  }
  if ((context.kind === "branch" || context.kind === "tag") && hasWildcard(context.pattern)) {
    warnings.push({
      code: "github-ref-pattern",
      path: `${path}.${context.kind}`,
      message: `Every ${context.kind} matching "${context.pattern}" is trusted, so anyone who can push such a ${context.kind} gets in.`,
      fix: `Protect matching ${context.kind === "branch" ? "branches" : "tags"} with a ruleset, or name the ${context.kind} exactly.`,
    });
  }
  if (dangerous) {
    warnings.push({
      code: "dangerous-wildcards",
      path: `${path}.dangerouslyAllowWildcards`,
      message: "Wildcards across a trust boundary are allowed for this trust.",
      fix: "Name the owner, repository and ref exactly and remove dangerouslyAllowWildcards.",
    });
  }
  return { subject, problems, warnings };
}

function readContext(
  args: GitHubTrustArgs,
  path: string,
  dangerous: boolean,
  problems: Problem[],
): GitHubContext | undefined {
  if (args.branch !== undefined) {
    const found = checkRefPattern(args.branch, "branch", `${path}.branch`, dangerous);
    problems.push(...found);
    return found.length
      ? undefined
      : { kind: "branch", pattern: args.branch.replace(/^refs\/heads\//, "") };
  }
  if (args.tag !== undefined) {
    const found = checkRefPattern(args.tag, "tag", `${path}.tag`, dangerous);
    problems.push(...found);
    return found.length
      ? undefined
      : { kind: "tag", pattern: args.tag.replace(/^refs\/tags\//, "") };
  }
  if (args.environment !== undefined) {
    if (
      typeof args.environment !== "string" ||
      args.environment === "" ||
      hasWildcard(args.environment) ||
      /[\s:]/.test(args.environment)
    ) {
      problems.push({
        path: `${path}.environment`,
        value: args.environment,
        rule: "An environment is named exactly: no wildcard, whitespace or ':'.",
        fix: "Declare one trust per environment.",
      });
      return undefined;
    }
    return { kind: "environment", name: args.environment };
  }
  if (args.pullRequest === true) return { kind: "pull-request" };
  if (args.workflow !== undefined) {
    if (
      typeof args.workflow !== "string" ||
      !workflowSyntax.test(args.workflow) ||
      hasWildcard(args.workflow)
    ) {
      problems.push({
        path: `${path}.workflow`,
        value: args.workflow,
        rule: "A reusable workflow is pinned as OWNER/REPO/.github/workflows/FILE.yml@REF, without wildcards.",
        fix: 'Write e.g. "acme/workflows/.github/workflows/deploy.yml@refs/heads/main".',
      });
      return undefined;
    }
    return { kind: "workflow", workflowRef: args.workflow };
  }
  return undefined;
}

/**
 * The `sub` values GitHub puts in a token for `context`, in the legacy form and, when the IDs are
 * known, the immutable `OWNER@ID/REPO@ID` form.
 */
export function githubSubjectPatterns(source: {
  readonly owner: string;
  readonly repository: string;
  readonly ownerId?: string;
  readonly repositoryId?: string;
  readonly context: GitHubContext;
}): ClaimPattern[] {
  const tail = contextTail(source.context);
  // Declarations without dangerouslyAllowWildcards carry no wildcard in owner or repository.
  const owner = parseGlob(source.owner);
  const repository = parseGlob(source.repository);
  const forms = [joinPattern(["repo:", owner, "/", repository, ":", tail])];
  if (source.ownerId && source.repositoryId) {
    forms.push(
      joinPattern([
        "repo:",
        owner,
        `@${source.ownerId}/`,
        repository,
        `@${source.repositoryId}:`,
        tail,
      ]),
    );
  }
  return forms;
}

function contextTail(context: GitHubContext): ClaimPattern {
  switch (context.kind) {
    case "branch":
      return joinPattern(["ref:refs/heads/", parseGlob(context.pattern)]);
    case "tag":
      return joinPattern(["ref:refs/tags/", parseGlob(context.pattern)]);
    case "environment":
      return literal(`environment:${context.name}`);
    case "pull-request":
      return literal("pull_request");
    case "workflow":
      // The caller's context varies (branch, tag, environment); the workflow is pinned instead.
      return parseGlob("*");
  }
}

function githubSubject(
  issuer: OidcIssuer,
  source: Extract<SubjectSource, { kind: "github" }>,
  path: string,
): TrustSubject {
  const conditions: ClaimCondition[] = [];
  const sub = githubSubjectPatterns(source);
  // The immutable form (second, present only with both IDs) spells both IDs out in `sub`.
  const carriedBySub = sub.slice(1);
  if (source.repositoryId) {
    conditions.push({
      claim: "repository_id",
      anyOf: [literal(source.repositoryId)],
      reason: "pins the repository by its immutable ID",
      path: `${path}.repositoryId`,
      carriedBySub,
      uncheckedRisk:
        "a token in the name-only form is then accepted by the repository's name alone, as if no IDs were declared: whoever takes the name next, after a deletion or rename, inherits the trust",
    });
  }
  if (source.ownerId) {
    conditions.push({
      claim: "repository_owner_id",
      anyOf: [literal(source.ownerId)],
      reason: "pins the owner by its immutable ID",
      path: `${path}.ownerId`,
      impliedBy:
        "the owner named in `sub` together with `repository_id`: a repository ID never moves to an owner of another name without `sub` changing",
      carriedBySub,
    });
  }
  if (source.context.kind === "workflow") {
    conditions.push({
      claim: "job_workflow_ref",
      anyOf: [literal(source.context.workflowRef)],
      reason: "pins the reusable workflow that must be running",
      path: `${path}.workflow`,
    });
  }
  return Object.freeze({
    issuer,
    sub: Object.freeze(sub),
    conditions: Object.freeze(conditions),
    source,
    description: `GitHub ${source.owner}/${source.repository}, ${describeContext(source.context)}`,
    path,
  });
}

function describeContext(context: GitHubContext): string {
  switch (context.kind) {
    case "branch":
      return `branch ${context.pattern}`;
    case "tag":
      return `tag ${context.pattern}`;
    case "environment":
      return `environment ${context.name}`;
    case "pull-request":
      return "pull requests";
    case "workflow":
      return `reusable workflow ${context.workflowRef}`;
  }
}
