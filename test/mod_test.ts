/**
 * The library surface: every SciPy reference vector passes through the functions `mod.ts` exports, with
 * the signatures DESIGN.md promises.
 */
import assert from "node:assert/strict";
import {
  benjaminiHochberg,
  chi2Contingency,
  chi2Sf,
  instrument,
  jensenShannonDistance,
  ks2samp,
  kstwoSf,
  psi,
  wassersteinDistance,
} from "../mod.ts";
import { assertAllClose, assertClose, dataset, vectors } from "./stats/stats_vectors.ts";

Deno.test("mod.ts: ks2samp(a, b, { method }) matches every ks_2samp vector, exact, asymp and auto", () => {
  for (const v of vectors.ks_2samp) {
    const x = v.x ?? dataset(v.x_ref!);
    const y = v.y ?? dataset(v.y_ref!);
    for (const method of ["exact", "asymp"] as const) {
      const r = ks2samp(x, y, { method });
      assertClose(`${v.id} ${method}: statistic`, r.statistic, v.expected[method].statistic);
      assertClose(`${v.id} ${method}: p-value`, r.pValue, v.expected[method].pvalue);
    }
    const auto = ks2samp(x, y);
    assert.equal(auto.method, v.expected.auto.method_used, `${v.id}: auto method`);
    assertClose(`${v.id} auto: p-value`, auto.pValue, v.expected.auto.pvalue);
  }
  for (const v of vectors.kolmogorov_sf) {
    assertClose(`kstwo.sf(${v.x}, ${v.n})`, kstwoSf(v.x, v.n), v.kstwo_sf);
  }
});

Deno.test("mod.ts: chi2Contingency(table, { correction }) matches every chi2_contingency vector", () => {
  for (const v of vectors.chi2_contingency) {
    const r = chi2Contingency(v.table, { correction: v.correction });
    assertClose(`${v.id}: statistic`, r.statistic, v.expected.statistic);
    assertClose(`${v.id}: p-value`, r.pValue, v.expected.pvalue);
    assert.equal(r.dof, v.expected.dof, `${v.id}: dof`);
  }
  for (const v of vectors.chi2_sf) assertClose(`chi2.sf(${v.x}, ${v.dof})`, chi2Sf(v.x, v.dof), v.sf);
});

Deno.test("mod.ts: jensenShannonDistance(p, q, { base }) matches every jensenshannon vector", () => {
  for (const v of vectors.jensenshannon) {
    assertClose(`${v.id}: distance`, jensenShannonDistance(v.p, v.q, { base: v.base }), v.expected.distance);
  }
});

Deno.test("mod.ts: wassersteinDistance(u, v) matches every wasserstein vector", () => {
  for (const v of vectors.wasserstein) {
    const u = v.u_values ?? dataset(v.u_ref!);
    const w = v.v_values ?? dataset(v.v_ref!);
    const options = v.u_weights === undefined ? {} : { uWeights: v.u_weights, vWeights: v.v_weights! };
    assertClose(`${v.id}: distance`, wassersteinDistance(u, w, options), v.expected.distance);
  }
});

Deno.test("mod.ts: psi(reference, current, { bins, strategy, epsilon }) matches every psi vector", () => {
  for (const v of vectors.psi) {
    const options = { bins: v.bins, epsilon: v.epsilon };
    const r = v.convention === "counts"
      ? psi(v.ref_counts!, v.cur_counts!, { ...options, strategy: "counts" })
      : psi(v.reference!, v.current!, {
        ...options,
        strategy: v.convention === "equal_width_unit" ? "equal_width" : "quantile",
      });
    assert.deepEqual(r.bins.reference, v.expected.ref_counts, `${v.id}: reference counts`);
    assert.deepEqual(r.bins.current, v.expected.cur_counts, `${v.id}: current counts`);
    assertAllClose(`${v.id}: per-bin terms`, r.bins.contributions, v.expected.per_bin);
    assertClose(`${v.id}: psi`, r.value, v.expected.psi);
  }
});

Deno.test("mod.ts: benjaminiHochberg(pValues, { alpha }) adjusts as scipy's false_discovery_control", () => {
  // scipy.stats.false_discovery_control(ps, method="bh"), scipy 1.17.1.
  const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.2], { alpha: 0.05 });
  assertAllClose("adjusted", r.adjusted, [0.04, 0.05333333333333333, 0.05333333333333333, 0.2]);
  assert.deepEqual(r.rejected, [true, false, false, false]);
  assertAllClose("capped", benjaminiHochberg([0.9, 0.95, 0.99]).adjusted, [0.99, 0.99, 0.99]);
});

Deno.test("mod.ts: instrument(options) is the Hono middleware", () => {
  const middleware = instrument({ model: "m" });
  assert.equal(typeof middleware, "function");
  assert.equal(middleware.forwarder, undefined);
});
