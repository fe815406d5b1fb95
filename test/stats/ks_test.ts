import assert from "node:assert/strict";
import { ks2samp, ks2sampSorted } from "../../src/stats/ks.ts";
import { kstwobignSf } from "../../src/stats/kolmogorov.ts";
import { assertClose, dataset, type KsVector, num, vectors } from "./stats_vectors.ts";

function samples(v: KsVector): [number[], number[]] {
  const x = v.x ?? dataset(v.x_ref!);
  const y = v.y ?? dataset(v.y_ref!);
  assert.equal(x.length, v.n1, `${v.id}: n1`);
  assert.equal(y.length, v.n2, `${v.id}: n2`);
  return [x, y];
}

Deno.test("stats vectors: datasets rebuild with the recorded checksums", () => {
  for (const [name, ds] of Object.entries(vectors.datasets)) {
    const values = dataset(name);
    assert.equal(values.length, ds.n, `${name}: length`);
    let sum = 0;
    for (const v of values) sum += v;
    assertClose(`${name}: sum`, sum, ds.checksum.sum_left_to_right);
    assert.equal(Math.min(...values), ds.checksum.min, `${name}: min`);
    assert.equal(Math.max(...values), ds.checksum.max, `${name}: max`);
    assert.deepEqual(values.slice(0, 5), ds.checksum.first5, `${name}: first5`);
  }
});

Deno.test("ks2samp() matches scipy exact p-values", () => {
  for (const v of vectors.ks_2samp) {
    const [x, y] = samples(v);
    const r = ks2samp(x, y, { method: "exact" });
    assert.equal(r.method, "exact", `${v.id}: method`);
    assertClose(`${v.id}: exact statistic`, r.statistic, v.expected.exact.statistic);
    assertClose(`${v.id}: exact p-value`, r.pValue, v.expected.exact.pvalue);
    // The exact statistic is D rounded to the lattice of steps 1/lcm(n1, n2).
    assert.equal(Math.round(r.statistic * v.expected.lcm), v.expected.h, `${v.id}: h`);
  }
});

Deno.test("ks2samp() matches scipy asymptotic p-values (finite-n kstwo)", () => {
  for (const v of vectors.ks_2samp) {
    const [x, y] = samples(v);
    const r = ks2samp(x, y, { method: "asymp" });
    assert.equal(r.method, "asymp", `${v.id}: method`);
    assertClose(`${v.id}: asymp statistic`, r.statistic, v.expected.asymp.statistic);
    assertClose(`${v.id}: asymp p-value`, r.pValue, v.expected.asymp.pvalue);
  }
});

Deno.test("ks2samp() 'auto' picks the method scipy picks and matches its result", () => {
  for (const v of vectors.ks_2samp) {
    const [x, y] = samples(v);
    const r = ks2samp(x, y);
    assert.equal(r.method, v.expected.auto.method_used, `${v.id}: method used`);
    assertClose(`${v.id}: auto statistic`, r.statistic, v.expected.auto.statistic);
    assertClose(`${v.id}: auto p-value`, r.pValue, v.expected.auto.pvalue);
    assert.equal(
      v.expected.scipy_warnings.length,
      0,
      `${v.id}: scipy fell back, which the test does not model`,
    );
  }
});

Deno.test("ks2samp() reports the raw D, its location and sign as scipy", () => {
  for (const v of vectors.ks_2samp) {
    const [x, y] = samples(v);
    const r = ks2samp(x, y, { method: "asymp" });
    assertClose(`${v.id}: raw statistic`, r.statistic, v.expected.statistic);
    assert.equal(r.statisticLocation, v.expected.statistic_location, `${v.id}: statistic location`);
    assert.equal(r.statisticSign, v.expected.statistic_sign, `${v.id}: statistic sign`);
  }
});

Deno.test("ks2samp() does not use the limiting-distribution shortcuts", () => {
  for (const v of vectors.ks_2samp) {
    const { en } = v.expected.asymp;
    const d = v.expected.statistic;
    const approx = v.approximations_not_scipy;
    // The shortcuts, reproduced with the limiting Kolmogorov distribution...
    assertClose(`${v.id}: kolmogorov limit`, kstwobignSf(Math.sqrt(en) * d), approx.kolmogorov_limit_pvalue);
    const stephens = kstwobignSf((Math.sqrt(en) + 0.12 + 0.11 / Math.sqrt(en)) * d);
    assertClose(`${v.id}: Stephens`, stephens, approx.stephens_pvalue);
    // ...are not what ks2samp returns, except where every method says p = 1.
    if (v.expected.asymp.pvalue < 1) {
      const [x, y] = samples(v);
      const r = ks2samp(x, y, { method: "asymp" });
      assert.notEqual(r.pValue, approx.kolmogorov_limit_pvalue, `${v.id}: limit shortcut`);
      assert.notEqual(r.pValue, approx.stephens_pvalue, `${v.id}: Stephens shortcut`);
    }
  }
});

Deno.test("ks2samp() refuses NaN by default instead of propagating it as scipy does", () => {
  for (const v of vectors.ks_behaviour) {
    const x = v.x.map(num);
    const y = v.y.map(num);
    assert.ok(Number.isNaN(num(v.scipy_default_nan_policy_propagate.pvalue)));
    assert.throws(() => ks2samp(x, y), {
      name: "RangeError",
      message: 'Invalid sample "a": contains NaN at index 2',
    });
    assert.throws(() => ks2samp(y, x), { name: "RangeError", message: /"b": contains NaN/ });
  }
});

Deno.test("ks2samp() with nanPolicy 'omit' matches scipy nan_policy='omit'", () => {
  for (const v of vectors.ks_behaviour) {
    const r = ks2samp(v.x.map(num), v.y.map(num), { nanPolicy: "omit" });
    assertClose(`${v.id}: statistic`, r.statistic, v.scipy_nan_policy_omit.statistic);
    assertClose(`${v.id}: p-value`, r.pValue, v.scipy_nan_policy_omit.pvalue);
  }
});

Deno.test("ks2samp() rejects empty samples, naming the argument", () => {
  assert.throws(() => ks2samp([], [1, 2]), { name: "RangeError", message: 'Invalid sample "a": empty' });
  assert.throws(() => ks2samp([1, 2], []), { name: "RangeError", message: 'Invalid sample "b": empty' });
  assert.throws(() => ks2samp([NaN], [1], { nanPolicy: "omit" }), {
    name: "RangeError",
    message: 'Invalid sample "a": empty after dropping NaN',
  });
});

Deno.test("ks2samp() rejects unknown options", () => {
  // @ts-expect-error: not a method
  assert.throws(() => ks2samp([1], [2], { method: "fast" }), {
    name: "RangeError",
    message: /method "fast"/,
  });
  // @ts-expect-error: one-sided alternatives are not implemented
  assert.throws(() => ks2samp([1], [2], { alternative: "less" }), { name: "RangeError", message: /"less"/ });
});

Deno.test("ks2samp() gives NaN for 1 vs 1 in asymp mode, as scipy does", () => {
  const r = ks2samp([1], [2], { method: "asymp" });
  assert.equal(r.statistic, 1);
  assert.ok(Number.isNaN(r.pValue));
  assert.equal(ks2samp([1], [2]).pValue, 1);
});

Deno.test("ks2samp() leaves its inputs untouched and accepts typed arrays", () => {
  const a = [3, 1, 2];
  const b = new Float64Array([6, 5, 4]);
  const r = ks2samp(a, b);
  assert.deepEqual(a, [3, 1, 2]);
  assert.deepEqual([...b], [6, 5, 4]);
  assert.equal(r.statistic, 1);
  assert.ok(Math.abs(r.pValue - 0.1) < 1e-15); // 2 / C(6, 3)
});

Deno.test("ks2sampSorted() agrees with ks2samp() on sorted data", () => {
  const v = vectors.ks_2samp.find((c) => c.id === "ks_rng_2000v3000")!;
  const [x, y] = samples(v);
  const sx = Float64Array.from(x).sort();
  const sy = Float64Array.from(y).sort();
  assert.deepEqual(ks2sampSorted(sx, sy), ks2samp(x, y));
  assert.deepEqual(ks2sampSorted(sx, sy, { method: "asymp" }), ks2samp(x, y, { method: "asymp" }));
});

Deno.test("ks2sampSorted() rejects unsorted or NaN input", () => {
  assert.throws(() => ks2sampSorted([1, 3, 2], [1]), {
    name: "RangeError",
    message: /"a": not sorted at index 2/,
  });
  assert.throws(() => ks2sampSorted([1], [1, NaN]), {
    name: "RangeError",
    message: /"b": contains NaN at index 1/,
  });
});

// scipy.stats.ks_2samp(x, y, method="exact"), scipy 1.17.1, on the formula samples below: sizes whose
// lattice recursion runs with ragged column groups, windows that shift every column, tiny and huge p.
const FORMULA_CASES: [number, number, string, number, number][] = [
  [997, 1003, "shift", 0.10132191189720707, 6.229003056845288e-05],
  [1001, 4003, "square", 0.2508697897156553, 9.053325022533571e-45],
  [5, 9999, "plain", 0.18183818381838185, 0.985933233660713],
  [10000, 3, "half", 0.6225, 0.11500764617276552],
  [2500, 7500, "narrow", 0.0104, 0.9867120162095889],
  [999, 1000, "plain", 0.004864864864864865, 0.9999999999999996],
  [7, 6, "plain", 0.23809523809523808, 0.9627039627039627],
  [3, 1000, "plain", 0.2876666666666667, 0.9158224477715111],
];

function formulaSample(n: number, kind: string, step: number): number[] {
  return Array.from({ length: n }, (_, k) => {
    const u = ((k + 1) * step) % 1.0;
    if (kind === "shift") return u * 0.9 + 0.1;
    if (kind === "square") return u * u;
    if (kind === "half") return u * 0.5;
    if (kind === "narrow") return u * 0.98 + 0.01;
    return u;
  });
}

Deno.test("ks2samp() exact p-values match scipy for unbalanced samples up to 10 000", () => {
  for (const [n1, n2, kind, statistic, pValue] of FORMULA_CASES) {
    const x = formulaSample(n1, "plain", 0.6180339887498949);
    const y = formulaSample(n2, kind, 0.7548776662466927);
    const r = ks2samp(x, y, { method: "exact" });
    const name = `${n1} vs ${n2} (${kind})`;
    assert.equal(r.method, "exact", name);
    assertClose(`${name}: statistic`, r.statistic, statistic);
    assertClose(`${name}: p-value`, r.pValue, pValue);
    assert.ok(Math.abs(r.pValue / pValue - 1) < 1e-9, `${name}: relative error of ${r.pValue} vs ${pValue}`);
  }
});
