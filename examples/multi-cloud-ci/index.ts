/**
 * acme's identities across AWS, GCP and Azure, each declared once: one trust, one TTL, a grant per
 * cloud. Keyless shares one AWS OIDC provider per issuer and one GCP pool provider per issuer, and
 * gives each cloud the narrowest trust it can enforce.
 */
import { Identity } from "keyless";

const subscription = "/subscriptions/11111111-1111-1111-1111-111111111111";

/** The production deployer of acme/api, in all three clouds. */
const apiProduction = new Identity("api-production", {
  trust: [
    {
      github: {
        repository: "acme/api",
        ownerId: 1234567,
        repositoryId: 7654321,
        environment: "production",
      },
    },
  ],
  ttl: "1h",
  aws: { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonECS_FullAccess"] },
  gcp: {
    project: "acme-prod",
    projectNumber: "123456789012",
    roles: ["roles/run.developer"],
  },
  azure: {
    resourceGroupName: "platform-identities",
    roles: [{ role: "Contributor", scope: `${subscription}/resourceGroups/api-production` }],
  },
});

/** A GitLab project that reads build artefacts from GCP on its protected main branch. */
const artifactsReader = new Identity("artifacts-reader", {
  trust: [{ gitlab: { project: "acme/platform/builder", branch: "main", protectedOnly: true } }],
  ttl: "30m",
  gcp: {
    project: "acme-prod",
    projectNumber: "123456789012",
    roles: ["roles/artifactregistry.reader"],
  },
});

/** A workload on the AKS cluster that reads blobs in Azure. */
const reportsReader = new Identity("reports-reader", {
  trust: [
    {
      kubernetes: {
        issuerUrl:
          "https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/22222222-2222-2222-2222-222222222222/",
        namespace: "reports",
        serviceAccount: "reader",
      },
    },
  ],
  ttl: "90m",
  azure: {
    resourceGroupName: "platform-identities",
    roles: [
      {
        role: "Storage Blob Data Reader",
        scope: `${subscription}/resourceGroups/reports/providers/Microsoft.Storage/storageAccounts/acmereports`,
      },
    ],
  },
});

export const apiProductionRoleArn = apiProduction.awsRoleArn;
export const apiProductionServiceAccount = apiProduction.gcpServiceAccountEmail;
export const apiProductionAzureClientId = apiProduction.azureClientId;
export const artifactsReaderServiceAccount = artifactsReader.gcpServiceAccountEmail;
export const reportsReaderClientId = reportsReader.azureClientId;
