/**
 * The three-cloud synthesis scenario: N identities, each a GitHub environment granted in AWS, GCP
 * and Azure, declared once through Keyless's `Identity` versus the same resources written by hand
 * with `@pulumi/aws`, `@pulumi/gcp` and `@pulumi/azure-native`.
 */
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment";
import { FederatedIdentityCredential } from "@pulumi/azure-native/managedidentity/federatedIdentityCredential";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity/userAssignedIdentity";
import * as gcp from "@pulumi/gcp";
import { Identity } from "../sdk/identity";
import { handWrittenTrustPolicy, productionSubjects } from "./hand-written-aws";

const ECS_POLICY = "arn:aws:iam::aws:policy/AmazonECS_FullAccess";
const SUBSCRIPTION = "/subscriptions/11111111-1111-1111-1111-111111111111";
const CONTRIBUTOR =
  "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c";
const POOL = "projects/123456789012/locations/global/workloadIdentityPools/";
const GITHUB = "https://token.actions.githubusercontent.com";
const TEAM_SIZE = 10;

/** Declares `n` three-cloud identities through Keyless. */
export async function keylessMultiCloud(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    new Identity(`deploy-${i}`, {
      trust: [
        {
          github: {
            repository: `acme/service-${i}`,
            ownerId: 1234567,
            repositoryId: 1_000_000 + i,
            environment: "production",
          },
        },
      ],
      ttl: "1h",
      aws: { managedPolicyArns: [ECS_POLICY] },
      // GCP caps a provider's condition at 4,096 characters, so teams of ten share a pool.
      gcp: {
        project: "acme-prod",
        projectNumber: "123456789012",
        roles: ["roles/run.developer"],
        poolPurpose: `team-${Math.floor(i / TEAM_SIZE)}`,
      },
      azure: {
        resourceGroupName: "identities",
        roles: [{ role: "Contributor", scope: `${SUBSCRIPTION}/resourceGroups/service-${i}` }],
      },
    });
  }
}

/** Declares the same resources by hand: what a careful engineer writes without Keyless. */
export async function handWrittenMultiCloud(n: number): Promise<void> {
  const github = new OpenIdConnectProvider("github", {
    url: GITHUB,
    clientIdLists: ["sts.amazonaws.com"],
  });
  for (let team = 0; team * TEAM_SIZE < n; team++) {
    const pool = `team-${team}`;
    new gcp.iam.WorkloadIdentityPool(pool, { project: "acme-prod", workloadIdentityPoolId: pool });
    const ids = Array.from(
      { length: Math.min(TEAM_SIZE, n - team * TEAM_SIZE) },
      (_, k) => team * TEAM_SIZE + k,
    );
    new gcp.iam.WorkloadIdentityPoolProvider(`${pool}-github`, {
      project: "acme-prod",
      workloadIdentityPoolId: pool,
      workloadIdentityPoolProviderId: "github",
      oidc: { issuerUri: GITHUB },
      attributeMapping: { "google.subject": "assertion.sub" },
      attributeCondition: `assertion.repository_owner_id == '1234567' && (${ids.map((i) => `assertion.repository_id == '${1_000_000 + i}'`).join(" || ")})`,
    });
  }
  for (let i = 0; i < n; i++) {
    const role = new Role(`deploy-${i}`, {
      maxSessionDuration: 3600,
      assumeRolePolicy: github.arn.apply((arn) => handWrittenTrustPolicy(arn, i)),
    });
    new RolePolicyAttachment(`deploy-${i}-ecs`, { role: role.name, policyArn: ECS_POLICY });

    const account = new gcp.serviceaccount.Account(`deploy-${i}`, {
      project: "acme-prod",
      accountId: `deploy-${i}`,
    });
    productionSubjects(i).forEach((sub, j) => {
      new gcp.serviceaccount.IAMMember(`deploy-${i}-wiu-${j}`, {
        serviceAccountId: account.name,
        role: "roles/iam.workloadIdentityUser",
        member: `principal://iam.googleapis.com/${POOL}team-${Math.floor(i / TEAM_SIZE)}/subject/${sub}`,
      });
    });
    new gcp.projects.IAMMember(`deploy-${i}-run`, {
      project: "acme-prod",
      role: "roles/run.developer",
      member: account.email.apply((e) => `serviceAccount:${e}`),
    });

    const identity = new UserAssignedIdentity(`deploy-${i}`, {
      resourceGroupName: "identities",
      resourceName: `deploy-${i}`,
    });
    let previous: FederatedIdentityCredential | undefined;
    productionSubjects(i).forEach((sub, j) => {
      previous = new FederatedIdentityCredential(
        `deploy-${i}-fic-${j}`,
        {
          resourceGroupName: "identities",
          resourceName: identity.name,
          federatedIdentityCredentialResourceName: `fic-${j}`,
          issuer: GITHUB,
          subject: sub,
          audiences: ["api://AzureADTokenExchange"],
        },
        previous ? { dependsOn: [previous] } : {},
      );
    });
    new RoleAssignment(`deploy-${i}-contributor`, {
      scope: `${SUBSCRIPTION}/resourceGroups/service-${i}`,
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: `${SUBSCRIPTION}${CONTRIBUTOR}`,
    });
  }
}
