import * as pulumi from "@pulumi/pulumi";
import { FederatedRole } from "keyless";

const config = new pulumi.Config();

const deployer = new FederatedRole("deployer", {
  trust: [
    {
      gitlab: {
        project: config.require("gitlabProject"),
        branch: config.get("gitlabBranch") ?? "main",
        protectedOnly: true,
        url: config.get("gitlabUrl") ?? "https://gitlab.com",
      },
    },
  ],
  ttl: config.get("ttl") ?? "1h",
  managedPolicyArns: JSON.parse(config.require("managedPolicyArns")) as string[],
});

/** Set as the project CI/CD variable KEYLESS_AWS_ROLE_ARN. */
export const roleArn = deployer.roleArn;
