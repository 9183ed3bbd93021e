/**
 * Bitbucket Pipelines: a per-workspace issuer and a `sub` of repository (and deployment
 * environment) UUIDs followed by the step's UUID.
 *
 * @see https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/
 * @module
 */
import type { Problem, TrustWarning } from "../errors";
import { joinPattern, literal, parseGlob } from "./claim-pattern";
import { parseIssuerUrl } from "./issuer";
import { checkBoundarySegment, checkRefPattern } from "./segments";
import type { ClaimCondition, SubjectDeclaration, SubjectSource } from "./subject";

/**
 * Which Bitbucket Pipelines steps are trusted: one repository, optionally one deployment
 * environment and branch.
 *
 * @example
 * ```ts
 * { workspace: "acme", repositoryUuid: "{…}", environmentUuid: "{…}", branch: "main" }
 * ```
 */
export interface BitbucketTrustArgs {
  /** The workspace slug, as in the issuer URL. */
  readonly workspace: string;
  /** The repository's UUID, with or without braces. */
  readonly repositoryUuid: string;
  /** Only steps deploying to this deployment environment (UUID). @default any step */
  readonly environmentUuid?: string;
  /** Only steps on this branch (`branchName`). @default any branch */
  readonly branch?: string;
}

const uuid = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/;
const slug = /^[a-z0-9][a-z0-9_-]*$/;

/** Reads a Bitbucket trust declaration into a subject, collecting every problem and warning. */
export function declareBitbucketTrust(args: BitbucketTrustArgs, path: string): SubjectDeclaration {
  const problems: Problem[] = [
    ...checkBoundarySegment(
      args.workspace,
      "workspace",
      `${path}.workspace`,
      slug,
      "A workspace slug is lower-case letters, digits, '_' or '-'.",
      false,
    ),
  ];
  const braced = (value: unknown, name: string, at: string): string => {
    const m = typeof value === "string" ? uuid.exec(value) : null;
    if (!m)
      problems.push({
        path: at,
        value,
        rule: `The ${name} is a UUID as Bitbucket shows it (Repository settings → OpenID Connect).`,
        fix: `Copy the ${name}.`,
      });
    return m ? `{${m[1]}}` : "";
  };
  const repositoryUuid = braced(args.repositoryUuid, "repository UUID", `${path}.repositoryUuid`);
  const environmentUuid =
    args.environmentUuid !== undefined
      ? braced(args.environmentUuid, "deployment environment UUID", `${path}.environmentUuid`)
      : undefined;
  if (args.branch !== undefined)
    problems.push(...checkRefPattern(args.branch, "branch", `${path}.branch`, false));
  const issuer = parseIssuerUrl(
    "bitbucket",
    `https://api.bitbucket.org/2.0/workspaces/${args.workspace}/pipelines-config/identity/oidc`,
    `${path}.workspace`,
  );
  if (Array.isArray(issuer)) problems.push(...issuer);
  if (problems.length > 0 || Array.isArray(issuer)) return { problems, warnings: [] };

  const source: Extract<SubjectSource, { kind: "bitbucket" }> = {
    kind: "bitbucket",
    workspace: args.workspace,
    repositoryUuid,
    ...(environmentUuid ? { environmentUuid } : {}),
    ...(args.branch !== undefined ? { branch: args.branch } : {}),
  };
  const conditions: ClaimCondition[] = [
    {
      claim: "repositoryUuid",
      anyOf: [literal(repositoryUuid)],
      reason: "pins the repository",
      path: `${path}.repositoryUuid`,
      impliedBy: "the repository UUID in `sub`",
    },
  ];
  if (args.branch !== undefined)
    conditions.push({
      claim: "branchName",
      anyOf: [parseGlob(args.branch)],
      reason: `only steps on branch ${args.branch}`,
      path: `${path}.branch`,
    });
  const warnings: TrustWarning[] =
    environmentUuid || args.branch
      ? []
      : [
          {
            code: "bitbucket-any-step",
            path,
            message:
              "Every step of every pipeline of the repository is trusted, including pull-request pipelines.",
            fix: "Declare the deployment environment (environmentUuid) or the branch.",
          },
        ];
  return {
    subject: Object.freeze({
      issuer,
      // The step UUID varies per run; the repository (and environment) UUIDs are the boundary.
      sub: Object.freeze([
        joinPattern([`${repositoryUuid}${environmentUuid ?? ""}:`, parseGlob("*")]),
      ]),
      conditions: Object.freeze(conditions),
      source,
      description: `Bitbucket ${args.workspace} repository ${repositoryUuid}${environmentUuid ? `, environment ${environmentUuid}` : ""}${args.branch ? `, branch ${args.branch}` : ""}`,
      path,
    }),
    problems,
    warnings,
  };
}
