import { existsSync, writeFileSync } from "node:fs";
import { format } from "prettier";
import { beforeAll, describe, expect, it } from "vitest";
import { components, generateSchema, PACKAGE_NAME } from "../../provider/index";
import {
  type PackageSchema,
  readSchemaSnapshot,
  SCHEMA_PATH,
  type SchemaProperty,
  UPDATE_HINT,
} from "./schema-snapshot";

let generated: PackageSchema;

beforeAll(async () => {
  generated = (await generateSchema()) as unknown as PackageSchema;
  if (process.env["UPDATE_SCHEMA"] === "1") {
    const text = await format(JSON.stringify(generated), { parser: "json", printWidth: 100 });
    writeFileSync(SCHEMA_PATH, text);
  }
}, 120_000);

describe("generateSchema", () => {
  it("matches the checked-in snapshot", () => {
    expect(existsSync(SCHEMA_PATH), `provider/schema.json is missing; run ${UPDATE_HINT}`).toBe(
      true,
    );
    const snapshot = readSchemaSnapshot();
    expect(
      generated,
      `The components' schema changed. Review the difference, then run ${UPDATE_HINT}`,
    ).toEqual(snapshot);
  });

  it("serves each component as keyless:index:<ClassName>", () => {
    const tokens = components.map((c) => `${PACKAGE_NAME}:index:${c.name}`).sort();
    expect(Object.keys(generated.resources).sort()).toEqual(tokens);
    for (const token of tokens) expect(generated.resources[token]?.isComponent).toBe(true);
  });

  it("describes every component, every input and every output", () => {
    const undescribed: string[] = [];
    const check = (where: string, properties: Record<string, SchemaProperty> | undefined) => {
      for (const [name, property] of Object.entries(properties ?? {})) {
        if (!property.description?.trim()) undescribed.push(`${where}.${name}`);
      }
    };
    for (const [token, resource] of Object.entries(generated.resources)) {
      if (!resource.description?.trim()) undescribed.push(token);
      check(`${token} input`, resource.inputProperties);
      check(`${token} output`, resource.properties);
    }
    // Nested inputs: the analyzer keeps the descriptions of an object type's properties and enum
    // values, not of the type itself.
    for (const [token, type] of Object.entries(generated.types)) {
      check(token, type.properties);
      for (const member of type.enum ?? []) {
        if (!member.description?.trim()) undescribed.push(`${token}.${member.name}`);
      }
    }
    expect(undescribed, "Add TSDoc to these (the analyzer reads it)").toEqual([]);
  });
});
