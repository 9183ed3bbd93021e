/**
 * Audits of live accounts: read the federated trust an account holds and lint it.
 *
 * @module
 */
export { auditAws, createIamClient } from "./aws";
export type { AwsAuditOptions, IamClientOptions } from "./aws";
export { isThrottlingError, sendWithRetry } from "./aws-retry";
export type { AuditCloud, AuditedResource, AuditOptions, AuditResult } from "./result";
export { auditGcp, GCP_IAM_ENDPOINT } from "./gcp";
export type { GcpAuditOptions, GcpRequestClient } from "./gcp";
export { auditAzure, AZURE_ARM_ENDPOINT, MANAGED_IDENTITY_API_VERSION } from "./azure";
export type { AzureAuditOptions } from "./azure";
