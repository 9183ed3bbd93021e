/**
 * The GCP renderer: trusted subjects of one issuer → the workload identity pool provider (issuer,
 * allowed audience, attribute mapping, attribute condition) and, per subject, the principals to
 * bind. Pure: no Pulumi, no I/O.
 *
 * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines
 * @module
 */
import {
  KeylessError,
  type Problem,
  throwIfProblems,
  type TrustWarning,
  TrustValidationError,
} from "../errors";
import { type IssuerKind, isLiteral, literalText, patternText, type TrustSubject } from "../trust";
import { checkPoolOrProviderId } from "./ids";
import {
  attributePrincipalSet,
  gcpTokenAudience,
  type GcpProviderRef,
  providerResourceName,
  subjectPrincipal,
} from "./names";
import { checkSharedProvider } from "./shared-provider";
import { AttributeNames, type SubjectFacts, subjectFacts } from "./subject-facts";

/** The most bytes GCP lets `google.subject` hold after mapping. */
export const GCP_MAX_SUBJECT_BYTES = 127;
/** The longest attribute condition GCP accepts, in characters. */
export const GCP_MAX_CONDITION_CHARS = 4096;
/** The longest attribute key (`attribute.NAME`) GCP accepts, in characters. */
export const GCP_MAX_ATTRIBUTE_KEY_CHARS = 100;
/** The most custom attributes (`attribute.*`) one provider may map. */
export const GCP_MAX_CUSTOM_ATTRIBUTES = 50;

/**
 * How `google.subject` is mapped: the token's `sub` (`sub`), or an ID-based value of bounded length
 * (`id-based`) when some admitted `sub` may be longer than {@link GCP_MAX_SUBJECT_BYTES}.
 */
export type GcpSubjectMapping = "sub" | "id-based";

/** A workload identity pool provider as GCP receives it. Frozen. */
export interface GcpProviderDocument {
  /** `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`. */
  readonly name: string;
  /** The issuer URL: the tokens' `iss`. */
  readonly issuerUri: string;
  /** The one audience accepted: see {@link gcpTokenAudience}. */
  readonly allowedAudiences: readonly string[];
  /** `google.subject` and every custom attribute, name → CEL over `assertion`. */
  readonly attributeMapping: Readonly<Record<string, string>>;
  /** The CEL condition a token must meet: one disjunct per subject, each pinning its owner. */
  readonly attributeCondition: string;
  /** How `google.subject` was mapped. */
  readonly subjectMapping: GcpSubjectMapping;
}

/** The principals that stand for one subject in IAM bindings. */
export interface GcpSubjectBinding {
  /** The identity the subject was declared for. */
  readonly identity: string;
  /** The declaration property of the subject. */
  readonly path: string;
  /**
   * `subject`: one principal per exact `sub`; `attribute`: a principal set by an attribute the
   * condition narrows to this subject's tokens.
   */
  readonly via: "subject" | "attribute";
  /** `principal://…` or `principalSet://…` identifiers; never the whole pool. */
  readonly principals: readonly string[];
}

/** A rendered provider with its bindings (aligned with the subjects given) and warnings. */
export interface RenderedGcpProvider {
  readonly provider: GcpProviderDocument;
  readonly bindings: readonly GcpSubjectBinding[];
  readonly warnings: readonly TrustWarning[];
}

/** Where the provider is, and which identity each subject belongs to. */
export interface RenderGcpProviderOptions extends GcpProviderRef {
  /**
   * The identity each subject was declared for, aligned with `subjects`. Identities sharing a
   * provider must not reach each other's principals; see {@link checkSharedProvider}.
   * @default every subject belongs to one identity, "identity"
   */
  readonly identities?: readonly string[];
}

// Bounded, ID-based values for `google.subject` when `sub` may not fit. CEL in GCP has no hash
// function, so these are built from claims that are short by construction.
const idBasedSubject: Partial<Record<IssuerKind, string>> = {
  github: "assertion.repository_id + ':' + assertion.run_id + ':' + assertion.run_attempt",
  gitlab: "assertion.project_id + ':' + assertion.pipeline_id + ':' + assertion.job_id",
  kubernetes: "assertion['kubernetes.io'].serviceaccount.uid",
  circleci: "assertion['oidc.circleci.com/project-id']",
  buildkite: "assertion.job_id",
  "terraform-cloud": "assertion.terraform_workspace_id + ':' + assertion.terraform_run_id",
  bitbucket: "assertion.repositoryUuid + ':' + assertion.stepUuid",
};

/**
 * Renders the workload identity pool provider for `subjects`, all of one issuer, and the
 * principals that bind each subject.
 *
 * The condition ORs one disjunct per subject; each disjunct pins the owner (GitHub
 * `repository_owner_id`, else `repository_owner`; GitLab `namespace_id`, else `namespace_path`),
 * tests `sub`, and holds every declared condition. Every claim a condition reads is also mapped
 * to an `attribute.*` so that it shows in audit logs and can be bound.
 *
 * @example
 * ```ts
 * const { subjects } = declareTrust({ github: { repository: "acme/api", branch: "main" } });
 * const { provider, bindings } = renderGcpProvider(subjects, {
 *   projectNumber: "123456789012", poolId: "ci-4f2k9", providerId: "github-0a1b2",
 * });
 * ```
 * @throws {@link TrustValidationError} `ERR_TRUST_INVALID` for bad IDs; `ERR_TRUST_UNENFORCEABLE`
 *   when a subject cannot be bound soundly. {@link KeylessError} `ERR_POLICY_TOO_LARGE` when the
 *   condition passes GCP's 4,096 characters.
 * @see https://cloud.google.com/iam/docs/workload-identity-federation#mapping
 */
export function renderGcpProvider(
  subjects: readonly TrustSubject[],
  options: RenderGcpProviderOptions,
): RenderedGcpProvider {
  const [first] = subjects;
  if (!first) throw new TypeError("renderGcpProvider needs at least one subject.");
  const stray = subjects.find((s) => s.issuer.url !== first.issuer.url);
  if (stray) {
    throw new TypeError(
      `renderGcpProvider renders one issuer at a time; got ${first.issuer.url} and ${stray.issuer.url}.`,
    );
  }
  throwIfProblems([
    ...checkPoolOrProviderId(options.poolId, "workload identity pool", "gcp.poolId"),
    ...checkPoolOrProviderId(options.providerId, "workload identity provider", "gcp.providerId"),
    ...(/^[1-9][0-9]*$/.test(options.projectNumber)
      ? []
      : [
          {
            path: "gcp.projectNumber",
            value: options.projectNumber,
            rule: "A project number is the project's numeric identifier, not its ID.",
            fix: "Copy the number from the project's dashboard (`gcloud projects describe`).",
          },
        ]),
  ]);

  const names = new AttributeNames();
  const facts = subjects.map((s) => subjectFacts(s, names));
  const identities = subjects.map((_, i) => options.identities?.[i] ?? "identity");
  const mapping = chooseSubjectMapping(subjects, facts);
  const attributeMapping = renderMapping(subjects, facts, mapping.kind);
  const attributeCondition = renderCondition(facts);
  const bindings = subjects.map((s, i) =>
    bindSubject(s, facts[i] as SubjectFacts, identities[i] as string, mapping.kind, options),
  );
  const problems = bindings.flatMap((b) => ("problem" in b ? [b.problem] : []));
  throwIfProblems([...mapping.problems, ...problems], "ERR_TRUST_UNENFORCEABLE");
  const bound = bindings as GcpSubjectBinding[];
  throwIfProblems(checkSharedProvider(subjects, facts, bound), "ERR_TRUST_UNENFORCEABLE");
  checkLimits(attributeCondition, attributeMapping);

  const provider: GcpProviderDocument = Object.freeze({
    name: providerResourceName(options),
    issuerUri: first.issuer.url,
    allowedAudiences: Object.freeze([gcpTokenAudience(options)]),
    attributeMapping: Object.freeze(attributeMapping),
    attributeCondition,
    subjectMapping: mapping.kind,
  });
  return Object.freeze({
    provider,
    bindings: Object.freeze(
      bound.map((b) => Object.freeze({ ...b, principals: Object.freeze([...b.principals]) })),
    ),
    warnings: Object.freeze(mapping.warnings),
  });
}

function chooseSubjectMapping(
  subjects: readonly TrustSubject[],
  facts: readonly SubjectFacts[],
): { kind: GcpSubjectMapping; problems: Problem[]; warnings: TrustWarning[] } {
  const long = subjects.filter((_, i) => (facts[i]?.maxSubjectBytes ?? 0) > GCP_MAX_SUBJECT_BYTES);
  if (long.length === 0) return { kind: "sub", problems: [], warnings: [] };
  const kind = long[0]?.issuer.kind ?? "oidc";
  const idBased = idBasedSubject[kind];
  if (idBased === undefined) {
    return {
      kind: "id-based",
      warnings: [],
      problems: long.map((s) => ({
        path: `${s.path}.subject`,
        value: s.sub.map(patternText),
        rule: `GCP maps \`google.subject\` into at most ${GCP_MAX_SUBJECT_BYTES} bytes; this subject may be longer, and a generic issuer has no claim Keyless knows to be short and unique instead.`,
        fix: `Declare the subject exactly, in at most ${GCP_MAX_SUBJECT_BYTES} bytes.`,
      })),
    };
  }
  return {
    kind: "id-based",
    problems: [],
    warnings: long.map((s) => ({
      code: "gcp-subject-id-mapping",
      path: s.path,
      message: `A \`sub\` this trust admits may be longer than GCP's ${GCP_MAX_SUBJECT_BYTES} bytes for \`google.subject\`, so the provider maps \`google.subject\` to ${idBased} and binds exact subjects through \`attribute.sub\` instead; audit logs show that value rather than \`sub\`.`,
      fix: "Name the ref exactly and keep names short to keep `sub` as the subject.",
    })),
  };
}

function renderMapping(
  subjects: readonly TrustSubject[],
  facts: readonly SubjectFacts[],
  kind: GcpSubjectMapping,
): Record<string, string> {
  const issuerKind = subjects[0]?.issuer.kind ?? "oidc";
  const subject =
    kind === "sub" ? "assertion.sub" : (idBasedSubject[issuerKind] ?? "assertion.sub");
  const custom = new Map<string, string>();
  if (kind === "id-based") custom.set("sub", "assertion.sub");
  for (const f of facts) for (const [name, expr] of f.attributes) custom.set(name, expr);
  const mapping: Record<string, string> = { "google.subject": subject };
  for (const name of [...custom.keys()].sort()) {
    mapping[`attribute.${name}`] = custom.get(name) as string;
  }
  return mapping;
}

// One disjunct per subject: its owner pin first (the boundary a reader checks first), then `sub`,
// then the other conditions. Identical disjuncts (the same subject declared twice) appear once.
function renderCondition(facts: readonly SubjectFacts[]): string {
  const disjuncts = [
    ...new Set(
      facts.map((f) => {
        const [ownerPin, ...rest] = f.guards;
        const clauses = ownerPin === undefined ? [f.subClause] : [ownerPin, f.subClause, ...rest];
        return clauses.join(" && ");
      }),
    ),
  ];
  return disjuncts.length === 1
    ? (disjuncts[0] as string)
    : disjuncts.map((d) => `(${d})`).join(" || ");
}

function bindSubject(
  subject: TrustSubject,
  facts: SubjectFacts,
  identity: string,
  kind: GcpSubjectMapping,
  ref: GcpProviderRef,
): GcpSubjectBinding | { problem: Problem } {
  if (subject.sub.every(isLiteral)) {
    const subs = subject.sub.map(literalText);
    return {
      identity,
      path: subject.path,
      via: "subject",
      principals: subs.map((s) =>
        kind === "sub" ? subjectPrincipal(ref, s) : attributePrincipalSet(ref, "sub", s),
      ),
    };
  }
  if (facts.anchor) {
    return {
      identity,
      path: subject.path,
      via: "attribute",
      principals: [attributePrincipalSet(ref, facts.anchor.attribute, facts.anchor.value)],
    };
  }
  return {
    problem: {
      path: subject.path,
      value: subject.sub.map(patternText),
      rule: "GCP binds a pattern subject through an attribute with one known value (a repository, project, namespace or declared claim); this subject pins none, and binding the whole pool would let in every token the provider accepts.",
      fix: "Declare the subject exactly, or add a claim condition with an exact value to bind by.",
    },
  };
}

function checkLimits(condition: string, mapping: Readonly<Record<string, string>>): void {
  if (condition.length > GCP_MAX_CONDITION_CHARS) {
    throw new KeylessError(
      "ERR_POLICY_TOO_LARGE",
      `The GCP attribute condition is ${condition.length} characters; GCP accepts at most ${GCP_MAX_CONDITION_CHARS}. Split the subjects over several pools (one per purpose), or use patterns instead of many exact refs.`,
    );
  }
  const tooLong = Object.keys(mapping).filter((k) => k.length > GCP_MAX_ATTRIBUTE_KEY_CHARS);
  if (tooLong.length > 0) {
    throw new TrustValidationError(
      tooLong.map((key) => ({
        path: "trust",
        value: key,
        rule: `A GCP attribute key is at most ${GCP_MAX_ATTRIBUTE_KEY_CHARS} characters; this claim name makes it ${key.length}.`,
        fix: "Condition on a claim with a shorter name.",
      })),
      "ERR_POLICY_TOO_LARGE",
    );
  }
  const custom = Object.keys(mapping).filter((k) => k.startsWith("attribute.")).length;
  if (custom > GCP_MAX_CUSTOM_ATTRIBUTES) {
    throw new TrustValidationError(
      [
        {
          path: "trust",
          value: custom,
          rule: `A GCP provider maps at most ${GCP_MAX_CUSTOM_ATTRIBUTES} custom attributes; these subjects need ${custom}.`,
          fix: "Split the subjects over several pools, or declare fewer distinct claims.",
        },
      ],
      "ERR_POLICY_TOO_LARGE",
    );
  }
}
