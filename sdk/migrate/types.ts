/**
 * What `keyless migrate` reports and produces: findings of static cloud credentials in CI files,
 * committed key material, warnings that need a person, rewritten files and the trust declarations
 * that back them.
 *
 * @module
 */
import type { TrustWarning } from "../errors";
import type { TrustArgs } from "../trust";

/** The CI systems whose configuration `migrate` reads. */
export type CiSystem = "github" | "gitlab" | "circleci" | "bitbucket";

/** The clouds a static credential can log in to. */
export type Cloud = "aws" | "gcp" | "azure";

/** How a credential reaches the job. */
export type CredentialVia =
  | "action-input"
  | "env"
  | "matrix"
  | "shell"
  | "secrets-inherit"
  | "reusable-secrets"
  | "orb"
  | "pipe";

/** A place where a CI job receives a static cloud credential. */
export interface CredentialFinding {
  readonly kind: "static-credential";
  /** The file, relative to the folder `migrate` ran in, with `/` separators. */
  readonly file: string;
  /** 1-based line of the credential's key or command. */
  readonly line: number;
  readonly ci: CiSystem;
  readonly cloud: Cloud;
  /** The names of the secrets (or CI variables) that carry the credential; never their values. */
  readonly secrets: readonly string[];
  /** The job (GitHub/GitLab/CircleCI job name, Bitbucket `pipeline/step`); `*` for workflow-wide. */
  readonly job: string;
  readonly via: CredentialVia;
}

/** Key material committed to the repository itself, found by the secretlint recommended rules. */
export interface CommittedKeyFinding {
  readonly kind: "committed-key";
  readonly file: string;
  readonly line: number;
  /** The secretlint rule that matched, e.g. `@secretlint/secretlint-rule-aws`. */
  readonly rule: string;
  /** The rule's message ID, e.g. `AWSSecretAccessKey`: what was found, never the value. */
  readonly messageId: string;
}

/** The stable codes of {@link MigrationWarning}. */
export type MigrationWarningCode =
  | "pull-request-target"
  | "fork-pull-request"
  | "secret-not-login"
  | "purpose-unclear"
  | "secrets-inherit-remote"
  | "trigger-any-branch"
  | "trigger-assumed-default-branch"
  | "environment-expression"
  | "permissions-string"
  | "unused-workflow-credential"
  | "flow-style"
  | "circleci-context-required"
  | "reusable-caller-unknown"
  | "gitlab-rules-unclear"
  | "yaml-invalid"
  | "manual-rewrite"
  | "rewrite-invalid";

/** A change that needs a person: reported, and the spot is left as it was. */
export interface MigrationWarning {
  readonly code: MigrationWarningCode;
  readonly file: string;
  readonly line: number;
  readonly job?: string;
  /** What was found and why it was not rewritten silently. */
  readonly message: string;
  /** What the person should decide or do. */
  readonly fix: string;
}

/** The subjects one rewritten job will present, and the trust that grants exactly those. */
export interface JobMigration {
  readonly file: string;
  readonly ci: CiSystem;
  readonly job: string;
  readonly clouds: readonly Cloud[];
  /** One entry per subject the job's token will carry (validated with `declareTrust`). */
  readonly trust: readonly TrustArgs[];
}

/** One CI file after planning: what was found, and its text before and after the rewrite. */
export interface FileRewrite {
  readonly file: string;
  readonly ci: CiSystem;
  readonly before: string;
  /** The rewritten text; identical to `before` when nothing changed. */
  readonly after: string;
  readonly changed: boolean;
  /** The jobs whose logins were switched to OIDC. */
  readonly jobs: readonly string[];
}

/** A Keyless declaration for one cloud identity, as data and as TypeScript. */
export interface Declaration {
  /** The Pulumi resource name, e.g. `api-deploy-aws`. */
  readonly name: string;
  readonly cloud: Cloud;
  /** The component the declaration uses: `FederatedRole`, `FederatedServiceAccount`… */
  readonly component: string;
  /** The jobs (file and job) the identity backs. */
  readonly jobs: ReadonlyArray<{ readonly file: string; readonly job: string }>;
  /** The trust, validated with `declareTrust`. */
  readonly trust: readonly TrustArgs[];
  /** The `sub` patterns the trust accepts, as a person reads them. */
  readonly subjects: readonly string[];
  /** The CI variables the rewritten files read, and what to set each to. */
  readonly variables: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** The trust model's warnings about the trust (a name without immutable IDs, a pattern…). */
  readonly trustWarnings: readonly TrustWarning[];
  /** The declaration as TypeScript, ready to paste into a Pulumi program. */
  readonly typescript: string;
}

/** Everything one `migrate` run found and would change. */
export interface MigrationPlan {
  readonly findings: readonly CredentialFinding[];
  readonly committedKeys: readonly CommittedKeyFinding[];
  readonly warnings: readonly MigrationWarning[];
  readonly rewrites: readonly FileRewrite[];
  readonly declarations: readonly Declaration[];
}
