/**
 * The shape every CI reader returns for one file: findings, warnings, the text edits of the
 * rewrite, and the jobs switched to OIDC with the trust each needs.
 *
 * @module
 */
import type { TrustArgs } from "../trust";
import type { Cloud, CredentialFinding, MigrationWarning } from "./types";
import type { TextEdit } from "./yaml-text";

/** What `migrate` found and plans for one CI file. */
export interface CiPlan {
  readonly findings: CredentialFinding[];
  readonly warnings: MigrationWarning[];
  readonly edits: TextEdit[];
  readonly jobs: Array<{ job: string; clouds: Cloud[]; trust: TrustArgs[] }>;
}

/** An empty plan to fill. */
export function emptyPlan(): CiPlan {
  return { findings: [], warnings: [], edits: [], jobs: [] };
}

/** Options every CI reader receives. */
export interface CiPlanOptions {
  /** `OWNER/NAME` (GitHub, Bitbucket workspace/repo) or `GROUP/…/PROJECT` (GitLab). */
  readonly repository: string;
}
