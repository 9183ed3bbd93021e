import { describe, expect, it } from "vitest";
import type { YAMLMap } from "yaml";
import {
  applyEdits,
  insertItemBefore,
  insertPairs,
  itemsOf,
  lineOf,
  pairOf,
  parseYaml,
  removePair,
  valueOf,
  type YamlSource,
} from "../../sdk/migrate/yaml-text";

const text = ["a:", "  b: 1   # kept", "  c: 'two'", "list:", "- x: 1", "- y: 2", ""].join("\n");

function source(t = text): YamlSource {
  const s = parseYaml(t);
  if ("error" in s) throw new Error(s.error);
  return s;
}

describe("applyEdits", () => {
  it("removes a pair's whole line and nothing else", () => {
    const s = source();
    const pair = pairOf(valueOf(s.doc.contents, "a"), "c");
    expect(applyEdits(text, [removePair(text, pair as NonNullable<typeof pair>)])).toBe(
      ["a:", "  b: 1   # kept", "list:", "- x: 1", "- y: 2", ""].join("\n"),
    );
  });

  it("inserts pairs at the map's indentation, after the named pair", () => {
    const s = source();
    const map = valueOf(s.doc.contents, "a") as YAMLMap;
    expect(applyEdits(text, [insertPairs(text, map, { d: { e: "f" } }, "b")])).toBe(
      [
        "a:",
        "  b: 1   # kept",
        "  d:",
        "    e: f",
        "  c: 'two'",
        "list:",
        "- x: 1",
        "- y: 2",
        "",
      ].join("\n"),
    );
  });

  it("inserts a sequence item at the dash's column", () => {
    const s = source();
    const second = itemsOf(valueOf(s.doc.contents, "list"))[1];
    expect(applyEdits(text, [insertItemBefore(text, second as never, { z: 3 })])).toBe(
      ["a:", "  b: 1   # kept", "  c: 'two'", "list:", "- x: 1", "- z: 3", "- y: 2", ""].join("\n"),
    );
  });

  it("drops a removal inside one already applied", () => {
    expect(
      applyEdits("abcdef", [
        { start: 1, end: 5, insert: "" },
        { start: 2, end: 3, insert: "" },
      ]),
    ).toBe("af");
  });

  it("refuses overlapping edits that are not nested removals", () => {
    expect(() =>
      applyEdits("abcdef", [
        { start: 1, end: 4, insert: "X" },
        { start: 2, end: 5, insert: "Y" },
      ]),
    ).toThrow(RangeError);
  });
});

describe("lineOf", () => {
  it("numbers lines from 1", () => {
    const s = source();
    expect(lineOf(s, pairOf(valueOf(s.doc.contents, "a"), "c")?.key)).toBe(3);
  });
});
