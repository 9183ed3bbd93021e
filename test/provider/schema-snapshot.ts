/**
 * The checked-in schema snapshot and a small reader of it, shared by the provider's tests.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Where the snapshot lives. */
export const SCHEMA_PATH = join(__dirname, "..", "..", "provider", "schema.json");

/** How a reader updates the snapshot after changing a component on purpose. */
export const UPDATE_HINT = "UPDATE_SCHEMA=1 npx vitest run test/provider";

/** One property as the schema describes it. */
export interface SchemaProperty {
  readonly type?: string;
  readonly $ref?: string;
  readonly items?: SchemaProperty;
  readonly additionalProperties?: SchemaProperty;
  readonly description?: string;
  readonly plain?: boolean;
}

/** A resource or object type of the schema. */
export interface SchemaObject {
  readonly type: string;
  readonly description?: string;
  readonly isComponent?: boolean;
  readonly inputProperties?: Record<string, SchemaProperty>;
  readonly requiredInputs?: readonly string[];
  readonly properties?: Record<string, SchemaProperty>;
  readonly required?: readonly string[];
  readonly enum?: ReadonlyArray<{ name: string; value: string | number; description?: string }>;
}

/** The parts of a package schema the tests read. */
export interface PackageSchema {
  readonly name: string;
  readonly version: string;
  readonly resources: Record<string, SchemaObject>;
  readonly types: Record<string, SchemaObject>;
}

/** Reads the checked-in snapshot. */
export function readSchemaSnapshot(): PackageSchema {
  return JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as PackageSchema;
}
