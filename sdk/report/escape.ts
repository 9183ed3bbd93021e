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
 * Escapes text for a Markdown table cell or line: Markdown's punctuation is backslash-escaped,
 * HTML is entity-escaped (renderers pass raw HTML through), and newlines become spaces.
 */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (ch) => `\\${ch}`)
    .replace(/\r?\n/g, " ");
}
