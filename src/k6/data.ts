/**
 * k6/data: `SharedArray`, data loaded once and shared by every VU. k6 runs its callback once (in the first
 * init context) and hands every VU a read-only view; here all VUs live in one process, so the array built
 * by the first VU to ask for a name is the one every VU gets — frozen, as k6's is read-only. Arrays belong
 * to their run: a service running one test after another never hands a later run an earlier one's data.
 *
 * @module
 */
import { currentRun } from "../load/context.ts";

const byRun = new WeakMap<object, Map<string, readonly unknown[]>>();

/**
 * Returns the shared array of this name, building it with `callback` the first time.
 *
 * In a script (see test/k6/data_encoding_test.ts):
 * ```js ignore
 * import { SharedArray } from "k6/data";
 * const users = new SharedArray("users", () => JSON.parse(open("./users.json")));
 * export default function () { const user = users[__VU % users.length]; }
 * ```
 */
export const SharedArray = function SharedArray<T>(name: string, callback: () => T[]): readonly T[] {
  if (new.target === undefined) throw new TypeError("SharedArray must be called with new");
  if (typeof name !== "string" || name === "") {
    throw new TypeError("SharedArray needs a name (a non-empty string)");
  }
  if (typeof callback !== "function") {
    throw new TypeError("SharedArray needs a function that returns an array");
  }
  const run = currentRun();
  if (!run.inInit) throw new Error("new SharedArray must be called in the init context");
  let shared = byRun.get(run);
  if (shared === undefined) byRun.set(run, shared = new Map());
  const existing = shared.get(name);
  if (existing !== undefined) return existing as readonly T[];
  const data = callback();
  if (!Array.isArray(data)) throw new TypeError("the SharedArray callback must return an array");
  // As in k6, elements are copied through JSON: what is shared is data, not functions or prototypes.
  const copy = JSON.parse(JSON.stringify(data)) as T[];
  const frozen = deepFreeze(copy);
  shared.set(name, frozen);
  return frozen;
} as unknown as { new <T>(name: string, callback: () => T[]): T[] };

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export default { SharedArray };
