/**
 * Go's `url.Values` encoding, as k6 produces form bodies, queries and `Selection.serialize()` with it:
 * keys sorted byte-wise, each value in the order added, escaped by `url.QueryEscape` (which differs from
 * `URLSearchParams`: it escapes `*` and leaves `~`).
 *
 * @module
 */

/**
 * Escapes text as Go's `url.QueryEscape`: everything but `A-Z a-z 0-9 - _ . ~` as UTF-8 `%XX`, a space
 * as `+`.
 *
 * @param text the text to escape
 * @returns the escaped text
 * @example
 * ```ts
 * import { queryEscape } from "./url_values.ts";
 * import assert from "node:assert/strict";
 * assert.equal(queryEscape("a b*c~d/é"), "a+b%2Ac~d%2F%C3%A9");
 * ```
 */
export function queryEscape(text: string): string {
  return encodeURIComponent(text.toWellFormed())
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** Orders strings as Go's `sort.Strings` does: by UTF-8 bytes, which is code point order. */
function byCodePoint(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

/**
 * Encodes values as Go's `url.Values.Encode()`: `key=value` pairs joined with `&`, keys sorted, a key's
 * values in their order; a key without values writes nothing.
 *
 * @param values each key's values
 * @returns the encoded form, e.g. `a=1&b=x+y`
 * @example
 * ```ts
 * import { encodeValues } from "./url_values.ts";
 * import assert from "node:assert/strict";
 * assert.equal(encodeValues(new Map([["b", ["x y"]], ["a", ["1", "2"]], ["c", []]])), "a=1&a=2&b=x+y");
 * ```
 */
export function encodeValues(values: ReadonlyMap<string, readonly string[]>): string {
  const parts: string[] = [];
  for (const key of [...values.keys()].sort(byCodePoint)) {
    const escaped = queryEscape(key);
    for (const value of values.get(key)!) parts.push(`${escaped}=${queryEscape(value)}`);
  }
  return parts.join("&");
}
