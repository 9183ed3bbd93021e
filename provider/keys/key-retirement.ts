/**
 * `KeyRetirement`: the Pulumi resource that retires one long-lived key in stages. Its provider
 * lives in `key-retirement-provider.ts`.
 *
 * @module
 */
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { KeyRetirementArgs, KeyRetirementProps } from "./key-retirement-provider";

// Pulumi serializes a dynamic provider's closure into the stack. Capturing the provider's code
// (and through it the cloud SDKs) by value fails, so the serialized provider holds only the path
// of the compiled provider module and loads it where the engine runs it.
const providerModule = join(__dirname, "key-retirement-provider");

type Provider = pulumi.dynamic.ResourceProvider<KeyRetirementProps, KeyRetirementProps>;

function loadingProvider(modulePath: string): Provider {
  const load = (): Provider =>
    (require(modulePath) as { keyRetirementProvider: () => Provider }).keyRetirementProvider();
  return {
    check: (olds, news) => load().check!(olds, news),
    diff: (id, olds, news) => load().diff!(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read!(id, props),
    update: (id, olds, news) => load().update!(id, olds, news),
    delete: (id, props) => load().delete!(id, props),
  };
}

/**
 * Retires one long-lived key in stages.
 *
 * @example
 * ```ts
 * const role = new aws.iam.Role("deploy", { assumeRolePolicy: trust });
 * new KeyRetirement("ci-deploy-key", {
 *   key: { kind: "aws", userName: "ci-deploy", accessKeyId: "AKIAIOSFODNN7EXAMPLE" },
 *   soakDays: 14,
 *   idleDays: 30,
 *   replacement: role.arn,
 * });
 * ```
 */
export class KeyRetirement extends pulumi.dynamic.Resource {
  /** `active`, `deactivated` or `deleted`. */
  declare readonly stage: pulumi.Output<string>;
  /** When the soak began (ISO-8601). */
  declare readonly deactivatedAt: pulumi.Output<string | undefined>;
  /** The key's last use at deactivation (ISO-8601), if any. */
  declare readonly lastUsedAtDeactivation: pulumi.Output<string | undefined>;
  /** When the key was deleted (ISO-8601). */
  declare readonly deletedAt: pulumi.Output<string | undefined>;
  /** The key's last use as seen on the latest run. */
  declare readonly lastUsedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: KeyRetirementArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      loadingProvider(providerModule),
      name,
      {
        ...args,
        stage: undefined,
        deactivatedAt: undefined,
        lastUsedAtDeactivation: undefined,
        deletedAt: undefined,
        lastUsedAt: undefined,
      },
      opts,
      "keyless",
      "KeyRetirement",
    );
  }
}
