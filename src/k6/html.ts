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
import { registerHtmlParser } from "./html_slot.ts";

// cheerio's types are deep; the wrapper needs only these shapes.
// deno-lint-ignore no-explicit-any
type Cheerio = any;
// deno-lint-ignore no-explicit-any
type Node = any;

/** A form field as `serializeArray()` lists it. */
export interface FormValue {
  name: string;
  value: string;
}

/** k6's Selection: a set of nodes of one parsed document, with jQuery's traversal methods. */
export class Selection {
  readonly #$: cheerio.CheerioAPI;
  readonly #nodes: Cheerio;

  /** @internal Wraps a cheerio selection of the document `$`. */
  constructor($: cheerio.CheerioAPI, nodes: Cheerio) {
    this.#$ = $;
    this.#nodes = nodes;
  }

  #wrap(nodes: Cheerio): Selection {
    return new Selection(this.#$, nodes);
  }

  /** A selector, or a function `(index, selection) => boolean`, or another Selection, as cheerio takes it. */
  #matcher(selector: string | ((index: number, selection: Selection) => boolean) | Selection): unknown {
    if (typeof selector === "string") return selector;
    if (selector instanceof Selection) return selector.#nodes;
    return (index: number, node: Node) => Boolean(selector(index, this.#wrap(this.#$(node))));
  }

  attr(name: string): string | undefined {
    return this.#nodes.attr(name) ?? undefined;
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
  /** A `data-*` attribute of the first node; without a key, all of them by name (as goquery reads them). */
  data(key?: string): string | Record<string, string> | undefined {
    const first = this.#nodes.get(0);
    if (first === undefined || first.attribs === undefined) return undefined;
    if (key !== undefined) return first.attribs[`data-${key}`];
    const all: Record<string, string> = {};
    for (const [name, value] of Object.entries(first.attribs as Record<string, string>)) {
      if (name.startsWith("data-")) all[name.slice(5)] = value;
    }
    return all;
  }
  /** Calls `handler(index, element)` for each node (an Element, as in k6). */
  each(handler: (index: number, element: Element) => void): void {
    const nodes = this.#nodes.toArray() as Node[];
    nodes.forEach((node, index) => handler(index, new Element(this.#$, node)));
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
  /** The node at `index` as an Element, or undefined. */
  get(index: number): Element | undefined {
    const node = this.#nodes.get(index);
    return node === undefined ? undefined : new Element(this.#$, node);
  }
  has(selector: string): Selection {
    return this.#wrap(this.#nodes.has(selector));
  }
  html(): string | undefined {
    return this.#nodes.length === 0 ? undefined : this.#nodes.html() ?? undefined;
  }
  is(selector: string | ((index: number, selection: Selection) => boolean) | Selection): boolean {
    return this.#nodes.is(this.#matcher(selector));
  }
  last(): Selection {
    return this.#wrap(this.#nodes.last());
  }
  /** `mapper(index, selection)` for each node, as an array (k6 passes a Selection, not an element). */
  map(mapper: (index: number, selection: Selection) => unknown): unknown[] {
    return (this.#nodes.toArray() as Node[]).map((node, index) => mapper(index, this.#wrap(this.#$(node))));
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
  /** The form's successful fields, URL-encoded. */
  serialize(): string {
    return this.#nodes.serialize();
  }
  serializeArray(): FormValue[] {
    return this.#nodes.serializeArray();
  }
  serializeObject(): Record<string, string> {
    const out: Record<string, string> = {};
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
  /** A form field's value: an input's value, a textarea's text, a select's selected option. */
  val(): string | undefined {
    const value = this.#nodes.val();
    return Array.isArray(value) ? value[0] : value ?? undefined;
  }
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

  /** @internal Wraps one node of the document `$`. */
  constructor($: cheerio.CheerioAPI, node: Node) {
    this.#$ = $;
    this.#node = node;
  }

  #element(node: Node | null | undefined): Element | undefined {
    return node === null || node === undefined ? undefined : new Element(this.#$, node);
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
    return ((this.#node.children ?? []) as Node[]).map((n) => new Element(this.#$, n));
  }
  children(): Element[] {
    return ((this.#node.children ?? []) as Node[]).filter((n) => this.#isElement(n)).map((n) =>
      new Element(this.#$, n)
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
    return parent && this.#isElement(parent) ? new Element(this.#$, parent) : undefined;
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
    return (this.#$(this.#node).find(selector).toArray() as Node[]).map((n) => new Element(this.#$, n));
  }
  textContent(): string {
    return this.#$(this.#node).text();
  }
  /** A form field's value (inputs, textareas, selects). */
  value(): string | undefined {
    const value = this.#$(this.#node).val();
    return Array.isArray(value) ? value[0] : value ?? undefined;
  }
  toString(): string {
    return this.#$.html(this.#node);
  }
}

/**
 * Parses an HTML document (k6's `parseHTML`).
 *
 * @param html the document
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
export function parseHTML(html: string): Selection {
  const $ = cheerio.load(String(html));
  return new Selection($, $.root());
}

registerHtmlParser(parseHTML);

export default { parseHTML };
