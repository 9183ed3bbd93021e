/**
 * The size of an IAM trust policy as IAM counts it: characters, not bytes, without whitespace.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * @module
 */
import type { Problem } from "../errors";

/**
 * The default limit of a role trust policy (the `ACLSizePerRole` quota), in characters without
 * whitespace. Accounts may raise it to 4,096.
 */
export const AWS_TRUST_POLICY_MAX_CHARACTERS = 2048;

/** Counts the characters of a policy document that IAM counts: every character but whitespace. */
export function countPolicyCharacters(json: string): number {
  let count = 0;
  for (const ch of json) if (!/\s/.test(ch)) count++;
  return count;
}

/**
 * Checks a rendered trust policy against the limit.
 *
 * @param maxCharacters - the account's limit. @default 2048
 * @param path - the property path the policy comes from, for the problem.
 */
export function checkPolicySize(
  json: string,
  path: string,
  maxCharacters: number = AWS_TRUST_POLICY_MAX_CHARACTERS,
): Problem | undefined {
  const characters = countPolicyCharacters(json);
  if (characters <= maxCharacters) return undefined;
  return {
    path,
    value: `${characters} characters`,
    rule: `An IAM trust policy holds at most ${maxCharacters} characters, not counting whitespace (the account's ACLSizePerRole quota); this one has ${characters}.`,
    fix: "Split the subjects across several roles, or raise the quota (up to 4,096) and set maxPolicyCharacters to match.",
  };
}
