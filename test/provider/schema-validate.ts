/**
 * Checks a resource's properties, as a YAML or Python program writes them, against the provider's
 * schema: types, required properties, nested object types, enums, and no unknown properties.
 */
import type { PackageSchema, SchemaObject, SchemaProperty } from "./schema-snapshot";

/** How a program spells property names: YAML as the schema does, Python in snake_case. */
export type KeyStyle = "schema" | "snake";

/** A value the program computes (an output of another resource): any type may arrive. */
export const EXPRESSION = "__expression__";

/** `owner_id` → `ownerId`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Every problem with `props` as inputs of the resource `token`, each naming its path. */
export function validateResource(
  schema: PackageSchema,
  token: string,
  props: Record<string, unknown>,
  style: KeyStyle,
): string[] {
  const resource = schema.resources[token];
  if (!resource) return [`${token}: not a resource of the ${schema.name} schema`];
  const object: SchemaObject = {
    type: "object",
    properties: resource.inputProperties ?? {},
    required: resource.requiredInputs ?? [],
  };
  return checkObject(schema, object, props, token, style);
}

function checkObject(
  schema: PackageSchema,
  type: SchemaObject,
  value: unknown,
  path: string,
  style: KeyStyle,
): string[] {
  if (!isRecord(value)) return [`${path}: expected an object, got ${JSON.stringify(value)}`];
  const problems: string[] = [];
  const properties = type.properties ?? {};
  const seen = new Set<string>();
  for (const [key, item] of Object.entries(value)) {
    const name = style === "snake" ? camelCase(key) : key;
    seen.add(name);
    const property = properties[name];
    if (!property) {
      problems.push(
        `${path}.${key}: unknown property (known: ${Object.keys(properties).join(", ")})`,
      );
      continue;
    }
    problems.push(...checkValue(schema, property, item, `${path}.${key}`, style));
  }
  for (const name of type.required ?? []) {
    if (!seen.has(name)) problems.push(`${path}.${name}: required`);
  }
  return problems;
}

function checkValue(
  schema: PackageSchema,
  property: SchemaProperty,
  value: unknown,
  path: string,
  style: KeyStyle,
): string[] {
  if (isRecord(value) && EXPRESSION in value) return [];
  if (property.$ref !== undefined) {
    const token = property.$ref.replace(/^#\/types\//, "");
    const type = schema.types[token];
    if (!type) return [`${path}: the schema has no type ${property.$ref}`];
    if (type.enum) {
      const allowed = type.enum.map((e) => e.value);
      return allowed.includes(value as string | number)
        ? []
        : [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`];
    }
    return checkObject(schema, type, value, path, style);
  }
  switch (property.type) {
    case "string":
      return typeof value === "string"
        ? []
        : [`${path}: expected a string, got ${JSON.stringify(value)}`];
    case "integer":
      return Number.isInteger(value)
        ? []
        : [`${path}: expected an integer, got ${JSON.stringify(value)}`];
    case "number":
      return typeof value === "number"
        ? []
        : [`${path}: expected a number, got ${JSON.stringify(value)}`];
    case "boolean":
      return typeof value === "boolean"
        ? []
        : [`${path}: expected a boolean, got ${JSON.stringify(value)}`];
    case "array":
      if (!Array.isArray(value)) return [`${path}: expected a list, got ${JSON.stringify(value)}`];
      return value.flatMap((item, i) =>
        checkValue(schema, property.items ?? {}, item, `${path}[${i}]`, style),
      );
    case "object":
      if (!isRecord(value)) return [`${path}: expected a map, got ${JSON.stringify(value)}`];
      // Map keys are data, not property names: never renamed.
      return Object.entries(value).flatMap(([k, v]) =>
        checkValue(schema, property.additionalProperties ?? {}, v, `${path}.${k}`, style),
      );
    default:
      return [`${path}: the schema gives no type`];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
