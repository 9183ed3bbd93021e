/**
 * The Keyless policy pack: no static cloud keys, every federated trust linted, session lifetimes
 * bounded per environment. Run with `pulumi preview --policy-pack <this folder>`.
 *
 * The pack starts only when the policy host runs this folder; importing it (tests, other packs)
 * gives the policies without starting a server.
 *
 * @module
 */
import { PolicyPack } from "@pulumi/policy";
import { sep } from "node:path";
import { keylessPolicies, POLICY_PACK_NAME } from "./policies";

export { keylessPolicies, POLICY_PACK_NAME } from "./policies";
export { lintDocument } from "./lint-adapter";
export type { LintFinding, LintSeverity } from "./lint-adapter";

/** Whether this process is the policy host running the pack (`run-policy-pack`). */
function runByPolicyHost(): boolean {
  return (require.main?.filename ?? "").includes(`${sep}run-policy-pack${sep}`);
}

if (runByPolicyHost()) {
  new PolicyPack(POLICY_PACK_NAME, { policies: [...keylessPolicies] });
}
