/**
 * The 1-D Wasserstein (earth mover's) distance between two samples, as
 * `scipy.stats.wasserstein_distance`, and Evidently's normed variant.
 *
 * @module
 */

/** Options of {@link wassersteinDistance}. */
export interface WassersteinOptions {
  /** Weights of the values of `u` (default: all equal); non-negative with a positive finite total. */
  uWeights?: ArrayLike<number>;
  /** Weights of the values of `v`. */
  vWeights?: ArrayLike<number>;
}

/**
 * The first Wasserstein distance between two 1-D empirical distributions — the area between their
 * CDFs — as `scipy.stats.wasserstein_distance(u, v, u_weights, v_weights)` (scipy `_cdf_distance` with
 * p = 1). It is in the units of the data. O((n + m) log(n + m)).
 *
 * @param u the first sample (e.g. the reference); finite values
 * @param v the second sample (e.g. the current window)
 * @param options optional weights for either sample
 * @returns the distance, >= 0
 * @example
 * ```ts
 * import { wassersteinDistance } from "./wasserstein.ts";
 * import assert from "node:assert/strict";
 * assert.equal(wassersteinDistance([0, 1, 3], [5, 6, 8]), 5);
 * assert.equal(wassersteinDistance([0, 1], [0, 1], { uWeights: [3, 1], vWeights: [2, 2] }), 0.25);
 * ```
 */
export function wassersteinDistance(
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  options: WassersteinOptions = {},
): number {
  const us = sortedWithCumWeights(u, options.uWeights, "u");
  const vs = sortedWithCumWeights(v, options.vWeights, "v");
  const n = us.values.length;
  const m = vs.values.length;
  // Walk the pooled sorted values; between consecutive ones both CDFs are constant
  // (searchsorted(side="right") counts, as scipy evaluates them).
  let i = 0;
  let j = 0;
  let prev = Math.min(us.values[0]!, vs.values[0]!);
  let sum = 0;
  while (i < n || j < m) {
    const x = j >= m || (i < n && us.values[i]! <= vs.values[j]!) ? us.values[i]! : vs.values[j]!;
    if (x !== prev) {
      // The CDFs at prev: i and j already count every value <= prev.
      sum += Math.abs(cdfAt(us, i) - cdfAt(vs, j)) * (x - prev);
      prev = x;
    }
    while (i < n && us.values[i]! <= x) i++;
    while (j < m && vs.values[j]! <= x) j++;
  }
  return sum;
}

/**
 * Evidently's normed Wasserstein distance: W1(u, v) / max(std(u), 0.001), with the population standard
 * deviation (ddof = 0) of the reference `u`, which makes the default 0.1 threshold scale-free.
 *
 * @param u the reference sample
 * @param v the current sample
 * @returns the distance in units of the reference standard deviation
 * @example
 * ```ts
 * import { normedWasserstein } from "./wasserstein.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(normedWasserstein([0, 1, 3], [5, 6, 8]) - 4.0089186286863665) < 1e-12);
 * ```
 */
export function normedWasserstein(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const distance = wassersteinDistance(u, v);
  let mean = 0;
  for (let i = 0; i < u.length; i++) mean += u[i]!;
  mean /= u.length;
  let ss = 0;
  for (let i = 0; i < u.length; i++) ss += (u[i]! - mean) ** 2;
  const std = Math.sqrt(ss / u.length);
  return distance / Math.max(std, 0.001);
}

interface WeightedSample {
  values: Float64Array;
  /** Cumulative weights (scipy's `concatenate(([0], cumsum(weights[sorter])))`), or null when unweighted. */
  cum: Float64Array | null;
}

function cdfAt(s: WeightedSample, count: number): number {
  return s.cum === null ? count / s.values.length : s.cum[count]! / s.cum[s.values.length]!;
}

function sortedWithCumWeights(
  values: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  name: string,
): WeightedSample {
  const n = values.length;
  if (n === 0) throw new RangeError(`Invalid sample "${name}": empty`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new RangeError(`Invalid sample "${name}": "${values[i]}" at index ${i} is not a finite number`);
    }
  }
  if (weights === undefined) return { values: Float64Array.from(values).sort(), cum: null };
  if (weights.length !== n) {
    throw new RangeError(`Invalid weights for "${name}": ${weights.length} weights for ${n} values`);
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!(w >= 0)) throw new RangeError(`Invalid weights for "${name}": "${w}" at index ${i} is not >= 0`);
    total += w;
  }
  if (!(total > 0) || total === Infinity) {
    throw new RangeError(
      `Invalid weights for "${name}": their total is ${total}, expected a finite number > 0`,
    );
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const sorted = new Float64Array(n);
  const cum = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const idx = order[k]!;
    sorted[k] = values[idx]!;
    cum[k + 1] = cum[k]! + weights[idx]!;
  }
  return { values: sorted, cum };
}
