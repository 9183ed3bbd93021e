/**
 * JSON paths as findings print them: `$.Statement[0].Condition.StringLike["aud:sub"]`.
 *
 * @module
 */

/** Appends a property to a JSON path, bracketed and quoted when it is not a plain name. */
export function childPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? `${base}.${key}`
    : `${base}[${JSON.stringify(key)}]`;
}
