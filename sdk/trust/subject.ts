/**
 * What a declaration becomes: trusted subjects, each an issuer, the `sub` values it accepts and the
 * further claims it pins. Renderers and the simulator read only this shape.
 *
 * @module
 */
import type { ClaimPattern } from "./claim-pattern";
import type { OidcIssuer } from "./issuer";

/**
 * A claim other than `sub` that a token must carry with one of the given values.
 */
export interface ClaimCondition {
  /** The claim's name in the token, e.g. `repository_id`, `ref_protected`. */
  readonly claim: string;
  /** The values accepted (any one of them). */
  readonly anyOf: readonly ClaimPattern[];
  /** Why the condition is there, in words: shown when a cloud cannot check it. */
  readonly reason: string;
  /** The declaration property the condition comes from. */
  readonly path: string;
  /**
   * Set when other conditions already imply this one, so a cloud that cannot check it may leave it
   * out without widening the trust; says which. Conditions without it are refused by such a cloud.
   */
  readonly impliedBy?: string;
  /**
   * The claim is an array (CircleCI's `context-ids`): the condition holds when any element is
   * accepted. Renderers must use their "any value" form only for such claims.
   */
  readonly multiValued?: boolean;
  /**
   * The `sub` forms whose layout already carries this condition's value (GitHub's immutable form
   * names the repository ID), so a cloud that can only compare `sub` exactly still checks the
   * condition for tokens in those forms. @default none: no form carries it
   */
  readonly carriedBySub?: readonly ClaimPattern[];
  /**
   * Set when a cloud that cannot check this condition for some `sub` form may still accept that
   * form with a warning instead of a refusal, because what remains is a trust the model itself
   * accepts with a warning (a name in `sub` instead of an immutable ID). Says what is lost, for
   * that warning. Conditions without it are refused by such a cloud. @default unset: refused
   */
  readonly uncheckedRisk?: string;
}

/** What a GitHub Actions job must be running for, besides its repository. */
export type GitHubContext =
  | { readonly kind: "branch"; readonly pattern: string }
  | { readonly kind: "tag"; readonly pattern: string }
  | { readonly kind: "environment"; readonly name: string }
  | { readonly kind: "pull-request" }
  | { readonly kind: "workflow"; readonly workflowRef: string };

/** The declaration a subject came from, by issuer: read by CI snippets and near-miss hints. */
export type SubjectSource =
  | {
      readonly kind: "github";
      readonly owner: string;
      readonly repository: string;
      readonly ownerId?: string;
      readonly repositoryId?: string;
      readonly context: GitHubContext;
    }
  | {
      readonly kind: "gitlab";
      readonly projectPath: string;
      readonly refType: "branch" | "tag";
      readonly ref: string;
      readonly protectedOnly: boolean;
      readonly environment?: string;
      readonly projectId?: string;
      readonly namespaceId?: string;
    }
  | { readonly kind: "kubernetes"; readonly namespace: string; readonly serviceAccount: string }
  | {
      readonly kind: "circleci";
      readonly organizationId: string;
      readonly projectId: string;
      readonly ref?: string;
      readonly contextIds?: readonly string[];
    }
  | {
      readonly kind: "buildkite";
      readonly organization: string;
      readonly pipeline: string;
      readonly ref: string;
      readonly step?: string;
    }
  | {
      readonly kind: "terraform-cloud";
      readonly organization: string;
      readonly project: string;
      readonly workspace: string;
      readonly runPhases: readonly ("plan" | "apply")[];
    }
  | {
      readonly kind: "pulumi-cloud";
      readonly organization: string;
      readonly deployment?: {
        readonly project: string;
        readonly stack: string;
        readonly operation?: string;
      };
      readonly environment?: string;
    }
  | {
      readonly kind: "bitbucket";
      readonly workspace: string;
      readonly repositoryUuid: string;
      readonly environmentUuid?: string;
      readonly branch?: string;
    }
  | { readonly kind: "oidc" };

/**
 * One trusted subject: a token is accepted when its issuer is `issuer`, its `sub` matches one of
 * `sub`, and every condition holds.
 */
export interface TrustSubject {
  readonly issuer: OidcIssuer;
  /** The `sub` values accepted (any one of them); never empty. */
  readonly sub: readonly ClaimPattern[];
  /** Further claims that must all hold. */
  readonly conditions: readonly ClaimCondition[];
  /** The declaration, by issuer. */
  readonly source: SubjectSource;
  /** One line a person reads: `GitHub acme/api, environment production`. */
  readonly description: string;
  /** The declaration property the subject comes from. */
  readonly path: string;
  /**
   * The audience the platform puts in its tokens for a cloud when the job cannot choose it
   * (CircleCI: the organization ID; Pulumi ESC: `aws:ORG`). Renderers use it instead of their
   * cloud's convention. @default the cloud's convention, requested by the job
   */
  readonly audiences?: Readonly<Partial<Record<"aws" | "gcp" | "azure", string>>>;
}

/** What reading one issuer's declaration yields: the subject, or the problems; and warnings. */
export interface SubjectDeclaration {
  readonly subject?: TrustSubject;
  readonly problems: import("../errors").Problem[];
  readonly warnings: import("../errors").TrustWarning[];
}
