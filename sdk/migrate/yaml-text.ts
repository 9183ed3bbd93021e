/**
 * YAML read with `yaml`'s document API (source ranges, line numbers) and edited as text patches at
 * those ranges. Re-stringifying a whole document would normalise spacing the author chose (flow
 * padding, the gap before a comment, sequence indentation); patching only the nodes that change
 * keeps every other byte, and every comment, anchor, key order and quoting style, as it was.
 *
 * @module
 */
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Document,
  type Node,
  type Pair,
  parseDocument,
  stringify,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";

/** A parsed YAML file with what is needed to report lines and patch text. */
export interface YamlSource {
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

/** A replacement of `text[start, end)` with `insert`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

/** Parses `text`; returns `undefined` when the YAML has errors (reported by the caller). */
export function parseYaml(text: string): YamlSource | { readonly error: string } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, merge: true });
  if (doc.errors.length > 0) return { error: doc.errors[0]?.message ?? "unparseable YAML" };
  return { text, doc, lines };
}

/** The 1-based line of `offset`. */
export function lineAt(source: YamlSource, offset: number): number {
  return source.lines.linePos(offset).line;
}

/** The 1-based line of a node or pair key; 1 when the node has no range. */
export function lineOf(source: YamlSource, node: unknown): number {
  const range = (node as { range?: readonly number[] | null } | null)?.range;
  return range ? lineAt(source, range[0] ?? 0) : 1;
}

/** The offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The offset just past the newline ending the line holding `offset` (or the text's end). */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

/** The column (0-based) of `offset` in its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** A map's pair by key, or undefined. */
export function pairOf(map: unknown, key: string): Pair<Node, Node> | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap<Node, Node>).items.find(
    (p) => isScalar(p.key) && String(p.key.value) === key,
  );
}

/** A map's value by key, or undefined. */
export function valueOf(map: unknown, key: string): Node | undefined {
  return pairOf(map, key)?.value ?? undefined;
}

/** A scalar's value as text, or undefined for anything else. */
export function textOf(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === "string" ? v : v === null || v === undefined ? undefined : String(v);
}

/** A map's pairs with string keys. */
export function entries(map: unknown): Array<[string, Pair<Node, Node>]> {
  if (!isMap(map)) return [];
  return (map as YAMLMap<Node, Node>).items.flatMap((p) =>
    isScalar(p.key) ? [[String(p.key.value), p] as [string, Pair<Node, Node>]] : [],
  );
}

/** A sequence's items, or none. */
export function itemsOf(seq: unknown): Node[] {
  return isSeq(seq) ? ((seq as YAMLSeq<Node>).items as Node[]) : [];
}

/** Whether a collection is written in flow style (`{…}`, `[…]`), which text patches do not edit. */
export function isFlow(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && (node as { flow?: boolean }).flow === true;
}

/** The text range of a pair, whole lines: from its key's line to the end of its value's line. */
export function pairLines(text: string, pair: Pair<Node, Node>): [number, number] {
  const keyRange = (pair.key as Node).range;
  const valueRange = pair.value?.range;
  const start = lineStart(text, keyRange?.[0] ?? 0);
  const endOffset = Math.max(valueRange?.[1] ?? keyRange?.[1] ?? 0, keyRange?.[1] ?? 0);
  return [start, lineEnd(text, Math.max(endOffset - 1, start))];
}

/** An edit that removes a pair (whole lines). */
export function removePair(text: string, pair: Pair<Node, Node>): TextEdit {
  const [start, end] = pairLines(text, pair);
  return { start, end, insert: "" };
}

/** The indentation of a block map's keys. */
export function mapIndent(text: string, map: YAMLMap): number {
  const first = map.items[0]?.key as Node | undefined;
  return first?.range ? columnOf(text, first.range[0]) : 0;
}

/** Rendered snippets by value: the same few login steps and keys are rendered again and again. */
const rendered = new Map<string, string>();

function render(value: unknown): string {
  const key = JSON.stringify(value);
  let text = rendered.get(key);
  if (text === undefined) {
    text = stringify(value, { lineWidth: 0, indentSeq: false });
    if (rendered.size >= 256) rendered.clear();
    rendered.set(key, text);
  }
  return text;
}

/** Renders `value` as YAML block lines under `indent` spaces (no trailing newline handling). */
export function renderBlock(value: unknown, indent: number): string {
  const body = render(value);
  const pad = " ".repeat(indent);
  return body
    .split("\n")
    .filter((l, i, all) => !(l === "" && i === all.length - 1))
    .map((l) => (l === "" ? l : pad + l))
    .join("\n")
    .concat("\n");
}

/**
 * An edit that inserts `pairs` into a block map, after the pair named `after` (or after the last
 * pair), at the map's own indentation.
 */
export function insertPairs(
  text: string,
  map: YAMLMap,
  pairs: Record<string, unknown>,
  after?: string,
): TextEdit {
  const items = map.items as Array<Pair<Node, Node>>;
  const anchor = (after !== undefined ? pairOf(map, after) : undefined) ?? items[items.length - 1];
  const at = anchor ? pairLines(text, anchor)[1] : lineEnd(text, map.range?.[0] ?? 0);
  const prefix = at > 0 && text[at - 1] !== "\n" ? "\n" : "";
  return { start: at, end: at, insert: prefix + renderBlock(pairs, mapIndent(text, map)) };
}

/** The offset of the `-` that introduces a block sequence item. */
export function dashOffset(text: string, item: Node): number {
  const start = item.range?.[0] ?? 0;
  const dash = text.lastIndexOf("-", start);
  return dash >= lineStart(text, start) ? dash : start;
}

/** The whole lines a block sequence item spans, from its `-` to the end of its value. */
export function itemLines(text: string, item: Node): [number, number] {
  const start = lineStart(text, dashOffset(text, item));
  const end = item.range?.[1] ?? start;
  return [start, lineEnd(text, Math.max(end - 1, start))];
}

/** An edit that inserts a block sequence item before `item`, at its dash's column. */
export function insertItemBefore(text: string, item: Node, value: unknown): TextEdit {
  const dash = dashOffset(text, item);
  const at = lineStart(text, dash);
  const indent = dash - at;
  const body = render([value]);
  const pad = " ".repeat(indent);
  const insert = body
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => pad + l)
    .join("\n");
  return { start: at, end: at, insert: insert + "\n" };
}

/**
 * Applies non-overlapping edits to `text`. Edits at the same offset keep their given order.
 *
 * @throws RangeError when two edits overlap: a planning bug, never silently merged.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = "";
  let at = 0;
  for (const e of sorted) {
    // A removal inside one already applied (a key inside a removed block) is already done.
    if (e.start < at && e.end <= at && e.insert === "") continue;
    if (e.start < at) {
      throw new RangeError(
        `Overlapping YAML edits at offset ${e.start}; the rewrite was not applied.`,
      );
    }
    out += text.slice(at, e.start) + e.insert;
    at = e.end;
  }
  return out + text.slice(at);
}
