import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { keylessPolicies } from "../../../provider/policy/index";

const constructed: string[] = [];
vi.mock("@pulumi/policy", () => ({
  PolicyPack: class {
    constructor(name: string) {
      constructed.push(name);
    }
  },
}));

const packDir = join(__dirname, "..", "..", "..", "provider", "policy");

describe("provider/policy", () => {
  it("gives its policies on import without starting the pack", () => {
    expect(keylessPolicies.map((p) => p.name)).toEqual([
      "keyless-no-static-keys",
      "keyless-trust-lint",
      "keyless-trust-lint-advice",
      "keyless-max-ttl",
    ]);
    expect(constructed).toEqual([]);
  });

  it("is a Node.js policy pack versioned with the package", () => {
    const plugin = parse(readFileSync(join(packDir, "PulumiPolicy.yaml"), "utf8")) as {
      runtime: string;
    };
    const pack = JSON.parse(readFileSync(join(packDir, "package.json"), "utf8")) as {
      version: string;
    };
    const root = JSON.parse(readFileSync(join(packDir, "..", "..", "package.json"), "utf8")) as {
      version: string;
    };
    expect(plugin.runtime).toBe("nodejs");
    expect(pack.version).toBe(root.version);
  });
});
