/**
 * IAM OIDC provider ARNs: `arn:PARTITION:iam::ACCOUNT:oidc-provider/HOSTPATH`. The partition and
 * account always come from an ARN the caller has (a resource output, an adopted provider), never
 * from a constant, so the same code serves `aws`, `aws-cn`, `aws-us-gov` and the isolated
 * partitions.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 * @module
 */

/** The parts of an IAM OIDC provider ARN. */
export interface OidcProviderArnParts {
  /** `aws`, `aws-cn`, `aws-us-gov`, … */
  readonly partition: string;
  /** The 12-digit account ID. */
  readonly accountId: string;
  /** The issuer URL without `https://`, as IAM names the provider. */
  readonly hostPath: string;
}

const arnSyntax = /^arn:(aws[a-z-]*):iam::(\d{12}):oidc-provider\/(.+)$/;

/** Splits an IAM OIDC provider ARN, or returns `undefined` when `arn` is not one. */
export function parseOidcProviderArn(arn: string): OidcProviderArnParts | undefined {
  const match = arnSyntax.exec(arn);
  if (!match) return undefined;
  const [, partition = "", accountId = "", hostPath = ""] = match;
  return Object.freeze({ partition, accountId, hostPath });
}

/** Builds an IAM OIDC provider ARN from its parts. */
export function formatOidcProviderArn(parts: OidcProviderArnParts): string {
  return `arn:${parts.partition}:iam::${parts.accountId}:oidc-provider/${parts.hostPath}`;
}
