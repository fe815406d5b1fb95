/**
 * The population stability index (PSI) with explicit, reproducible binning: bins frozen at reference
 * quantiles (or equal-width on [0, 1] for scores, or given counts), empty bins smoothed by a fixed epsilon.
 * The conventions are the ones the reference vectors in `test/fixtures/stats_vectors.json` define.
 *
 * The streaming drift detectors call {@link quantileEdges} once on the reference, then {@link binIndex}
 * per value and {@link psiFromCounts} per window.
 *
 * @module
 */

/** How {@link psi} bins its inputs. */
export type PsiStrategy = "quantile" | "equal_width" | "counts";

/** Options of {@link psi}. */
export interface PsiOptions {
  /** Bins asked for (default 10; ignored for counts); quantile bins merge where the reference has ties. */
  bins?: number;
  /**
   * `"quantile"` (default): cut points at the reference quantiles k/bins. `"equal_width"`: bins of equal
   * width on `range` (default [0, 1], for scores and probabilities), out-of-range values clamped to the
   * end bins. `"counts"`: `reference` and `current` already are bin counts.
   */
  strategy?: PsiStrategy;
  /** The proportion an empty bin is given instead of 0, without renormalising (default 1e-4). */
  epsilon?: number;
  /** The interval `"equal_width"` divides (default [0, 1]). */
  range?: readonly [number, number];
}

/** Options of {@link psiFromCounts}. */
export interface PsiFromCountsOptions {
  /** The proportion an empty bin is given instead of 0, without renormalising (default 1e-4). */
  epsilon?: number;
}

/** PSI and its per-bin terms. */
export interface PsiTerms {
  /** sum over bins of (cur - ref) ln(cur / ref), with proportions. */
  value: number;
  /** The term of each bin, in bin order; they sum to `value`. */
  contributions: number[];
}

/** The result of {@link psi}. */
export interface PsiResult {
  /** The PSI; common reading: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major shift. */
  value: number;
  /** The bins the PSI was computed over. */
  bins: {
    /**
     * The interior cut points: bin 0 holds x < edges[0], bin i holds edges[i-1] <= x < edges[i], the last
     * bin holds x >= edges[edges.length - 1]. Empty for `"counts"`.
     */
    edges: number[];
    /** Reference count per bin. */
    reference: number[];
    /** Current count per bin. */
    current: number[];
    /** Each bin's term of the PSI. */
    contributions: number[];
  };
  /** How many NaN (or null) values were dropped from each input before binning. */
  missing: { reference: number; current: number };
}

const DEFAULT_EPSILON = 1e-4;

/**
 * The population stability index of `current` against `reference`: sum over bins of
 * (cur_i - ref_i) ln(cur_i / ref_i) with bin proportions, a zero proportion replaced by `epsilon`
 * (not renormalised). NaN and null values are dropped and counted as missing.
 *
 * @param reference the reference values (or bin counts with `strategy: "counts"`)
 * @param current the current values (or bin counts)
 * @param options the number of bins, the binning strategy and the smoothing epsilon
 * @returns the PSI, the bins with their counts and terms, and the missing counts
 * @example
 * ```ts
 * import { psi } from "./psi.ts";
 * import assert from "node:assert/strict";
 * const r = psi([50, 50], [25, 75], { strategy: "counts" });
 * assert.ok(Math.abs(r.value - 0.25 * Math.log(3)) < 1e-15);
 * const same = psi([0.1, 0.5, 0.9, 0.7], [0.9, 0.7, 0.5, 0.1], { strategy: "equal_width" });
 * assert.equal(same.value, 0);
 * ```
 */
export function psi(
  reference: ArrayLike<number | null>,
  current: ArrayLike<number | null>,
  options: PsiOptions = {},
): PsiResult {
  const strategy = options.strategy ?? "quantile";
  const epsilon = options.epsilon ?? DEFAULT_EPSILON;
  if (strategy === "counts") {
    const ref = countsArray(reference, "reference");
    const cur = countsArray(current, "current");
    const { value, contributions } = psiFromCounts(ref, cur, { epsilon });
    return {
      value,
      bins: { edges: [], reference: ref, current: cur, contributions },
      missing: { reference: 0, current: 0 },
    };
  }
  const bins = options.bins ?? 10;
  checkBins(bins);
  const ref = dropMissing(reference, "reference");
  const cur = dropMissing(current, "current");
  let edges: number[];
  if (strategy === "quantile") {
    edges = quantileEdges(ref.values, bins);
  } else if (strategy === "equal_width") {
    edges = equalWidthEdges(bins, options.range ?? [0, 1]);
  } else {
    throw new RangeError(`Invalid strategy "${strategy}": expected "quantile", "equal_width" or "counts"`);
  }
  const refCounts = histogram(edges, ref.values);
  const curCounts = histogram(edges, cur.values);
  const { value, contributions } = psiFromCounts(refCounts, curCounts, { epsilon });
  return {
    value,
    bins: { edges, reference: refCounts, current: curCounts, contributions },
    missing: { reference: ref.missing, current: cur.missing },
  };
}

/**
 * The PSI of two histograms over the same bins: proportions are count / total, a zero proportion becomes
 * `epsilon` (no renormalisation), and bin i contributes (cur_i - ref_i) ln(cur_i / ref_i).
 *
 * @param refCounts reference count per bin
 * @param curCounts current count per bin, same length
 * @param options the smoothing epsilon
 * @returns the PSI and each bin's term
 * @example
 * ```ts
 * import { psiFromCounts } from "./psi.ts";
 * import assert from "node:assert/strict";
 * const r = psiFromCounts([50, 50], [50, 0]);
 * assert.equal(r.contributions[0], 0.5 * Math.log(2));
 * assert.ok(Math.abs(r.contributions[1]! - (1e-4 - 0.5) * Math.log(1e-4 / 0.5)) < 1e-15);
 * ```
 */
export function psiFromCounts(
  refCounts: ArrayLike<number>,
  curCounts: ArrayLike<number>,
  options: PsiFromCountsOptions = {},
): PsiTerms {
  const epsilon = options.epsilon ?? DEFAULT_EPSILON;
  if (!(epsilon > 0 && epsilon < 1)) {
    throw new RangeError(`Invalid epsilon "${epsilon}": expected a number in (0, 1)`);
  }
  const n = refCounts.length;
  if (curCounts.length !== n) {
    throw new RangeError(`Invalid counts: "refCounts" has ${n} bins, "curCounts" has ${curCounts.length}`);
  }
  if (n === 0) throw new RangeError(`Invalid counts "refCounts": no bins`);
  const refTotal = countsTotal(refCounts, "refCounts");
  const curTotal = countsTotal(curCounts, "curCounts");
  const contributions = new Array<number>(n);
  let value = 0;
  for (let i = 0; i < n; i++) {
    const r = refCounts[i]! === 0 ? epsilon : refCounts[i]! / refTotal;
    const c = curCounts[i]! === 0 ? epsilon : curCounts[i]! / curTotal;
    const term = (c - r) * Math.log(c / r);
    contributions[i] = term;
    value += term;
  }
  return { value, contributions };
}

/**
 * Interior PSI cut points at the reference quantiles k/bins, k = 1..bins-1, linearly interpolated between
 * order statistics at h = ((n - 1) k) / bins (numpy's default "linear" method, with its lerp), duplicates
 * removed — so heavy ties give fewer, wider bins.
 *
 * @param reference the reference values, any order, without NaN
 * @param bins the number of bins asked for, >= 1
 * @returns the ascending, distinct cut points (at most bins - 1)
 * @example
 * ```ts
 * import { quantileEdges } from "./psi.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(quantileEdges([1, 2, 3, 4, 5], 4), [2, 3, 4]);
 * assert.deepEqual(quantileEdges([0, 0, 0, 1], 2), [0]);
 * ```
 */
export function quantileEdges(reference: ArrayLike<number>, bins: number): number[] {
  checkBins(bins);
  const n = reference.length;
  if (n === 0) throw new RangeError(`Invalid sample "reference": empty`);
  const sorted = Float64Array.from(reference).sort();
  if (Number.isNaN(sorted[n - 1]!)) throw new RangeError(`Invalid sample "reference": contains NaN`);
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const h = ((n - 1) * k) / bins;
    const lo = Math.floor(h);
    const t = h - lo;
    const a = sorted[lo]!;
    const b = sorted[Math.min(lo + 1, n - 1)]!;
    const diff = b - a;
    // numpy's _lerp: interpolate from the nearer end so that t = 1 lands exactly on b.
    const q = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    if (edges.length === 0 || q !== edges[edges.length - 1]) edges.push(q);
  }
  return edges;
}

/**
 * The bin of a value given interior cut points: the number of cut points <= x (bisect right), so bins
 * are closed on the left and the end bins are open-ended.
 *
 * @param edges ascending interior cut points, as from {@link quantileEdges}
 * @param x the value; NaN must be filtered out by the caller
 * @returns the bin index in [0, edges.length]
 * @example
 * ```ts
 * import { binIndex } from "./psi.ts";
 * import assert from "node:assert/strict";
 * const edges = [0.1, 0.2, 0.3];
 * assert.equal(binIndex(edges, 0.05), 0);
 * assert.equal(binIndex(edges, 0.2), 2);
 * assert.equal(binIndex(edges, 7), 3);
 * ```
 */
export function binIndex(edges: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Interior edges lo + ((hi - lo) k) / bins: on [0, 1] exactly k/bins (0.3, not 0.30000000000000004). */
function equalWidthEdges(bins: number, range: readonly [number, number]): number[] {
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new RangeError(`Invalid range "[${lo}, ${hi}]": expected finite bounds with lo < hi`);
  }
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) edges.push(lo + ((hi - lo) * k) / bins);
  return edges;
}

function histogram(edges: readonly number[], values: Float64Array): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const b = binIndex(edges, values[i]!);
    counts[b] = counts[b]! + 1;
  }
  return counts;
}

function dropMissing(
  values: ArrayLike<number | null>,
  name: string,
): { values: Float64Array; missing: number } {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    out[n++] = v;
  }
  if (n === 0) {
    throw new RangeError(`Invalid sample "${name}": no values after dropping ${values.length} missing`);
  }
  return { values: out.subarray(0, n), missing: values.length - n };
}

function countsArray(values: ArrayLike<number | null>, name: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number") {
      throw new RangeError(`Invalid counts "${name}": "${v}" at index ${i} is not a count`);
    }
    out.push(v);
  }
  return out;
}

function countsTotal(counts: ArrayLike<number>, name: string): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const v = counts[i]!;
    if (!(v >= 0) || v === Infinity) {
      throw new RangeError(`Invalid counts "${name}": "${v}" at index ${i} is not a finite count >= 0`);
    }
    total += v;
  }
  if (total === 0) throw new RangeError(`Invalid counts "${name}": all bins are empty`);
  return total;
}

function checkBins(bins: number): void {
  if (!(Number.isInteger(bins) && bins >= 1)) {
    throw new RangeError(`Invalid bins "${bins}": expected an integer >= 1`);
  }
}
