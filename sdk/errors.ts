/**
 * The errors Keyless throws. Every error carries a stable `code`; validation errors carry every
 * problem found, each with the property path, the offending value, the rule and the fix.
 *
 * @module
 */

/** The stable codes of {@link KeylessError}. */
export type KeylessErrorCode =
  | "ERR_TRUST_INVALID"
  | "ERR_TRUST_UNENFORCEABLE"
  | "ERR_POLICY_TOO_LARGE"
  | "ERR_DURATION_INVALID"
  | "ERR_TTL_OUT_OF_RANGE"
  | "ERR_DUPLICATE_ISSUER"
  | "ERR_PROGRAM_FAILED"
  | "ERR_INPUT_UNUSABLE"
  | "ERR_TOKEN_SOURCE"
  | "ERR_EXCHANGE_FAILED"
  | "ERR_ACCESS_DENIED"
  | "ERR_CLOUD_API";

const brand = Symbol.for("keyless.KeylessError");

/**
 * The base of every error Keyless throws on purpose.
 *
 * Branded through a global symbol so that {@link KeylessError.isInstance} works when two copies of
 * the package are loaded (a Pulumi program and the CLI, say).
 */
export class KeylessError extends Error {
  /** A stable, machine-readable code for the failure. */
  readonly code: KeylessErrorCode;

  constructor(code: KeylessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, brand, { value: true });
  }

  /** Whether `value` is a {@link KeylessError}, from this or any other loaded copy of Keyless. */
  static isInstance(value: unknown): value is KeylessError {
    return (
      typeof value === "object" && value !== null && (value as { [brand]?: true })[brand] === true
    );
  }
}

/** One thing wrong with an input: where, what, which rule, and how to fix it. */
export interface Problem {
  /** The property path of the offending value, e.g. `api-deploy.trust.github.repository`. */
  readonly path: string;
  /** The offending value, as given (never a secret: inputs here are declarations). */
  readonly value: unknown;
  /** The rule that was broken, as a sentence. */
  readonly rule: string;
  /** What to do instead. */
  readonly fix: string;
}

/** Formats one {@link Problem} as a line a person can act on. */
export function formatProblem(problem: Problem): string {
  return `${problem.path}: ${JSON.stringify(problem.value)} — ${problem.rule} Fix: ${problem.fix}`;
}

/**
 * A declaration that cannot be used as given. Carries every problem found, not only the first, so
 * one run shows everything to fix.
 */
export class TrustValidationError extends KeylessError {
  /** Every problem found, in declaration order. */
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], code: KeylessErrorCode = "ERR_TRUST_INVALID") {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`).join("\n");
    const noun = problems.length === 1 ? "problem" : "problems";
    super(code, `The trust declaration has ${problems.length} ${noun}:\n${lines}`);
    this.problems = Object.freeze([...problems]);
  }
}

/**
 * Throws a {@link TrustValidationError} when `problems` is not empty.
 *
 * @param code - the code to throw with; `ERR_TRUST_INVALID` when left out.
 */
export function throwIfProblems(
  problems: readonly Problem[],
  code: KeylessErrorCode = "ERR_TRUST_INVALID",
): void {
  if (problems.length > 0) throw new TrustValidationError(problems, code);
}

/** A risky but legitimate choice: reported, never refused. */
export interface TrustWarning {
  /** A stable identifier of the warning, e.g. `github-no-ids`. */
  readonly code: string;
  /** The property path the warning is about. */
  readonly path: string;
  /** What the risk is. */
  readonly message: string;
  /** How to remove the risk. */
  readonly fix: string;
}

/** Formats one {@link TrustWarning} as a line a person can act on. */
export function formatWarning(warning: TrustWarning): string {
  return `${warning.path}: ${warning.message} Fix: ${warning.fix} [${warning.code}]`;
}
