/**
 * `keyless-no-static-keys`: no long-lived cloud keys or client secrets in any stack.
 *
 * @module
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { type Cloud, KEYLESS_REPLACEMENT } from "./replacements";

/** The rule's ID, as violations name it. */
export const NO_STATIC_KEYS = "keyless-no-static-keys";

/** A resource type that holds a long-lived secret, and why that matters. */
interface StaticKeyType {
  readonly cloud: Cloud;
  readonly what: string;
}

/** Resource types whose whole purpose is a long-lived secret. */
export const STATIC_KEY_TYPES: Readonly<Record<string, StaticKeyType>> = {
  "aws:iam/accessKey:AccessKey": { cloud: "aws", what: "an IAM user access key" },
  "gcp:serviceaccount/key:Key": { cloud: "gcp", what: "a service account key" },
  "azuread:index/applicationPassword:ApplicationPassword": {
    cloud: "azure",
    what: "an application client secret",
  },
  "azuread:index/servicePrincipalPassword:ServicePrincipalPassword": {
    cloud: "azure",
    what: "a service principal client secret",
  },
};

/** A documented exception: a resource (by name or URN) allowed to hold a key, and why. */
export interface StaticKeyException {
  /** The resource's name or full URN. */
  readonly resource: string;
  /** Why it is allowed, for the reviewer who reads the configuration. */
  readonly reason: string;
}

/** The policy's configuration. */
export interface StaticKeysConfig {
  readonly exceptions: readonly StaticKeyException[];
}

/**
 * Refuses every resource of {@link STATIC_KEY_TYPES} not listed in `exceptions`. Mandatory unless
 * the pack's configuration sets `enforcementLevel: advisory` for it.
 */
export const noStaticKeys: ResourceValidationPolicy = {
  name: NO_STATIC_KEYS,
  description:
    "No long-lived cloud keys or client secrets: AWS access keys, GCP service account keys, Azure AD application and service principal passwords.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      exceptions: {
        type: "array",
        default: [],
        description: "Resources (by name or URN) allowed to hold a key, each with its reason.",
        items: {
          type: "object",
          properties: {
            resource: { type: "string", minLength: 1 },
            reason: { type: "string", minLength: 1 },
          },
          required: ["resource", "reason"],
          additionalProperties: false,
        },
      },
    },
  },
  validateResource: (args, reportViolation) => {
    const kind = STATIC_KEY_TYPES[args.type];
    if (!kind) return;
    const { exceptions } = args.getConfig<StaticKeysConfig>();
    if ((exceptions ?? []).some((e) => e.resource === args.name || e.resource === args.urn)) {
      return;
    }
    reportViolation(
      `${args.name} (${args.type}) breaks ${NO_STATIC_KEYS}: it is ${kind.what}, a secret that lives until someone revokes it and works from anywhere it leaks to. ` +
        `Replace it with ${KEYLESS_REPLACEMENT[kind.cloud]}, which lets the job exchange its OIDC token for short-lived credentials; ` +
        `or, for a documented exception, add { "resource": "${args.name}", "reason": "…" } to this policy's exceptions.`,
      args.urn,
    );
  },
};
