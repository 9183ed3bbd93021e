import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { EXPRESSION, camelCase, validateResource } from "./schema-validate";
import { readSchemaSnapshot } from "./schema-snapshot";

const root = resolve(__dirname, "..", "..");
const schema = readSchemaSnapshot();

/** The identity the TypeScript example declares, in the schema's spelling. */
const identity = {
  trust: [
    {
      github: {
        repository: "acme/api",
        ownerId: 1234567,
        repositoryId: 7654321,
        environment: "production",
      },
    },
  ],
  ttl: "45m",
  aws: { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonECS_FullAccess"] },
  azure: {
    resourceGroupName: "acme-identities",
    roles: [
      {
        role: "Contributor",
        scope: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod",
      },
    ],
  },
};

interface YamlProgram {
  packages?: Record<string, string>;
  resources: Record<string, { type: string; properties: Record<string, unknown> }>;
  outputs?: Record<string, string>;
}

interface PythonCall {
  component: string;
  name: string;
  kwargs: Record<string, unknown>;
  reads: string[];
}

function readYamlProgram(): YamlProgram {
  const file = join(root, "examples", "yaml-consumer", "Pulumi.yaml");
  return parse(readFileSync(file, "utf8")) as YamlProgram;
}

function readPythonCalls(): PythonCall[] {
  const out = execFileSync(
    "python3",
    [join(__dirname, "python-calls.py"), join(root, "examples", "python-consumer", "__main__.py")],
    { encoding: "utf8", timeout: 20_000 },
  );
  return JSON.parse(out) as PythonCall[];
}

/** Python's dict keys and keyword names in the schema's spelling; map keys stay as written. */
function toSchemaSpelling(value: unknown, isMap = false): unknown {
  if (Array.isArray(value)) return value.map((v) => toSchemaSpelling(v));
  if (typeof value !== "object" || value === null || EXPRESSION in value) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      isMap ? k : camelCase(k),
      toSchemaSpelling(v, !isMap && k === "tags"),
    ]),
  );
}

describe("examples/yaml-consumer", () => {
  const program = readYamlProgram();
  const keyless = Object.entries(program.resources).filter(([, r]) =>
    r.type.startsWith("keyless:"),
  );

  it("adds the keyless package from the provider's plugin folder", () => {
    const source = program.packages?.["keyless"];
    expect(source).toBeDefined();
    expect(
      existsSync(join(root, "examples", "yaml-consumer", source as string, "PulumiPlugin.yaml")),
    ).toBe(true);
  });

  it("declares Keyless resources whose properties the schema accepts", () => {
    expect(keyless.length).toBeGreaterThan(0);
    for (const [name, resource] of keyless) {
      expect(validateResource(schema, resource.type, resource.properties, "schema"), name).toEqual(
        [],
      );
    }
  });

  it("declares the identity of the TypeScript example", () => {
    expect(program.resources["api-deploy"]).toEqual({
      type: "keyless:index:Identity",
      properties: identity,
    });
  });

  it("reads only outputs the schema declares", () => {
    for (const expression of Object.values(program.outputs ?? {})) {
      const [, resource, property] = /^\$\{([\w-]+)\.(\w+)\}$/.exec(expression) ?? [];
      const type = program.resources[resource as string]?.type as string;
      expect(Object.keys(schema.resources[type]?.properties ?? {}), expression).toContain(property);
    }
  });
});

describe("examples/python-consumer", () => {
  const calls = readPythonCalls();

  it("declares Keyless resources whose keyword arguments the schema accepts", () => {
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const token = `keyless:index:${call.component}`;
      expect(validateResource(schema, token, call.kwargs, "snake"), call.name).toEqual([]);
    }
  });

  it("declares the identity of the TypeScript example", () => {
    const deployer = calls.find((c) => c.name === "api-deploy");
    expect(deployer?.component).toBe("Identity");
    expect(toSchemaSpelling(deployer?.kwargs)).toEqual(identity);
  });

  it("reads only outputs the schema declares", () => {
    for (const call of calls) {
      const outputs = Object.keys(
        schema.resources[`keyless:index:${call.component}`]?.properties ?? {},
      );
      for (const read of call.reads) expect(outputs, read).toContain(camelCase(read));
    }
  });
});

describe("validateResource", () => {
  const token = "keyless:index:Identity";

  it.each([
    ["an unknown property", { ...identity, tll: "45m" }, `${token}.tll: unknown property`],
    ["a missing required property", { ttl: "45m" }, `${token}.trust: required`],
    [
      "a wrong nested type",
      { trust: [{ github: { repository: "acme/api", ownerId: "1234567" } }] },
      `${token}.trust[0].github.ownerId: expected a number, got "1234567"`,
    ],
    [
      "an unknown nested property",
      { trust: [{ github: { repo: "acme/api" } }] },
      `${token}.trust[0].github.repo: unknown property`,
    ],
    [
      "a value outside an enumeration",
      {
        trust: [
          {
            terraformCloud: {
              organization: "acme",
              project: "p",
              workspace: "w",
              runPhase: "destroy",
            },
          },
        ],
      },
      `${token}.trust[0].terraformCloud.runPhase: "destroy" is not one of ["plan","apply"]`,
    ],
    [
      "a single trust where the schema wants a list",
      { trust: identity.trust[0] },
      `${token}.trust: expected a list`,
    ],
  ])("reports %s", (_title, props, problem) => {
    const problems = validateResource(schema, token, props as Record<string, unknown>, "schema");
    expect(
      problems.some((p) => p.startsWith(problem)),
      problems.join("\n"),
    ).toBe(true);
  });

  it("renames snake_case keys but not map keys", () => {
    const props = {
      trust: [{ github: { repository: "acme/api" } }],
      resource_group_name: "rg",
      tags: { cost_center: "42" },
    };
    expect(
      validateResource(schema, "keyless:index:AzureFederatedIdentity", props, "snake"),
    ).toEqual([]);
  });
});
