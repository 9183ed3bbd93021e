/**
 * acme's federated AWS roles: who may act as which role, from where, for how long. `pulumi up`
 * creates one IAM OIDC provider per issuer (GitHub, GitLab, the EKS cluster) and five roles; no
 * long-lived AWS key is left in any CI system.
 */
import { FederatedRole } from "keyless";

const apiDeploy = new FederatedRole("api-deploy", {
  trust: {
    github: {
      repository: "acme/api",
      ownerId: 1234567,
      repositoryId: 7654321,
      environment: "production",
    },
  },
  ttl: "45m",
  managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonECS_FullAccess"],
});

const webMain = new FederatedRole("web-main", {
  trust: { github: { repository: "acme/web", branch: "main" } },
  ttl: "1h",
  policyStatements: [{ Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-web/*" }],
});

const infraRelease = new FederatedRole("infra-release", {
  trust: { github: { repository: "acme/infra", tag: "v*" } },
  ttl: "2h",
  managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
});

const gitlabDeploy = new FederatedRole("gitlab-deploy", {
  trust: { gitlab: { project: "acme/platform/deployer", branch: "main" } },
  ttl: "30m",
  managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"],
});

const paymentsReader = new FederatedRole("payments-reader", {
  trust: {
    kubernetes: {
      issuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789",
      namespace: "payments",
      serviceAccount: "reader",
    },
  },
  ttl: "1h",
  policyStatements: [
    {
      Action: "dynamodb:GetItem",
      Resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/payments",
    },
  ],
});

export const roleArns = {
  apiDeploy: apiDeploy.roleArn,
  webMain: webMain.roleArn,
  infraRelease: infraRelease.roleArn,
  gitlabDeploy: gitlabDeploy.roleArn,
  paymentsReader: paymentsReader.roleArn,
};

export const ciSnippets = {
  apiDeploy: apiDeploy.ciSnippet,
  webMain: webMain.ciSnippet,
  infraRelease: infraRelease.ciSnippet,
  gitlabDeploy: gitlabDeploy.ciSnippet,
  paymentsReader: paymentsReader.ciSnippet,
};
