/**
 * A GitHub Actions workflow as `migrate` reads it: triggers, jobs, steps and the environment at
 * each level, with the YAML nodes kept for line numbers and edits.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax
 * @module
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from "yaml";
import { entries, itemsOf, pairOf, textOf, valueOf, type YamlSource } from "./yaml-text";

/** An environment map entry: its pair and the text of its value. */
export interface EnvEntry {
  readonly name: string;
  readonly pair: Pair<Node, Node>;
  readonly value: string;
}

/** One step of a job. */
export interface GitHubStep {
  readonly node: YAMLMap;
  readonly index: number;
  readonly uses?: string;
  readonly run?: Node;
  readonly with?: YAMLMap;
  readonly env: readonly EnvEntry[];
  readonly envNode?: YAMLMap;
}

/** One job of a workflow. */
export interface GitHubJob {
  readonly id: string;
  readonly pair: Pair<Node, Node>;
  readonly node: YAMLMap;
  readonly steps: readonly GitHubStep[];
  readonly stepsNode?: Node;
  readonly env: readonly EnvEntry[];
  readonly envNode?: YAMLMap;
  /** `environment:` as a literal name, an expression, or absent. */
  readonly environment?: {
    readonly name: string;
    readonly expression: boolean;
    readonly node: Node;
  };
  readonly permissions?: Pair<Node, Node>;
  /** A reusable workflow call (`jobs.<id>.uses`). */
  readonly uses?: string;
  readonly secrets?: Pair<Node, Node>;
  readonly matrix?: YAMLMap;
}

/** The events a workflow runs for, with the ref filters of `push`. */
export interface GitHubTriggers {
  readonly events: ReadonlySet<string>;
  /** `on.push.branches`; `undefined` when push has no branch filter. */
  readonly pushBranches?: readonly string[];
  readonly pushTags?: readonly string[];
  /** Whether push has only `*-ignore` filters or none at all (every branch and tag). */
  readonly pushAnyRef: boolean;
  readonly node?: Node;
}

/** A parsed workflow. */
export interface GitHubWorkflow {
  readonly file: string;
  readonly source: YamlSource;
  readonly triggers: GitHubTriggers;
  readonly env: readonly EnvEntry[];
  readonly envNode?: YAMLMap;
  readonly permissions?: Pair<Node, Node>;
  readonly jobs: readonly GitHubJob[];
  /** `on.workflow_call.secrets`, when the workflow is reusable. */
  readonly callSecrets?: YAMLMap;
}

/** Reads a workflow document; `undefined` when it has no `jobs` map. */
export function readWorkflow(file: string, source: YamlSource): GitHubWorkflow | undefined {
  const root = source.doc.contents;
  const jobsNode = valueOf(root, "jobs");
  if (!isMap(root) || !isMap(jobsNode)) return undefined;
  const onNode = valueOf(root, "on") ?? valueOf(root, "true");
  const envNode = valueOf(root, "env");
  const triggers = readTriggers(onNode);
  const callNode = isMap(onNode) ? valueOf(onNode, "workflow_call") : undefined;
  const callSecrets = valueOf(callNode, "secrets");
  const permissions = pairOf(root, "permissions");
  return {
    file,
    source,
    triggers,
    env: readEnv(envNode),
    ...(isMap(envNode) ? { envNode } : {}),
    ...(permissions ? { permissions } : {}),
    jobs: entries(jobsNode).flatMap(([id, pair]) =>
      isMap(pair.value) ? [readJob(id, pair, pair.value)] : [],
    ),
    ...(isMap(callSecrets) ? { callSecrets } : {}),
  };
}

function readTriggers(on: Node | undefined): GitHubTriggers {
  const events = new Set<string>();
  if (isScalar(on)) events.add(String(on.value));
  for (const item of itemsOf(on)) {
    const t = textOf(item);
    if (t) events.add(t);
  }
  let pushBranches: string[] | undefined;
  let pushTags: string[] | undefined;
  let pushAnyRef = events.has("push");
  if (isMap(on)) {
    for (const [event, pair] of entries(on)) {
      events.add(event);
      if (event !== "push") continue;
      const push = pair.value;
      const branches = listOf(valueOf(push, "branches"));
      const tags = listOf(valueOf(push, "tags"));
      if (branches) pushBranches = branches;
      if (tags) pushTags = tags;
      pushAnyRef = !branches && !tags;
    }
  }
  return {
    events,
    ...(pushBranches ? { pushBranches } : {}),
    ...(pushTags ? { pushTags } : {}),
    pushAnyRef,
    ...(on ? { node: on } : {}),
  };
}

function listOf(node: Node | undefined): string[] | undefined {
  if (node === undefined) return undefined;
  if (isScalar(node)) return [String(node.value)];
  if (!isSeq(node)) return undefined;
  return itemsOf(node).flatMap((n) => (textOf(n) !== undefined ? [textOf(n) as string] : []));
}

/** Reads an `env:` map into entries. */
export function readEnv(node: Node | undefined): EnvEntry[] {
  return entries(node).map(([name, pair]) => ({
    name,
    pair,
    value: textOf(pair.value) ?? "",
  }));
}

function readJob(id: string, pair: Pair<Node, Node>, node: YAMLMap): GitHubJob {
  const stepsNode = valueOf(node, "steps");
  const envNode = valueOf(node, "env");
  const envValue = valueOf(node, "environment");
  const envName = isMap(envValue) ? valueOf(envValue, "name") : envValue;
  const envText = textOf(envName);
  const permissions = pairOf(node, "permissions");
  const secrets = pairOf(node, "secrets");
  const uses = textOf(valueOf(node, "uses"));
  const matrix = valueOf(valueOf(node, "strategy"), "matrix");
  return {
    id,
    pair,
    node,
    steps: itemsOf(stepsNode).flatMap((step, index) =>
      isMap(step) ? [readStep(step, index)] : [],
    ),
    ...(stepsNode ? { stepsNode } : {}),
    env: readEnv(envNode),
    ...(isMap(envNode) ? { envNode } : {}),
    ...(envText !== undefined && envName
      ? { environment: { name: envText, expression: envText.includes("${{"), node: envName } }
      : {}),
    ...(permissions ? { permissions } : {}),
    ...(uses !== undefined ? { uses } : {}),
    ...(secrets ? { secrets } : {}),
    ...(isMap(matrix) ? { matrix } : {}),
  };
}

function readStep(node: YAMLMap, index: number): GitHubStep {
  const withNode = valueOf(node, "with");
  const envNode = valueOf(node, "env");
  const uses = textOf(valueOf(node, "uses"));
  const run = valueOf(node, "run");
  return {
    node,
    index,
    ...(uses !== undefined ? { uses } : {}),
    ...(run ? { run } : {}),
    ...(isMap(withNode) ? { with: withNode } : {}),
    env: readEnv(envNode),
    ...(isMap(envNode) ? { envNode } : {}),
  };
}

/** The values a matrix gives `key`, across its lists and `include` entries. */
export function matrixValues(matrix: YAMLMap | undefined, key: string): string[] {
  if (!matrix) return [];
  const out = new Set<string>();
  for (const v of itemsOf(valueOf(matrix, key))) {
    const t = textOf(v);
    if (t) out.add(t);
  }
  for (const entry of itemsOf(valueOf(matrix, "include"))) {
    const t = textOf(valueOf(entry, key));
    if (t) out.add(t);
  }
  return [...out];
}
