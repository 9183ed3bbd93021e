/**
 * CircleCI: per-organization issuer, `sub` naming the organization, project and triggering user,
 * and claims for the project, VCS ref and contexts.
 *
 * @see https://circleci.com/docs/guides/permissions-authentication/openid-connect-tokens/
 * @module
 */
import type { Problem, TrustWarning } from "../errors";
import { joinPattern, literal, parseGlob } from "./claim-pattern";
import { parseIssuerUrl } from "./issuer";
import { checkRefPattern } from "./segments";
import type { ClaimCondition, SubjectDeclaration, SubjectSource } from "./subject";

/**
 * Which CircleCI jobs are trusted: one project of one organization, optionally only on a branch
 * or tag and only with given contexts.
 *
 * @example
 * ```ts
 * { organizationId: "…uuid…", projectId: "…uuid…", branch: "main", contextIds: ["…uuid…"] }
 * ```
 */
export interface CircleCiTrustArgs {
  /** The organization's UUID (Organization Settings → Overview). */
  readonly organizationId: string;
  /** The project's UUID (Project Settings → Overview). */
  readonly projectId: string;
  /** Only pipelines for this branch (`oidc.circleci.com/vcs-ref`). @default any ref */
  readonly branch?: string;
  /** Only pipelines for this tag. @default any ref */
  readonly tag?: string;
  /** Only jobs that use one of these contexts (`oidc.circleci.com/context-ids`). @default any */
  readonly contextIds?: string[];
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads a CircleCI trust declaration into a subject, collecting every problem and warning. */
export function declareCircleCiTrust(args: CircleCiTrustArgs, path: string): SubjectDeclaration {
  const problems: Problem[] = [];
  const warnings: TrustWarning[] = [];
  const id = (value: unknown, name: string, at: string) => {
    if (typeof value !== "string" || !uuid.test(value)) {
      problems.push({
        path: at,
        value,
        rule: `The ${name} is a lower-case UUID as CircleCI shows it; wildcards are not allowed.`,
        fix: `Copy the ${name} from CircleCI's settings.`,
      });
    }
  };
  id(args.organizationId, "organization ID", `${path}.organizationId`);
  id(args.projectId, "project ID", `${path}.projectId`);
  (args.contextIds ?? []).forEach((c, i) => id(c, "context ID", `${path}.contextIds[${i}]`));
  if (args.branch !== undefined && args.tag !== undefined) {
    problems.push({
      path,
      value: { branch: args.branch, tag: args.tag },
      rule: "A CircleCI trust names at most one of branch or tag.",
      fix: "Declare one trust per ref.",
    });
  }
  if (args.branch !== undefined)
    problems.push(...checkRefPattern(args.branch, "branch", `${path}.branch`, false));
  if (args.tag !== undefined)
    problems.push(...checkRefPattern(args.tag, "tag", `${path}.tag`, false));
  const issuer = parseIssuerUrl(
    "circleci",
    `https://oidc.circleci.com/org/${args.organizationId}`,
    `${path}.organizationId`,
  );
  if (Array.isArray(issuer)) problems.push(...issuer);
  if (problems.length > 0 || Array.isArray(issuer)) return { problems, warnings };

  const ref =
    args.branch !== undefined
      ? `refs/heads/${args.branch}`
      : args.tag !== undefined
        ? `refs/tags/${args.tag}`
        : undefined;
  const source: Extract<SubjectSource, { kind: "circleci" }> = {
    kind: "circleci",
    organizationId: args.organizationId,
    projectId: args.projectId,
    ...(ref ? { ref } : {}),
    ...(args.contextIds?.length ? { contextIds: [...args.contextIds] } : {}),
  };
  const conditions: ClaimCondition[] = [
    {
      claim: "oidc.circleci.com/project-id",
      anyOf: [literal(args.projectId)],
      reason: "pins the project",
      path: `${path}.projectId`,
      impliedBy: "the project ID in `sub`",
    },
  ];
  if (ref)
    conditions.push({
      claim: "oidc.circleci.com/vcs-ref",
      anyOf: [parseGlob(ref)],
      reason: `only pipelines for ${ref}`,
      path: `${path}.${args.branch !== undefined ? "branch" : "tag"}`,
    });
  if (source.contextIds) {
    conditions.push({
      claim: "oidc.circleci.com/context-ids",
      anyOf: source.contextIds.map(literal),
      reason: "only jobs using one of the declared contexts",
      path: `${path}.contextIds`,
      multiValued: true,
    });
  }
  if (!ref && !source.contextIds) {
    warnings.push({
      code: "circleci-any-ref",
      path,
      message: "Every pipeline of the project is trusted, including ones for unreviewed branches.",
      fix: "Declare the branch or tag that deploys, or a restricted context (contextIds).",
    });
  }
  return {
    subject: Object.freeze({
      issuer,
      // `sub` ends with the triggering user (and, in v2 tokens, the VCS origin and ref), which
      // varies per run; the project is the boundary and is named exactly.
      sub: Object.freeze([
        joinPattern([`org/${args.organizationId}/project/${args.projectId}/user/`, parseGlob("*")]),
      ]),
      conditions: Object.freeze(conditions),
      source,
      description: `CircleCI project ${args.projectId}${ref ? `, ${ref}` : ""}${source.contextIds ? `, contexts ${source.contextIds.join(", ")}` : ""}`,
      path,
      // CircleCI fixes `aud` to the organization ID; a job cannot request another.
      audiences: Object.freeze({
        aws: args.organizationId,
        gcp: args.organizationId,
        azure: args.organizationId,
      }),
    }),
    problems,
    warnings,
  };
}
