/**
 * Exchange options read from an identity's manifest: the role, provider or client the components
 * created, the declared TTL and audience, and the trusted subjects for the claims check.
 *
 * @module
 */
import type { IdentityManifest } from "../manifest";
import { KeylessError } from "../errors";
import type { ExpectedTrust } from "./claims-check";

function missing(manifest: IdentityManifest, cloud: string): KeylessError {
  return new KeylessError(
    "ERR_INPUT_UNUSABLE",
    `The manifest of identity "${manifest.identity}" has no ${cloud} section. Fix: grant the ` +
      `identity access on ${cloud}, or choose the cloud it was declared for.`,
  );
}

function expectation(
  manifest: IdentityManifest,
  cloud: "aws" | "gcp" | "azure",
  audience: string,
  target: string,
): ExpectedTrust {
  return { subjects: manifest.subjects, audience, target, rendered: { manifest, cloud } };
}

/** The AWS exchange options an identity's manifest declares. */
export function awsOptionsFromManifest(manifest: IdentityManifest): {
  readonly roleArn: string;
  readonly audience: string;
  readonly durationSeconds: number;
  readonly expect: ExpectedTrust;
} {
  const aws = manifest.aws;
  if (aws === undefined) throw missing(manifest, "AWS");
  return {
    roleArn: aws.roleArn,
    audience: aws.audience,
    durationSeconds: aws.sessionDurationSeconds,
    expect: expectation(manifest, "aws", aws.audience, aws.roleArn),
  };
}

/**
 * The GCP exchange options an identity's manifest declares. With several providers (one per
 * issuer), `providerName` chooses; with one, it is taken.
 */
export function gcpOptionsFromManifest(
  manifest: IdentityManifest,
  providerName?: string,
): {
  readonly providerName: string;
  readonly audience: string;
  readonly lifetimeSeconds: number;
  readonly serviceAccountEmail?: string;
  readonly expect: ExpectedTrust;
} {
  const gcp = manifest.gcp;
  if (gcp === undefined) throw missing(manifest, "GCP");
  const names = gcp.providers.map((p) => p.name);
  const chosen = providerName ?? (names.length === 1 ? names[0] : undefined);
  if (chosen === undefined || !names.includes(chosen)) {
    throw new KeylessError(
      "ERR_INPUT_UNUSABLE",
      `The manifest of identity "${manifest.identity}" has the GCP providers ` +
        `${names.map((n) => `"${n}"`).join(", ") || "(none)"}; ` +
        `${providerName === undefined ? "none was chosen" : `"${providerName}" is not one of them`}. ` +
        "Fix: name one with --provider.",
    );
  }
  return {
    providerName: chosen,
    audience: gcp.audience,
    lifetimeSeconds: gcp.lifetimeSeconds,
    ...(gcp.serviceAccountEmail === undefined
      ? {}
      : { serviceAccountEmail: gcp.serviceAccountEmail }),
    expect: expectation(manifest, "gcp", gcp.audience, gcp.serviceAccountEmail ?? chosen),
  };
}

/** The Azure exchange options an identity's manifest declares. */
export function azureOptionsFromManifest(manifest: IdentityManifest): {
  readonly tenantId: string;
  readonly clientId: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  readonly expect: ExpectedTrust;
} {
  const azure = manifest.azure;
  if (azure === undefined) throw missing(manifest, "Azure");
  return {
    tenantId: azure.tenantId,
    clientId: azure.clientId,
    audience: azure.audience,
    ttlSeconds: azure.ttlSeconds,
    expect: expectation(manifest, "azure", azure.audience, `client ${azure.clientId}`),
  };
}
