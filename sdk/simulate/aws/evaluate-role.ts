/**
 * A token against a role: which OIDC provider the token reaches in the role's account, the keys
 * STS derives from its claims, and the role's trust policy.
 *
 * @module
 */
import { KeylessError } from "../../errors";
import { nearMissHints } from "../hints";
import { deny, type Verdict } from "../verdict";
import { compileTrustPolicy, type CompiledTrustPolicy } from "./compile-policy";
import { evaluateTrustPolicy } from "./evaluate-policy";
import {
  BUILT_IN_WEB_IDENTITY_PROVIDERS,
  type Claims,
  issuerHostPath,
  oidcProviderArn,
  webIdentityContext,
} from "./request-context";

/** What {@link evaluateAwsTrust} needs. */
export interface AwsTrustOptions {
  /** The role's trust policy: a document, its JSON text, or a compiled policy. */
  readonly trustPolicy: unknown;
  /** `arn:aws:iam::ACCOUNT:role/NAME`: the account decides which provider the token reaches. */
  readonly roleArn: string;
  /** The token's claims. */
  readonly claims: Claims;
  /**
   * The OIDC providers that exist in the account. @default unknown: the provider for the token's
   * issuer is assumed to exist
   */
  readonly providerArns?: readonly string[];
}

const roleArnSyntax = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/.+$/;

/**
 * Whether a token with `claims` may assume the role, and why.
 *
 * @throws KeylessError `ERR_INPUT_UNUSABLE` when the role ARN or the policy cannot be read.
 * @example
 * ```ts
 * evaluateAwsTrust({ trustPolicy, roleArn: "arn:aws:iam::123456789012:role/deploy", claims });
 * ```
 */
export function evaluateAwsTrust(options: AwsTrustOptions): Verdict {
  const arn = roleArnSyntax.exec(options.roleArn);
  if (!arn) {
    throw new KeylessError(
      "ERR_INPUT_UNUSABLE",
      `roleArn: ${JSON.stringify(options.roleArn)} — a role ARN is arn:aws:iam::ACCOUNT:role/NAME. Fix: copy the role's ARN.`,
    );
  }
  const policy = isCompiled(options.trustPolicy)
    ? options.trustPolicy
    : compileTrustPolicy(options.trustPolicy);
  const iss = options.claims["iss"];
  if (typeof iss !== "string" || iss === "") {
    return deny([
      {
        kind: "failed",
        message: "The token has no iss claim, so STS cannot find an OIDC provider for it.",
        claim: "iss",
      },
    ]);
  }
  const providerArn = oidcProviderArn(arn[2] as string, iss, arn[1]);
  const hostPath = issuerHostPath(iss);
  // Google, Cognito, Facebook and Amazon tokens reach STS without an IAM OIDC provider and are
  // named bare, unless the account created an OIDC provider for the issuer.
  const builtIn =
    BUILT_IN_WEB_IDENTITY_PROVIDERS.has(hostPath) && !options.providerArns?.includes(providerArn);
  const principal = builtIn ? hostPath : providerArn;
  if (!builtIn && options.providerArns && !options.providerArns.includes(providerArn)) {
    const issuers = options.providerArns.map(
      (p) => `https://${p.replace(/^arn:[^:]+:iam::\d+:oidc-provider\//, "")}`,
    );
    return deny([
      {
        kind: "failed",
        message: `The role trusts no OIDC provider for the issuer ${JSON.stringify(iss)}, so no statement can admit the token. The providers it trusts: ${options.providerArns.join(", ") || "none"}.`,
        claim: "iss",
        actual: iss,
        expected: issuers,
      },
      ...nearMissHints("iss", iss, issuers),
    ]);
  }
  return evaluateTrustPolicy(
    policy,
    { providerArn: principal, context: webIdentityContext(options.claims) },
    options.claims,
  );
}

function isCompiled(value: unknown): value is CompiledTrustPolicy {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "aws-trust-policy"
  );
}
