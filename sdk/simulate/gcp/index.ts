/**
 * The GCP evaluator: workload identity pool providers (CEL attribute mapping and condition) and
 * the principals bound to an identity. Pure: no Google SDK, no I/O.
 *
 * @module
 */
export { compileCel, extract } from "./cel";
export type { CelProgram } from "./cel";
export { evaluateGcpProvider, GOOGLE_SUBJECT_MAX_BYTES } from "./evaluate-provider";
export type { MappedIdentity, ProviderResult } from "./evaluate-provider";
export { evaluateGcpTrust } from "./evaluate-trust";
export type { GcpTrustOptions } from "./evaluate-trust";
export { parseGcpPrincipal, principalMatches } from "./principals";
export type { GcpPrincipal } from "./principals";
export { defaultAudiences, poolOf, readGcpProvider } from "./provider";
export type { GcpProvider } from "./provider";
