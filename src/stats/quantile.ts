/**
 * Exact sample quantiles for small samples (a `check` run's few latencies). Large streams use the
 * log-linear histogram instead.
 *
 * @module
 */

/**
 * The q-quantile of a sample by linear interpolation between order statistics — numpy's default
 * (`method="linear"`, Hyndman–Fan type 7).
 *
 * @param values the sample, in any order; NaN is not allowed
 * @param q the quantile in [0, 1]
 * @returns the quantile, or NaN for an empty sample
 * @example
 * ```ts
 * import { quantile } from "./quantile.ts";
 * import assert from "node:assert/strict";
 * assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
 * assert.equal(quantile([10, 20, 30, 40, 50], 0.95), 48);
 * ```
 */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Invalid quantile ${q}: expected a number in [0, 1]`);
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * q;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (h - lower) * (sorted[upper]! - sorted[lower]!);
}
