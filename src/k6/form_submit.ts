/**
 * What `Response.submitForm()` and `Response.clickLink()` request, worked out as k6's `response.go`
 * does from a parsed page: the form's method and action, its fields by k6's rules with the submit
 * button's value and the script's fields over them, or the link's `href`, each resolved against the
 * response's URL. Pure: k6/http sends the request.
 *
 * @module
 */
import { encodeValues } from "./url_values.ts";

/** The part of k6/html's Selection these need (k6/html is loaded only for scripts that use it). */
export interface PageSelection {
  size(): number;
  attr(name: string): string | undefined;
  find(selector: string): PageSelection;
  serializeArray(): { name: string; value: string | string[] }[];
  val(): string | string[] | undefined;
}

/** `submitForm`'s options, as k6 reads them (each given key is taken as a string, as k6 does). */
export interface SubmitFormOptions {
  /**
   * Finds the form in the page; default `form`. As in k6's code, the first match gives the method and
   * action, and every match its fields and submit button.
   */
  formSelector?: string;
  /** Fields to set or override, by name. */
  fields?: Record<string, unknown>;
  /** Finds the submit button whose name and value are sent; default `[type="submit"]`. */
  submitSelector?: string;
  /** The request's params (headers, tags, …). */
  params?: unknown;
}

/** `clickLink`'s options. */
export interface ClickLinkOptions {
  /** Finds the link; default `a[href]` (the first match's `href` is followed). */
  selector?: string;
  /** The request's params. */
  params?: unknown;
}

/** The request a form submission makes: a GET carries the fields in its URL, anything else in `body`. */
export interface FormSubmission {
  method: string;
  url: string;
  /** The fields URL-encoded as k6's form bodies are, or null for a GET. */
  body: string | null;
}

/** A selected-options value of a `<select multiple>`: a Go `[]string` in k6, which formats it `[a b]`. */
class GoStrings {
  constructor(readonly items: string[]) {}
}

/** An option as k6 reads it: a key the script gave is taken with JavaScript's `String()`, as Go's `.String()`. */
function option<K extends string>(options: object, key: K, fallback: string): string {
  return Object.hasOwn(options, key) ? String((options as Record<string, unknown>)[key]) : fallback;
}

/** A value as k6's `formatFormVal` writes it into a form body: Go's `%v` of the exported value. */
function goFormat(value: unknown): string {
  if (value instanceof GoStrings) return `[${value.items.join(" ")}]`;
  if (value === null || value === undefined) return "<nil>";
  if (Array.isArray(value)) return `[${value.map(goFormat).join(" ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${goFormat(v)}`).join(" ")}]`;
  }
  return String(value);
}

/** A URL as Go's `url.Parse` takes it, resolved against `base` as `ResolveReference` does. */
function resolve(reference: string, base: string): URL {
  try {
    return new URL(reference, base);
  } catch {
    throw new Error(`parse "${reference}": invalid URL`);
  }
}

/**
 * The request `res.submitForm()` makes, as k6 builds it: the method from the form (GET without one),
 * the action resolved against the response's URL (the response's URL without one); the fields from
 * `serializeArray()`, then the submit button's name and value, then `options.fields` over them (when
 * `formSelector` matches several forms, the first gives the method and action and all give fields, as
 * in k6). A GET
 * replaces the action's query with the fields; any other method sends them as a form body. Keys are
 * sorted and escaped as Go's `url.Values` does.
 *
 * @param page the parsed response body
 * @param responseUrl the response's URL
 * @param options k6's `submitForm` options
 * @returns the request to make
 * @throws {Error} k6's `no form found for selector '…' in response '…'`
 * @example
 * ```ts
 * import { formSubmission } from "./form_submit.ts";
 * import { parseHTML } from "./html.ts";
 * import assert from "node:assert/strict";
 * const page = parseHTML('<form method="post" action="/login"><input name="user" value="ann"></form>');
 * const request = formSubmission(page, "http://shop.test/", { fields: { pass: "x y" } });
 * assert.deepEqual(request, { method: "POST", url: "http://shop.test/login", body: "pass=x+y&user=ann" });
 * ```
 */
export function formSubmission(
  page: PageSelection,
  responseUrl: string,
  options: SubmitFormOptions = {},
): FormSubmission {
  const formSelector = option(options, "formSelector", "form");
  const submitSelector = option(options, "submitSelector", '[type="submit"]');
  const form = page.find(formSelector);
  if (form.size() === 0) {
    throw new Error(`no form found for selector '${formSelector}' in response '${responseUrl}'`);
  }
  const method = (form.attr("method") ?? "GET").toUpperCase();
  const action = form.attr("action");
  const url = action === undefined ? resolve(responseUrl, responseUrl) : resolve(action, responseUrl);

  const values = new Map<string, unknown>();
  const formValue = (value: string | string[]) => Array.isArray(value) ? new GoStrings(value) : value;
  for (const { name, value } of form.serializeArray()) values.set(name, formValue(value));
  const submit = form.find(submitSelector);
  const submitName = submit.attr("name");
  const submitValue = submit.val();
  if (submitName !== undefined && submitValue !== undefined) values.set(submitName, formValue(submitValue));
  const fields = options.fields;
  if (fields !== null && typeof fields === "object") {
    for (const [name, value] of Object.entries(fields)) values.set(name, value);
  }

  const encoded = new Map<string, string[]>();
  if (method === "GET") {
    // k6 adds each value's JavaScript string (a select's values comma-joined) to the query.
    for (const [name, value] of values) {
      encoded.set(name, [value instanceof GoStrings ? value.items.join(",") : String(value)]);
    }
    url.search = encodeValues(encoded);
    return { method, url: url.href, body: null };
  }
  // A form body, as k6's request() encodes an object: an array the script gave is the field repeated.
  for (const [name, value] of values) {
    encoded.set(name, Array.isArray(value) ? value.map(goFormat) : [goFormat(value)]);
  }
  // `method=""` is Go's default method, GET, with the fields in a body all the same.
  return { method: method === "" ? "GET" : method, url: url.href, body: encodeValues(encoded) };
}

/**
 * The URL `res.clickLink()` requests, as k6 finds it: the first match's `href`, resolved against the
 * response's URL.
 *
 * @param page the parsed response body
 * @param responseUrl the response's URL
 * @param options k6's `clickLink` options
 * @returns the URL to GET
 * @throws {Error} k6's `no element found for selector '…' in response '…'`, or that the element has no
 * `href`
 * @example
 * ```ts
 * import { linkTarget } from "./form_submit.ts";
 * import { parseHTML } from "./html.ts";
 * import assert from "node:assert/strict";
 * const page = parseHTML('<a name="top"></a><a href="next?p=2">Next</a>');
 * assert.equal(linkTarget(page, "http://shop.test/list/", {}), "http://shop.test/list/next?p=2");
 * ```
 */
export function linkTarget(page: PageSelection, responseUrl: string, options: ClickLinkOptions = {}): string {
  const selector = option(options, "selector", "a[href]");
  const link = page.find(selector);
  if (link.size() === 0) {
    throw new Error(`no element found for selector '${selector}' in response '${responseUrl}'`);
  }
  const href = link.attr("href");
  if (href === undefined) {
    throw new Error(
      `no valid href attribute value found on element '${selector}' in response '${responseUrl}'`,
    );
  }
  return resolve(href, responseUrl).href;
}
