/**
 * Mock outputs for `keyless plan`: what each provider would return, in the real shapes (ARNs,
 * service-account emails, resource names, GUIDs), derived deterministically from the inputs so two
 * plans of the same program print the same thing.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** One resource the program registered, as the provider would receive it. */
export interface PlannedResource {
  /** The Pulumi type token, e.g. `aws:iam/role:Role`. */
  readonly type: string;
  /** The resource's logical name. */
  readonly name: string;
  /** The inputs as the provider receives them. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** `false` for component resources, which group others and reach no provider. */
  readonly custom: boolean;
}

/** Where mock resources live. */
export interface MockCloudOptions {
  /** AWS account ID in ARNs. @default "123456789012" */
  readonly awsAccountId?: string;
  /** AWS region. @default "eu-west-1" */
  readonly awsRegion?: string;
  /** GCP project number in resource names. @default "123456789012" */
  readonly gcpProjectNumber?: string;
  /** Azure tenant ID. @default a fixed placeholder GUID */
  readonly azureTenantId?: string;
  /** Azure subscription ID. @default a fixed placeholder GUID */
  readonly azureSubscriptionId?: string;
}

/** The arguments Pulumi's mock engine passes for a new resource. */
export interface NewResourceArgs {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly custom?: boolean;
}

/** A GUID derived from `seed`, stable across runs. */
export function stableGuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function suffix(name: string): string {
  return createHash("sha256").update(name).digest("hex").slice(0, 7);
}

/**
 * Pulumi mocks that record every resource and answer with realistic outputs.
 *
 * @returns the mocks to pass to `pulumi.runtime.setMocks` and the list they record into.
 */
export function createPlanMocks(options: MockCloudOptions = {}) {
  const account = options.awsAccountId ?? "123456789012";
  const region = options.awsRegion ?? "eu-west-1";
  const projectNumber = options.gcpProjectNumber ?? "123456789012";
  const tenantId = options.azureTenantId ?? "00000000-0000-0000-0000-000000000000";
  const subscriptionId = options.azureSubscriptionId ?? "11111111-1111-1111-1111-111111111111";
  const resources: PlannedResource[] = [];

  const mocks = {
    newResource(args: NewResourceArgs): { id: string; state: Record<string, unknown> } {
      resources.push({
        type: args.type,
        name: args.name,
        inputs: args.inputs,
        custom: args.custom !== false,
      });
      const state = { ...args.inputs, ...outputsFor(args) };
      const id = String(state["id"] ?? state["name"] ?? `${args.name}-id`);
      return { id, state };
    },
    call(args: { token: string; inputs: Record<string, unknown> }): Record<string, unknown> {
      switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return {
            accountId: account,
            arn: `arn:aws:iam::${account}:user/planner`,
            userId: "AIDAPLANNER",
            id: account,
          };
        case "aws:index/getPartition:getPartition":
          return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:index/getRegion:getRegion":
          return { name: region, region, id: region };
        case "gcp:organizations/getProject:getProject":
          return {
            number: projectNumber,
            projectId: String(args.inputs["projectId"] ?? "acme-prod"),
          };
        case "azure-native:authorization:getClientConfig":
          return {
            tenantId,
            subscriptionId,
            clientId: stableGuid("client"),
            objectId: stableGuid("object"),
          };
        default:
          return args.inputs;
      }
    },
  };

  function outputsFor(args: NewResourceArgs): Record<string, unknown> {
    const inputs = args.inputs;
    const name = String(inputs["name"] ?? `${args.name}-${suffix(args.name)}`);
    switch (args.type) {
      case "aws:iam/role:Role":
        return {
          name,
          arn: `arn:aws:iam::${account}:role${String(inputs["path"] ?? "/")}${name}`,
          uniqueId: `AROA${suffix(name).toUpperCase()}EXAMPLE`,
        };
      case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
        return {
          arn: `arn:aws:iam::${account}:oidc-provider/${String(inputs["url"] ?? "").replace(/^https:\/\//, "")}`,
        };
      case "aws:iam/policy:Policy":
        return { name, arn: `arn:aws:iam::${account}:policy/${name}` };
      case "aws:iam/rolePolicy:RolePolicy":
      case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
        return { id: `${args.name}-${suffix(args.name)}` };
      case "gcp:iam/workloadIdentityPool:WorkloadIdentityPool":
        return {
          name: `projects/${projectNumber}/locations/global/workloadIdentityPools/${inputs["workloadIdentityPoolId"]}`,
        };
      case "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider":
        return {
          name: `projects/${projectNumber}/locations/global/workloadIdentityPools/${inputs["workloadIdentityPoolId"]}/providers/${inputs["workloadIdentityPoolProviderId"]}`,
        };
      case "gcp:serviceaccount/account:Account": {
        const project = String(inputs["project"] ?? "acme-prod");
        const email = `${inputs["accountId"]}@${project}.iam.gserviceaccount.com`;
        return {
          email,
          name: `projects/${project}/serviceAccounts/${email}`,
          uniqueId: String(BigInt(`0x${suffix(email)}`) * 1_000_000n),
          member: `serviceAccount:${email}`,
        };
      }
      case "azure-native:managedidentity:UserAssignedIdentity":
        return {
          clientId: stableGuid(`client:${args.name}`),
          principalId: stableGuid(`principal:${args.name}`),
          tenantId,
          id: `/subscriptions/${subscriptionId}/resourceGroups/${inputs["resourceGroupName"]}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${inputs["resourceName"] ?? name}`,
          name: inputs["resourceName"] ?? name,
        };
      case "azure-native:resources:ResourceGroup":
        return {
          id: `/subscriptions/${subscriptionId}/resourceGroups/${inputs["resourceGroupName"] ?? name}`,
          name: inputs["resourceGroupName"] ?? name,
        };
      case "azuread:index/application:Application":
        return {
          clientId: stableGuid(`app:${args.name}`),
          objectId: stableGuid(`appobj:${args.name}`),
        };
      case "azuread:index/servicePrincipal:ServicePrincipal":
        return { objectId: stableGuid(`sp:${args.name}`) };
      default:
        return {};
    }
  }

  return { mocks, resources };
}
