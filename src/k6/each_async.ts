/**
 * Array and collection callbacks that make blocking k6 calls, run one after another as in k6.
 *
 * In k6, `urls.forEach((u) => { const r = http.get(u); check(r, …); })` runs the requests in turn, because
 * `http.get` blocks the VU. Here the transform makes that callback `async`, and a built-in `forEach` would
 * start every call at once and return before any request ends: the iteration would finish with its
 * requests still running, and with no sleep a VU would start requests without bound. So the transform
 * rewrites such a call to `await __vigil_each(urls, "forEach", callback)`, which runs the callback for
 * each element in order and awaits it, with the built-in's own result (what `map`, `filter`, `find`,
 * `some`, `every`, `reduce` and the rest return).
 *
 * A receiver that is not a plain array, typed array, Map or Set (a class of the script's own with a
 * `forEach`) gets its own method called, and its result awaited.
 *
 * @module
 */

/** The methods the transform rewrites when their callback makes a blocking k6 call. */
export const EACH_METHODS: readonly string[] = [
  "forEach",
  "each", // k6/html's Selection.each
  "map",
  "filter",
  "flatMap",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "some",
  "every",
  "reduce",
  "reduceRight",
];

type Callback = (...args: unknown[]) => unknown;

/**
 * A method an object of Vigil's own offers to run its callbacks in turn (k6/html's Selection does, for
 * `each` and `map`): `(method, callback, ...rest) => Promise<result>`.
 */
export const EACH_ASYNC: unique symbol = Symbol.for("vigil.eachAsync") as never;
type ArrayLike = { readonly length: number; readonly [index: number]: unknown };

const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Uint8Array.prototype) as Record<string, unknown>;
const ARRAY_PROTOTYPE = Array.prototype as unknown as Record<string, unknown>;

/**
 * Runs `receiver[method](callback, ...rest)` with each callback awaited before the next starts.
 *
 * @param receiver the array, typed array, Map or Set (or any object with the method)
 * @param method one of `EACH_METHODS`
 * @param callback the (async) callback
 * @param rest the method's other arguments: `thisArg`, or `reduce`'s initial value
 * @returns what the built-in method returns, once every callback has settled
 * @throws TypeError as the built-in does (a callback that is not a function, `reduce` of nothing)
 * @example
 * ```ts
 * import { eachAsync } from "./each_async.ts";
 * import assert from "node:assert/strict";
 * const seen: string[] = [];
 * const doubled = await eachAsync([20, 1], "map", async (ms: number) => {
 *   seen.push(`start ${ms}`);
 *   await new Promise((r) => setTimeout(r, ms));
 *   seen.push(`end ${ms}`);
 *   return 2 * ms;
 * });
 * assert.deepEqual(doubled, [40, 2]);
 * assert.deepEqual(seen, ["start 20", "end 20", "start 1", "end 1"]); // one after another
 * ```
 */
export async function eachAsync(
  receiver: unknown,
  method: string,
  // deno-lint-ignore no-explicit-any -- the script's own callbacks, of any shape
  callback: any,
  ...rest: unknown[]
): Promise<unknown> {
  if (receiver === null || receiver === undefined) {
    throw new TypeError(`Cannot read properties of ${receiver} (reading '${method}')`);
  }
  const own = (receiver as Record<string, unknown>)[method];
  if (typeof own !== "function") throw new TypeError(`${describe(receiver)}.${method} is not a function`);
  const isArray = Array.isArray(receiver) && own === ARRAY_PROTOTYPE[method];
  const isTyped = ArrayBuffer.isView(receiver) && !(receiver instanceof DataView) &&
    own === TYPED_ARRAY_PROTOTYPE[method];
  if (isArray || isTyped) {
    if (typeof callback !== "function") throw new TypeError(`${describe(callback)} is not a function`);
    const result = await eachOfArray(receiver as ArrayLike, method, callback, rest, !isTyped);
    if (isTyped && (method === "map" || method === "filter")) {
      // A typed array's map and filter give a typed array of the same kind.
      const kind = (receiver as unknown as { constructor: { from(values: unknown[]): unknown } }).constructor;
      return kind.from(result as unknown[]);
    }
    return result;
  }
  const isMapOrSet = method === "forEach" &&
    ((receiver instanceof Map && own === Map.prototype.forEach) ||
      (receiver instanceof Set && own === Set.prototype.forEach));
  if (isMapOrSet) {
    if (typeof callback !== "function") throw new TypeError(`${describe(callback)} is not a function`);
    const thisArg = rest[0];
    // Entries added during the loop are visited and deleted ones are not, as the built-in does.
    for (const [key, value] of (receiver as Map<unknown, unknown>).entries()) {
      await callback.call(thisArg, value, key, receiver);
    }
    return undefined;
  }
  const ownAsync = (receiver as { [EACH_ASYNC]?: unknown })[EACH_ASYNC];
  if (typeof ownAsync === "function") return await ownAsync.call(receiver, method, callback, ...rest);
  // Someone else's method: let it run, and wait for what it returns.
  return await (own as Callback).call(receiver, callback, ...rest);
}

/**
 * The array algorithms of ECMA-262 §23.1.3, with each callback awaited: the length is read once, and
 * holes are skipped except by the find family, as the built-ins do.
 */
async function eachOfArray(
  array: ArrayLike,
  method: string,
  callback: Callback,
  rest: unknown[],
  holes: boolean,
): Promise<unknown> {
  const length = array.length;
  const thisArg = rest[0];
  const has = (index: number) => !holes || index in array;
  const call = (index: number) => callback.call(thisArg, array[index], index, array);
  switch (method) {
    case "forEach":
      for (let i = 0; i < length; i++) if (has(i)) await call(i);
      return undefined;
    case "map": {
      const out = speciesCreate(array, length, holes);
      for (let i = 0; i < length; i++) if (has(i)) out[i] = await call(i);
      return out;
    }
    case "filter": {
      const out = speciesCreate(array, 0, holes);
      let n = 0;
      for (let i = 0; i < length; i++) {
        if (!has(i)) continue;
        const value = array[i];
        if (await callback.call(thisArg, value, i, array)) out[n++] = value;
      }
      return out;
    }
    case "flatMap": {
      const out = speciesCreate(array, 0, holes);
      let n = 0;
      for (let i = 0; i < length; i++) {
        if (!has(i)) continue;
        const mapped = await call(i);
        if (!Array.isArray(mapped)) {
          out[n++] = mapped;
          continue;
        }
        // One level flattened, holes skipped (FlattenIntoArray); no spread, so any length works.
        for (let j = 0; j < mapped.length; j++) if (j in mapped) out[n++] = mapped[j];
      }
      return out;
    }
    case "find":
    case "findIndex":
      for (let i = 0; i < length; i++) {
        if (await call(i)) return method === "find" ? array[i] : i;
      }
      return method === "find" ? undefined : -1;
    case "findLast":
    case "findLastIndex":
      for (let i = length - 1; i >= 0; i--) {
        if (await call(i)) return method === "findLast" ? array[i] : i;
      }
      return method === "findLast" ? undefined : -1;
    case "some":
      for (let i = 0; i < length; i++) if (has(i) && await call(i)) return true;
      return false;
    case "every":
      for (let i = 0; i < length; i++) if (has(i) && !(await call(i))) return false;
      return true;
    case "reduce":
    case "reduceRight": {
      const step = method === "reduce" ? 1 : -1;
      let i = step === 1 ? 0 : length - 1;
      const inRange = () => (step === 1 ? i < length : i >= 0);
      let accumulator: unknown;
      if (rest.length > 0) {
        accumulator = rest[0];
      } else {
        while (inRange() && !has(i)) i += step;
        if (!inRange()) throw new TypeError("Reduce of empty array with no initial value");
        accumulator = array[i];
        i += step;
      }
      for (; inRange(); i += step) {
        if (has(i)) accumulator = await callback(accumulator, array[i], i, array);
      }
      return accumulator;
    }
    default:
      throw new TypeError(`${method} is not an array method Vigil awaits`);
  }
}

/**
 * The result array of map, filter and flatMap: of the receiver's own class for a subclass of Array, as
 * ArraySpeciesCreate gives it (typed arrays are converted by the caller).
 */
function speciesCreate(array: ArrayLike, length: number, isArray: boolean): unknown[] {
  if (!isArray) return new Array(length);
  const constructor = (array as { constructor?: unknown }).constructor;
  if (constructor === Array || typeof constructor !== "function") return new Array(length);
  const species = (constructor as unknown as Record<symbol, unknown>)[Symbol.species];
  if (typeof species !== "function") return new Array(length);
  return new (species as new (length: number) => unknown[])(length);
}

function describe(value: unknown): string {
  if (typeof value === "function") return value.name || "function";
  if (typeof value === "object" && value !== null) return value.constructor?.name ?? "object";
  return String(value);
}
