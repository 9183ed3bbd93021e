/**
 * The staged retirement of one key, as a pure state machine: deactivate, soak for a declared
 * number of days while the key's last use must not move, then delete. Every decision is a
 * function of the declared policy, the recorded state, what the cloud says now, and the time; the
 * cloud calls live in adapters ({@link KeyControl}).
 *
 * @module
 */
import type { Problem } from "../errors";

const DAY_MS = 86_400_000;

/** Where a retirement stands. */
export type RetirementStage = "active" | "deactivated" | "deleted";

/** What a retirement is declared to respect. */
export interface RetirementPolicy {
  /**
   * Refuse to start while the key was used within this many days.
   * @default 30
   */
  readonly idleDays?: number;
  /** Days between deactivation and deletion, while last use is watched. */
  readonly soakDays: number;
  /**
   * The replacement identity (a role ARN, a service account e-mail, an application ID). When the
   * property is present it must be non-empty: pass the replacement's output so the retirement
   * waits for it. Absent: not gated.
   */
  readonly replacement?: string;
}

/**
 * What a retirement records between runs (the Pulumi resource keeps it in its outputs). Dates are
 * ISO-8601 in UTC.
 */
export interface RetirementState {
  readonly stage: RetirementStage;
  /** When Keyless deactivated the key (or first saw it inactive), the start of the soak. */
  readonly deactivatedAt?: string;
  /** The key's last use as seen at deactivation; absent if never used or not known. */
  readonly lastUsedAtDeactivation?: string;
  /** Whether the key was already inactive when the retirement took it over. */
  readonly foundInactive?: boolean;
  /** When the key was deleted (or found gone). */
  readonly deletedAt?: string;
}

/** What a cloud can do to a key and tell about it. */
export interface KeyCapabilities {
  /** AWS and GCP can switch a key off and on; Azure secrets can only be deleted. */
  readonly canDeactivate: boolean;
  /** Whether the cloud reports the key's last use (AWS yes; GCP and Azure not here). */
  readonly reportsLastUse: boolean;
}

/** What the cloud says about the key now. */
export interface KeyObservation {
  /** Whether the key still exists. */
  readonly exists: boolean;
  /** Whether it can authenticate (always true for an existing Azure secret). */
  readonly active: boolean;
  /** Its last use, if any and if the cloud reports it (ISO-8601). */
  readonly lastUsedAt?: string;
  /**
   * The mark a retirement left on the key before deactivating it (AWS keeps it as a user tag), so
   * a run interrupted between the cloud call and recording its state resumes as its own
   * deactivation rather than as a key found inactive.
   */
  readonly mark?: RetirementMark;
}

/** What a retirement writes next to the key before deactivating it. */
export interface RetirementMark {
  /** When the deactivation was made (ISO-8601). */
  readonly deactivatedAt: string;
  /** The key's last use then (ISO-8601), if any. */
  readonly lastUsedAtDeactivation?: string;
  /** Whether the key was already inactive when the retirement took it over. */
  readonly foundInactive?: boolean;
}

/** The one next thing a retirement does, or why it does nothing. */
export type RetirementStep =
  | { readonly kind: "refuse"; readonly problem: Problem }
  | { readonly kind: "deactivate" }
  | { readonly kind: "adopt-inactive" }
  | { readonly kind: "resume-deactivated"; readonly mark: RetirementMark }
  | { readonly kind: "soak"; readonly until: string; readonly remainingDays: number }
  | { readonly kind: "block"; readonly problem: Problem }
  | { readonly kind: "delete" }
  | { readonly kind: "record-deleted" }
  | { readonly kind: "done" };

/** Checks a policy's numbers; returns every problem. */
export function checkRetirementPolicy(policy: RetirementPolicy, path: string): Problem[] {
  const problems: Problem[] = [];
  const days = (name: "idleDays" | "soakDays", value: number | undefined) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 3650)) {
      problems.push({
        path: `${path}.${name}`,
        value,
        rule: "Days must be a whole number from 0 to 3650.",
        fix: `Write ${name} as whole days, e.g. 30.`,
      });
    }
  };
  days("idleDays", policy.idleDays);
  days("soakDays", policy.soakDays);
  if (policy.replacement !== undefined && policy.replacement.trim() === "") {
    problems.push({
      path: `${path}.replacement`,
      value: policy.replacement,
      rule: "A declared replacement must name the identity that takes over (it is empty).",
      fix: "Pass the replacement's output (role ARN, service account e-mail, application ID), or leave replacement out to retire without a gate.",
    });
  }
  return problems;
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/**
 * Decides the next step of a retirement. Pure.
 *
 * - From `active`: refuse while the replacement is declared empty or the key was used within
 *   `idleDays`; otherwise deactivate (or adopt a key someone already switched off). On a cloud
 *   that cannot deactivate, the step is recorded without a cloud call and the soak is a
 *   countdown that a destroy can still cancel.
 * - From `deactivated`: block if the key is active again or its last use moved since
 *   deactivation; soak until `deactivatedAt + soakDays`; then delete.
 * - A key found gone is recorded as deleted.
 */
export function nextRetirementStep(
  policy: RetirementPolicy,
  state: RetirementState,
  observation: KeyObservation,
  capabilities: KeyCapabilities,
  now: Date,
  keyLabel: string,
): RetirementStep {
  const problems = checkRetirementPolicy(policy, "retirement");
  if (problems[0] !== undefined) return { kind: "refuse", problem: problems[0] };
  if (state.stage === "deleted") return { kind: "done" };
  if (!observation.exists) return { kind: "record-deleted" };

  if (state.stage === "active") {
    if (capabilities.canDeactivate && !observation.active && observation.mark !== undefined) {
      return { kind: "resume-deactivated", mark: observation.mark };
    }
    const idleDays = policy.idleDays ?? 30;
    if (observation.lastUsedAt !== undefined) {
      const idleFor = (now.getTime() - Date.parse(observation.lastUsedAt)) / DAY_MS;
      if (idleFor < idleDays) {
        return {
          kind: "refuse",
          problem: {
            path: "retirement.idleDays",
            value: observation.lastUsedAt,
            rule: `Key ${keyLabel} was last used ${observation.lastUsedAt}, within the declared idle period of ${idleDays} days; retirement does not start on a key in use.`,
            fix: "Move its users to the federated replacement first, then retry once it has been idle that long.",
          },
        };
      }
    }
    if (capabilities.canDeactivate && !observation.active) {
      return observation.mark === undefined
        ? { kind: "adopt-inactive" }
        : { kind: "resume-deactivated", mark: observation.mark };
    }
    return { kind: "deactivate" };
  }

  if (capabilities.canDeactivate && observation.active) {
    return {
      kind: "block",
      problem: {
        path: "retirement.stage",
        value: "deactivated",
        rule: `Key ${keyLabel} is active again although the retirement deactivated it; someone switched it back on.`,
        fix: "Find who reactivated it and why; destroy this retirement to hand the key back, or deactivate the key again to resume the soak.",
      },
    };
  }
  if (
    capabilities.reportsLastUse &&
    observation.lastUsedAt !== undefined &&
    observation.lastUsedAt !== state.lastUsedAtDeactivation
  ) {
    return {
      kind: "block",
      problem: {
        path: "retirement.lastUsedAt",
        value: observation.lastUsedAt,
        rule: `Key ${keyLabel} was used at ${observation.lastUsedAt}, after deactivation (last use then: ${state.lastUsedAtDeactivation ?? "never"}); something still depends on it, so it is not deleted.`,
        fix: "Find the caller (CloudTrail), move it to the replacement, then destroy and recreate this retirement to restart the soak.",
      },
    };
  }
  const start = state.deactivatedAt ?? now.toISOString();
  const until = addDays(start, policy.soakDays);
  if (now.getTime() < Date.parse(until)) {
    const remainingDays = Math.ceil((Date.parse(until) - now.getTime()) / DAY_MS);
    return { kind: "soak", until, remainingDays };
  }
  return { kind: "delete" };
}

/**
 * The state after a step was carried out. Pure; steps that change nothing return `state` itself.
 */
export function recordRetirementStep(
  state: RetirementState,
  step: RetirementStep,
  observation: KeyObservation,
  now: Date,
): RetirementState {
  switch (step.kind) {
    case "deactivate":
    case "adopt-inactive":
      return {
        stage: "deactivated",
        deactivatedAt: now.toISOString(),
        ...(observation.lastUsedAt === undefined
          ? {}
          : { lastUsedAtDeactivation: observation.lastUsedAt }),
        foundInactive: step.kind === "adopt-inactive",
      };
    case "resume-deactivated":
      return {
        stage: "deactivated",
        deactivatedAt: step.mark.deactivatedAt,
        ...(step.mark.lastUsedAtDeactivation === undefined
          ? {}
          : { lastUsedAtDeactivation: step.mark.lastUsedAtDeactivation }),
        foundInactive: step.mark.foundInactive === true,
      };
    case "delete":
    case "record-deleted":
      return { ...state, stage: "deleted", deletedAt: now.toISOString() };
    case "refuse":
    case "block":
    case "soak":
    case "done":
      return state;
  }
}

/**
 * Whether the soak is over and a run would act: used by the Pulumi resource's diff to ask for an
 * update once the soak has elapsed, without a cloud call.
 */
export function soakElapsed(policy: RetirementPolicy, state: RetirementState, now: Date): boolean {
  if (state.stage !== "deactivated" || state.deactivatedAt === undefined) return false;
  return now.getTime() >= Date.parse(addDays(state.deactivatedAt, policy.soakDays));
}

/** What undoing a retirement does, by the stage it reached. */
export type UndoStep =
  { readonly kind: "reactivate" } | { readonly kind: "nothing"; readonly reason: string };

/**
 * Decides how to undo a retirement (a destroy before deletion). Pure.
 *
 * A key that was inactive before the retirement took it over stays inactive: undoing hands back
 * what was there, it does not switch on a key nobody used.
 */
export function undoRetirementStep(
  state: RetirementState,
  observation: KeyObservation,
  capabilities: KeyCapabilities,
): UndoStep {
  if (state.stage === "deleted" || !observation.exists) {
    return { kind: "nothing", reason: "the key is deleted; a deleted key cannot be brought back" };
  }
  if (state.stage === "active") return { kind: "nothing", reason: "the key was never deactivated" };
  if (!capabilities.canDeactivate) {
    return { kind: "nothing", reason: "this cloud never deactivated the key; it stays valid" };
  }
  if (state.foundInactive) {
    return { kind: "nothing", reason: "the key was already inactive when retirement began" };
  }
  if (observation.active) return { kind: "nothing", reason: "the key is already active" };
  return { kind: "reactivate" };
}
