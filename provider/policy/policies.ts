/**
 * Every policy of the Keyless policy pack, importable without starting the pack.
 *
 * @module
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { maxTtl } from "./max-ttl";
import { noStaticKeys } from "./static-keys";
import { trustLint, trustLintAdvice } from "./trust-lint";

/** The pack's name, as `pulumi policy` shows it. */
export const POLICY_PACK_NAME = "keyless";

/** Every policy of the pack, in the order the pack reports them. */
export const keylessPolicies: readonly ResourceValidationPolicy[] = [
  noStaticKeys,
  trustLint,
  trustLintAdvice,
  maxTtl,
];
