/**
 * The provider behind `KeyRetirement`, the dynamic resource that retires one long-lived key in
 * stages — deactivate, soak while watching last use, delete — and hands the key back on destroy
 * before deletion. Its state lives in its outputs (`stage`, `deactivatedAt`, `lastUsedAtDeactivation`),
 * so every `pulumi up` resumes where the last one stopped.
 *
 * A soak ends on the first `pulumi up` after `soakDays` have passed: the diff asks for an update
 * then, and the update deletes the key unless its last use moved. Between runs nothing happens;
 * `pulumi refresh` records the key's latest use.
 *
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { formatProblem } from "../../sdk/errors";
import {
  advanceRetirement,
  checkRetirementPolicy,
  type KeyControl,
  type RetirementPolicy,
  type RetirementState,
  soakElapsed,
  undoRetirement,
} from "../../sdk/keys";
import { defaultKeyControl, type RetiredKey, retiredKeyId } from "./retired-key";

/** Inputs of `KeyRetirement`. */
export interface KeyRetirementArgs {
  /** The key to retire. Changing it retires a different key (replacement). */
  readonly key: pulumi.Input<RetiredKey>;
  /** Days between deactivation and deletion, during which last use must not move. */
  readonly soakDays: pulumi.Input<number>;
  /**
   * Refuse to start while the key was used within this many days.
   * @default 30
   */
  readonly idleDays?: pulumi.Input<number>;
  /**
   * The replacement identity's output (role ARN, service account e-mail, application ID). When
   * set, the retirement waits for it and refuses to start if it is empty.
   * @default not gated
   */
  readonly replacement?: pulumi.Input<string>;
}

/** The resource's inputs and outputs as the provider sees them (plain values). */
export interface KeyRetirementProps extends RetirementState {
  readonly key: RetiredKey;
  readonly soakDays: number;
  readonly idleDays?: number;
  readonly replacement?: string;
  /** The key's last use as seen on the latest run (ISO-8601). */
  readonly lastUsedAt?: string;
}

/** How the provider builds adapters and reads the time; replaced in tests. */
export interface KeyRetirementProviderOptions {
  readonly controlFor?: (key: RetiredKey) => Promise<KeyControl> | KeyControl;
  readonly clock?: () => Date;
}

function containsUnknown(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes(pulumi.runtime.unknownValue);
}

function policyOf(props: KeyRetirementProps): RetirementPolicy {
  return {
    soakDays: props.soakDays,
    ...(props.idleDays === undefined ? {} : { idleDays: props.idleDays }),
    ...(props.replacement === undefined ? {} : { replacement: props.replacement }),
  };
}

function stateOf(props: KeyRetirementProps): RetirementState {
  return {
    stage: props.stage,
    ...(props.deactivatedAt === undefined ? {} : { deactivatedAt: props.deactivatedAt }),
    ...(props.lastUsedAtDeactivation === undefined
      ? {}
      : { lastUsedAtDeactivation: props.lastUsedAtDeactivation }),
    ...(props.foundInactive === undefined ? {} : { foundInactive: props.foundInactive }),
    ...(props.deletedAt === undefined ? {} : { deletedAt: props.deletedAt }),
  };
}

function inputsOf(props: KeyRetirementProps): KeyRetirementProps {
  return {
    key: props.key,
    soakDays: props.soakDays,
    stage: "active",
    ...(props.idleDays === undefined ? {} : { idleDays: props.idleDays }),
    ...(props.replacement === undefined ? {} : { replacement: props.replacement }),
  };
}

/**
 * The provider behind `KeyRetirement`: `check`, `diff`, `create`, `read`, `update`,
 * `delete`, each idempotent.
 */
export function keyRetirementProvider(
  options: KeyRetirementProviderOptions = {},
): pulumi.dynamic.ResourceProvider<KeyRetirementProps, KeyRetirementProps> {
  const controlFor = options.controlFor ?? defaultKeyControl;
  const clock = options.clock ?? (() => new Date());
  const advance = async (props: KeyRetirementProps, state: RetirementState) => {
    const run = await advanceRetirement(
      await controlFor(props.key),
      policyOf(props),
      state,
      clock(),
    );
    const outs: KeyRetirementProps = {
      ...inputsOf(props),
      ...run.state,
      ...(run.lastUsedAt === undefined ? {} : { lastUsedAt: run.lastUsedAt }),
    };
    return outs;
  };
  return {
    async check(_olds, news) {
      // During a preview, inputs that come from resources not yet created are unknown; they are
      // checked on the run that knows them.
      const known = Object.fromEntries(
        Object.entries(news).filter(([, value]) => !containsUnknown(value)),
      ) as Partial<KeyRetirementProps>;
      const problems = checkRetirementPolicy(
        {
          soakDays: known.soakDays ?? 0,
          ...(known.idleDays === undefined ? {} : { idleDays: known.idleDays }),
          ...(known.replacement === undefined ? {} : { replacement: known.replacement }),
        },
        "args",
      );
      if (news.key === undefined || (typeof news.key !== "object" && !containsUnknown(news.key))) {
        problems.push({
          path: "args.key",
          value: news.key,
          rule: "The key to retire is required.",
          fix: 'Pass { kind: "aws", accessKeyId, userName } (or the GCP or Azure form).',
        });
      }
      return {
        inputs: news,
        failures: problems.map((p) => ({
          property: p.path.replace(/^args\./, ""),
          reason: formatProblem(p),
        })),
      };
    },
    async diff(_id, olds, news) {
      const replaces =
        containsUnknown(news.key) || retiredKeyId(olds.key) !== retiredKeyId(news.key)
          ? ["key"]
          : [];
      const policyChanged =
        olds.soakDays !== news.soakDays ||
        olds.idleDays !== news.idleDays ||
        olds.replacement !== news.replacement;
      const due = soakElapsed(policyOf(news), stateOf(olds), clock());
      return {
        changes: replaces.length > 0 || policyChanged || due,
        replaces,
        deleteBeforeReplace: true,
      };
    },
    async create(inputs) {
      const outs = await advance(inputs, { stage: "active" });
      return { id: retiredKeyId(inputs.key), outs };
    },
    async update(_id, olds, news) {
      return { outs: await advance(news, stateOf(olds)) };
    },
    async read(id, props) {
      if (props === undefined) return { id };
      const observation = await (await controlFor(props.key)).observe();
      const gone = !observation.exists && props.stage !== "deleted";
      const { lastUsedAt: _previous, ...rest } = props;
      return {
        id,
        props: {
          ...rest,
          ...(gone ? { stage: "deleted" as const, deletedAt: clock().toISOString() } : {}),
          ...(observation.lastUsedAt === undefined ? {} : { lastUsedAt: observation.lastUsedAt }),
        },
      };
    },
    async delete(_id, props) {
      await undoRetirement(await controlFor(props.key), stateOf(props));
    },
  };
}
