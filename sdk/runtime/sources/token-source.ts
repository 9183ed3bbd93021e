/**
 * What every token source is: something that fetches a fresh OIDC token for an audience, and says
 * whether it applies to the place it runs in.
 *
 * @module
 */
import { TokenSourceError } from "../errors";

/** The kinds of token source, one per platform plus the generic ones. */
export type TokenSourceKind =
  | "github-actions"
  | "gitlab-ci"
  | "circleci"
  | "buildkite"
  | "terraform-cloud"
  | "kubernetes"
  | "file"
  | "environment-variable"
  | "command"
  | "chain";

/** What a caller asks a token source for. */
export interface TokenRequest {
  /**
   * The audience (`aud`) the token is for. Sources whose platform mints tokens on request
   * (GitHub Actions, Buildkite, a command) ask for it; the others hand out the token the platform
   * already minted with the audience declared in the job's configuration.
   */
  readonly audience: string;
}

/**
 * A source of OIDC tokens. {@link TokenSource.getToken} fetches a fresh token on every call: the
 * runtime never caches tokens, in memory beyond one exchange or on disk.
 */
export interface TokenSource {
  readonly kind: TokenSourceKind;
  /**
   * Fetches a token.
   *
   * @throws {@link TokenSourceError} with `tryNext: true` when the source does not apply here, or
   *   `tryNext: false` when it applies and failed.
   */
  getToken(request: TokenRequest): Promise<string>;
}

/** The environment a source reads; the process's own when left out. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Options every platform source takes. */
export interface TokenSourceInit {
  /**
   * The environment variables to read.
   * @default process.env, read at each call
   */
  readonly env?: Environment;
}

/** The environment to read for one call. */
export function environmentOf(init: TokenSourceInit | undefined): Environment {
  return init?.env ?? process.env;
}

/** The error for "this platform is not the one we run on". */
export function notApplicable(kind: TokenSourceKind, why: string): TokenSourceError {
  return new TokenSourceError(kind, `The ${kind} token source does not apply here: ${why}`, {
    tryNext: true,
  });
}

/**
 * The error for "this is the platform, and getting its token failed".
 *
 * @param transient - the platform's token service was unreachable or overloaded; worth retrying.
 */
export function failed(
  kind: TokenSourceKind,
  message: string,
  cause?: unknown,
  transient = false,
): TokenSourceError {
  return new TokenSourceError(kind, message, { tryNext: false, cause, transient });
}

// A JWT is three base64url runs joined by dots; anything shaped like one is cut from text that
// comes from outside (a command's stderr) before it goes into a message.
const jwtShape = /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** Removes anything shaped like a JWT from text that came from outside. */
export function withoutTokens(text: string): string {
  return text.replace(jwtShape, "[redacted]");
}

/** Checks that a token source handed back something usable; returns it trimmed. */
export function checkToken(kind: TokenSourceKind, token: string, where: string): string {
  const trimmed = token.trim();
  if (trimmed === "") throw failed(kind, `${where} is empty. Fix: check that it holds a token.`);
  if (trimmed.split(".").length !== 3) {
    throw failed(
      kind,
      `${where} does not hold a JWT (three dot-separated parts). Fix: point it at an OIDC token.`,
    );
  }
  return trimmed;
}
