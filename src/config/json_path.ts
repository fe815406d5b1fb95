/**
 * The JSON paths assertions use: dotted keys with optional array indices, such as
 * `probabilities.positive` or `items[0].label`, optionally written with a leading `$.`.
 *
 * @module
 */

/** One step of a JSON path: an object key or an array index. */
export type JsonPathSegment = string | number;

function invalid(path: string, detail: string): never {
  throw new SyntaxError(`Cannot parse JSON path ${JSON.stringify(path)}: ${detail}`);
}

/**
 * Splits a JSON path such as `items[0].label` into keys and indices.
 *
 * @param path the path; a leading `$.` (or `$` before an index) is accepted and ignored
 * @returns the keys and indices from the root, e.g. `["items", 0, "label"]`
 * @throws {SyntaxError} when the path is empty or malformed, e.g. `a..b` or `a[x]`
 * @example
 * ```ts
 * import { parseJsonPath } from "./json_path.ts";
 * import assert from "assert";
 * assert.deepEqual(parseJsonPath("$.items[0].label"), ["items", 0, "label"]);
 * assert.deepEqual(parseJsonPath("probabilities.positive"), ["probabilities", "positive"]);
 * ```
 */
export function parseJsonPath(path: string): JsonPathSegment[] {
  const text = normalizeRoot(path);
  if (text === "") invalid(path, "empty");
  // Positions in messages count in the path as written, "$." included.
  const at = (index: number) => path.length - text.length + index + 1;
  const segments: JsonPathSegment[] = [];
  let index = 0;
  while (index < text.length) {
    if (text[index] === "[") {
      const close = text.indexOf("]", index);
      const inner = close === -1 ? "" : text.slice(index + 1, close);
      if (!/^\d+$/.test(inner)) invalid(path, `expected an array index like [0] at ${at(index)}`);
      segments.push(Number(inner));
      index = close + 1;
    } else {
      const end = text.slice(index).search(/[.[\]]/);
      const key = end === -1 ? text.slice(index) : text.slice(index, index + end);
      if (key === "") invalid(path, `expected a key at ${at(index)}`);
      segments.push(key);
      index += key.length;
    }
    if (text[index] === ".") {
      index += 1;
      if (index === text.length || text[index] === "[" || text[index] === ".") {
        invalid(path, `expected a key at ${at(index)}`);
      }
    } else if (index < text.length && text[index] !== "[") {
      invalid(path, `unexpected ${JSON.stringify(text[index])} at ${at(index)}`);
    }
  }
  return segments;
}

/**
 * Writes a JSON path in its normal form, without the optional leading `$.`.
 *
 * @param path the path as written in the config
 * @returns the same path without `$.`, e.g. `items[0].label`
 * @throws {SyntaxError} when the path is malformed (see `parseJsonPath`)
 * @example
 * ```ts
 * import { normalizeJsonPath } from "./json_path.ts";
 * import assert from "assert";
 * assert.equal(normalizeJsonPath("$.items[0].label"), "items[0].label");
 * ```
 */
export function normalizeJsonPath(path: string): string {
  parseJsonPath(path);
  return normalizeRoot(path);
}

function normalizeRoot(path: string): string {
  if (path.startsWith("$.")) return path.slice(2);
  if (path.startsWith("$[")) return path.slice(1);
  return path;
}
