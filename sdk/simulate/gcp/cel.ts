/**
 * CEL as Google's workload identity federation runs it: attribute mappings over `assertion`, the
 * attribute condition over `assertion`, `attribute` and `google`, and the `extract` function.
 * Expressions are parsed once and evaluated with a well-kept CEL implementation.
 *
 * @see https://cloud.google.com/iam/docs/workload-identity-federation#mapping
 * @see https://cloud.google.com/iam/docs/workload-identity-federation#conditions
 * @module
 */
import { Environment, parse } from "@marcbachmann/cel-js";

/** A parsed CEL expression; `evaluate` throws the CEL error when evaluation fails. */
export interface CelProgram {
  readonly source: string;
  readonly evaluate: (variables: Readonly<Record<string, unknown>>) => unknown;
}

// `google` names a type namespace inside the CEL implementation, so the variable is renamed.
const googleAlias = "google__keyless";

const environment = new Environment({ unlistedVariablesAreDyn: true }).registerFunction(
  "string.extract(string): string",
  extract,
);

/**
 * Parses a mapping or condition expression.
 *
 * @throws the CEL implementation's `ParseError` when the expression is not CEL.
 */
export function compileCel(source: string): CelProgram {
  const cached = cache.get(source);
  if (cached) return cached;
  const compiled = compileUncached(source);
  // Bounded: a simulator run sees a handful of providers; a linter may see many.
  if (cache.size >= 1000) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

const cache = new Map<string, CelProgram>();

function compileUncached(source: string): CelProgram {
  const renamed = renameGoogle(source);
  const program = environment.parse(renamed);
  return Object.freeze({
    source,
    evaluate: (variables: Readonly<Record<string, unknown>>) => {
      const context: Record<string, unknown> = { ...variables };
      if ("google" in context) {
        context[googleAlias] = context["google"];
        delete context["google"];
      }
      return program(context);
    },
  });
}

function renameGoogle(source: string): string {
  const spots: Array<{ start: number; end: number }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const n = node as { op?: unknown; args?: unknown; start?: number; end?: number };
    if (n.op === "id" && n.args === "google" && n.start !== undefined && n.end !== undefined) {
      spots.push({ start: n.start, end: n.end });
    }
    visit(n.args);
  };
  visit(parse(source).ast);
  let text = source;
  for (const spot of spots.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, spot.start) + googleAlias + text.slice(spot.end);
  }
  return text;
}

/**
 * Google's `extract`: the text between the template's literal prefix and suffix around one
 * `{name}` placeholder; empty when the prefix or suffix is not found.
 */
export function extract(value: string, template: string): string {
  const open = template.indexOf("{");
  const close = template.indexOf("}", open);
  if (open < 0 || close < 0) return "";
  const prefix = template.slice(0, open);
  const suffix = template.slice(close + 1);
  const from = value.indexOf(prefix);
  if (from < 0) return "";
  const start = from + prefix.length;
  if (suffix === "") return value.slice(start);
  const end = value.indexOf(suffix, start);
  return end < 0 ? "" : value.slice(start, end);
}
