/**
 * Pulumi resources for static keys: staged retirement.
 *
 * @module
 */
export { KeyRetirement, keyRetirementProvider } from "./key-retirement";
export type {
  KeyRetirementArgs,
  KeyRetirementProps,
  KeyRetirementProviderOptions,
} from "./key-retirement";
export { defaultKeyControl, retiredKeyId } from "./retired-key";
export type { AwsRetiredKey, AzureRetiredKey, GcpRetiredKey, RetiredKey } from "./retired-key";
