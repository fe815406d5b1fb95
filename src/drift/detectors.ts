/**
 * The drift tests of one column of a window against its reference profile.
 *
 * Numeric: Kolmogorov–Smirnov (D and p-value, as scipy's ks_2samp), PSI over the reference's frozen
 * quantile bins, and the Wasserstein distance normed by the reference's standard deviation. Categorical:
 * chi-square on the reference-vs-window contingency table (as scipy's chi2_contingency), Jensen–Shannon
 * distance, and the share of values in categories the reference never saw.
 *
 * Speed matters (20 features × 1000 values against 10k-value references in well under 50 ms): the reference
 * sample is sorted once when the profile is built, so KS and Wasserstein only sort the window, and PSI
 * only bins it.
 *
 * @module
 */
import type { DriftThresholds } from "../config/types.ts";
import { chi2Contingency } from "../stats/chi2.ts";
import { jensenShannonDistance } from "../stats/jensen_shannon.ts";
import { ks2sampSorted, type KsMethod } from "../stats/ks.ts";
import { binIndex, psiFromCounts } from "../stats/psi.ts";
import { type CategoricalProfile, type NumericProfile, OTHER_CATEGORY } from "./profile.ts";
import { type Severity, severityOf } from "./severity.ts";

/** The tests the engine runs. */
export type TestName = "ks" | "psi" | "wasserstein" | "chi2" | "jensen_shannon" | "unseen" | "missing";

/** One test's outcome. */
export interface TestResult {
  test: TestName;
  /**
   * The statistic: D, PSI, normed distance, chi-square, JS distance, unseen share, or for `missing` the JS
   * distance between the reference's and the window's present/missing shares.
   */
  statistic: number;
  /** Its p-value, for KS, chi-square and missing; null for the distances. */
  pValue: number | null;
  /** Severity from the statistic's thresholds; null for chi-square, which is a significance test only. */
  severity: Severity | null;
}

/** Reference and window proportions side by side, for dashboards and the drift report. */
export type ColumnHistogram =
  | {
    kind: "bins";
    /** Interior cut points; bin i holds edges[i-1] <= x < edges[i]. */
    edges: number[];
    reference: number[];
    current: number[];
  }
  | { kind: "categories"; categories: string[]; reference: number[]; current: number[] };

/** The tests of one column. */
export interface ColumnTests {
  tests: TestResult[];
  /** The p-value that enters the correction across features (KS for numeric, chi-square for categorical). */
  pValue: number | null;
  histogram: ColumnHistogram;
}

/** Options of {@linkcode numericTests}. */
export interface NumericTestsOptions {
  /** Tests to run (default all three); the confidence output runs KS and PSI only. */
  tests?: readonly ("ks" | "psi" | "wasserstein")[];
  /** KS p-value method (default "auto", as scipy). */
  ksMethod?: KsMethod;
}

/** Categories shown by name in a histogram; the rest are summed as "(other)". */
const HISTOGRAM_CATEGORIES = 20;

/**
 * KS, PSI and normed Wasserstein of a window's values against a numeric reference.
 *
 * @param reference the reference profile (sorted sample, frozen edges), with at least one value
 * @param values the window's values (any order, not modified), at least one
 * @param thresholds severity thresholds per statistic
 * @param options which tests, and the KS method
 * @returns each test, the KS p-value and the binned histograms
 * @example
 * ```ts
 * import { numericTests } from "./detectors.ts";
 * import { numericProfile } from "./profile.ts";
 * import { defineModel } from "./model.ts";
 * import assert from "node:assert/strict";
 * const { thresholds } = defineModel("m", { x: "numeric" });
 * const reference = numericProfile(Array.from({ length: 1000 }, (_, i) => i / 1000), 1000, 0, 10);
 * const shifted = Float64Array.from({ length: 500 }, (_, i) => 0.5 + i / 1000);
 * const result = numericTests(reference, shifted, thresholds);
 * assert.equal(result.tests.find((t) => t.test === "ks")?.severity, "critical");
 * ```
 */
export function numericTests(
  reference: NumericProfile,
  values: Float64Array,
  thresholds: DriftThresholds,
  options: NumericTestsOptions = {},
): ColumnTests {
  const run = new Set(options.tests ?? ["ks", "psi", "wasserstein"]);
  const sorted = values.slice().sort();
  const tests: TestResult[] = [];
  let pValue: number | null = null;
  if (run.has("ks")) {
    const ks = ks2sampSorted(reference.sample, sorted, { method: options.ksMethod ?? "auto" });
    pValue = ks.pValue;
    tests.push({
      test: "ks",
      statistic: ks.statistic,
      pValue: ks.pValue,
      severity: severityOf(ks.statistic, thresholds.ks),
    });
  }
  const current = new Array<number>(reference.edges.length + 1).fill(0);
  for (let i = 0; i < sorted.length; i++) current[binIndex(reference.edges, sorted[i]!)]!++;
  if (run.has("psi")) {
    const { value } = psiFromCounts(reference.binCounts, current);
    tests.push({ test: "psi", statistic: value, pValue: null, severity: severityOf(value, thresholds.psi) });
  }
  if (run.has("wasserstein")) {
    // As Evidently's normed Wasserstein: the distance in units of the reference's spread.
    const value = wassersteinSorted(reference.sample, sorted) / Math.max(reference.std, 0.001);
    tests.push({
      test: "wasserstein",
      statistic: value,
      pValue: null,
      severity: severityOf(value, thresholds.wasserstein),
    });
  }
  return {
    tests,
    pValue,
    histogram: {
      kind: "bins",
      edges: reference.edges,
      reference: proportions(reference.binCounts),
      current: proportions(current),
    },
  };
}

/**
 * Chi-square, Jensen–Shannon distance and unseen-category share of a window's categories against a
 * categorical reference.
 *
 * @param reference the reference profile, with at least one value
 * @param counts the window's count per category, at least one value
 * @param thresholds severity thresholds per statistic
 * @returns each test, the chi-square p-value and the category histograms
 * @example
 * ```ts
 * import { categoricalTests } from "./detectors.ts";
 * import { categoricalProfile } from "./profile.ts";
 * import { defineModel } from "./model.ts";
 * import assert from "node:assert/strict";
 * const { thresholds } = defineModel("m", { c: "categorical" });
 * const reference = categoricalProfile(new Map([["web", 800], ["app", 200]]), 1000, 0, 0);
 * const result = categoricalTests(reference, new Map([["web", 500], ["app", 300], ["api", 200]]), thresholds);
 * const unseen = result.tests.find((t) => t.test === "unseen");
 * assert.equal(unseen?.statistic, 0.2);
 * assert.equal(unseen?.severity, "critical");
 * ```
 */
export function categoricalTests(
  reference: CategoricalProfile,
  counts: ReadonlyMap<string, number>,
  thresholds: DriftThresholds,
): ColumnTests {
  // With a pooled tail in the reference, a category it does not name may well have been seen: such values
  // are compared with the pool instead of being called new.
  const pooled = reference.other > 0;
  const refCounts = new Map<string, number>(Object.entries(reference.counts));
  if (pooled) refCounts.set(OTHER_CATEGORY, (refCounts.get(OTHER_CATEGORY) ?? 0) + reference.other);
  const curCounts = new Map<string, number>();
  let unseen = 0;
  let total = 0;
  for (const [category, n] of counts) {
    total += n;
    let key = category;
    if (!refCounts.has(category)) {
      if (pooled) key = OTHER_CATEGORY;
      else unseen += n;
    }
    curCounts.set(key, (curCounts.get(key) ?? 0) + n);
  }
  const categories = [...new Set([...refCounts.keys(), ...curCounts.keys()])];
  const ref = categories.map((c) => refCounts.get(c) ?? 0);
  const cur = categories.map((c) => curCounts.get(c) ?? 0);
  const chi2 = chi2Contingency([ref, cur]);
  const js = jensenShannonDistance(ref, cur);
  const unseenShare = total === 0 ? 0 : unseen / total;
  return {
    tests: [
      { test: "chi2", statistic: chi2.statistic, pValue: chi2.pValue, severity: null },
      {
        test: "jensen_shannon",
        statistic: js,
        pValue: null,
        severity: severityOf(js, thresholds.jensenShannon),
      },
      {
        test: "unseen",
        statistic: unseenShare,
        pValue: null,
        severity: severityOf(unseenShare, thresholds.unseen),
      },
    ],
    pValue: chi2.pValue,
    histogram: categoryHistogram(categories, ref, cur),
  };
}

/** Values present and missing in a column. */
export interface PresenceCounts {
  present: number;
  missing: number;
}

/**
 * Whether a column is missing more often than in the reference: the present/missing counts tested as a
 * two-category variable, the way {@linkcode categoricalTests} tests categories — chi-square on the 2×2
 * reference-vs-window table (Yates-corrected, as scipy's chi2_contingency) for significance, and the
 * Jensen–Shannon distance between the two present/missing shares for the severity, on the same
 * `jensen_shannon` thresholds. A test of proportions rather than a rule on the window alone, so a feature
 * present in 2 of 2000 reference rows is not drifted when a window lacks it entirely (99.9% against 100%),
 * while a pipeline that drops a feature on 60% of records is (0% against 60% is a JS distance of 0.52).
 * Only a rise counts: a column filled more often than in training does not starve the model.
 *
 * @param reference the reference's counts, with at least one present value
 * @param current the window's counts, at least one row
 * @param thresholds severity thresholds (its `jensenShannon` ones apply)
 * @returns the `missing` test: JS distance, chi-square p-value (1 when missingness did not rise), severity
 * @example
 * ```ts
 * import { missingTest } from "./detectors.ts";
 * import { defineModel } from "./model.ts";
 * import assert from "node:assert/strict";
 * const { thresholds } = defineModel("m", { x: "numeric" });
 * const dropped = missingTest({ present: 2000, missing: 0 }, { present: 400, missing: 600 }, thresholds);
 * assert.equal(dropped.severity, "critical");
 * assert.ok(dropped.pValue! < 1e-10);
 * const rare = missingTest({ present: 2, missing: 1998 }, { present: 0, missing: 1000 }, thresholds);
 * assert.equal(rare.severity, "none");
 * assert.ok(rare.pValue! > 0.05);
 * ```
 */
export function missingTest(
  reference: PresenceCounts,
  current: PresenceCounts,
  thresholds: DriftThresholds,
): TestResult {
  const ref = [reference.present, reference.missing];
  const cur = [current.present, current.missing];
  const refRatio = reference.missing / (reference.present + reference.missing);
  const curRatio = current.missing / (current.present + current.missing);
  if (!(curRatio > refRatio)) return { test: "missing", statistic: 0, pValue: 1, severity: "none" };
  const js = jensenShannonDistance(ref, cur);
  // Both columns of the table have a positive total here: the reference has present values, and a window
  // missing more often than the reference has missing values.
  return {
    test: "missing",
    statistic: js,
    pValue: chi2Contingency([ref, cur]).pValue,
    severity: severityOf(js, thresholds.jensenShannon),
  };
}

/**
 * The 1-Wasserstein distance between two samples already sorted ascending: the same walk over the pooled
 * values as `wassersteinDistance` (scipy's), without copying or sorting either sample.
 *
 * @param u the first sample, sorted, finite, non-empty
 * @param v the second sample, sorted, finite, non-empty
 * @returns the distance
 * @example
 * ```ts
 * import { wassersteinSorted } from "./detectors.ts";
 * import assert from "node:assert/strict";
 * assert.equal(wassersteinSorted([0, 1, 3], [5, 6, 8]), 5);
 * ```
 */
export function wassersteinSorted(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const n = u.length;
  const m = v.length;
  let i = 0;
  let j = 0;
  let prev = Math.min(u[0]!, v[0]!);
  let sum = 0;
  while (i < n || j < m) {
    const x = j >= m || (i < n && u[i]! <= v[j]!) ? u[i]! : v[j]!;
    if (x !== prev) {
      sum += Math.abs(i / n - j / m) * (x - prev);
      prev = x;
    }
    while (i < n && u[i]! <= x) i++;
    while (j < m && v[j]! <= x) j++;
  }
  return sum;
}

function proportions(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  return counts.map((n) => total === 0 ? 0 : n / total);
}

function categoryHistogram(categories: string[], ref: number[], cur: number[]): ColumnHistogram {
  const refP = proportions(ref);
  const curP = proportions(cur);
  const order = categories.map((_, i) => i).sort((a, b) =>
    refP[b]! + curP[b]! - (refP[a]! + curP[a]!) || (categories[a]! < categories[b]! ? -1 : 1)
  );
  const shown = order.slice(0, HISTOGRAM_CATEGORIES);
  const rest = order.slice(HISTOGRAM_CATEGORIES);
  const out = {
    kind: "categories" as const,
    categories: shown.map((i) => categories[i]!),
    reference: shown.map((i) => refP[i]!),
    current: shown.map((i) => curP[i]!),
  };
  if (rest.length > 0) {
    out.categories.push(OTHER_CATEGORY);
    out.reference.push(rest.reduce((sum, i) => sum + refP[i]!, 0));
    out.current.push(rest.reduce((sum, i) => sum + curP[i]!, 0));
  }
  return out;
}
