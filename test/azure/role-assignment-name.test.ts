import { describe, expect, it } from "vitest";
import { roleAssignmentName, uuidV5 } from "../../sdk/azure";

const dns = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
const url = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

describe("uuidV5", () => {
  // Expected values computed independently with Python's uuid.uuid5.
  it.each([
    [dns, "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d"],
    [url, "https://example.com/a", "6639460f-3425-5329-8097-a58f06127860"],
    [dns, "ünïcödé.example", "9ce0d29f-cac7-5959-a9d2-5ed1cbb2e529"],
  ])("in namespace %s names %s as %s", (namespace, name, expected) => {
    expect(uuidV5(namespace, name)).toBe(expected);
  });

  it("refuses a namespace that is not a UUID", () => {
    expect(() => uuidV5("not-a-uuid", "x")).toThrow(/Expected a UUID as the namespace/);
  });
});

describe("roleAssignmentName", () => {
  const scope = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod";
  const principal = "11111111-2222-3333-4444-555555555555";
  const reader = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  it("is a version-5 UUID of scope, principal and role", () => {
    // Computed independently with Python's uuid.uuid5 in Keyless's namespace.
    expect(roleAssignmentName(scope, principal, reader)).toBe(
      "36bc92f1-2fc8-545e-a93e-754aa2ca13f1",
    );
  });

  it("ignores the scope's letter case, as Azure does", () => {
    expect(roleAssignmentName(scope.toUpperCase(), principal, reader)).toBe(
      roleAssignmentName(scope, principal, reader),
    );
  });

  it.each([
    ["scope", [`${scope}-2`, principal, reader]],
    ["principal", [scope, "11111111-2222-3333-4444-555555555556", reader]],
    ["role", [scope, principal, "b24988ac-6180-42a0-ab88-20f7382dd24c"]],
  ])("changes with the %s", (_, args) => {
    const [s, p, r] = args as [string, string, string];
    expect(roleAssignmentName(s, p, r)).not.toBe(roleAssignmentName(scope, principal, reader));
  });
});
