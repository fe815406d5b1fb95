/**
 * Multiple-testing correction for many features tested at once, so that twenty stable features do not
 * raise one false drift alarm per window.
 *
 * @module
 */

/** Options of {@link benjaminiHochberg}. */
export interface BenjaminiHochbergOptions {
  /** The false discovery rate to control (default 0.05). */
  alpha?: number;
}

/** The result of {@link benjaminiHochberg}, in the order of the input p-values. */
export interface BenjaminiHochbergResult {
  /** Benjamini–Hochberg adjusted p-values (q-values), capped at 1. */
  adjusted: number[];
  /** Whether each hypothesis is rejected at the given false discovery rate: adjusted <= alpha. */
  rejected: boolean[];
}

/**
 * Benjamini–Hochberg step-up adjustment of p-values, as
 * `scipy.stats.false_discovery_control(ps, method="bh")`: sort, scale p_(i) by m / i, take the running
 * minimum from the largest p down, cap at 1, and restore the input order. Rejecting adjusted <= alpha
 * controls the false discovery rate at alpha for independent (or positively dependent) tests.
 *
 * @param pValues the p-values, each in [0, 1]
 * @param options the false discovery rate
 * @returns the adjusted p-values and the rejection decisions, in input order
 * @example
 * ```ts
 * import { benjaminiHochberg } from "./multiple_testing.ts";
 * import assert from "node:assert/strict";
 * const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.2]);
 * assert.deepEqual(r.adjusted, [0.04, 0.05333333333333333, 0.05333333333333333, 0.2]);
 * assert.deepEqual(r.rejected, [true, false, false, false]);
 * ```
 */
export function benjaminiHochberg(
  pValues: ArrayLike<number>,
  options: BenjaminiHochbergOptions = {},
): BenjaminiHochbergResult {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha >= 0 && alpha <= 1)) {
    throw new RangeError(`Invalid alpha "${alpha}": expected a number in [0, 1]`);
  }
  const m = pValues.length;
  for (let i = 0; i < m; i++) {
    const p = pValues[i]!;
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`Invalid p-value "${p}" at index ${i}: expected a number in [0, 1]`);
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const scaled = new Float64Array(m);
  for (let k = 0; k < m; k++) scaled[k] = pValues[order[k]!]! * (m / (k + 1));
  for (let k = m - 2; k >= 0; k--) scaled[k] = Math.min(scaled[k]!, scaled[k + 1]!);
  const adjusted = new Array<number>(m);
  for (let k = 0; k < m; k++) adjusted[order[k]!] = Math.min(Math.max(scaled[k]!, 0), 1);
  return { adjusted, rejected: adjusted.map((q) => q <= alpha) };
}
