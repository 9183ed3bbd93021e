/**
 * Emergency revocation of role sessions: every AWS session of a role issued before now is denied,
 * with the inline policy AWS's own console attaches (`AWSRevokeOlderSessions`); the GCP
 * equivalent disables the service account; Azure has none.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html
 * @module
 */
import { type IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { KeylessError } from "../errors";
import { GCP_IAM_ENDPOINT, gcpCallFailed, type GcpHttpClient } from "./gcp-http";

/** The inline policy name AWS's console uses; reusing it replaces an earlier revocation. */
export const REVOKE_POLICY_NAME = "AWSRevokeOlderSessions";

/**
 * The deny-everything-issued-before policy, frozen. Sessions whose token was issued before
 * `now` are denied every action; sessions issued after are untouched.
 */
export function renderRevokeOlderSessionsPolicy(now: Date): Readonly<Record<string, unknown>> {
  // Seconds precision, as AWS writes it; a session issued within this second is also denied.
  const cutoff = new Date(Math.ceil(now.getTime() / 1000) * 1000)
    .toISOString()
    .replace(".000Z", "Z");
  return Object.freeze({
    Version: "2012-10-17",
    Statement: Object.freeze([
      Object.freeze({
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: Object.freeze({ DateLessThan: Object.freeze({ "aws:TokenIssueTime": cutoff }) }),
      }),
    ]),
  });
}

/** A role name from a role name or ARN (`arn:aws:iam::123456789012:role/path/name` → `name`). */
export function roleNameOf(role: string): string {
  const name = role.startsWith("arn:") ? role.slice(role.lastIndexOf("/") + 1) : role;
  if (!/^[\w+=,.@-]{1,64}$/.test(name)) {
    throw new KeylessError(
      "ERR_INPUT_UNUSABLE",
      `role: ${JSON.stringify(role)} is not an IAM role name or ARN (1-64 of letters, digits and +=,.@_-). Fix: pass the role's name or its ARN.`,
    );
  }
  return name;
}

/** What a revocation did. */
export interface SessionRevocation {
  readonly roleName: string;
  readonly policyName: string;
  /** The cutoff written into the policy (ISO-8601). */
  readonly revokedBefore: string;
  readonly policy: Readonly<Record<string, unknown>>;
}

/**
 * Attaches the revocation policy to a role. Sessions issued before `now` lose every permission
 * at once; new sessions are unaffected. Undo: delete the inline policy `AWSRevokeOlderSessions`.
 */
export async function revokeAwsRoleSessions(
  client: Pick<IAMClient, "send">,
  role: string,
  now: Date,
): Promise<SessionRevocation> {
  const roleName = roleNameOf(role);
  const policy = renderRevokeOlderSessionsPolicy(now);
  await client.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: REVOKE_POLICY_NAME,
      PolicyDocument: JSON.stringify(policy),
    }),
  );
  const statement = (
    policy.Statement as { Condition: { DateLessThan: Record<string, string> } }[]
  )[0];
  return {
    roleName,
    policyName: REVOKE_POLICY_NAME,
    revokedBefore: statement?.Condition.DateLessThan["aws:TokenIssueTime"] ?? "",
    policy,
  };
}

/**
 * Disables a GCP service account: its existing access tokens are rejected and no new ones are
 * issued (also through workload identity federation) until it is enabled again. Unlike AWS this
 * is not "older sessions only": new sessions fail too.
 *
 * @see https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/disable
 */
export async function disableGcpServiceAccount(
  client: GcpHttpClient,
  email: string,
  endpoint: string = GCP_IAM_ENDPOINT,
): Promise<void> {
  if (!/^[^@/\s]+@[^@/\s]+$/.test(email)) {
    throw new KeylessError(
      "ERR_INPUT_UNUSABLE",
      `serviceAccount: ${JSON.stringify(email)} is not a service account e-mail. Fix: pass NAME@PROJECT.iam.gserviceaccount.com.`,
    );
  }
  const url = `${endpoint.replace(/\/+$/, "")}/v1/projects/-/serviceAccounts/${email}:disable`;
  try {
    await client.request({ url, method: "POST", data: {} });
  } catch (err) {
    throw gcpCallFailed(`disable ${email}`, err);
  }
}

/**
 * Why Azure has no session revocation for managed identities, as the CLI prints it.
 */
export const AZURE_SESSION_REVOCATION_NOTE =
  "Azure has no revocation of tokens already issued to a managed identity or app: they stay valid until they expire (managed identity tokens can be cached for up to 24 hours). To stop new ones, delete the identity's federated credentials and remove its role assignments.";
