/**
 * Looks values up in a parsed JSON body by a dotted path with optional array indices
 * (`probabilities.positive`, `items[0].label`). Deliberately not full JSONPath: probes assert on one value.
 * The path grammar is the config's (`parseJsonPath`), so what validates is what is looked up.
 *
 * @module
 */
import { parseJsonPath } from "../config/json_path.ts";

/** The outcome of a lookup: `found` is false when any step of the path is missing. */
export type Lookup = { found: true; value: unknown } | { found: false; missing: string };

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
  for (const step of parseJsonPath(path)) {
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
