/**
 * The cloud side of a retirement: look at one key, switch it off and on, delete it. One small
 * adapter per cloud; the decisions live in `retirement.ts`.
 *
 * @module
 */
import type { KeyCapabilities, KeyObservation, RetirementMark } from "./retirement";

/** One key, as a retirement acts on it. Every method is idempotent. */
export interface KeyControl {
  /** A label for messages, e.g. `aws access key AKIA…MPLE of ci-deploy`. */
  readonly label: string;
  /** What this cloud can do to the key. */
  readonly capabilities: KeyCapabilities;
  /** What the cloud says about the key now. */
  observe(): Promise<KeyObservation>;
  /**
   * Switches the key off, first leaving `mark` next to it where the cloud has a place for one.
   * Throws on a cloud that cannot.
   */
  deactivate(mark: RetirementMark): Promise<void>;
  /** Switches the key back on and removes the mark. Throws on a cloud that cannot. */
  reactivate(): Promise<void>;
  /** Deletes the key (and the mark); a key already gone is not an error. */
  delete(): Promise<void>;
}
