/**
 * The independent evaluator for differential tests: `@cloud-copilot/iam-simulate`, asked to
 * simulate `sts:AssumeRoleWithWebIdentity` against a role whose resource policy is the trust
 * policy.
 *
 * Mapping: the request's principal is the OIDC provider ARN; the resource is the role (same
 * account, so no identity policy is needed); each condition key is a context variable. The
 * simulator keeps only context keys that AWS documents for the action and types them, so the
 * generated keys are documented single-valued string keys (Google's `aud`, `sub`, `oaud` and
 * GitHub's provider claims).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";

export const ORACLE_ROLE_ARN = "arn:aws:iam::123456789012:role/federated";

/** Whether the oracle allows the request; throws when it refuses the input. */
export async function oracleAllows(
  policy: unknown,
  providerArn: string,
  context: Readonly<Record<string, string>>,
): Promise<boolean> {
  const result = await runSimulation(
    {
      request: {
        principal: providerArn,
        action: "sts:AssumeRoleWithWebIdentity",
        resource: { resource: ORACLE_ROLE_ARN, accountId: "123456789012" },
        contextVariables: { ...context },
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policy,
    },
    {},
  );
  if (result.resultType === "error") {
    throw new Error(`The oracle refused the input: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult === "Allowed";
}
