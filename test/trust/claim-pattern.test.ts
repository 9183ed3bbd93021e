import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinPattern, literal, matchesPattern, parseGlob, patternText } from "../../sdk/trust";

function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((ch) =>
      ch === "*"
        ? "[\\s\\S]*"
        : ch === "?"
          ? "[\\s\\S]"
          : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${body}$`, "u");
}

describe("matchesPattern", () => {
  it.each<[string, string, boolean]>([
    ["repo:acme/api:ref:refs/heads/release/*", "repo:acme/api:ref:refs/heads/release/1.2", true],
    ["repo:acme/api:ref:refs/heads/release/*", "repo:acme/api:ref:refs/heads/main", false],
    ["v?.*", "v1.2", true],
    ["v?.*", "v10.2", false],
    ["*", "", true],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "aXbY", false],
  ])("%s against %s is %s", (glob, value, expected) => {
    expect(matchesPattern(parseGlob(glob), value)).toBe(expected);
  });

  it("treats a literal '*' as a character, never as a wildcard", () => {
    expect(matchesPattern(literal("a*"), "a*")).toBe(true);
    expect(matchesPattern(literal("a*"), "abc")).toBe(false);
    expect(patternText(joinPattern([literal("x?"), parseGlob("*")]))).toBe("x?*");
  });

  it("agrees with an anchored regular expression on generated globs and values", () => {
    const alphabet = fc.constantFrom("a", "b", ":", "/", "*", "?");
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 8 }),
        fc.array(fc.constantFrom("a", "b", ":", "/"), { maxLength: 10 }),
        (g, v) => {
          const glob = g.join("");
          const value = v.join("");
          expect(matchesPattern(parseGlob(glob), value)).toBe(globToRegExp(glob).test(value));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("stays linear on inputs that make naive backtracking explode", () => {
    const glob = parseGlob("*a*a*a*a*a*a*a*a*b");
    expect(matchesPattern(glob, "a".repeat(5000))).toBe(false);
  });
});
