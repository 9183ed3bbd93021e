import * as pulumi from "@pulumi/pulumi";
import { FederatedRole } from "keyless";

const config = new pulumi.Config();
const repository = config.require("githubRepository");
const environment = config.get("githubEnvironment") ?? "production";

// Only jobs that run in the environment may assume the role: protect the environment with required
// reviewers or branch rules in the repository settings.
const deployer = new FederatedRole("deployer", {
  trust: [{ github: { repository, environment } }],
  ttl: config.get("ttl") ?? "1h",
  managedPolicyArns: JSON.parse(config.require("managedPolicyArns")) as string[],
});

/** Set as the repository variable AWS_ROLE_ARN. */
export const roleArn = deployer.roleArn;
