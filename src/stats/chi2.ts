/**
 * Chi-square tests for categorical features: the contingency-table test of independence
 * (`scipy.stats.chi2_contingency`), the goodness-of-fit test (`scipy.stats.chisquare`, what Evidently's
 * default "chisquare" stattest runs), Cramér's V, and the chi-square survival function behind their
 * p-values.
 *
 * @module
 */

import { gammaincc } from "./gamma.ts";

/**
 * The survival function of the chi-square distribution with k degrees of freedom, P(X > x), as
 * `scipy.stats.chi2.sf(x, k)` (Cephes `chdtrc`: the regularized upper incomplete gamma Q(k/2, x/2)).
 *
 * @param x the value; anything below 0 gives 1
 * @param k the degrees of freedom, > 0 (need not be an integer)
 * @returns the upper-tail probability, or NaN when x is NaN
 * @example
 * ```ts
 * import { chi2Sf } from "./chi2.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(chi2Sf(3.841, 1) - 0.050013683763956804) < 1e-15);
 * assert.equal(chi2Sf(-1, 3), 1);
 * ```
 */
export function chi2Sf(x: number, k: number): number {
  if (!(k > 0) || k === Infinity) {
    throw new RangeError(`Invalid degrees of freedom "${k}": expected a finite number > 0`);
  }
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return gammaincc(k / 2, x / 2);
}

/** Options of {@link chi2Contingency}. */
export interface Chi2ContingencyOptions {
  /** Apply Yates' continuity correction when the table has one degree of freedom (default true, as scipy). */
  correction?: boolean;
}

/** The result of {@link chi2Contingency}, as scipy's `Chi2ContingencyResult`. */
export interface Chi2ContingencyResult {
  /** Pearson's chi-square statistic (Yates-corrected for a 2x2 table unless `correction: false`). */
  statistic: number;
  /** P(X > statistic) for X ~ chi2(dof). */
  pValue: number;
  /** (rows - 1) (columns - 1). */
  dof: number;
  /** The expected frequencies under independence, row total × column total / grand total. */
  expected: number[][];
}

/**
 * Chi-square test of independence of the rows and columns of a contingency table, as
 * `scipy.stats.chi2_contingency(table, correction)`. For drift, the rows are the reference and current
 * counts per category.
 *
 * Like scipy, a category with zero total in every row (an expected frequency of 0) is an error: drop
 * such columns first.
 *
 * @param table counts, one row per sample and one column per category; non-negative and finite
 * @param options Yates' correction on or off
 * @returns the statistic, p-value, degrees of freedom and expected frequencies
 * @example
 * ```ts
 * import { chi2Contingency } from "./chi2.ts";
 * import assert from "node:assert/strict";
 * const r = chi2Contingency([[30, 50, 20], [45, 40, 15]]);
 * assert.equal(r.dof, 2);
 * assert.ok(Math.abs(r.statistic - 4.825396825396825) < 1e-12);
 * assert.ok(Math.abs(r.pValue - 0.08957326253887996) < 1e-12);
 * ```
 */
export function chi2Contingency(
  table: readonly (readonly number[])[],
  options: Chi2ContingencyOptions = {},
): Chi2ContingencyResult {
  const correction = options.correction ?? true;
  const { rowSums, colSums, total } = margins(table);
  const rows = table.length;
  const cols = colSums.length;
  const expected = rowSums.map((r) => colSums.map((c) => r * c / total));
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (expected[i]![j] === 0) {
        const which = rowSums[i] === 0 ? `row ${i}` : `column ${j}`;
        throw new RangeError(
          `Invalid table: ${which} sums to 0, so an expected frequency is 0; drop empty categories first`,
        );
      }
    }
  }
  const dof = rows * cols - (rows + cols) + 2 - 1;
  if (dof === 0) {
    // Only one non-trivial dimension: observed equals expected.
    return { statistic: 0, pValue: 1, dof, expected };
  }
  let statistic = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const e = expected[i]![j]!;
      let o = table[i]![j]!;
      if (dof === 1 && correction) {
        // Yates: move each count toward its expectation by 0.5, but never past it (scipy gh-13875).
        const diff = e - o;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += (o - e) ** 2 / e;
    }
  }
  return { statistic, pValue: chi2Sf(statistic, dof), dof, expected };
}

/**
 * Cramér's V effect size of a contingency table, sqrt(chi2 / n / (min(rows, columns) - 1)) with the
 * uncorrected chi-square, as `scipy.stats.contingency.association(table, method="cramer")`. Unlike the
 * p-value it does not shrink toward 0 as the sample grows, so it tells a tiny shift in a huge window
 * from a real one.
 *
 * @param table counts, as for {@link chi2Contingency}
 * @returns V in [0, 1]
 * @example
 * ```ts
 * import { cramersV } from "./chi2.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(cramersV([[12, 38], [25, 25]]) - 0.26926023193385334) < 1e-12);
 * ```
 */
export function cramersV(table: readonly (readonly number[])[]): number {
  const { statistic } = chi2Contingency(table, { correction: false });
  const { total } = margins(table);
  const rows = table.length;
  const cols = table[0]!.length;
  return Math.sqrt(statistic / total / Math.min(cols - 1, rows - 1));
}

/** Options of {@link chisquare}. */
export interface ChisquareOptions {
  /** Expected frequencies (default: all categories equally likely), with the same total as the observed. */
  expected?: readonly number[];
  /** Degrees of freedom to subtract for fitted parameters (default 0): dof = k - 1 - ddof. */
  ddof?: number;
}

/** The result of {@link chisquare}. */
export interface ChisquareResult {
  /** Pearson's statistic sum((observed - expected)^2 / expected). */
  statistic: number;
  /** P(X > statistic) for X ~ chi2(k - 1 - ddof). */
  pValue: number;
}

/**
 * Pearson's chi-square goodness-of-fit test, as `scipy.stats.chisquare(observed, expected, ddof)`.
 * Evidently's default "chisquare" drift test is this one with the current counts as observed and the
 * reference counts rescaled to the current total as expected — not {@link chi2Contingency}.
 *
 * @param observed observed counts per category
 * @param options expected counts (same total, to a relative 1.5e-8 as scipy checks) and ddof
 * @returns the statistic and its p-value
 * @example
 * ```ts
 * import { chisquare } from "./chi2.ts";
 * import assert from "node:assert/strict";
 * const r = chisquare([16, 18, 16, 14, 12, 12]);
 * assert.equal(r.statistic, 2);
 * assert.ok(Math.abs(r.pValue - 0.8491450360846096) < 1e-12);
 * ```
 */
export function chisquare(observed: readonly number[], options: ChisquareOptions = {}): ChisquareResult {
  const k = observed.length;
  if (k === 0) throw new RangeError(`Invalid observed counts: empty`);
  checkCounts(observed, "observed");
  const obsTotal = observed.reduce((s, v) => s + v, 0);
  let expected: readonly number[];
  if (options.expected === undefined) {
    expected = observed.map(() => obsTotal / k);
  } else {
    expected = options.expected;
    if (expected.length !== k) {
      throw new RangeError(
        `Invalid expected counts: length ${expected.length} differs from observed length ${k}`,
      );
    }
    checkCounts(expected, "expected");
    const expTotal = expected.reduce((s, v) => s + v, 0);
    // scipy's sum_check: the totals must agree to sqrt(machine epsilon).
    const relDiff = Math.abs(obsTotal - expTotal) / Math.min(obsTotal, expTotal);
    if (!(relDiff <= Math.sqrt(Number.EPSILON))) {
      throw new RangeError(
        `Invalid expected counts: total ${expTotal} differs from observed total ${obsTotal}; rescale first`,
      );
    }
  }
  const ddof = options.ddof ?? 0;
  const zero = expected.indexOf(0);
  if (zero >= 0) {
    throw new RangeError(
      `Invalid expected counts: 0 at index ${zero}; drop or smooth categories never expected`,
    );
  }
  let statistic = 0;
  for (let i = 0; i < k; i++) statistic += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  const dof = k - 1 - ddof;
  if (!(dof > 0)) {
    throw new RangeError(`Invalid ddof "${ddof}": leaves ${dof} degrees of freedom for ${k} categories`);
  }
  return { statistic, pValue: chi2Sf(statistic, dof) };
}

function checkCounts(values: readonly number[], name: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0) || v === Infinity) {
      throw new RangeError(
        `Invalid ${name} counts: "${v}" at index ${i} is not a finite non-negative number`,
      );
    }
  }
}

function margins(
  table: readonly (readonly number[])[],
): { rowSums: number[]; colSums: number[]; total: number } {
  const rows = table.length;
  if (rows === 0 || table[0]!.length === 0) throw new RangeError(`Invalid table: no data`);
  const cols = table[0]!.length;
  const rowSums = new Array<number>(rows).fill(0);
  const colSums = new Array<number>(cols).fill(0);
  for (let i = 0; i < rows; i++) {
    const row = table[i]!;
    if (row.length !== cols) {
      throw new RangeError(`Invalid table: row ${i} has ${row.length} columns, row 0 has ${cols}`);
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j]!;
      if (!(v >= 0) || v === Infinity) {
        throw new RangeError(`Invalid table: cell [${i}][${j}] is "${v}", expected a finite count >= 0`);
      }
      rowSums[i] = rowSums[i]! + v;
      colSums[j] = colSums[j]! + v;
    }
  }
  const total = rowSums.reduce((s, v) => s + v, 0);
  return { rowSums, colSums, total };
}
