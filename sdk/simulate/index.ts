/**
 * The trust simulator: given a token's claims, which identities can it reach in each cloud, and
 * if not, why not — with each cloud's own matching rules, evaluated on the rendered documents.
 * Pure: no cloud SDK, no I/O.
 *
 * @module
 */
export * as aws from "./aws";
export * as azure from "./azure";
export { checkManifests } from "./check-manifests";
export type { CheckOptions, CheckResult } from "./check-manifests";
export type { Claims } from "./claims";
export * as gcp from "./gcp";
export { nearMissHints } from "./hints";
export { allow, deny, describeValue } from "./verdict";
export type { CloudKind, Reason, Verdict } from "./verdict";
