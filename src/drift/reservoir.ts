/**
 * A capped uniform sample of a stream (Vitter's algorithm R): whatever the stream's length, it holds at
 * most `capacity` values, and every value seen so far is in it with the same probability. This is what
 * keeps a reference profile's memory bounded while its sample still represents the whole dataset.
 *
 * @module
 */

/**
 * A uniform reservoir sample of numbers.
 *
 * @example
 * ```ts
 * import { Reservoir } from "./reservoir.ts";
 * import { seededRandom } from "../stats/random.ts";
 * import assert from "node:assert/strict";
 * const reservoir = new Reservoir(100, seededRandom(1));
 * for (let i = 0; i < 10_000; i++) reservoir.add(i);
 * assert.equal(reservoir.seen, 10_000);
 * assert.equal(reservoir.values().length, 100);
 * ```
 */
export class Reservoir {
  /** How many values were offered. */
  seen = 0;
  readonly #values: Float64Array;
  readonly #random: () => number;

  /**
   * Creates an empty reservoir.
   *
   * @param capacity the most values kept, at least 1
   * @param random a source of uniform numbers in [0, 1)
   */
  constructor(capacity: number, random: () => number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Invalid capacity "${capacity}": expected a whole number of at least 1`);
    }
    this.#values = new Float64Array(capacity);
    this.#random = random;
  }

  /**
   * Offers one value.
   *
   * @param value the value
   */
  add(value: number): void {
    const capacity = this.#values.length;
    if (this.seen < capacity) {
      this.#values[this.seen] = value;
    } else {
      const slot = Math.floor(this.#random() * (this.seen + 1));
      if (slot < capacity) this.#values[slot] = value;
    }
    this.seen++;
  }

  /**
   * The sample, in no particular order; a view, copy it before adding more.
   *
   * @returns the kept values
   */
  values(): Float64Array {
    return this.#values.subarray(0, Math.min(this.seen, this.#values.length));
  }
}
