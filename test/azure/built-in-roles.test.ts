import { describe, expect, it } from "vitest";
import { BUILT_IN_ROLES, checkScope, resolveRole, roleDefinitionIdAt } from "../../sdk/azure";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000000";

describe("resolveRole", () => {
  it.each([
    ["Reader", { kind: "built-in", name: "Reader", guid: "acdd72a7-3385-48ef-bd42-f606fba81ae7" }],
    [
      "contributor",
      { kind: "built-in", name: "Contributor", guid: "b24988ac-6180-42a0-ab88-20f7382dd24c" },
    ],
    [
      "Storage Blob Data Reader",
      {
        kind: "built-in",
        name: "Storage Blob Data Reader",
        guid: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
      },
    ],
    [
      "ACDD72A7-3385-48EF-BD42-F606FBA81AE7",
      { kind: "guid", guid: "acdd72a7-3385-48ef-bd42-f606fba81ae7" },
    ],
    [
      `${sub}/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555`,
      {
        kind: "resource-id",
        id: `${sub}/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555`,
        guid: "11111111-2222-3333-4444-555555555555",
      },
    ],
  ])("resolves %s", (role, expected) => {
    expect(resolveRole(role, "roles[0].role")).toEqual(expected);
  });

  it.each([["Readr"], [""], [42]])(
    "refuses %j with the names it knows and how to find a GUID",
    (role) => {
      expect(resolveRole(role, "roles[0].role")).toMatchObject({
        path: "roles[0].role",
        value: role,
        rule: expect.stringMatching(/built-in names Keyless knows \(Owner, Contributor, Reader/),
        fix: expect.stringMatching(/az role definition list --name/),
      });
    },
  );

  it("lists only well-formed GUIDs", () => {
    for (const guid of Object.values(BUILT_IN_ROLES)) {
      expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(new Set(Object.values(BUILT_IN_ROLES)).size).toBe(Object.keys(BUILT_IN_ROLES).length);
  });
});

describe("roleDefinitionIdAt", () => {
  const reader = {
    kind: "built-in",
    name: "Reader",
    guid: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  } as const;

  it.each([
    [
      `${sub}/resourceGroups/acme-prod`,
      `${sub}/providers/Microsoft.Authorization/roleDefinitions/${reader.guid}`,
    ],
    [sub, `${sub}/providers/Microsoft.Authorization/roleDefinitions/${reader.guid}`],
    [
      "/providers/Microsoft.Management/managementGroups/acme",
      `/providers/Microsoft.Authorization/roleDefinitions/${reader.guid}`,
    ],
  ])("at %s is %s", (scope, expected) => {
    expect(roleDefinitionIdAt(reader, scope)).toBe(expected);
  });
});

describe("checkScope", () => {
  it.each([
    [sub, true],
    [`${sub}/resourceGroups/acme-prod/providers/Microsoft.Storage/storageAccounts/acme`, true],
    ["/providers/Microsoft.Management/managementGroups/acme", true],
    ["/", true],
    [`${sub}/`, false],
    ["subscriptions/00000000-0000-0000-0000-000000000000", false],
    ["acme-prod", false],
  ])("accepts %s: %s", (scope, ok) => {
    expect(checkScope(scope, "roles[0].scope") === undefined).toBe(ok);
  });
});
