/**
 * Prints a Keyless declaration as TypeScript for a Pulumi program. A small printer over plain data:
 * strings are JSON-quoted, keys are bare where they are identifiers.
 *
 * @module
 */
import type { TrustArgs } from "../trust";
import type { Cloud } from "./types";

/** The component each cloud's identity is declared with, and the grant it needs. */
export const cloudComponents: Readonly<
  Record<Cloud, { readonly component: string; readonly grant: Record<string, unknown> }>
> = Object.freeze({
  aws: { component: "FederatedRole", grant: { managedPolicyArns: ["REPLACE_ME_POLICY_ARN"] } },
  gcp: {
    component: "GcpFederatedServiceAccount",
    grant: { project: "REPLACE_ME_PROJECT_ID", roles: ["REPLACE_ME_ROLE"] },
  },
  azure: {
    component: "AzureFederatedIdentity",
    grant: {
      resourceGroupName: "REPLACE_ME_RESOURCE_GROUP",
      roles: [{ role: "REPLACE_ME_ROLE", scope: "REPLACE_ME_SCOPE" }],
    },
  },
});

/** The declaration's fields, as data. */
export interface DeclarationSource {
  readonly name: string;
  readonly cloud: Cloud;
  readonly trust: readonly TrustArgs[];
  /** @default "1h" */
  readonly ttl?: string;
}

/** The TypeScript variable name for a resource name (`api-deploy-aws` → `apiDeployAws`). */
export function variableName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const camel = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase()))
    .join("");
  return /^[0-9]/.test(camel) ? `identity${camel}` : camel || "identity";
}

/**
 * Prints one `export const … = new Component(…)` statement. Grants the file cannot tell are
 * `REPLACE_ME_…` values: clearly labelled, and refused by the cloud if left in.
 */
export function printDeclaration(source: DeclarationSource): string {
  const { component, grant } = cloudComponents[source.cloud];
  const args = { trust: source.trust, ttl: source.ttl ?? "1h", ...grant };
  return `export const ${variableName(source.name)} = new ${component}(${JSON.stringify(source.name)}, ${printValue(args, 0)});\n`;
}

/** Prints the import line for a set of declarations. */
export function printImports(clouds: Iterable<Cloud>): string {
  const names = [...new Set([...clouds].map((c) => cloudComponents[c].component))].sort();
  return names.length > 0 ? `import { ${names.join(", ")} } from "keyless";\n` : "";
}

function printValue(value: unknown, depth: number): string {
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = value.map((v) => printValue(v, depth + 1));
    const flat = `[${inner.join(", ")}]`;
    if (flat.length + depth * 2 < 80 && !flat.includes("\n")) return flat;
    return `[\n${inner.map((v) => pad + v + ",").join("\n")}\n${end}]`;
  }
  if (value !== null && typeof value === "object") {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    if (fields.length === 0) return "{}";
    const inner = fields.map(([k, v]) => `${printKey(k)}: ${printValue(v, depth + 1)}`);
    const flat = `{ ${inner.join(", ")} }`;
    if (flat.length + depth * 2 < 80 && !flat.includes("\n")) return flat;
    return `{\n${inner.map((v) => pad + v + ",").join("\n")}\n${end}}`;
  }
  return JSON.stringify(value);
}

function printKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}
