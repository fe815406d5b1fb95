/**
 * Where k6/html registers its parser, so k6/http's `Response.html()` can use it without importing the
 * HTML parser into every run (see k6/html.ts: it is loaded only for scripts that mention it).
 *
 * @module
 */

/** Parses a document into k6's Selection. */
export type HtmlParser = (html: string, url?: string) => unknown;

let parser: HtmlParser | null = null;

/**
 * Registers the parser (k6/html.ts does, when it is imported).
 *
 * @param parse the parser
 */
export function registerHtmlParser(parse: HtmlParser): void {
  parser = parse;
}

/** The registered parser, or null when k6/html was never loaded. */
export function htmlParser(): HtmlParser | null {
  return parser;
}
