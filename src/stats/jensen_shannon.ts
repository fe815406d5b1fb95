/**
 * The Jensen–Shannon distance between two discrete distributions, as
 * `scipy.spatial.distance.jensenshannon`.
 *
 * @module
 */

/** Options of {@link jensenShannonDistance}. */
export interface JensenShannonOptions {
  /** The logarithm base; default e (natural log). Base 2 bounds the distance by 1. */
  base?: number;
}

/**
 * The Jensen–Shannon distance sqrt(JSD) between two distributions over the same bins, as
 * `scipy.spatial.distance.jensenshannon(p, q, base)`: each vector is first normalised to sum 1, so raw
 * counts are fine, and empty bins follow `scipy.special.rel_entr` (0 · log 0 = 0).
 *
 * @param p the first distribution (e.g. reference bin counts); non-negative, finite, not all 0
 * @param q the second distribution over the same bins
 * @param options the logarithm base
 * @returns the distance, in [0, sqrt(log_base 2)]
 * @example
 * ```ts
 * import { jensenShannonDistance } from "./jensen_shannon.ts";
 * import assert from "node:assert/strict";
 * assert.equal(jensenShannonDistance([0.5, 0.5, 0, 0], [0, 0, 0.3, 0.7], { base: 2 }), 1);
 * assert.equal(jensenShannonDistance([1, 2, 3], [2, 4, 6]), 0);
 * ```
 */
export function jensenShannonDistance(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: JensenShannonOptions = {},
): number {
  const n = p.length;
  if (q.length !== n) {
    throw new RangeError(`Invalid distributions: "p" has ${n} bins, "q" has ${q.length}`);
  }
  if (n === 0) throw new RangeError(`Invalid distribution "p": empty`);
  const base = options.base;
  if (base !== undefined && !(base > 0 && base !== 1 && base !== Infinity)) {
    throw new RangeError(`Invalid base "${base}": expected a finite number > 0 other than 1`);
  }
  const pSum = total(p, "p");
  const qSum = total(q, "q");
  let left = 0;
  let right = 0;
  for (let i = 0; i < n; i++) {
    const pi = p[i]! / pSum;
    const qi = q[i]! / qSum;
    const m = (pi + qi) / 2.0;
    left += relEntr(pi, m);
    right += relEntr(qi, m);
  }
  let js = left + right;
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(js / 2.0);
}

/** x log(x / y) with 0 log(0 / y) = 0, as `scipy.special.rel_entr` (y > 0 whenever x > 0 here). */
function relEntr(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

function total(values: ArrayLike<number>, name: string): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0) || v === Infinity) {
      throw new RangeError(
        `Invalid distribution "${name}": "${v}" at index ${i} is not a finite number >= 0`,
      );
    }
    sum += v;
  }
  if (!(sum > 0) || sum === Infinity) {
    throw new RangeError(`Invalid distribution "${name}": its total is ${sum}, expected a finite number > 0`);
  }
  return sum;
}
