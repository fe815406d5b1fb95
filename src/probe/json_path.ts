/**
 * Looks values up in a parsed JSON body by a dotted path with optional array indices
 * (`probabilities.positive`, `items[0].label`). Deliberately not full JSONPath: probes assert on one value.
 *
 * @module
 */

/** The outcome of a lookup: `found` is false when any step of the path is missing. */
export type Lookup = { found: true; value: unknown } | { found: false; missing: string };

const SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;

/**
 * Splits a path into object keys and array indices.
 *
 * @param path a dotted path such as `items[0].label`; a leading `$.` is ignored
 * @returns the steps, strings for keys and numbers for indices
 * @example
 * ```ts
 * import { splitPath } from "./json_path.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(splitPath("$.items[1].label"), ["items", 1, "label"]);
 * ```
 */
export function splitPath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  const body = path.startsWith("$.") ? path.slice(2) : path === "$" ? "" : path;
  for (const match of body.matchAll(SEGMENT)) {
    if (match[2] !== undefined) steps.push(Number(match[2]));
    else if (match[1] !== undefined) steps.push(match[1]);
  }
  return steps;
}

/**
 * Finds the value at `path` in `root`.
 *
 * @param root the parsed JSON document
 * @param path a dotted path such as `probabilities.positive`
 * @returns the value, or which step was missing
 * @example
 * ```ts
 * import { lookup } from "./json_path.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(lookup({ a: [{ b: 2 }] }, "a[0].b"), { found: true, value: 2 });
 * assert.equal(lookup({ a: 1 }, "a.b").found, false);
 * ```
 */
export function lookup(root: unknown, path: string): Lookup {
  let current: unknown = root;
  let walked = "";
  for (const step of splitPath(path)) {
    walked += typeof step === "number" ? `[${step}]` : walked === "" ? step : `.${step}`;
    if (typeof step === "number") {
      if (!Array.isArray(current) || step >= current.length) return { found: false, missing: walked };
      current = current[step];
    } else {
      if (
        current === null || typeof current !== "object" || Array.isArray(current) ||
        !Object.hasOwn(current, step)
      ) {
        return { found: false, missing: walked };
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}
