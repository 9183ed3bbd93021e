/**
 * `keyless-max-ttl`: how long a federated session may last, per environment.
 *
 * @module
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { formatDuration, parseDuration } from "../../sdk/trust/duration";
import { KEYLESS_REPLACEMENT, stackOfUrn } from "./replacements";

/** The rule's ID, as violations name it. */
export const MAX_TTL = "keyless-max-ttl";

/** The policy's configuration. */
export interface MaxTtlConfig {
  /**
   * The longest session per environment (`"1h"`, `"PT45M"`, `"3600"`), with `default` for the
   * environments not listed.
   */
  readonly maxTtl: Readonly<Record<string, string>>;
  /** The environment, when the stack's name is not it. @default the stack's name */
  readonly environment?: string;
}

/** AWS's `MaxSessionDuration` when a role does not set it. */
const AWS_DEFAULT_MAX_SESSION_SECONDS = 3600;

/**
 * Refuses AWS roles whose `maxSessionDuration`, and Keyless components whose `ttl`, exceed the
 * environment's maximum.
 */
export const maxTtl: ResourceValidationPolicy = {
  name: MAX_TTL,
  description:
    "Sessions last no longer than the environment allows: AWS roles' maxSessionDuration and Keyless components' ttl.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      maxTtl: {
        type: "object",
        additionalProperties: { type: "string" },
        default: { default: "12h" },
        description:
          'The longest session per environment, e.g. { "production": "1h", "default": "12h" }.',
      },
      environment: {
        type: "string",
        description: "The environment, when the stack's name is not it.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    const ttl = sessionSeconds(args.type, args.props);
    if (ttl === undefined) return;
    const config = args.getConfig<MaxTtlConfig>();
    const environment = config.environment ?? stackOfUrn(args.urn) ?? "default";
    const limits = config.maxTtl ?? {};
    const key = environment in limits ? environment : "default";
    const written = limits[key];
    if (written === undefined) return;
    const limit = parseDuration(written, `${MAX_TTL}.maxTtl.${key}`);
    if (typeof limit !== "number") {
      reportViolation(
        `${MAX_TTL}'s configuration is unusable: maxTtl.${key} is ${JSON.stringify(written)}. ${limit.rule} ${limit.fix}`,
        args.urn,
      );
      return;
    }
    if (ttl.seconds <= limit) return;
    reportViolation(
      `${args.name} (${args.type}) breaks ${MAX_TTL}: its ${ttl.property} allows sessions of ${formatDuration(ttl.seconds)}, longer than the ${formatDuration(limit)} allowed in "${environment}" (maxTtl.${key}). ` +
        `A stolen session stays usable for its whole lifetime, so the longest one is the exposure. ` +
        `Set ${ttl.property} to ${formatDuration(limit)} or less${ttl.keyless ? "" : `, or declare the role with ${KEYLESS_REPLACEMENT.aws} and its ttl`}.`,
      args.urn,
    );
  },
};

function sessionSeconds(
  type: string,
  props: Readonly<Record<string, unknown>>,
): { seconds: number; property: string; keyless: boolean } | undefined {
  if (type === "aws:iam/role:Role") {
    const value = props["maxSessionDuration"];
    const seconds = typeof value === "number" ? value : AWS_DEFAULT_MAX_SESSION_SECONDS;
    return { seconds, property: "maxSessionDuration", keyless: false };
  }
  if (type.startsWith("keyless:")) {
    const value = props["ttl"];
    if (typeof value !== "string" && typeof value !== "number") return undefined;
    const seconds = parseDuration(value, "ttl");
    // An unreadable ttl fails the component itself, with a better message than a policy could give.
    if (typeof seconds !== "number") return undefined;
    return { seconds, property: "ttl", keyless: true };
  }
  return undefined;
}
