/**
 * Roles by name: a small table of Azure built-in roles Keyless resolves to their role-definition
 * GUIDs, which are the same in every tenant. Any other role (built-in or custom) is granted by its
 * role-definition GUID or full resource ID.
 *
 * @see https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 * @module
 */
import type { Problem } from "../errors";

/**
 * Built-in role names and their role-definition GUIDs. Names are matched case-insensitively, as
 * Azure does; the table is deliberately short and lists roles CI jobs and workloads commonly get.
 */
export const BUILT_IN_ROLES: Readonly<Record<string, string>> = Object.freeze({
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  "Storage Queue Data Reader": "19e7f393-937e-4f77-808e-94535e297925",
  "Storage Queue Data Contributor": "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
  "Storage Table Data Reader": "76199698-9eea-4c19-bc75-cec21354c6b6",
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  AcrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
  "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
  "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  "Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
  "Azure Kubernetes Service Cluster User Role": "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
});

/** A role as a grant names it, resolved. */
export type AzureRoleReference =
  | { readonly kind: "built-in"; readonly name: string; readonly guid: string }
  | { readonly kind: "guid"; readonly guid: string }
  | { readonly kind: "resource-id"; readonly id: string; readonly guid: string };

const guidSyntax = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const resourceIdSyntax =
  /^(?:\/subscriptions\/[^/]+|\/providers\/Microsoft\.Management\/managementGroups\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-fA-F-]{36})$/i;

/**
 * Resolves a role as a grant names it: a built-in role name from {@link BUILT_IN_ROLES}, a
 * role-definition GUID, or a role definition's full resource ID.
 *
 * @param path - the property path of the role, for the problem.
 */
export function resolveRole(role: unknown, path: string): AzureRoleReference | Problem {
  if (typeof role === "string" && guidSyntax.test(role)) {
    return { kind: "guid", guid: role.toLowerCase() };
  }
  const byId = typeof role === "string" ? resourceIdSyntax.exec(role) : null;
  if (byId?.[1] && guidSyntax.test(byId[1])) {
    return { kind: "resource-id", id: role as string, guid: byId[1].toLowerCase() };
  }
  const name =
    typeof role === "string"
      ? Object.keys(BUILT_IN_ROLES).find((n) => n.toLowerCase() === role.trim().toLowerCase())
      : undefined;
  if (name) return { kind: "built-in", name, guid: BUILT_IN_ROLES[name] as string };
  return {
    path,
    value: role,
    rule: `A role is one of the built-in names Keyless knows (${Object.keys(BUILT_IN_ROLES).join(", ")}), a role-definition GUID, or a role definition's resource ID.`,
    fix: 'Give the role-definition GUID instead: `az role definition list --name "ROLE NAME" --query "[].name" -o tsv` prints it.',
  };
}

const subscriptionOf = /^\/subscriptions\/([^/]+)/i;

/**
 * The role-definition resource ID to put in a role assignment at `scope`: the subscription-level
 * form Azure itself returns when the scope is in a subscription, the tenant-level form otherwise
 * (management groups), or the resource ID as given.
 */
export function roleDefinitionIdAt(role: AzureRoleReference, scope: string): string {
  if (role.kind === "resource-id") return role.id;
  const subscription = subscriptionOf.exec(scope)?.[1];
  const tail = `/providers/Microsoft.Authorization/roleDefinitions/${role.guid}`;
  return subscription ? `/subscriptions/${subscription}${tail}` : tail;
}

const scopeSyntax =
  /^\/(?:$|subscriptions\/[^/]+(?:\/.*)?$|providers\/Microsoft\.Management\/managementGroups\/[^/]+$)/i;

/**
 * Checks a role assignment scope given as text: `/subscriptions/ID[/…]`, a management group, or
 * `/`. Returns the problem, or `undefined` when the scope is usable.
 */
export function checkScope(scope: string, path: string): Problem | undefined {
  if (scopeSyntax.test(scope) && !scope.endsWith("/")) return undefined;
  if (scope === "/") return undefined;
  return {
    path,
    value: scope,
    rule: "A scope is an Azure resource ID: /subscriptions/ID, a resource group or resource under it, or a management group; without a trailing slash.",
    fix: "Pass the resource's `id` output, or write e.g. /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod.",
  };
}
