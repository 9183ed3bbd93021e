import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { keylessPolicies } from "../../../provider/policy/policies";
import { trustDocumentOf } from "../../../provider/policy/trust-documents";
import { validate } from "./harness";

const root = resolve(__dirname, "..", "..", "..");
const cli = join(root, "bin", "keyless.js");
const config = { maxTtl: { production: "1h", default: "12h" } };

/** The fixture program, and every Node.js example program, picked up as they land. */
function programs(): string[] {
  const fixture = join(root, "test", "fixtures", "provider", "azure-identity");
  const examples = join(root, "examples");
  const found = existsSync(examples)
    ? readdirSync(examples)
        .map((dir) => join(examples, dir))
        .filter((dir) => {
          const file = join(dir, "Pulumi.yaml");
          if (!existsSync(file)) return false;
          const runtime = (parse(readFileSync(file, "utf8")) as { runtime?: unknown }).runtime;
          const name = typeof runtime === "object" ? (runtime as { name?: unknown }).name : runtime;
          return name === "nodejs";
        })
    : [];
  return [fixture, ...found];
}

interface Plan {
  program: { stack: string };
  resources: Array<{ type: string; name: string; inputs: Record<string, unknown> }>;
}

function plan(dir: string): Plan {
  if (!existsSync(join(root, "dist", "sdk", "cli", "main.js"))) {
    throw new Error("dist/ is missing: run npm run build first (npm test does it).");
  }
  const stack = existsSync(join(dir, "Pulumi.production.yaml")) ? ["--stack", "production"] : [];
  const out = execFileSync(process.execPath, [cli, "plan", dir, "--json", ...stack], {
    encoding: "utf8",
    timeout: 60_000,
  });
  return JSON.parse(out) as Plan;
}

describe("Keyless policy pack on what Keyless renders", () => {
  it.each(programs().map((dir) => [dir.slice(root.length + 1), dir]))(
    "accepts every resource of %s",
    async (_label, dir) => {
      const { program, resources } = plan(dir);
      const violations: string[] = [];
      for (const resource of resources) {
        for (const policy of keylessPolicies) {
          if (policy.enforcementLevel !== "mandatory") continue;
          const found = await validate(
            policy,
            { ...resource, props: resource.inputs, stack: program.stack },
            config,
          );
          violations.push(...found.map((v) => v.message));
        }
      }

      expect(violations).toEqual([]);
      // Not vacuous: the program renders trust that the lint policy reads.
      expect(resources.some((r) => trustDocumentOf(r.type, r.inputs) !== undefined)).toBe(true);
    },
    90_000,
  );

  it("rejects a stack that adds an access key to what Keyless renders", async () => {
    const { program, resources } = plan(programs()[0] as string);
    const stack = [
      ...resources.map((r) => ({ ...r, props: r.inputs, stack: program.stack })),
      { type: "aws:iam/accessKey:AccessKey", name: "ci-user-key", props: { user: "ci" } },
    ];
    const rejected: string[] = [];
    for (const resource of stack) {
      for (const policy of keylessPolicies) {
        if (policy.enforcementLevel !== "mandatory") continue;
        rejected.push(...(await validate(policy, resource, config)).map((v) => v.message));
      }
    }

    expect(rejected).toEqual([expect.stringMatching(/^ci-user-key .* keyless-no-static-keys/)]);
  }, 90_000);
});
