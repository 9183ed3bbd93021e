/**
 * Which token claims STS exposes as condition keys for an issuer: the AWS renderer's table, read
 * here so the linter, the renderer and the simulator can never disagree.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * @module
 */
import { awsCanCheckClaim } from "../../aws/condition-keys";

/**
 * Whether STS exposes `claim` as the condition key `<issuer>:<claim>` for tokens of the issuer
 * at `hostPath`. Condition keys are case-insensitive in IAM, so the claim is compared lower-cased.
 */
export function awsExposesClaim(hostPath: string, claim: string): boolean {
  return awsCanCheckClaim(hostPath, claim) || awsCanCheckClaim(hostPath, claim.toLowerCase());
}
