/**
 * Buildkite: `sub` names the organization, pipeline, ref, commit and step of the job.
 *
 * @see https://buildkite.com/docs/pipelines/security/oidc
 * @module
 */
import type { Problem } from "../errors";
import { hasWildcard, joinPattern, parseGlob } from "./claim-pattern";
import { BUILDKITE_ISSUER_URL, parseIssuerUrl } from "./issuer";
import { checkBoundarySegment, checkRefPattern } from "./segments";
import type { SubjectDeclaration, SubjectSource } from "./subject";

/**
 * Which Buildkite jobs are trusted: one pipeline of one organization, on a branch or tag,
 * optionally one step.
 *
 * @example
 * ```ts
 * { organization: "acme", pipeline: "deploy", branch: "main", step: "release" }
 * ```
 */
export interface BuildkiteTrustArgs {
  /** The organization slug. */
  readonly organization: string;
  /** The pipeline slug. */
  readonly pipeline: string;
  /** A branch name or pattern. */
  readonly branch?: string;
  /** A tag name or pattern. */
  readonly tag?: string;
  /** Only the step with this key. @default any step */
  readonly step?: string;
}

const slug = /^[a-z0-9][a-z0-9-]*$/;

/** Reads a Buildkite trust declaration into a subject, collecting every problem and warning. */
export function declareBuildkiteTrust(args: BuildkiteTrustArgs, path: string): SubjectDeclaration {
  const problems: Problem[] = [
    ...checkBoundarySegment(
      args.organization,
      "organization",
      `${path}.organization`,
      slug,
      "A Buildkite slug is lower-case letters, digits and '-'.",
      false,
    ),
    ...checkBoundarySegment(
      args.pipeline,
      "pipeline",
      `${path}.pipeline`,
      slug,
      "A Buildkite slug is lower-case letters, digits and '-'.",
      false,
    ),
  ];
  if ((args.branch === undefined) === (args.tag === undefined)) {
    problems.push({
      path,
      value: { branch: args.branch, tag: args.tag },
      rule: "A Buildkite trust names exactly one of branch or tag; without one every build of the pipeline gets in.",
      fix: "Declare one trust per ref.",
    });
  } else {
    const kind = args.branch !== undefined ? "branch" : "tag";
    problems.push(...checkRefPattern(args.branch ?? args.tag, kind, `${path}.${kind}`, false));
  }
  if (
    args.step !== undefined &&
    (typeof args.step !== "string" ||
      args.step === "" ||
      hasWildcard(args.step) ||
      args.step.includes(":"))
  ) {
    problems.push({
      path: `${path}.step`,
      value: args.step,
      rule: "A step key is named exactly, without wildcards or ':'.",
      fix: "Copy the step's `key` from the pipeline definition.",
    });
  }
  const issuer = parseIssuerUrl("buildkite", BUILDKITE_ISSUER_URL, path);
  if (Array.isArray(issuer)) problems.push(...issuer);
  if (problems.length > 0 || Array.isArray(issuer)) return { problems, warnings: [] };

  const ref = args.branch !== undefined ? `refs/heads/${args.branch}` : `refs/tags/${args.tag}`;
  const source: Extract<SubjectSource, { kind: "buildkite" }> = {
    kind: "buildkite",
    organization: args.organization,
    pipeline: args.pipeline,
    ref,
    ...(args.step !== undefined ? { step: args.step } : {}),
  };
  return {
    subject: Object.freeze({
      issuer,
      // The commit varies per build; the organization, pipeline and ref are the boundary.
      sub: Object.freeze([
        joinPattern([
          `organization:${args.organization}:pipeline:${args.pipeline}:ref:`,
          parseGlob(ref),
          ":commit:",
          parseGlob("*"),
          ":step:",
          args.step !== undefined ? args.step : parseGlob("*"),
        ]),
      ]),
      conditions: Object.freeze([]),
      source,
      description: `Buildkite ${args.organization}/${args.pipeline}, ${ref}${args.step ? `, step ${args.step}` : ""}`,
      path,
    }),
    problems,
    warnings: hasWildcard(ref)
      ? [
          {
            code: "buildkite-ref-pattern",
            path: `${path}.${args.branch !== undefined ? "branch" : "tag"}`,
            message: `Every ref matching "${ref}" is trusted.`,
            fix: "Name the ref exactly, or restrict who can push matching refs.",
          },
        ]
      : [],
  };
}
