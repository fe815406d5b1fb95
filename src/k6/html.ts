/**
 * k6/html: `parseHTML()` and `Response.html()`, k6's jQuery-like Selection (goquery in k6) over cheerio.
 * Scripts scrape CSRF tokens and links with it: `res.html().find("input[name=csrf]").attr("value")`.
 *
 * The parser is loaded only for scripts that mention it (see script/loader.ts): `Response.html()` is
 * synchronous, so this module registers itself with k6/http when it is imported, before any VU runs.
 *
 * @module
 */
import * as cheerio from "cheerio";
import { EACH_ASYNC } from "./each_async.ts";
import { registerHtmlParser } from "./html_slot.ts";
import { encodeValues } from "./url_values.ts";

// cheerio's types are deep; the wrapper needs only these shapes.
// deno-lint-ignore no-explicit-any
type Cheerio = any;
// deno-lint-ignore no-explicit-any
type Node = any;

/** A form field as `serializeArray()` lists it: a `<select multiple>` has its selected values in an array. */
export interface FormValue {
  name: string;
  value: string | string[];
}

/** What k6's `serializeArray` collects from a form, or filters a selection to. */
const SUBMITTABLE = "input,select,textarea,keygen";
/** Input types k6 never submits. */
const UNSUBMITTED_TYPES = new Set(["submit", "button", "reset", "image", "file"]);

/** k6's Selection: a set of nodes of one parsed document, with jQuery's traversal methods. */
export class Selection {
  readonly #$: cheerio.CheerioAPI;
  readonly #nodes: Cheerio;
  /** The document's URL (a response's), against which `href()` and `src()` resolve; "" without one. */
  readonly url: string;

  /** @internal Wraps a cheerio selection of the document `$`. */
  constructor($: cheerio.CheerioAPI, nodes: Cheerio, url = "") {
    this.#$ = $;
    this.#nodes = nodes;
    this.url = url;
  }

  #wrap(nodes: Cheerio): Selection {
    return new Selection(this.#$, nodes, this.url);
  }

  #element(node: Node): Element {
    return new Element(this.#$, node, this.url);
  }

  /**
   * `each` and `map` with a callback that makes blocking k6 calls (the transform routes them here, see
   * k6/each_async.ts): each call awaited before the next, as k6 runs them.
   */
  async [EACH_ASYNC](method: string, callback: (index: number, value: unknown) => unknown): Promise<unknown> {
    const nodes = this.#nodes.toArray() as Node[];
    if (method === "each") {
      for (let i = 0; i < nodes.length; i++) await callback(i, this.#element(nodes[i]));
      return this;
    }
    if (method === "map") {
      const out: string[] = [];
      for (let i = 0; i < nodes.length; i++) {
        out.push(String(await callback(i, this.#wrap(this.#$(nodes[i])))));
      }
      return out;
    }
    throw new TypeError(`Selection.${method} cannot take a callback that makes k6 requests`);
  }

  /** A selector, or a function `(index, selection) => boolean`, or another Selection, as cheerio takes it. */
  #matcher(selector: string | ((index: number, selection: Selection) => boolean) | Selection): unknown {
    if (typeof selector === "string") return selector;
    if (selector instanceof Selection) return selector.#nodes;
    return (index: number, node: Node) => Boolean(selector(index, this.#wrap(this.#$(node))));
  }

  /** An attribute of the first node; `fallback` when it has none (k6's optional default). */
  attr(name: string, fallback?: string): string | undefined {
    return this.#nodes.attr(name) ?? fallback;
  }
  children(selector?: string): Selection {
    return this.#wrap(this.#nodes.children(selector));
  }
  closest(selector: string): Selection {
    return this.#wrap(this.#nodes.closest(selector));
  }
  contents(): Selection {
    return this.#wrap(this.#nodes.contents());
  }
  /**
   * A `data-*` attribute of the first node as jQuery (and k6) read it: `data("userId")` is `data-user-id`,
   * and the value is converted (`"42"` → 42, `"true"` → true, JSON objects and arrays parsed); without a
   * key, all of them by camelCase name.
   */
  data(key?: string): unknown {
    const first = this.#nodes.get(0);
    if (first === undefined || first.attribs === undefined) return undefined;
    const attribs = first.attribs as Record<string, string>;
    if (key !== undefined) {
      const value = attribs[`data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`];
      return value === undefined ? undefined : dataValue(value);
    }
    const all: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(attribs)) {
      if (name.startsWith("data-")) {
        all[name.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = dataValue(value);
      }
    }
    return all;
  }
  /** Calls `handler(index, element)` for each node (an Element, as in k6); returns the Selection. */
  each(handler: (index: number, element: Element) => void): Selection {
    const nodes = this.#nodes.toArray() as Node[];
    nodes.forEach((node, index) => handler(index, this.#element(node)));
    return this;
  }
  eq(index: number): Selection {
    return this.#wrap(this.#nodes.eq(index));
  }
  filter(selector: string | ((index: number, selection: Selection) => boolean) | Selection): Selection {
    return this.#wrap(this.#nodes.filter(this.#matcher(selector)));
  }
  find(selector: string): Selection {
    return this.#wrap(this.#nodes.find(selector));
  }
  first(): Selection {
    return this.#wrap(this.#nodes.first());
  }
  /** The node at `index` as an Element (undefined past the end); without an index, all of them. */
  get(): Element[];
  get(index: number): Element | undefined;
  get(index?: number): Element | Element[] | undefined {
    if (index === undefined) return (this.#nodes.toArray() as Node[]).map((node) => this.#element(node));
    const node = this.#nodes.get(index);
    return node === undefined ? undefined : this.#element(node);
  }
  has(selector: string): Selection {
    return this.#wrap(this.#nodes.has(selector));
  }
  /** The first node's inner HTML; "" for an empty selection, as in k6. */
  html(): string {
    return this.#nodes.length === 0 ? "" : this.#nodes.html() ?? "";
  }
  /** The position of the first node among its siblings (or of the first match of `selector`). */
  index(selector?: string): number {
    return selector === undefined ? this.#nodes.index() : this.#nodes.index(selector);
  }
  siblings(selector?: string): Selection {
    return this.#wrap(this.#nodes.siblings(selector));
  }
  add(selector: string): Selection {
    return this.#wrap(this.#nodes.add(selector));
  }
  end(): Selection {
    return this.#wrap(this.#nodes.end());
  }
  is(selector: string | ((index: number, selection: Selection) => boolean) | Selection): boolean {
    return this.#nodes.is(this.#matcher(selector));
  }
  last(): Selection {
    return this.#wrap(this.#nodes.last());
  }
  /**
   * `mapper(index, selection)` for each node (k6 passes a Selection, not an element), each result as a
   * string, as k6's Map gives them.
   */
  map(mapper: (index: number, selection: Selection) => unknown): string[] {
    return (this.#nodes.toArray() as Node[]).map((node, index) =>
      String(mapper(index, this.#wrap(this.#$(node))))
    );
  }
  next(selector?: string): Selection {
    return this.#wrap(this.#nodes.next(selector));
  }
  nextAll(selector?: string): Selection {
    return this.#wrap(this.#nodes.nextAll(selector));
  }
  nextUntil(selector?: string): Selection {
    return this.#wrap(this.#nodes.nextUntil(selector));
  }
  not(selector: string | ((index: number, selection: Selection) => boolean)): Selection {
    return this.#wrap(this.#nodes.not(this.#matcher(selector)));
  }
  parent(selector?: string): Selection {
    return this.#wrap(this.#nodes.parent(selector));
  }
  parents(selector?: string): Selection {
    return this.#wrap(this.#nodes.parents(selector));
  }
  parentsUntil(selector?: string): Selection {
    return this.#wrap(this.#nodes.parentsUntil(selector));
  }
  prev(selector?: string): Selection {
    return this.#wrap(this.#nodes.prev(selector));
  }
  prevAll(selector?: string): Selection {
    return this.#wrap(this.#nodes.prevAll(selector));
  }
  prevUntil(selector?: string): Selection {
    return this.#wrap(this.#nodes.prevUntil(selector));
  }
  /**
   * The fields as k6 encodes them (Go's `url.Values`): names sorted, a name given again keeps the last
   * value, a `<select multiple>` each of its selected values.
   */
  serialize(): string {
    const values = new Map<string, string[]>();
    for (const { name, value } of this.serializeArray()) {
      values.set(name, Array.isArray(value) ? value : [value]);
    }
    return encodeValues(values);
  }
  /**
   * The fields a form submits, by k6's rules (its `SerializeArray`, not jQuery's): the `input`, `select`,
   * `textarea` and `keygen` elements of a form (or of the selection itself) with a name, except
   * `disabled="disabled"` ones, buttons, images and files, and checkboxes and radios unless
   * `checked="checked"` — k6 compares the attribute's value, so a bare `checked` does not count; each
   * with its value as `val()` reads it.
   */
  serializeArray(): FormValue[] {
    const $ = this.#$;
    const elements = this.#nodes.is("form") ? this.#nodes.find(SUBMITTABLE) : this.#nodes.filter(SUBMITTABLE);
    const out: FormValue[] = [];
    for (const node of elements.toArray() as Node[]) {
      const attribs = (node.attribs ?? {}) as Record<string, string>;
      const type = attribs.type ?? "";
      if ((attribs.name ?? "") === "" || attribs.disabled === "disabled" || UNSUBMITTED_TYPES.has(type)) {
        continue;
      }
      if ((type === "checkbox" || type === "radio") && attribs.checked !== "checked") continue;
      out.push({ name: attribs.name!, value: fieldValue($, node) ?? "" });
    }
    return out;
  }
  /** The fields as `serializeArray()` gives them, by name (a name given again keeps the last value). */
  serializeObject(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const { name, value } of this.serializeArray()) out[name] = value;
    return out;
  }
  size(): number {
    return this.#nodes.length;
  }
  slice(start: number, end?: number): Selection {
    return this.#wrap(this.#nodes.slice(start, end));
  }
  text(): string {
    return this.#nodes.text();
  }
  toArray(): Selection[] {
    return (this.#nodes.toArray() as Node[]).map((node) => this.#wrap(this.#$(node)));
  }
  /** The first node's value as a form field, by k6's rules (see `fieldValue`). */
  val(): string | string[] | undefined {
    const first = this.#nodes.get(0);
    return first === undefined ? undefined : fieldValue(this.#$, first);
  }
}

/**
 * A form field's value as k6's `Val()` reads it: an input's `value` (without one, "on" for a checkbox or
 * radio, else ""), a button's `value` or "", a textarea's inner HTML, an option's value or inner HTML, a
 * select's selected options the same way (all of them for `multiple`; "" when none is); undefined for
 * anything else.
 */
function fieldValue($: cheerio.CheerioAPI, node: Node): string | string[] | undefined {
  const tag = String(node.name ?? "").toLowerCase();
  const attribs = (node.attribs ?? {}) as Record<string, string>;
  const valueOrHtml = (option: Node) =>
    (option.attribs?.value as string | undefined) ?? $(option).html() ?? "";
  switch (tag) {
    case "input":
      return attribs.value ?? (attribs.type === "radio" || attribs.type === "checkbox" ? "on" : "");
    case "button":
      return attribs.value ?? "";
    case "textarea":
      return $(node).html() ?? "";
    case "option":
      return valueOrHtml(node);
    case "select": {
      const selected = $(node).find("option[selected]").toArray() as Node[];
      if (attribs.multiple !== undefined) return selected.map(valueOrHtml);
      return selected[0] === undefined ? "" : valueOrHtml(selected[0]);
    }
    default:
      return undefined;
  }
}

/** A `data-*` value converted as jQuery does: numbers, booleans, null, JSON objects and arrays. */
function dataValue(value: string): unknown {
  if (value === "true") return true;
  if (value === "false") return false;
  if (value === "null") return null;
  if (value.trim() !== "" && String(Number(value)) === value) return Number(value);
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** The node types k6 reports (`NodeType`). */
const NODE_TYPES: Record<string, number> = {
  tag: 1,
  script: 1,
  style: 1,
  text: 3,
  comment: 8,
  root: 9,
  directive: 10,
};

/** k6's Element: one node, with DOM-like methods (each a function, as in k6). */
export class Element {
  readonly #$: cheerio.CheerioAPI;
  readonly #node: Node;
  readonly #url: string;

  /** @internal Wraps one node of the document `$` (whose URL, if any, resolves links). */
  constructor($: cheerio.CheerioAPI, node: Node, url = "") {
    this.#$ = $;
    this.#node = node;
    this.#url = url;
  }

  #element(node: Node | null | undefined): Element | undefined {
    return node === null || node === undefined ? undefined : new Element(this.#$, node, this.#url);
  }

  /** An attribute that holds a URL, resolved against the document's URL as k6 does ("" without one). */
  #link(name: string): string {
    const value = this.getAttribute(name);
    if (value === undefined) return "";
    if (this.#url === "") return value;
    try {
      return new URL(value, this.#url).href;
    } catch {
      return value;
    }
  }

  // The per-element accessors of k6's html module (AnchorElement.href(), FormElement.action(), …) that
  // scraping scripts use; each reads the attribute of the same name.
  href(): string {
    return this.#link("href");
  }
  src(): string {
    return this.#link("src");
  }
  action(): string {
    return this.#link("action");
  }
  method(): string {
    return (this.getAttribute("method") ?? "get").toLowerCase();
  }
  name(): string {
    return this.getAttribute("name") ?? "";
  }
  type(): string {
    return this.getAttribute("type") ?? "";
  }
  alt(): string {
    return this.getAttribute("alt") ?? "";
  }
  title(): string {
    return this.getAttribute("title") ?? "";
  }
  rel(): string {
    return this.getAttribute("rel") ?? "";
  }
  target(): string {
    return this.getAttribute("target") ?? "";
  }
  checked(): boolean {
    return this.hasAttribute("checked");
  }
  selected(): boolean {
    return this.hasAttribute("selected");
  }
  disabled(): boolean {
    return this.hasAttribute("disabled");
  }
  text(): string {
    return this.textContent();
  }
  #isElement(node: Node): boolean {
    return node.type === "tag" || node.type === "script" || node.type === "style";
  }

  attributes(): Record<string, { name: string; value: string; ownerElement: Element }> {
    const out: Record<string, { name: string; value: string; ownerElement: Element }> = {};
    for (const [name, value] of Object.entries((this.#node.attribs ?? {}) as Record<string, string>)) {
      out[name] = { name, value, ownerElement: this };
    }
    return out;
  }
  childElementCount(): number {
    return this.children().length;
  }
  childNodes(): Element[] {
    return ((this.#node.children ?? []) as Node[]).map((n) => this.#element(n)!);
  }
  children(): Element[] {
    return ((this.#node.children ?? []) as Node[]).filter((n) => this.#isElement(n)).map((n) =>
      this.#element(n)!
    );
  }
  classList(): string[] {
    return (this.getAttribute("class") ?? "").split(/\s+/).filter((c) => c !== "");
  }
  className(): string | undefined {
    return this.getAttribute("class");
  }
  contains(element: Element): boolean {
    return this.#$.contains(this.#node, element.#node);
  }
  firstChild(): Element | undefined {
    return this.#element(this.#node.firstChild);
  }
  firstElementChild(): Element | undefined {
    return this.children()[0];
  }
  getAttribute(name: string): string | undefined {
    return this.#node.attribs?.[name.toLowerCase()];
  }
  getElementsByClassName(name: string): Element[] {
    return this.querySelectorAll(`.${name}`);
  }
  getElementsByTagName(name: string): Element[] {
    return this.querySelectorAll(name);
  }
  hasAttribute(name: string): boolean {
    return this.getAttribute(name) !== undefined;
  }
  hasAttributes(): boolean {
    return Object.keys(this.#node.attribs ?? {}).length > 0;
  }
  hasChildNodes(): boolean {
    return (this.#node.children ?? []).length > 0;
  }
  id(): string {
    return this.getAttribute("id") ?? "";
  }
  innerHTML(): string | undefined {
    return this.#$(this.#node).html() ?? undefined;
  }
  lastChild(): Element | undefined {
    return this.#element(this.#node.lastChild);
  }
  lastElementChild(): Element | undefined {
    return this.children().at(-1);
  }
  matches(selector: string): boolean {
    return this.#$(this.#node).is(selector);
  }
  nextElementSibling(): Element | undefined {
    let node = this.#node.nextSibling;
    while (node && !this.#isElement(node)) node = node.nextSibling;
    return this.#element(node);
  }
  nextSibling(): Element | undefined {
    return this.#element(this.#node.nextSibling);
  }
  /** The tag name in lower case for elements (`#text`, `#comment` otherwise), as goquery gives it. */
  nodeName(): string {
    if (this.#isElement(this.#node)) return String(this.#node.name).toLowerCase();
    return this.#node.type === "text" ? "#text" : this.#node.type === "comment" ? "#comment" : "#document";
  }
  nodeType(): number | undefined {
    return NODE_TYPES[this.#node.type];
  }
  nodeValue(): string | undefined {
    return this.#node.type === "text" || this.#node.type === "comment" ? this.#node.data : undefined;
  }
  parentElement(): Element | undefined {
    const parent = this.#node.parent;
    return parent && this.#isElement(parent) ? this.#element(parent) : undefined;
  }
  parentNode(): Element | undefined {
    return this.#element(this.#node.parent);
  }
  previousElementSibling(): Element | undefined {
    let node = this.#node.previousSibling;
    while (node && !this.#isElement(node)) node = node.previousSibling;
    return this.#element(node);
  }
  previousSibling(): Element | undefined {
    return this.#element(this.#node.previousSibling);
  }
  querySelector(selector: string): Element | undefined {
    return this.#element(this.#$(this.#node).find(selector).get(0));
  }
  querySelectorAll(selector: string): Element[] {
    return (this.#$(this.#node).find(selector).toArray() as Node[]).map((n) => this.#element(n)!);
  }
  textContent(): string {
    return this.#$(this.#node).text();
  }
  /** A form field's value, by k6's rules (inputs, textareas, selects, options). */
  value(): string | string[] | undefined {
    return fieldValue(this.#$, this.#node);
  }
  toString(): string {
    return this.#$.html(this.#node);
  }
}

/**
 * Parses an HTML document (k6's `parseHTML`).
 *
 * @param html the document
 * @param url where it came from (Response.html() passes the response's), for `href()` and `src()`
 * @returns the whole document as a Selection
 * @example
 * ```ts
 * import { parseHTML } from "./html.ts";
 * import assert from "node:assert/strict";
 * const doc = parseHTML('<form><input name="csrf" value="t0k"><a href="/next">Next</a></form>');
 * assert.equal(doc.find("input[name=csrf]").attr("value"), "t0k");
 * assert.equal(doc.find("a").text(), "Next");
 * ```
 */
export function parseHTML(html: string, url = ""): Selection {
  const $ = cheerio.load(String(html));
  return new Selection($, $.root(), url);
}

registerHtmlParser(parseHTML);

export default { parseHTML };
