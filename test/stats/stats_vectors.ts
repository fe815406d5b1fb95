/**
 * Loads the SciPy reference vectors (`test/fixtures/stats_vectors.json`, a copy of the shared file
 * generated with scipy 1.17.1 / numpy 2.4.6), rebuilds the named datasets, and compares numbers under the
 * file's tolerance rule.
 *
 * @module
 */

import assert from "node:assert/strict";

/** A number as the JSON stores it: NaN is written as the string "NaN". */
export type JsonNumber = number | "NaN";

export interface Dataset {
  generation: string;
  n: number;
  values?: number[];
  checksum: { sum_left_to_right: number; min: number; max: number; first5: number[] };
}

export interface KsMethodExpectation {
  statistic: number;
  pvalue: number;
}

export interface KsVector {
  id: string;
  description: string;
  alternative: "two-sided";
  n1: number;
  n2: number;
  x?: number[];
  y?: number[];
  x_ref?: string;
  y_ref?: string;
  expected: {
    statistic: number;
    statistic_location: number;
    statistic_sign: 1 | -1;
    gcd: number;
    lcm: number;
    h: number;
    exact: KsMethodExpectation;
    asymp: KsMethodExpectation & { en: number; N_round_en: number };
    auto: KsMethodExpectation & { method_used: "exact" | "asymp" };
    scipy_warnings: string[];
  };
  approximations_not_scipy: { kolmogorov_limit_pvalue: number; stephens_pvalue: number };
}

export interface KsBehaviourVector {
  id: string;
  x: JsonNumber[];
  y: JsonNumber[];
  scipy_default_nan_policy_propagate: { statistic: JsonNumber; pvalue: JsonNumber };
  scipy_nan_policy_omit: { statistic: number; pvalue: number };
  recommendation: string;
}

export interface KolmogorovVector {
  n: number;
  x: number;
  kstwo_sf: number;
  kstwobign_sf_sqrt_n_x: number;
}

export interface PsiVector {
  id: string;
  description: string;
  convention: "equal_width_unit" | "reference_quantile" | "counts";
  bins: number;
  epsilon: number;
  reference?: (number | null)[];
  current?: (number | null)[];
  ref_counts?: number[];
  cur_counts?: number[];
  edges?: number[];
  cutpoints?: number[];
  missing_ref?: number;
  missing_cur?: number;
  expected: {
    ref_counts: number[];
    cur_counts: number[];
    ref_props_after_eps: number[];
    cur_props_after_eps: number[];
    per_bin: number[];
    psi: number;
  };
}

export interface Chi2ContingencyVector {
  id: string;
  description: string;
  table: number[][];
  correction: boolean;
  expected: { statistic: number; pvalue: number; dof: number; expected_freq: number[][]; cramers_v: number };
}

export interface Chi2SfVector {
  dof: number;
  x: number;
  sf: number;
}

export interface JensenShannonVector {
  id: string;
  description: string;
  p: number[];
  q: number[];
  base: number;
  expected: { distance: number; divergence: number };
}

export interface WassersteinVector {
  id: string;
  description: string;
  u_values?: number[];
  v_values?: number[];
  u_ref?: string;
  v_ref?: string;
  u_weights?: number[];
  v_weights?: number[];
  expected: { distance: number; ref_std_ddof0?: number; evidently_normed?: number };
}

export interface StatsVectors {
  schema_version: number;
  environment: { python: string; numpy: string; scipy: string };
  tolerance: { abs: number; rel: number; rule: string };
  notes: string[];
  datasets: Record<string, Dataset>;
  ks_2samp: KsVector[];
  ks_behaviour: KsBehaviourVector[];
  kolmogorov_sf: KolmogorovVector[];
  psi: PsiVector[];
  chi2_contingency: Chi2ContingencyVector[];
  chi2_notes: string[];
  chi2_sf: Chi2SfVector[];
  jensenshannon: JensenShannonVector[];
  wasserstein: WassersteinVector[];
}

/** The parsed fixture. */
export const vectors: StatsVectors = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/stats_vectors.json", import.meta.url)),
);

/** "NaN" strings back to NaN. */
export function num(value: JsonNumber): number {
  return value === "NaN" ? NaN : value;
}

/**
 * Asserts |got - expected| <= abs + rel |expected| with the fixture's tolerance (NaN matches NaN), naming
 * the case on failure.
 */
export function assertClose(name: string, got: number, expected: number): void {
  if (Number.isNaN(expected) && Number.isNaN(got)) return;
  const { abs, rel } = vectors.tolerance;
  const limit = abs + rel * Math.abs(expected);
  const diff = Math.abs(got - expected);
  assert.ok(
    diff <= limit,
    `${name}: got ${got}, expected ${expected} (|diff| ${diff.toExponential(3)} > ${limit.toExponential(3)})`,
  );
}

/** {@link assertClose} element-wise, after checking the lengths agree. */
export function assertAllClose(name: string, got: ArrayLike<number>, expected: ArrayLike<number>): void {
  assert.equal(got.length, expected.length, `${name}: length ${got.length}, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) assertClose(`${name}[${i}]`, got[i]!, expected[i]!);
}

/**
 * The values of a named dataset: stored values for the seeded-RNG ones, regenerated from the formula
 * (same left-to-right double arithmetic; `%` is fmod) for the others.
 */
export function dataset(name: string): number[] {
  const ds = vectors.datasets[name];
  if (ds === undefined) throw new Error(`Unknown dataset "${name}"`);
  if (ds.values !== undefined) return ds.values;
  if (name === "golden_ref1200") {
    return Array.from({ length: ds.n }, (_, k) => ((k + 1) * 0.6180339887498949) % 1.0);
  }
  if (name === "plastic_cur15000") {
    return Array.from({ length: ds.n }, (_, k) => (((k + 1) * 0.7548776662466927) % 1.0) * 0.95 + 0.05);
  }
  throw new Error(`Dataset "${name}" has neither values nor a known formula`);
}
