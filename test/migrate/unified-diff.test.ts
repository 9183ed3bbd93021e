import { applyPatch } from "diff";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../sdk/migrate";

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a.yml", "x\n", "x\n")).toBe("");
  });

  it("prints a hunk with three lines of context", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", ""].join("\n");
    const after = ["a", "b", "c", "D", "e", "f", "g", ""].join("\n");
    expect(unifiedDiff("w.yml", before, after)).toBe(
      "--- a/w.yml\n+++ b/w.yml\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n",
    );
  });

  it("produces patches that the diff package applies back to the new text", () => {
    const lines = fc.array(fc.constantFrom("a", "b", "c", "  - run: x", "# c", ""), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(lines, lines, fc.boolean(), (a, b, nl) => {
        const before = a.join("\n") + (nl ? "\n" : "");
        const after = b.join("\n") + "\n";
        const patch = unifiedDiff("f.yml", before, after);
        expect(before === after ? after : applyPatch(before, patch)).toBe(after);
      }),
      { numRuns: 300 },
    );
  });
});
