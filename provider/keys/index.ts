/**
 * Pulumi resources for static keys: staged retirement.
 *
 * @module
 */
export { KeyRetirement } from "./key-retirement";
export { keyRetirementProvider } from "./key-retirement-provider";
export type { KeyRetirementArgs } from "./key-retirement-provider";
export type { KeyRetirementProps, KeyRetirementProviderOptions } from "./key-retirement-provider";
export { defaultKeyControl, retiredKeyId } from "./retired-key";
export type { AwsRetiredKey, AzureRetiredKey, GcpRetiredKey, RetiredKey } from "./retired-key";
