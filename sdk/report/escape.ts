/**
 * Escaping for everything the report writes: manifests come from programs and accounts the
 * report's reader does not control, so no text reaches HTML, SVG or Markdown unescaped.
 *
 * @module
 */

const htmlEntities: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML and SVG element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => htmlEntities[ch] ?? ch);
}

/**
 * Escapes text for a Markdown table cell or line: the punctuation that makes emphasis, code,
 * links or table columns is backslash-escaped; `&`, `<` and `>` become entities (renderers pass raw
 * HTML through); newlines become spaces. Every cell and line starts with the report's own text,
 * so punctuation that only matters at the start of a line (`#`, `-`, `+`) stays as it is.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/[&<>]/g, (ch) => htmlEntities[ch] ?? ch)
    .replace(/\r?\n/g, " ");
}
