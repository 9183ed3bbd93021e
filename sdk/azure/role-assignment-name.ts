/**
 * Role assignment names. Azure names a role assignment by a GUID chosen by the caller; choosing it
 * from what the assignment means (scope, principal, role) makes a re-run find the same assignment
 * instead of creating a second one, which Azure would refuse as a conflict.
 *
 * @see https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#name
 * @module
 */
import { createHash } from "node:crypto";

/** The namespace of Keyless's name-based UUIDs, so they never equal another tool's. */
export const KEYLESS_UUID_NAMESPACE = "5d0c1a4e-7b36-4f0e-9c2a-8e4b6f1d3a70";

/**
 * A name-based UUID, version 5 (SHA-1), as RFC 9562 section 5.5 defines it.
 *
 * @param namespace - a UUID in its text form.
 * @param name - the name, hashed as UTF-8.
 */
export function uuidV5(namespace: string, name: string): string {
  const hex = namespace.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) {
    throw new TypeError(`Expected a UUID as the namespace, got "${namespace}".`);
  }
  const bytes = createHash("sha1")
    .update(Buffer.from(hex, "hex"))
    .update(Buffer.from(name, "utf8"))
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const out = bytes.toString("hex");
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}

/**
 * The name of the role assignment of `roleDefinitionGuid` to `principalId` at `scope`: the same
 * three always give the same GUID. The scope is compared case-insensitively, as Azure does.
 */
export function roleAssignmentName(
  scope: string,
  principalId: string,
  roleDefinitionGuid: string,
): string {
  const key = [scope.toLowerCase(), principalId.toLowerCase(), roleDefinitionGuid.toLowerCase()];
  return uuidV5(KEYLESS_UUID_NAMESPACE, key.join("|"));
}
