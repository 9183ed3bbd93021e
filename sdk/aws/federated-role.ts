/**
 * A federated IAM role: a trust declaration and grants become the role, its trust policy, its
 * policy attachments and a CI snippet. Thin wiring: the trust policy comes from the pure renderer.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import { formatWarning, type Problem, throwIfProblems } from "../errors";
import {
  type IdentityManifest,
  isCollectingManifests,
  MANIFEST_VERSION,
  recordManifest,
  toManifestSubject,
} from "../manifest";
import {
  checkKnownKeys,
  declareTrust,
  type DurationInput,
  keysOf,
  type TrustArgs,
  type TrustSubject,
} from "../trust";
import { renderCiSnippet } from "./ci-snippet";

import { checkAudience, OidcProvider } from "./oidc-provider";
import { formatOidcProviderArn, parseOidcProviderArn } from "./provider-arn";
import { awsSessionDuration } from "./session-duration";
import { AWS_DEFAULT_AUDIENCE, renderTrustPolicy, type RenderedTrustPolicy } from "./trust-policy";

/** One statement of an inline permission policy, written as IAM writes it. */
export interface InlinePolicyStatement {
  /** @default "Allow" */
  readonly Effect?: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource: pulumi.Input<string> | readonly pulumi.Input<string>[];
  readonly Sid?: string;
  /** Operator → key → value(s), as in IAM. @default none */
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/**
 * A role that CI jobs or workloads assume with their OIDC token. Plain data only, so every
 * Pulumi language can write it.
 *
 * @example
 * ```ts
 * {
 *   trust: { github: { repository: "acme/api", ownerId: 1234567, repositoryId: 7654321, environment: "production" } },
 *   ttl: "45m",
 *   managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonECS_FullAccess"],
 * }
 * ```
 */
export interface FederatedRoleArgs {
  /** Who may assume the role: one subject or several (any one admits a token). */
  readonly trust: TrustArgs | readonly TrustArgs[];
  /**
   * How long a session lasts: 15 minutes to 12 hours. Jobs request exactly this; the role's
   * `MaxSessionDuration` is this, but at least one hour. @default "1h"
   */
  readonly ttl?: DurationInput;
  /** Managed policies to attach, by ARN. @default none */
  readonly managedPolicyArns?: readonly pulumi.Input<string>[];
  /** Statements of one inline policy. @default none */
  readonly policyStatements?: readonly InlinePolicyStatement[];
  /** The ARN of a permissions boundary. @default none */
  readonly permissionsBoundary?: pulumi.Input<string>;
  /** Tags of the role. @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** The audience tokens must carry. @default "sts.amazonaws.com" */
  readonly audience?: string;
  /**
   * The OIDC provider(s) to trust, as components or ARNs, one per issuer. Issuers without one get
   * the program's shared provider for that issuer, created on first use. @default shared providers
   */
  readonly oidcProvider?: OidcProvider | string | readonly (OidcProvider | string)[];
  /** The role's name in IAM. @default derived from the component name by Pulumi */
  readonly roleName?: string;
  /** The role's description. @default one naming the trusted subjects */
  readonly description?: string;
  /** The region CI snippets configure. @default the `aws:region` setting, else "us-east-1" */
  readonly region?: string;
  /** The account's trust policy size limit, in characters without whitespace. @default 2048 */
  readonly maxPolicyCharacters?: number;
}

const TYPE = "keyless:aws:FederatedRole";
// Refusals are checked against the commercial partition before anything exists; the policy is
// rendered and checked again with the real provider ARNs once they are known (a few characters
// longer in aws-us-gov or aws-cn).
const PLACEHOLDER_ARN_PARTS = { partition: "aws", accountId: "000000000000" } as const;

/**
 * An IAM role assumable with `sts:AssumeRoleWithWebIdentity` by exactly the declared subjects.
 * Refuses, before anything is created, a trust AWS cannot enforce, a TTL outside 15 min–12 h, and
 * a trust policy over the size limit. Reports the trust model's warnings through `pulumi.log`.
 *
 * @example
 * ```ts
 * const role = new FederatedRole("web-main", {
 *   trust: { github: { repository: "acme/web", branch: "main" } },
 *   policyStatements: [{ Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-web/*" }],
 * });
 * export const roleArn = role.roleArn;
 * ```
 */
export class FederatedRole extends pulumi.ComponentResource {
  /** The role's ARN. */
  readonly roleArn!: pulumi.Output<string>;
  /** The role's name. */
  readonly roleName!: pulumi.Output<string>;
  /** The session length jobs request, in seconds (the TTL). */
  readonly sessionDurationSeconds!: pulumi.Output<number>;
  /** The rendered trust policy, as IAM receives it. */
  readonly trustPolicy!: pulumi.Output<string>;
  /** Ready-to-paste CI configuration for every trusted subject. */
  readonly ciSnippet!: pulumi.Output<string>;
  private buildManifest: (() => pulumi.Output<IdentityManifest>) | undefined;
  private manifestOutput: pulumi.Output<IdentityManifest> | undefined;

  /**
   * The identity's manifest, also recorded for `keyless plan` and `keyless check` when they
   * collect. Built on first read: most programs never read it.
   */
  get manifest(): pulumi.Output<IdentityManifest> {
    this.manifestOutput ??= this.buildManifest?.();
    if (!this.manifestOutput) throw new TypeError("A rehydrated FederatedRole has no manifest.");
    return this.manifestOutput;
  }

  constructor(name: string, args: FederatedRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything that can be refused is refused here, before the role registers anything.
    const plan = opts?.urn ? undefined : planRole(name, args);
    const providerArns = plan ? resolveProviders(plan, args, opts) : [];
    super(TYPE, name, {}, opts);
    if (opts?.urn || plan === undefined) return;

    for (const warning of plan.warnings) pulumi.log.warn(formatWarning(warning), this);
    // Notes are facts, not risks: kept in the render result and out of the default output.
    for (const note of plan.preview.notes) pulumi.log.debug(note, this);

    // One apply renders the trust; every output derived from it reads that one result.
    const arns =
      providerArns.length === 1
        ? (providerArns[0] as [string, pulumi.Output<string>])[1].apply((arn) => [arn])
        : pulumi.all(providerArns.map(([, arn]) => arn));
    const trust = arns.apply((resolved) => ({
      arns: resolved,
      rendered: renderTrustPolicy(plan.subjects, {
        providerArns: Object.fromEntries(providerArns.map(([url], i) => [url, resolved[i]])),
        audience: plan.audience,
        ...(args.maxPolicyCharacters !== undefined
          ? { maxPolicyCharacters: args.maxPolicyCharacters }
          : {}),
      }),
    }));
    const trustPolicy = trust.apply((t) => t.rendered.json);
    const role = new Role(
      name,
      {
        assumeRolePolicy: trustPolicy,
        maxSessionDuration: plan.session.maxSessionDurationSeconds,
        description: args.description ?? describe(plan.subjects),
        ...(args.roleName !== undefined ? { name: args.roleName } : {}),
        ...(args.permissionsBoundary !== undefined
          ? { permissionsBoundary: args.permissionsBoundary }
          : {}),
        ...(args.tags ? { tags: { ...args.tags } } : {}),
      },
      { parent: this },
    );
    (args.managedPolicyArns ?? []).forEach((policyArn, i) => {
      const suffix = typeof policyArn === "string" ? policyArn.split("/").pop() : String(i);
      new RolePolicyAttachment(
        `${name}-${suffix}`,
        { role: role.name, policyArn },
        { parent: role },
      );
    });
    if (args.policyStatements && args.policyStatements.length > 0) {
      new RolePolicy(
        `${name}-inline`,
        {
          role: role.name,
          policy: pulumi
            .output(args.policyStatements as InlinePolicyStatement[])
            .apply((statements) =>
              JSON.stringify({
                Version: "2012-10-17",
                Statement: statements.map(({ Effect, ...rest }) => ({
                  Effect: Effect ?? "Allow",
                  ...rest,
                })),
              }),
            ),
        },
        { parent: role },
      );
    }

    const region = args.region ?? new pulumi.Config("aws").get("region") ?? "us-east-1";
    this.roleArn = role.arn;
    this.roleName = role.name;
    this.sessionDurationSeconds = pulumi.output(plan.session.sessionDurationSeconds);
    this.trustPolicy = trustPolicy;
    this.ciSnippet = role.arn.apply((roleArn) =>
      renderCiSnippet(plan.subjects, {
        identity: name,
        roleArn,
        sessionDurationSeconds: plan.session.sessionDurationSeconds,
        region,
        audience: plan.audience,
      }),
    );
    this.buildManifest = () =>
      pulumi
        .all([role.arn, trust])
        .apply(([roleArn, t]) => buildManifest(name, plan, roleArn, t.rendered, t.arns));
    if (isCollectingManifests()) {
      recordManifest(new Promise((resolve) => this.manifest.apply(resolve)));
    }
    // The manifest stays off the registered outputs: it is recorded above, and serialising a
    // nested document per role into the state would cost more than it tells.
    this.registerOutputs({
      roleArn: this.roleArn,
      roleName: this.roleName,
      sessionDurationSeconds: this.sessionDurationSeconds,
      trustPolicy: this.trustPolicy,
      ciSnippet: this.ciSnippet,
    });
  }
}

interface RolePlan {
  readonly subjects: readonly TrustSubject[];
  readonly warnings: ReturnType<typeof declareTrust>["warnings"];
  readonly session: ReturnType<typeof awsSessionDuration>;
  readonly audience: string;
  readonly preview: RenderedTrustPolicy;
  readonly issuerUrls: readonly string[];
}

const federatedRoleKeys = keysOf<FederatedRoleArgs>()([
  "trust",
  "ttl",
  "managedPolicyArns",
  "policyStatements",
  "permissionsBoundary",
  "tags",
  "audience",
  "oidcProvider",
  "roleName",
  "description",
  "region",
  "maxPolicyCharacters",
]);

const policyArnSyntax = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;

/** Properties the role does not know, and managed policy ARNs that are not ARNs. */
function checkRoleArgs(name: string, args: FederatedRoleArgs): Problem[] {
  const problems = checkKnownKeys(args, federatedRoleKeys, name);
  (args.managedPolicyArns ?? []).forEach((arn, i) => {
    if (typeof arn === "string" && !policyArnSyntax.test(arn)) {
      problems.push({
        path: `${name}.managedPolicyArns[${i}]`,
        value: arn,
        rule: "A managed policy is named by its ARN: arn:aws:iam::aws:policy/NAME or arn:aws:iam::ACCOUNT:policy/NAME.",
        fix: "Copy the policy's ARN from IAM.",
      });
    }
  });
  return problems;
}

function planRole(name: string, args: FederatedRoleArgs): RolePlan {
  throwIfProblems(checkRoleArgs(name, args));
  const { subjects, warnings } = declareTrust(args.trust, `${name}.trust`);
  const session = awsSessionDuration(args.ttl, `${name}.ttl`);
  const audience = args.audience ?? AWS_DEFAULT_AUDIENCE;
  const issuerUrls = [...new Set(subjects.map((s) => s.issuer.url))];
  const placeholders = Object.fromEntries(
    subjects.map((s) => [
      s.issuer.url,
      formatOidcProviderArn({ ...PLACEHOLDER_ARN_PARTS, hostPath: s.issuer.hostPath }),
    ]),
  );
  const preview = renderTrustPolicy(subjects, {
    providerArns: placeholders,
    audience,
    path: `${name}.trust`,
    ...(args.maxPolicyCharacters !== undefined
      ? { maxPolicyCharacters: args.maxPolicyCharacters }
      : {}),
  });
  return { subjects, warnings, session, audience, preview, issuerUrls };
}

function resolveProviders(
  plan: RolePlan,
  args: FederatedRoleArgs,
  opts: pulumi.ComponentResourceOptions | undefined,
): Array<[string, pulumi.Output<string>]> {
  const given = args.oidcProvider === undefined ? [] : [args.oidcProvider].flat();
  const byIssuer = new Map<string, pulumi.Output<string>>();
  const problems: Problem[] = [];
  // Issuers that fix `aud` (CircleCI: the organization ID) need their provider to accept it.
  const audienceOf = (url: string): string =>
    plan.subjects.find((s) => s.issuer.url === url)?.audiences?.aws ?? plan.audience;
  given.forEach((provider, i) => {
    const path = Array.isArray(args.oidcProvider) ? `oidcProvider[${i}]` : "oidcProvider";
    if (provider instanceof OidcProvider) {
      if (!plan.issuerUrls.includes(provider.issuer.url)) {
        problems.push(unusedProvider(path, provider.issuer.url, plan.issuerUrls));
        return;
      }
      checkAudience(provider, audienceOf(provider.issuer.url));
      byIssuer.set(provider.issuer.url, provider.arn);
      return;
    }
    const parts = typeof provider === "string" ? parseOidcProviderArn(provider) : undefined;
    const url = parts ? `https://${parts.hostPath}` : undefined;
    if (url === undefined || !plan.issuerUrls.includes(url)) {
      problems.push(unusedProvider(path, provider, plan.issuerUrls));
      return;
    }
    byIssuer.set(url, pulumi.output(provider as string));
  });
  throwIfProblems(problems);
  return plan.issuerUrls.map((url) => [
    url,
    byIssuer.get(url) ?? OidcProvider.shared(url, audienceOf(url), opts).arn,
  ]);
}

function unusedProvider(path: string, value: unknown, issuerUrls: readonly string[]): Problem {
  return {
    path,
    value: typeof value === "string" ? value : String(value),
    rule: `An oidcProvider is an OidcProvider or an IAM OIDC provider ARN for one of the trusted issuers (${issuerUrls.join(", ")}).`,
    fix: "Pass the provider of an issuer the trust names, or leave oidcProvider out to use the shared one.",
  };
}

function buildManifest(
  name: string,
  plan: RolePlan,
  roleArn: string,
  rendered: RenderedTrustPolicy,
  providerArns: readonly string[],
): IdentityManifest {
  return Object.freeze({
    version: MANIFEST_VERSION,
    identity: name,
    ttlSeconds: plan.session.sessionDurationSeconds,
    subjects: plan.subjects.map(toManifestSubject),
    aws: Object.freeze({
      roleArn,
      providerArns: Object.freeze([...providerArns]),
      audience: plan.audience,
      sessionDurationSeconds: plan.session.sessionDurationSeconds,
      maxSessionDurationSeconds: plan.session.maxSessionDurationSeconds,
      trustPolicy: rendered.document,
    }),
    warnings: Object.freeze(plan.warnings.map(formatWarning)),
  });
}

function describe(subjects: readonly TrustSubject[]): string {
  // IAM role descriptions are at most 1,000 characters of a restricted set.
  const text = `Federated by Keyless: ${subjects.map((s) => s.description).join("; ")}`;
  return text.replace(/[^\t\n\r\u0020-\u007E\u00A1-\u00FF]/g, "").slice(0, 1000);
}
