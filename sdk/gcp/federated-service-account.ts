/**
 * The federated service account component: who may act as a GCP identity (a trust declaration),
 * what the identity may do (roles on the project or on named resources), and for how long (the
 * TTL). Renders into a shared pool and provider, a service account, and
 * `roles/iam.workloadIdentityUser` bindings for exactly the declared principals.
 *
 * @module
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { formatWarning, type Problem, throwIfProblems, type TrustWarning } from "../errors";
import { type IdentityManifest, recordManifest } from "../manifest";
import {
  checkKnownKeys,
  declareTrust,
  type DurationInput,
  isLiteral,
  keysOf,
  literalText,
  type TrustArgs,
  type TrustSubject,
} from "../trust";
import { CI_TOKEN_FILE, renderGitHubAuthStep, renderGitLabCiConfig } from "./ci-config";
import { type GcpTokenSource, renderCredentialConfiguration } from "./credential-config";
import { buildGcpIdentityManifest } from "./identity-manifest";
import { checkServiceAccountId, deriveId, shortSuffix } from "./ids";
import { GCP_WORKLOAD_IDENTITY_USER_ROLE, gcpTokenAudience, providerResourceName } from "./names";
import { GcpWorkloadIdentityPool, type GcpPoolAdmission } from "./pool";
import { createResourceGrant, type GcpResourceGrant, grantTarget } from "./resource-grants";
import { resolveGcpLifetime } from "./ttl";

/** Where a projected Kubernetes token for GCP is mounted by default. */
export const DEFAULT_KUBERNETES_TOKEN_FILE = "/var/run/secrets/tokens/gcp-token";

/**
 * A GCP identity that CI jobs or workloads reach through workload identity federation. Plain
 * data, so every Pulumi language can write it.
 *
 * @example
 * ```ts
 * new GcpFederatedServiceAccount("api-deploy", {
 *   project: "acme-prod",
 *   projectNumber: "123456789012",
 *   trust: { github: { repository: "acme/api", ownerId: 1234567, repositoryId: 7654321, environment: "production" } },
 *   roles: ["roles/run.developer"],
 *   ttl: "30m",
 * });
 * ```
 */
export interface GcpFederatedServiceAccountArgs {
  /** The project ID that holds the pool, the service account and the project roles. */
  readonly project: string;
  /** The project's number; lets preview show rendered trust. @default read from the pool */
  readonly projectNumber?: string;
  /** Who may act as the identity: one subject or several. */
  readonly trust: TrustArgs | readonly TrustArgs[];
  /** The pool to use, shared with other identities of the same project and purpose. @default purpose "keyless" */
  readonly pool?: { readonly purpose?: string; readonly poolId?: string };
  /** Roles on the project (`roles/run.developer`). @default none */
  readonly roles?: readonly string[];
  /** Roles on named resources. @default none */
  readonly resourceRoles?: readonly GcpResourceGrant[];
  /**
   * How long access tokens live: `"30m"`, `"PT45M"`, or seconds. At most 1 hour unless
   * `lifetimeExtensionAllowed`. @default "1h"
   */
  readonly ttl?: DurationInput;
  /**
   * The organisation policy `constraints/iam.allowServiceAccountCredentialLifetimeExtension`
   * lists this service account, so a TTL of up to 12 hours is honoured. @default false
   */
  readonly lifetimeExtensionAllowed?: boolean;
  /**
   * Bind the federated principals directly to the roles, without a service account. Only for
   * services that accept federated principals in IAM policies; tokens then live as long as the
   * STS token (1 hour) and `ttl` only caps what Keyless requests. @default false
   */
  readonly directAccess?: boolean;
  /** The service account ID (6–30 characters). @default derived from the name, with a suffix */
  readonly accountId?: string;
  /** Where the job or pod finds its token, for the credential configuration. @default per issuer */
  readonly tokenSource?: GcpTokenSource;
}

/** One issuer's provider as this identity uses it. */
export interface GcpIdentityProvider {
  readonly issuer: string;
  /** `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`. */
  readonly name: string;
  /** The audience tokens must carry. */
  readonly audience: string;
  /** The `external_account` credential configuration, as JSON text. */
  readonly credentialConfiguration: string;
}

/**
 * A service account (or, with `directAccess`, none) that the declared CI jobs and workloads reach
 * through a shared workload identity pool.
 *
 * @example
 * ```ts
 * const deployer = new GcpFederatedServiceAccount("api-deploy", {
 *   project: "acme-prod",
 *   trust: { github: { repository: "acme/api", ownerId: 1234567, repositoryId: 7654321, environment: "production" } },
 *   roles: ["roles/run.developer"],
 * });
 * export const authStep = deployer.githubAuthStep;
 * ```
 * @see https://cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines
 * @see https://cloud.google.com/iam/docs/service-account-creds#sa-credential-lifetime
 */
export class GcpFederatedServiceAccount extends pulumi.ComponentResource {
  /** The service account; absent with `directAccess`. */
  readonly serviceAccount?: gcp.serviceaccount.Account;
  /** Its e-mail; `undefined` with `directAccess`. */
  readonly serviceAccountEmail: pulumi.Output<string | undefined>;
  /** The principals bound, `principal://…` or `principalSet://…`. */
  readonly principals: pulumi.Output<string[]>;
  /** Each issuer's provider, with its audience and credential configuration. */
  readonly providers: pulumi.Output<GcpIdentityProvider[]>;
  /** The first provider's resource name (the one most identities have). */
  readonly providerName: pulumi.Output<string>;
  /** The access token lifetime to request, in seconds. */
  readonly lifetimeSeconds: number;
  /** The `google-github-actions/auth` step as YAML, when a GitHub subject is declared. */
  readonly githubAuthStep: pulumi.Output<string | undefined>;
  /** The GitLab `id_tokens` and variables as YAML, when a GitLab subject is declared. */
  readonly gitlabCiConfig: pulumi.Output<string | undefined>;
  /** The manifest this identity recorded. */
  readonly manifest: pulumi.Output<IdentityManifest>;

  constructor(
    name: string,
    args: GcpFederatedServiceAccountArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Validated before the component registers, so a refused declaration leaves nothing behind.
    throwIfProblems(checkAccountArgs(name, args));
    const declared = declareTrust(args.trust, `${name}.trust`);
    const direct = args.directAccess === true;
    // Without a service account there is no access token to extend: federated tokens from STS
    // live at most an hour whatever the organisation policy says.
    const lifetimeSeconds = resolveGcpLifetime(args.ttl, {
      path: `${name}.ttl`,
      lifetimeExtensionAllowed: !direct && args.lifetimeExtensionAllowed === true,
    });
    const accountId = args.accountId ?? deriveId(name, [args.project, name], 30, "k");
    throwIfProblems([
      ...(direct ? [] : checkServiceAccountId(accountId, `${name}.accountId`)),
      ...checkArgs(args, name),
    ]);
    super("keyless:gcp:FederatedServiceAccount", name, {}, opts);
    this.lifetimeSeconds = lifetimeSeconds;
    declared.warnings.forEach((w) => this.#warn(w));

    const pool = GcpWorkloadIdentityPool.shared({
      project: args.project,
      ...(args.projectNumber !== undefined ? { projectNumber: args.projectNumber } : {}),
      ...(args.pool?.purpose !== undefined ? { purpose: args.pool.purpose } : {}),
      ...(args.pool?.poolId !== undefined ? { poolId: args.pool.poolId } : {}),
    });
    const admissions = pool.admit(name, declared.subjects);
    admissions.forEach((a) =>
      a.rendered.apply((r) =>
        r.warnings
          .filter((w) => a.subjects.some((s) => s.path === w.path))
          .forEach((w) => this.#warn(w)),
      ),
    );
    const principalsOf = (a: GcpPoolAdmission, k: number): pulumi.Output<string[]> =>
      a.rendered.apply((r) => [...(r.bindings[a.bindingIndices[k] as number]?.principals ?? [])]);

    if (!direct) {
      this.serviceAccount = new gcp.serviceaccount.Account(
        name,
        {
          project: args.project,
          accountId,
          displayName: `Keyless ${name}`.slice(0, 100),
          description: declared.subjects
            .map((s) => s.description)
            .join("; ")
            .slice(0, 256),
        },
        { parent: this },
      );
    }
    const sa = this.serviceAccount;
    admissions.forEach((a) =>
      a.subjects.forEach((subject, k) =>
        bindingKeys(subject).forEach((key, m) => {
          const member = principalsOf(a, k).apply((p) => p[m] as string);
          if (sa) {
            new gcp.serviceaccount.IAMMember(
              `${name}-wiu-${shortSuffix([a.issuer.url, key])}`,
              { serviceAccountId: sa.name, role: GCP_WORKLOAD_IDENTITY_USER_ROLE, member },
              { parent: this },
            );
          } else {
            this.#grant(name, args, member, key);
          }
        }),
      ),
    );
    if (sa) this.#grant(name, args, pulumi.interpolate`serviceAccount:${sa.email}`, "sa");

    this.serviceAccountEmail = sa ? sa.email : pulumi.output(undefined);
    this.principals = pulumi
      .all(admissions.flatMap((a) => a.subjects.map((_, k) => principalsOf(a, k))))
      .apply((lists) => [...new Set(lists.flat())]);
    const allRendered = pulumi.all(admissions.map((a) => a.rendered));
    this.providers = pulumi
      .all([this.serviceAccountEmail, allRendered])
      .apply(([email, rendered]) =>
        rendered.map((r, i) => {
          const a = admissions[i] as GcpPoolAdmission;
          const ref = providerRef(r.provider.name);
          return {
            issuer: a.issuer.url,
            name: providerResourceName(ref),
            audience: gcpTokenAudience(ref),
            credentialConfiguration: JSON.stringify(
              renderCredentialConfiguration({
                ...ref,
                tokenSource: args.tokenSource ?? defaultTokenSource(a.issuer.kind),
                ...(email ? { serviceAccountEmail: email } : {}),
                lifetimeSeconds: this.lifetimeSeconds,
              }),
              null,
              2,
            ),
          };
        }),
      );
    this.providerName = this.providers.apply((p) => p[0]?.name ?? "");
    const snippet = (kind: "github" | "gitlab") =>
      pulumi.all([this.providers, this.serviceAccountEmail]).apply(([providers, email]) => {
        const index = admissions.findIndex((a) => a.issuer.kind === kind);
        const provider = providers[index];
        if (!provider) return undefined;
        const options = {
          providerName: provider.name,
          audience: provider.audience,
          lifetimeSeconds: this.lifetimeSeconds,
          ...(email ? { serviceAccountEmail: email } : {}),
        };
        return kind === "github" ? renderGitHubAuthStep(options) : renderGitLabCiConfig(options);
      });
    this.githubAuthStep = snippet("github");
    this.gitlabCiConfig = snippet("gitlab");

    this.manifest = pulumi
      .all([this.principals, this.serviceAccountEmail, allRendered])
      .apply(([principals, email, rendered]) =>
        buildGcpIdentityManifest({
          identity: name,
          subjects: declared.subjects,
          warnings: declared.warnings,
          rendered,
          principals,
          ...(email ? { serviceAccountEmail: email } : {}),
          lifetimeSeconds,
        }),
      );
    recordManifest(
      Promise.race([
        new Promise<IdentityManifest>((resolve) => this.manifest.apply(resolve)),
        ...admissions.map((a) => a.failed),
      ]),
    );

    this.registerOutputs({
      serviceAccountEmail: this.serviceAccountEmail,
      principals: this.principals,
      providers: this.providers,
      lifetimeSeconds: this.lifetimeSeconds,
      githubAuthStep: this.githubAuthStep,
      gitlabCiConfig: this.gitlabCiConfig,
    });
  }

  #warn(warning: TrustWarning): void {
    void pulumi.log.warn(formatWarning(warning), this);
  }

  #grant(
    name: string,
    args: GcpFederatedServiceAccountArgs,
    member: pulumi.Input<string>,
    key: string,
  ) {
    for (const role of args.roles ?? []) {
      new gcp.projects.IAMMember(
        `${name}-role-${shortSuffix([role, key])}`,
        { project: args.project, role, member },
        { parent: this },
      );
    }
    for (const grant of args.resourceRoles ?? []) {
      createResourceGrant(
        `${name}-grant-${shortSuffix([grantTarget(grant), grant.role, key])}`,
        grant,
        args.project,
        member,
        { parent: this },
      );
    }
  }
}

// A stable key per principal a subject binds, known before the provider is rendered, so that
// resource names do not depend on the order identities join a pool.
function bindingKeys(subject: TrustSubject): string[] {
  return subject.sub.every(isLiteral)
    ? subject.sub.map((p) => `subject:${literalText(p)}`)
    : [`attribute:${subject.path}`];
}

function providerRef(name: string) {
  const [, projectNumber = "", , , , poolId = "", , providerId = ""] = name.split("/");
  return { projectNumber, poolId, providerId };
}

function defaultTokenSource(kind: TrustSubject["issuer"]["kind"]): GcpTokenSource {
  return {
    kind: "file",
    path: kind === "kubernetes" ? DEFAULT_KUBERNETES_TOKEN_FILE : CI_TOKEN_FILE,
  };
}

const rolePattern =
  /^(?:roles\/[A-Za-z0-9_.]+|(?:projects|organizations)\/[A-Za-z0-9_.-]+\/roles\/[A-Za-z0-9_.]+)$/;

function checkArgs(args: GcpFederatedServiceAccountArgs, name: string): Problem[] {
  const problems: Problem[] = [];
  const check = (role: unknown, path: string) => {
    if (typeof role === "string" && rolePattern.test(role)) return;
    problems.push({
      path,
      value: role,
      rule: "A GCP role is `roles/NAME`, or a custom role `projects/P/roles/NAME` or `organizations/O/roles/NAME`.",
      fix: 'Write the role\'s full name, e.g. "roles/storage.objectViewer".',
    });
  };
  (args.roles ?? []).forEach((r, i) => check(r, `${name}.roles[${i}]`));
  (args.resourceRoles ?? []).forEach((g, i) => check(g.role, `${name}.resourceRoles[${i}].role`));
  if (args.directAccess === true && args.lifetimeExtensionAllowed === true) {
    problems.push({
      path: `${name}.lifetimeExtensionAllowed`,
      value: true,
      rule: "The lifetime extension applies to service account tokens; with directAccess the federated token from STS lives at most 1h.",
      fix: "Remove lifetimeExtensionAllowed, or use a service account (drop directAccess).",
    });
  }
  if (args.directAccess === true && args.accountId !== undefined) {
    problems.push({
      path: `${name}.accountId`,
      value: args.accountId,
      rule: "With directAccess there is no service account to name.",
      fix: "Remove accountId, or directAccess.",
    });
  }
  return problems;
}

const accountKeys = keysOf<GcpFederatedServiceAccountArgs>()([
  "project",
  "projectNumber",
  "trust",
  "pool",
  "roles",
  "resourceRoles",
  "ttl",
  "lifetimeExtensionAllowed",
  "directAccess",
  "accountId",
  "tokenSource",
]);

// GCP project IDs: 6–30 characters, lower-case letters, digits and hyphens, starting with a letter.
const projectIdSyntax = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

function checkAccountArgs(name: string, args: GcpFederatedServiceAccountArgs): Problem[] {
  const problems = checkKnownKeys(args, accountKeys, name);
  if (typeof args.project !== "string" || !projectIdSyntax.test(args.project)) {
    problems.push({
      path: `${name}.project`,
      value: args.project,
      rule: "A GCP project ID is 6 to 30 lower-case letters, digits and hyphens, starting with a letter.",
      fix: "Write the project's ID (not its name or number), e.g. acme-prod.",
    });
  }
  return problems;
}
