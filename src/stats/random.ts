/**
 * A seeded random source (mulberry32), so reference samples, demo traffic, `randomSeed()` in k6 scripts
 * and tests are reproducible: the same seed gives the same sequence on every run.
 *
 * @module
 */

/**
 * Makes a mulberry32 generator: uniform in [0, 1), the same sequence for the same seed.
 *
 * @param seed any 32-bit integer
 * @returns the generator
 * @example
 * ```ts
 * import { seededRandom } from "./random.ts";
 * import assert from "node:assert/strict";
 * const a = seededRandom(42);
 * const b = seededRandom(42);
 * assert.equal(a(), b());
 * assert.ok(a() < 1);
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
