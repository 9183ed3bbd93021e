import * as pulumi from "@pulumi/pulumi";
import { GcpFederatedServiceAccount } from "keyless";

const config = new pulumi.Config();
const repository = config.require("githubRepository");
const branch = config.get("githubBranch") ?? "main";

const publisher = new GcpFederatedServiceAccount("publisher", {
  trust: [{ github: { repository, branch } }],
  ttl: config.get("ttl") ?? "1h",
  project: new pulumi.Config("gcp").require("project"),
  roles: JSON.parse(config.require("roles")) as string[],
});

/** Set as the repository variable GCP_WORKLOAD_IDENTITY_PROVIDER. */
export const workloadIdentityProvider = publisher.providerName;
/** Set as the repository variable GCP_SERVICE_ACCOUNT. */
export const serviceAccountEmail = publisher.serviceAccountEmail;
