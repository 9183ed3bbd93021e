/**
 * `keyless sessions revoke ROLE`: invalidates every session of a role issued before now.
 *
 * @module
 */
import {
  AZURE_SESSION_REVOCATION_NOTE,
  defaultGcpClient,
  disableGcpServiceAccount,
  revokeAwsRoleSessions,
} from "../../keys";
import { type CommandRegistration, ExitCode, UsageError } from "../io";
import { type AwsConnectionOptions, iamClientFrom, withAwsOptions } from "./keys";

interface RevokeFlags extends AwsConnectionOptions {
  readonly cloud: string;
  readonly json?: boolean;
  readonly iamEndpoint?: string;
}

/** Registers `keyless sessions`. */
export const register: CommandRegistration = (program, io, exit) => {
  const sessions = program.command("sessions").description("emergency revocation of role sessions");
  withAwsOptions(
    sessions
      .command("revoke")
      .argument("<role>", "AWS role name or ARN; GCP service account e-mail")
      .description("deny every session of a role issued before now (containment: no dry run)")
      .option("--cloud <cloud>", "aws, gcp or azure", "aws")
      .option("--iam-endpoint <url>", "GCP: IAM API root (default Google's)")
      .option("--json", "print the result as JSON"),
  ).action(async (role: string, flags: RevokeFlags) => {
    switch (flags.cloud) {
      case "aws": {
        const result = await revokeAwsRoleSessions(iamClientFrom(flags, io.env), role, new Date());
        if (flags.json) {
          io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        } else {
          io.stdout.write(
            `Sessions of role ${result.roleName} issued before ${result.revokedBefore} are now denied every action (inline policy ${result.policyName}). New sessions are not affected; IAM changes take a few seconds to apply.\n` +
              `Undo: aws iam delete-role-policy --role-name ${result.roleName} --policy-name ${result.policyName}\n`,
          );
        }
        return exit(ExitCode.ok);
      }
      case "gcp": {
        await disableGcpServiceAccount(await defaultGcpClient(), role, flags.iamEndpoint);
        io.stdout.write(
          `Disabled service account ${role}: its access tokens are rejected and no new ones are issued (GCP cannot revoke only older sessions). Undo: gcloud iam service-accounts enable ${role}\n`,
        );
        return exit(ExitCode.ok);
      }
      case "azure":
        io.stderr.write(`keyless: ${AZURE_SESSION_REVOCATION_NOTE}\n`);
        return exit(ExitCode.finding);
      default:
        throw new UsageError(
          `--cloud: ${JSON.stringify(flags.cloud)} is not a cloud. Fix: use aws, gcp or azure.`,
        );
    }
  });
};
