/**
 * Names of federated identity credentials: readable, unique within an identity, and valid for
 * Azure. A credential's name is part of its resource path and cannot be changed in place, so it is
 * derived only from what the credential matches and never from its position in a list.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
 * @module
 */
import { createHash } from "node:crypto";

/** The shortest name Azure accepts for a federated identity credential. */
export const CREDENTIAL_NAME_MIN_LENGTH = 3;

/** The longest name Azure accepts for a federated identity credential. */
export const CREDENTIAL_NAME_MAX_LENGTH = 120;

const nameSyntax = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/**
 * Whether `name` is a valid federated identity credential name: 3–120 characters of letters,
 * digits, `-` and `_`, starting with a letter or digit.
 */
export function isValidCredentialName(name: string): boolean {
  return nameSyntax.test(name);
}

/**
 * Derives a credential name from what the credential matches.
 *
 * The readable part is the subject (or expression) with every run of other characters turned into
 * `-`; wildcards read as `any` (`*`) and `one` (`?`). An 8-hex-digit digest of the issuer and the
 * exact match text follows, because the readable part alone can collide (`release/x` and
 * `release-x`, one service account on two clusters) and must be cut to fit 120 characters.
 *
 * @param issuer - the issuer URL, exactly.
 * @param match - the exact subject, or the claims-matching expression.
 * @param readable - the text the readable part is made from; `match` when left out.
 * @param prefix - put before the readable part, e.g. `flex` for flexible credentials. @default none
 * @example
 * ```ts
 * credentialName("https://token.actions.githubusercontent.com", "repo:acme/api:environment:production");
 * // "repo-acme-api-environment-production-" followed by 8 hex digits
 * ```
 */
export function credentialName(
  issuer: string,
  match: string,
  readable: string = match,
  prefix?: string,
): string {
  const digest = createHash("sha256").update(`${issuer}\n${match}`).digest("hex").slice(0, 8);
  const words = readable
    .replace(/\*/g, "-any-")
    .replace(/\?/g, "-one-")
    .replace(/[^A-Za-z0-9_]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
  const head = [prefix, words].filter((w) => w !== undefined && w !== "").join("-");
  const room = CREDENTIAL_NAME_MAX_LENGTH - digest.length - 1;
  const cut = head.slice(0, room).replace(/[-_]+$/, "");
  return cut === "" ? `c-${digest}` : `${cut}-${digest}`;
}
