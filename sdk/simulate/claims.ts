/**
 * A token's claims, as every evaluator reads them.
 *
 * @module
 */

/** A token's claims as decoded from its payload (never verified by the simulator). */
export type Claims = Readonly<Record<string, unknown>>;
