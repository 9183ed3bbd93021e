/**
 * Calls a policy the way `@pulumi/policy` does: one resource's arguments in, the violations it
 * reports out. The policy's configuration gets the defaults of its schema, as the engine fills them.
 */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

/** A resource as a stack declares it. */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  /** @default "production" */
  readonly stack?: string;
}

/** One `reportViolation` call. */
export interface Violation {
  readonly message: string;
  readonly urn: string | undefined;
}

/** The URN the engine gives the resource. */
export function urnOf(resource: StackResource): string {
  return `urn:pulumi:${resource.stack ?? "production"}::acme-identities::${resource.type}::${resource.name}`;
}

class NotApplicable extends Error {}

/** Runs every validation of `policy` on `resource` and returns what it reported. */
export async function validate(
  policy: ResourceValidationPolicy,
  resource: StackResource,
  config: Record<string, unknown> = {},
): Promise<Violation[]> {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {}).flatMap(([key, schema]) =>
      schema.default === undefined ? [] : [[key, schema.default]],
    ),
  );
  const args: ResourceValidationArgs = {
    type: resource.type,
    props: resource.props,
    urn: urnOf(resource),
    name: resource.name,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      additionalSecretOutputs: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    } as unknown as ResourceValidationArgs["opts"],
    stackTags: new Map(),
    isType: (cls) => (cls as unknown as { __pulumiType?: string }).__pulumiType === resource.type,
    asType: () => undefined,
    getConfig: <T extends object>() => ({ ...defaults, ...config }) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  const violations: Violation[] = [];
  const report = (message: string, urn?: string) => violations.push({ message, urn });
  const validations = policy.validateResource;
  const list = Array.isArray(validations) ? validations : validations ? [validations] : [];
  for (const validation of list) {
    try {
      await validation(args, report);
    } catch (err) {
      if (!(err instanceof NotApplicable)) throw err;
    }
  }
  return violations;
}
