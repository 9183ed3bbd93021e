import { describe, expect, it } from "vitest";
import { trustDocumentOf } from "../../../provider/policy/trust-documents";

const github = "https://token.actions.githubusercontent.com";

describe("trustDocumentOf", () => {
  it.each([
    [
      "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
      {
        project: "acme-prod",
        workloadIdentityPoolId: "ci",
        workloadIdentityPoolProviderId: "github",
        attributeMapping: { "google.subject": "assertion.sub" },
        attributeCondition: "assertion.repository_id == '7654321'",
        oidc: { issuerUri: github },
      },
      {
        cloud: "gcp",
        document: {
          name: "projects/acme-prod/locations/global/workloadIdentityPools/ci/providers/github",
          attributeMapping: { "google.subject": "assertion.sub" },
          attributeCondition: "assertion.repository_id == '7654321'",
          oidc: { issuerUri: github },
        },
      },
    ],
    [
      "azure-native:managedidentity:FederatedIdentityCredential",
      {
        resourceGroupName: "acme-identities",
        resourceName: "api-deploy",
        federatedIdentityCredentialResourceName: "repo-acme-api-environment-production",
        issuer: github,
        subject: "repo:acme/api:environment:production",
        audiences: ["api://AzureADTokenExchange"],
      },
      {
        cloud: "azure",
        document: {
          name: "repo-acme-api-environment-production",
          issuer: github,
          subject: "repo:acme/api:environment:production",
          audiences: ["api://AzureADTokenExchange"],
        },
      },
    ],
    [
      "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential",
      {
        applicationId: "/applications/00000000-0000-0000-0000-000000000001",
        displayName: "acme-api-tags",
        issuer: github,
        claimsMatchingExpression: "claims['sub'] matches 'repo:acme/api:ref:refs/tags/v*'",
        audience: "api://AzureADTokenExchange",
      },
      {
        cloud: "azure",
        document: {
          name: "acme-api-tags",
          issuer: github,
          claimsMatchingExpression: {
            value: "claims['sub'] matches 'repo:acme/api:ref:refs/tags/v*'",
            languageVersion: 1,
          },
          audiences: ["api://AzureADTokenExchange"],
        },
      },
    ],
  ])("gives the API-shaped document of %s", (type, props, expected) => {
    expect(trustDocumentOf(type, props)).toMatchObject(expected);
  });

  it.each([
    ["a role trusting a service", { Statement: [{ Principal: { Service: "ec2.amazonaws.com" } }] }],
    ["a role trusting an account", JSON.stringify({ Statement: { Principal: { AWS: "*" } } })],
  ])("skips %s", (_title, assumeRolePolicy) => {
    expect(trustDocumentOf("aws:iam/role:Role", { assumeRolePolicy })).toBeUndefined();
  });

  it("skips a pool provider for SAML or AWS, which have no OIDC issuer", () => {
    const props = { workloadIdentityPoolId: "ci", aws: { accountId: "123456789012" } };
    expect(
      trustDocumentOf("gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider", props),
    ).toBeUndefined();
  });
});
