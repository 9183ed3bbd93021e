/**
 * Checks shared by every issuer: the boundary segments (owner, repository, project, namespace,
 * service account) that a wildcard must never cross, and the patterns allowed inside a segment.
 *
 * @module
 */
import type { Problem } from "../errors";
import { hasWildcard } from "./claim-pattern";

/** What a boundary segment is, for messages: "owner", "repository", "namespace"… */
export type SegmentName = string;

/**
 * Checks a segment that bounds who is trusted. A wildcard there lets in strangers (every
 * repository of an owner, every namespace of a cluster), so it is refused unless the declaration
 * says `dangerouslyAllowWildcards`.
 */
export function checkBoundarySegment(
  value: unknown,
  name: SegmentName,
  path: string,
  syntax: RegExp,
  syntaxRule: string,
  dangerouslyAllowWildcards: boolean,
  shown: unknown = value,
): Problem[] {
  if (typeof value !== "string" || value === "") {
    return [{ path, value: shown, rule: `The ${name} is required.`, fix: `Name the ${name} exactly.` }];
  }
  if (hasWildcard(value)) {
    if (dangerouslyAllowWildcards) return [];
    return [
      {
        path,
        value: shown,
        rule: `A wildcard in the ${name} lets in every ${name} that matches, including ones created later by anyone.`,
        fix: `Name the ${name} exactly and declare one trust per ${name}; only if that is truly intended, set dangerouslyAllowWildcards: true.`,
      },
    ];
  }
  if (!syntax.test(value)) {
    return [{ path, value: shown, rule: syntaxRule, fix: `Write the ${name} as the platform shows it.` }];
  }
  return [];
}

/**
 * Checks a pattern inside the last segment (a branch or tag name). Wildcards are allowed there,
 * but a bare `*` (any branch at all) is refused unless `dangerouslyAllowWildcards`.
 */
export function checkRefPattern(
  value: unknown,
  name: SegmentName,
  path: string,
  dangerouslyAllowWildcards: boolean,
): Problem[] {
  if (typeof value !== "string" || value.trim() === "") {
    return [
      {
        path,
        value,
        rule: `The ${name} must be a non-empty name or pattern.`,
        fix: `Name the ${name}, e.g. "main" or "release/*".`,
      },
    ];
  }
  if (value !== value.trim() || /\s/.test(value)) {
    return [
      {
        path,
        value,
        rule: `A ${name} has no whitespace: tokens carry it exactly.`,
        fix: "Remove the whitespace.",
      },
    ];
  }
  if (/^[*?]+$/.test(value) && !dangerouslyAllowWildcards) {
    return [
      {
        path,
        value,
        rule: `A bare "${value}" accepts every ${name}, so anyone who can push one gets in.`,
        fix: `Name the ${name}s that deploy (e.g. "main", "v*"); only if that is truly intended, set dangerouslyAllowWildcards: true.`,
      },
    ];
  }
  return [];
}

/** Checks a numeric ID as platforms issue them (`repository_id`, `project_id`…). */
export function checkNumericId(value: unknown, name: string, path: string): Problem[] {
  if (value === undefined) return [];
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text === "string" && /^[1-9][0-9]*$/.test(text)) return [];
  return [
    {
      path,
      value,
      rule: `The ${name} is a positive whole number as the platform issues it.`,
      fix: `Copy the ${name} from the platform's API (it never changes, unlike names).`,
    },
  ];
}

/** Normalises a numeric ID to the text tokens carry. */
export function idText(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/**
 * Refuses properties a declaration does not know. A misspelt restriction (`protectedonly`) would
 * otherwise be dropped without a word, and the trust would be wider than the author meant.
 *
 * @param known - the property names the declaration accepts.
 */
export function checkKnownKeys(args: unknown, known: readonly string[], path: string): Problem[] {
  if (args === null || typeof args !== "object" || Array.isArray(args)) {
    return [
      {
        path,
        value: args,
        rule: "A declaration here is an object.",
        fix: `Write an object with ${known.join(", ")}.`,
      },
    ];
  }
  return Object.keys(args)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const near = known.find(
        (k) => k.toLowerCase() === key.toLowerCase() || editDistance(k, key) <= 2,
      );
      return {
        path: `${path}.${key}`,
        value: (args as Record<string, unknown>)[key],
        rule: `${key} is not a property of this declaration, so whatever it meant to restrict or grant would be silently missing.`,
        fix: near ? `Did you mean ${near}?` : `Use one of ${known.join(", ")}.`,
      };
    });
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(
        above + 1,
        (row[j - 1] as number) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * Every property name of `T`, checked at compile time: a property added to an argument type and
 * missing here fails the build, so the unknown-property check can never refuse a real property.
 */
export function keysOf<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : never),
  ): readonly string[] => keys;
}
