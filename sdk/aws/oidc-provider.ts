/**
 * The IAM OIDC provider of one issuer, created or adopted. IAM allows one provider per issuer URL
 * per account, so every role of a program shares it: a process-wide registry keyed by the AWS
 * provider and the issuer URL hands the same component to every role that needs it.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { KeylessError, type Problem, throwIfProblems } from "../errors";
import { type OidcIssuer, parseIssuerUrl } from "../trust";
import { parseOidcProviderArn } from "./provider-arn";
import { AWS_DEFAULT_AUDIENCE } from "./trust-policy";

/**
 * An IAM OIDC provider for one issuer.
 *
 * @example
 * ```ts
 * { issuerUrl: "https://gitlab.acme.example", thumbprints: ["0123456789abcdef0123456789abcdef01234567"] }
 * ```
 */
export interface OidcProviderArgs {
  /** The issuer, exactly as tokens carry it in `iss`. */
  readonly issuerUrl: string;
  /**
   * The audiences tokens may carry (the provider's client ID list); every role trusting this
   * provider pins one of them. @default ["sts.amazonaws.com"]
   */
  readonly audiences?: readonly string[];
  /**
   * SHA-1 thumbprints (40 hex digits) of the issuer's certificate chain. Required for issuers whose
   * certificates IAM does not verify through its trusted CA library (self-hosted GitLab, your own
   * Kubernetes clusters, any other issuer). @default none: only for issuers with a trusted CA
   */
  readonly thumbprints?: readonly string[];
  /**
   * The ARN of a provider that already exists for this issuer in the account: adopt it instead of
   * creating one (IAM refuses a second provider for the same URL). @default create one
   */
  readonly existingArn?: string;
  /** Tags of a created provider. @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

// Issuers whose TLS certificates IAM checks against its own trusted root CAs (thumbprints are
// ignored for them), plus EKS, whose issuers AWS operates itself.
const trustedCaHosts = [
  /^token\.actions\.githubusercontent\.com$/,
  /^token\.actions\.[a-z0-9-]+\.ghe\.com$/,
  /^gitlab\.com$/,
  /^accounts\.google\.com$/,
  /^[a-z0-9-]+(\.[a-z0-9-]+)?\.auth0\.com$/,
  /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/,
];

const TYPE = "keyless:aws:OidcProvider";
const registryKey = Symbol.for("keyless.aws.oidcProviderRegistry");

interface RegistryEntry {
  readonly component: OidcProvider;
  readonly name: string;
  readonly explicit: boolean;
}

/**
 * The IAM OIDC provider of one issuer: creates an `aws:iam/openIdConnectProvider` or adopts an
 * existing one by ARN. At most one per issuer URL and AWS provider in a program; a second
 * explicit one fails with `ERR_DUPLICATE_ISSUER`.
 *
 * @example
 * ```ts
 * const gitlab = new OidcProvider("gitlab", { issuerUrl: "https://gitlab.com" });
 * new FederatedRole("deploy", { trust: { gitlab: { project: "acme/app", branch: "main" } }, oidcProvider: gitlab });
 * ```
 */
export class OidcProvider extends pulumi.ComponentResource {
  /** The provider's ARN. */
  readonly arn!: pulumi.Output<string>;
  /** The issuer this provider trusts. */
  readonly issuer!: OidcIssuer;
  /** The audiences the provider accepts. */
  readonly audiences!: readonly string[];

  constructor(name: string, args: OidcProviderArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = opts?.urn ? undefined : checkArgs(args);
    // Checked before registering anything, so a refused duplicate leaves no half-made component.
    if (checked) checkNotDeclared(name, providerKeyOf(opts), checked.issuer.url);
    super(TYPE, name, {}, opts);
    if (opts?.urn || checked === undefined) return;

    this.issuer = checked.issuer;
    this.audiences = checked.audiences;
    registryFor(providerKeyOf(opts)).set(checked.issuer.url, {
      component: this,
      name,
      explicit: true,
    });

    if (args.existingArn !== undefined) {
      this.arn = pulumi.output(args.existingArn);
    } else {
      const resource = new OpenIdConnectProvider(
        name,
        {
          url: checked.issuer.url,
          clientIdLists: [...checked.audiences],
          ...(args.thumbprints ? { thumbprintLists: [...args.thumbprints] } : {}),
          ...(args.tags ? { tags: { ...args.tags } } : {}),
        },
        { parent: this },
      );
      this.arn = resource.arn;
    }
    this.registerOutputs({ arn: this.arn });
  }

  /**
   * The provider a role should use for `issuerUrl`: the one already declared in this program for
   * the same AWS provider, or a new one named `keyless-oidc-HOST…`.
   *
   * @param opts - `provider`/`providers` select the AWS account; nothing else is passed on.
   * @throws {@link TrustValidationError} when a new provider would need thumbprints, or when the
   *   shared provider does not accept `audience`.
   */
  static shared(
    issuerUrl: string,
    audience: string,
    opts?: pulumi.ComponentResourceOptions,
  ): OidcProvider {
    const providerKey = providerKeyOf(opts);
    const existing = registryFor(providerKey).get(issuerUrl);
    if (existing) {
      checkAudience(existing.component, audience);
      return existing.component;
    }
    const issuer = parseIssuerUrl("oidc", issuerUrl, "issuerUrl", true);
    const hostPath = Array.isArray(issuer) ? issuerUrl : issuer.hostPath;
    const slug = hostPath
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    const count = [...registries().values()].filter((m) => m.has(issuerUrl)).length;
    const name = `keyless-oidc-${slug}${count > 0 ? `-${count + 1}` : ""}`;
    const component = new OidcProvider(
      name,
      { issuerUrl, audiences: [audience] },
      {
        ...(opts?.provider ? { provider: opts.provider } : {}),
        ...(opts?.providers ? { providers: opts.providers } : {}),
      },
    );
    const entry = registryFor(providerKey).get(issuerUrl);
    if (entry) registryFor(providerKey).set(issuerUrl, { ...entry, explicit: false });
    return component;
  }
}

/**
 * Checks that a provider accepts the audience a role pins.
 *
 * @throws {@link TrustValidationError} naming the provider and the fix.
 */
export function checkAudience(provider: OidcProvider, audience: string): void {
  if (provider.audiences.includes(audience)) return;
  throwIfProblems([
    {
      path: "audience",
      value: audience,
      rule: `The OIDC provider for ${provider.issuer.url} accepts only ${provider.audiences.join(", ")}; STS refuses tokens for any other audience.`,
      fix: `Declare the provider yourself (new OidcProvider(..., { issuerUrl: "${provider.issuer.url}", audiences: [...] })) with every audience your roles use, and pass it as oidcProvider.`,
    },
  ]);
}

function checkArgs(args: OidcProviderArgs): { issuer: OidcIssuer; audiences: readonly string[] } {
  const problems: Problem[] = [];
  const issuer = parseIssuerUrl("oidc", args?.issuerUrl, "issuerUrl", true);
  if (Array.isArray(issuer)) problems.push(...issuer);
  const audiences = args?.audiences ?? [AWS_DEFAULT_AUDIENCE];
  if (
    !Array.isArray(audiences) ||
    audiences.length === 0 ||
    audiences.some((a) => typeof a !== "string" || a.trim() === "" || a !== a.trim())
  ) {
    problems.push({
      path: "audiences",
      value: audiences,
      rule: "A provider accepts at least one audience; each is a non-empty string without surrounding whitespace.",
      fix: `Leave it out for ${AWS_DEFAULT_AUDIENCE}, or list the audiences your CI requests.`,
    });
  }
  const thumbprints = args?.thumbprints;
  if (
    thumbprints !== undefined &&
    (thumbprints.length === 0 ||
      thumbprints.length > 5 ||
      thumbprints.some((t) => !/^[0-9a-fA-F]{40}$/.test(t)))
  ) {
    problems.push({
      path: "thumbprints",
      value: thumbprints,
      rule: "IAM takes one to five thumbprints, each the SHA-1 of a certificate as 40 hex digits.",
      fix: "Compute the thumbprint of the top intermediate CA of the issuer's certificate chain.",
    });
  }
  if (!Array.isArray(issuer)) {
    const trusted = trustedCaHosts.some((h) => h.test(issuer.hostPath.split("/")[0] ?? ""));
    if (args.existingArn !== undefined) {
      const parts = parseOidcProviderArn(args.existingArn);
      if (parts === undefined || parts.hostPath !== issuer.hostPath) {
        problems.push({
          path: "existingArn",
          value: args.existingArn,
          rule: `An adopted provider's ARN is arn:PARTITION:iam::ACCOUNT:oidc-provider/${issuer.hostPath} for this issuer.`,
          fix: "Copy the ARN of the existing provider from IAM, or leave existingArn out to create one.",
        });
      }
    } else if (!trusted && thumbprints === undefined) {
      problems.push({
        path: "thumbprints",
        value: undefined,
        rule: `IAM verifies ${issuer.hostPath} by certificate thumbprint: it is not an issuer whose certificates IAM checks against its trusted CAs.`,
        fix: `Declare the provider yourself with thumbprints (new OidcProvider("...", { issuerUrl: "${issuer.url}", thumbprints: ["<40 hex digits>"] })) and pass it as oidcProvider.`,
      });
    }
  }
  throwIfProblems(problems);
  return { issuer: issuer as OidcIssuer, audiences: Object.freeze([...audiences]) };
}

type ProviderKey = object | "default";

function providerKeyOf(opts: pulumi.ComponentResourceOptions | undefined): ProviderKey {
  if (opts?.provider) return opts.provider;
  const providers = opts?.providers;
  if (providers && !Array.isArray(providers)) {
    const aws = (providers as Record<string, pulumi.ProviderResource>)["aws"];
    if (aws) return aws;
  }
  if (Array.isArray(providers)) {
    const aws = providers.find((p) => (p as unknown as { package?: string }).package === "aws");
    if (aws) return aws;
  }
  return "default";
}

// One registry per deployment: keyed by the engine connection, so a fresh mock runtime (tests,
// benchmarks) starts empty, and by a global symbol, so two loaded copies of Keyless share it.
function registries(): Map<ProviderKey, Map<string, RegistryEntry>> {
  const global = globalThis as {
    [registryKey]?: WeakMap<object, Map<ProviderKey, Map<string, RegistryEntry>>>;
  };
  const all = (global[registryKey] ??= new WeakMap());
  const deployment = (pulumi.runtime.getMonitor() as object | undefined) ?? globalThis;
  let registry = all.get(deployment);
  if (!registry) all.set(deployment, (registry = new Map()));
  return registry;
}

function registryFor(providerKey: ProviderKey): Map<string, RegistryEntry> {
  const all = registries();
  let registry = all.get(providerKey);
  if (!registry) all.set(providerKey, (registry = new Map()));
  return registry;
}

function checkNotDeclared(name: string, providerKey: ProviderKey, issuerUrl: string): void {
  const existing = registryFor(providerKey).get(issuerUrl);
  if (existing) {
    const origin = existing.explicit
      ? `OidcProvider "${existing.name}" already declares it`
      : `"${existing.name}" was already created for it by a role that named no oidcProvider`;
    throw new KeylessError(
      "ERR_DUPLICATE_ISSUER",
      `OidcProvider "${name}" declares the issuer ${issuerUrl}, but ${origin} for the same AWS provider; IAM allows one OIDC provider per issuer URL in an account, so creating both would fail. Fix: declare one provider for the issuer before the roles and pass it as oidcProvider to the roles that need it (or adopt an existing one with existingArn).`,
    );
  }
}
