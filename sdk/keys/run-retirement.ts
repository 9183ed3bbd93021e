/**
 * Carries a retirement forward: observe the key, decide the next step with the pure machine, make
 * the cloud call, record, repeat until the retirement has to wait or is done.
 *
 * @module
 */
import { KeylessError, formatProblem } from "../errors";
import type { KeyControl } from "./key-control";
import {
  nextRetirementStep,
  recordRetirementStep,
  type RetirementPolicy,
  type RetirementState,
  type RetirementStep,
  undoRetirementStep,
  type UndoStep,
} from "./retirement";

/** What {@link advanceRetirement} did. */
export interface RetirementRun {
  /** The state to record. */
  readonly state: RetirementState;
  /** The steps taken, in order; the last one is why it stopped. */
  readonly steps: readonly RetirementStep[];
  /** The key's last use as seen on this run (ISO-8601), if known. */
  readonly lastUsedAt?: string;
}

// A run takes at most: deactivate, then (soak 0) delete, then done.
const MAX_STEPS = 4;

/**
 * Advances a retirement as far as it can go now.
 *
 * @param stopAfter - stop after this stage even if the policy would go on (the CLI's `--stage`).
 * @throws KeylessError `ERR_INPUT_UNUSABLE` when the retirement refuses to start, `ERR_CLOUD_API`
 * when it is blocked (the key was used or reactivated during the soak). The state is not changed
 * by a refused or blocked run.
 */
export async function advanceRetirement(
  control: KeyControl,
  policy: RetirementPolicy,
  state: RetirementState,
  now: Date,
  stopAfter?: "deactivated",
): Promise<RetirementRun> {
  const steps: RetirementStep[] = [];
  let current = state;
  let lastUsedAt: string | undefined;
  for (let i = 0; i < MAX_STEPS; i++) {
    const observation = await control.observe();
    lastUsedAt = observation.lastUsedAt ?? lastUsedAt;
    const step = nextRetirementStep(
      policy,
      current,
      observation,
      control.capabilities,
      now,
      control.label,
    );
    steps.push(step);
    switch (step.kind) {
      case "refuse":
        throw new KeylessError("ERR_INPUT_UNUSABLE", formatProblem(step.problem));
      case "block":
        throw new KeylessError("ERR_CLOUD_API", formatProblem(step.problem));
      case "deactivate":
      case "adopt-inactive":
        // A key found inactive is marked too (deactivating it again changes nothing), so a
        // later run, or the CLI, knows when the soak began and that it was found that way.
        if (control.capabilities.canDeactivate) {
          await control.deactivate({
            deactivatedAt: now.toISOString(),
            ...(observation.lastUsedAt === undefined
              ? {}
              : { lastUsedAtDeactivation: observation.lastUsedAt }),
            ...(step.kind === "adopt-inactive" ? { foundInactive: true } : {}),
          });
        }
        break;
      case "delete":
        await control.delete();
        break;
      case "resume-deactivated":
      case "record-deleted":
        break;
      case "soak":
      case "done":
        return { state: current, steps, ...(lastUsedAt === undefined ? {} : { lastUsedAt }) };
    }
    current = recordRetirementStep(current, step, observation, now);
    if (stopAfter === "deactivated" && current.stage === "deactivated") break;
  }
  return { state: current, steps, ...(lastUsedAt === undefined ? {} : { lastUsedAt }) };
}

/** Undoes a retirement that has not deleted its key: reactivates it where the cloud can. */
export async function undoRetirement(
  control: KeyControl,
  state: RetirementState,
): Promise<UndoStep> {
  const observation = await control.observe();
  const step = undoRetirementStep(state, observation, control.capabilities);
  if (step.kind === "reactivate") await control.reactivate();
  return step;
}
