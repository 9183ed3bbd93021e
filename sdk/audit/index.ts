/**
 * Audits of live accounts: read the federated trust an account holds and lint it.
 *
 * @module
 */
export { auditAws, createIamClient } from "./aws";
export type { AwsAuditOptions, IamClientOptions } from "./aws";
export { isThrottlingError, sendWithRetry } from "./aws-retry";
export type { AuditCloud, AuditedResource, AuditOptions, AuditResult } from "./result";
