/**
 * A minimal check of a token's claims against the subjects a manifest trusts, run before calling a
 * cloud so that a mismatch fails with the reason instead of the cloud's bare denial.
 *
 * When the target comes from a manifest, the check is the simulator's: the rendered document of
 * that cloud, evaluated with the cloud's own rules (AWS condition keys, GCP CEL, Azure exact
 * credentials). A caller that knows only the trusted subjects gets exact and glob matching of
 * `iss`, `sub`, `aud` and the declared claim conditions.
 *
 * @module
 */
import { decodeJwt, type JWTPayload } from "jose";
import type { IdentityManifest, ManifestSubject } from "../manifest";
import { checkManifests } from "../simulate/check-manifests";
import { matchesPattern, parseGlob } from "../trust";
import { ClaimsMismatchError } from "./errors";

/** What a target trusts, as the manifest records it. */
export interface ExpectedTrust {
  /** The subjects the target trusts; any one matching is enough. */
  readonly subjects: readonly ManifestSubject[];
  /** The audience the target accepts. */
  readonly audience: string;
  /** The target's name for messages, e.g. the role ARN. */
  readonly target: string;
  /**
   * The identity's manifest and the cloud of the target: the check then evaluates what that cloud
   * received. @default subjects matched without a cloud's semantics
   */
  readonly rendered?: {
    readonly manifest: IdentityManifest;
    readonly cloud: "aws" | "gcp" | "azure";
  };
}

const trimSlash = (url: string): string => url.replace(/\/+$/, "");

function claimText(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Why `subject` does not accept the claims, or undefined when it does. */
function mismatch(payload: JWTPayload, subject: ManifestSubject): string | undefined {
  if (trimSlash(payload.iss ?? "") !== trimSlash(subject.issuer)) {
    return `the token's issuer is "${payload.iss ?? ""}"; it trusts "${subject.issuer}"`;
  }
  const sub = payload.sub ?? "";
  if (!subject.sub.some((glob) => matchesPattern(parseGlob(glob), sub))) {
    return `this job's \`sub\` is "${sub}"; it trusts ${subject.sub.map((s) => `"${s}"`).join(" or ")}`;
  }
  for (const condition of subject.conditions) {
    const actual = claimText(payload, condition.claim);
    if (
      actual === undefined ||
      !condition.anyOf.some((g) => matchesPattern(parseGlob(g), actual))
    ) {
      return (
        `this job's \`${condition.claim}\` is ${actual === undefined ? "absent" : `"${actual}"`}; ` +
        `it requires ${condition.anyOf.map((s) => `"${s}"`).join(" or ")}`
      );
    }
  }
  return undefined;
}

/**
 * Checks the token's claims against what the target trusts; throws a
 * {@link ClaimsMismatchError} naming every reason when no trusted subject accepts them. The token
 * is decoded, not verified: the cloud verifies it; this only explains a refusal in advance.
 */
export function checkClaims(token: string, expected: ExpectedTrust): void {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch (err) {
    throw new ClaimsMismatchError(
      `The token for ${expected.target} cannot be decoded as a JWT (${(err as Error).name}).`,
      [],
    );
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ""];
  if (!audiences.includes(expected.audience)) {
    const reason = `this job's \`aud\` is ${audiences.map((a) => `"${a}"`).join(", ")}; ${expected.target} accepts "${expected.audience}"`;
    throw new ClaimsMismatchError(
      `The token cannot reach ${expected.target}: ${reason}. Fix: request the token for that audience.`,
      [reason],
    );
  }
  if (expected.rendered !== undefined) return checkRendered(payload, expected, expected.rendered);
  const reasons: string[] = [];
  for (const subject of expected.subjects) {
    const why = mismatch(payload, subject);
    if (why === undefined) return;
    reasons.push(`${subject.description || subject.issuer}: ${why}`);
  }
  const detail = reasons.length === 0 ? "it trusts no subject" : reasons.join("; ");
  throw new ClaimsMismatchError(
    `The token cannot reach ${expected.target}: ${detail}. Fix: run from a trusted repository, ` +
      "branch or environment, or widen the declared trust and deploy it.",
    reasons,
  );
}

function checkRendered(
  payload: JWTPayload,
  expected: ExpectedTrust,
  rendered: NonNullable<ExpectedTrust["rendered"]>,
): void {
  const result = checkManifests([rendered.manifest], payload).find(
    (r) => r.cloud === rendered.cloud,
  );
  if (result === undefined || result.allowed) return;
  const reasons = result.reasons.filter((r) => r.kind !== "matched").map((r) => r.message);
  throw new ClaimsMismatchError(
    `The token cannot reach ${expected.target}: ${reasons.join(" ")} Fix: run from a trusted ` +
      "repository, branch or environment, or widen the declared trust and deploy it.",
    reasons,
  );
}
