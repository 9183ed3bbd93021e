/**
 * Load time of the Azure component's provider classes: the submodule imports Keyless uses versus
 * the obvious `import * as azure from "@pulumi/azure-native"`. Each side runs in a fresh Node
 * process (the module cache would hide the cost otherwise), after `@pulumi/pulumi` is loaded, five
 * times; the medians are compared.
 *
 * Run: npx tsx bench/azure-imports.ts
 */
import { execFileSync } from "node:child_process";

const submodules = [
  "@pulumi/azure-native/authorization/getClientConfig",
  "@pulumi/azure-native/authorization/roleAssignment",
  "@pulumi/azure-native/managedidentity/federatedIdentityCredential",
  "@pulumi/azure-native/managedidentity/userAssignedIdentity",
  "@pulumi/azuread/applicationFederatedIdentityCredential",
  "@pulumi/azuread/applicationFlexibleFederatedIdentityCredential",
  "@pulumi/azuread/applicationRegistration",
  "@pulumi/azuread/getClientConfig",
  "@pulumi/azuread/servicePrincipal",
];

const viaSubmodules = `for (const m of ${JSON.stringify(submodules)}) require(m);`;
const viaRoots = `const an = require("@pulumi/azure-native"); const ad = require("@pulumi/azuread");
void [an.managedidentity.UserAssignedIdentity, an.managedidentity.FederatedIdentityCredential,
  an.authorization.RoleAssignment, an.authorization.getClientConfigOutput, ad.ApplicationRegistration,
  ad.ServicePrincipal, ad.ApplicationFederatedIdentityCredential,
  ad.ApplicationFlexibleFederatedIdentityCredential, ad.getClientConfigOutput];`;

function timeOnce(body: string): number {
  const script = `require("@pulumi/pulumi");
const t = process.hrtime.bigint(); ${body}
process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  return Number(execFileSync(process.execPath, ["-e", script], { cwd: process.cwd() }).toString());
}

function median(body: string, runs = 5): number {
  const times = Array.from({ length: runs }, () => timeOnce(body)).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] as number;
}

const sub = median(viaSubmodules);
const root = median(viaRoots);
console.log(`submodule imports: ${sub.toFixed(1)} ms`);
console.log(`package roots:     ${root.toFixed(1)} ms`);
console.log(`ratio (roots / submodules): ${(root / sub).toFixed(1)}x`);
