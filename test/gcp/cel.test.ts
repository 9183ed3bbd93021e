import { evaluate } from "@marcbachmann/cel-js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { celMatch, celRegex, celString, claimRef } from "../../sdk/gcp";
import { literal, matchesPattern, parseGlob } from "../../sdk/trust";

describe("celString", () => {
  it.each([
    ["plain", "'plain'"],
    ["it's", "'it\\'s'"],
    ["a\\b", "'a\\\\b'"],
    ["line\nbreak", "'line\\nbreak'"],
  ])("quotes %j", (text, expected) => {
    expect(celString(text)).toBe(expected);
  });

  it("round-trips any string through CEL", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
        expect(evaluate(celString(text))).toBe(text);
      }),
    );
  });
});

describe("claimRef", () => {
  it.each([
    ["repository_id", "assertion.repository_id"],
    ["kubernetes.io", "assertion['kubernetes.io']"],
    ["acme.example/team", "assertion['acme.example/team']"],
    ["in", "assertion['in']"],
    ["namespace", "assertion['namespace']"],
  ])("reads %j as %s", (claim, expected) => {
    expect(claimRef(claim)).toBe(expected);
  });

  it("reads the claim it names", () => {
    for (const claim of ["repository_id", "kubernetes.io", "in", "namespace", "a-b"]) {
      expect(evaluate(claimRef(claim), { assertion: { [claim]: "v" } })).toBe("v");
    }
  });
});

describe("celMatch", () => {
  it("uses == for a literal and an anchored matches() for a pattern", () => {
    expect(celMatch("assertion.ref", literal("refs/heads/main"))).toBe(
      "assertion.ref == 'refs/heads/main'",
    );
    expect(celRegex(parseGlob("release/v?.*"))).toBe("^release/v.\\..*$");
  });

  // The renderer and the trust model must agree on what a pattern admits; CEL evaluates the
  // rendered text, matchesPattern is the model's own definition.
  it("admits exactly what the trust model's pattern admits", () => {
    const alphabet = fc.constantFrom(
      "a",
      "b",
      ".",
      "/",
      "*",
      "?",
      "(",
      "+",
      "[",
      "$",
      "^",
      "\\",
      "'",
    );
    const valueAlphabet = fc.constantFrom(
      "a",
      "b",
      ".",
      "/",
      "(",
      "+",
      "[",
      "$",
      "^",
      "\\",
      "'",
      "x",
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join("")),
        fc.array(valueAlphabet, { maxLength: 10 }).map((cs) => cs.join("")),
        (glob, value) => {
          const pattern = parseGlob(glob);
          const admitted = evaluate(celMatch("assertion.v", pattern), { assertion: { v: value } });
          expect(admitted).toBe(matchesPattern(pattern, value));
        },
      ),
      { numRuns: 500 },
    );
  });
});
