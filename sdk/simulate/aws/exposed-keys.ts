/**
 * Which token claims STS turns into trust-policy condition keys, per issuer. A claim that is not
 * exposed has no key, so a condition on it never matches (and a negated one always does).
 *
 * The facts are the AWS renderer's condition-key table, read here so that what Keyless renders
 * and what it simulates can never disagree.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
 * @module
 */
import { awsCanCheckClaim } from "../../aws/condition-keys";

export function isExposedKey(issuerHostPath: string, claim: string): boolean {
  return awsCanCheckClaim(issuerHostPath, claim);
}
