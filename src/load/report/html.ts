/**
 * Markup that escapes by default: the `html` tag escapes every interpolated value unless it is already
 * {@linkcode Html}, so a script name, check name or tag value can never become markup in the report.
 *
 * @module
 */

/** A fragment of markup that is already safe to embed. */
export class Html {
  /**
   * Wraps markup as trusted.
   *
   * @param value the markup
   */
  constructor(readonly value: string) {}

  /** The markup. */
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML content and double- or single-quoted attribute values.
 *
 * @param text the text
 * @returns the escaped text
 * @example
 * ```ts
 * import { escapeHtml } from "./html.ts";
 * import assert from "node:assert/strict";
 * assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function part(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(part).join("");
  if (value === null || value === undefined) return "";
  return escapeHtml(String(value));
}

/**
 * Builds markup from a template: values are escaped, {@linkcode Html} values and arrays of them are
 * embedded as they are, and `null` and `undefined` render as nothing (booleans as `true`/`false`).
 *
 * @param strings the template's literal parts
 * @param values the interpolated values
 * @returns the markup
 * @example
 * ```ts
 * import { html } from "./html.ts";
 * import assert from "node:assert/strict";
 * const name = "<script>alert(1)</script>";
 * assert.equal(html`<td>${name}</td>`.value, "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>");
 * assert.equal(html`<ul>${["a", "b"].map((x) => html`<li>${x}</li>`)}</ul>`.value, "<ul><li>a</li><li>b</li></ul>");
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => (out += part(value) + strings[i + 1]!));
  return new Html(out);
}
