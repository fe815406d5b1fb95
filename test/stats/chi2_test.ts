import assert from "node:assert/strict";
import { chi2Contingency, chi2Sf, chisquare, cramersV } from "../../src/stats/chi2.ts";
import { assertClose, vectors } from "./stats_vectors.ts";

Deno.test("chi2Sf() matches scipy.stats.chi2.sf", () => {
  for (const v of vectors.chi2_sf) {
    assertClose(`chi2.sf(${v.x}, ${v.dof})`, chi2Sf(v.x, v.dof), v.sf);
  }
});

Deno.test("chi2Sf() handles the ends of its support and rejects bad degrees of freedom", () => {
  assert.equal(chi2Sf(0, 3), 1);
  assert.equal(chi2Sf(-2, 3), 1);
  assert.equal(chi2Sf(Infinity, 3), 0);
  assert.ok(Number.isNaN(chi2Sf(NaN, 3)));
  assertClose("chi2.sf(2, 2) = e^-1", chi2Sf(2, 2), Math.exp(-1));
  assert.throws(() => chi2Sf(1, 0), {
    name: "RangeError",
    message: 'Invalid degrees of freedom "0": expected a finite number > 0',
  });
});

Deno.test("chi2Contingency() matches scipy.stats.chi2_contingency", () => {
  for (const v of vectors.chi2_contingency) {
    const r = chi2Contingency(v.table, { correction: v.correction });
    assertClose(`${v.id}: statistic`, r.statistic, v.expected.statistic);
    assertClose(`${v.id}: p-value`, r.pValue, v.expected.pvalue);
    assert.equal(r.dof, v.expected.dof, `${v.id}: dof`);
    assert.equal(r.expected.length, v.expected.expected_freq.length, `${v.id}: expected rows`);
    v.expected.expected_freq.forEach((row, i) => {
      row.forEach((e, j) => assertClose(`${v.id}: expected[${i}][${j}]`, r.expected[i]![j]!, e));
    });
  }
});

Deno.test("cramersV() matches scipy.stats.contingency.association(method='cramer')", () => {
  for (const v of vectors.chi2_contingency) {
    assertClose(`${v.id}: Cramér's V`, cramersV(v.table), v.expected.cramers_v);
  }
  // 3x3: scipy 1.17.1 gives 0.15207234071390938.
  assertClose("3x3 Cramér's V", cramersV([[30, 50, 20], [45, 40, 15], [20, 20, 20]]), 0.15207234071390938);
});

Deno.test("chi2Contingency() applies Yates' correction only to 2x2 tables", () => {
  const [yates, noYates] = ["chi2_2x2_yates", "chi2_2x2_noyates"].map((id) =>
    vectors.chi2_contingency.find((v) => v.id === id)!
  );
  assert.ok(
    chi2Contingency(yates!.table).statistic <
      chi2Contingency(noYates!.table, { correction: false }).statistic,
  );
  // A 2x3 table is unaffected by the flag.
  const t = [[30, 50, 20], [45, 40, 15]];
  assert.deepEqual(chi2Contingency(t, { correction: false }), chi2Contingency(t));
  // 3x3, scipy 1.17.1: statistic 12.025518341307816, p 0.017162509710236827, dof 4.
  const r = chi2Contingency([[30, 50, 20], [45, 40, 15], [20, 20, 20]]);
  assertClose("3x3 statistic", r.statistic, 12.025518341307816);
  assertClose("3x3 p-value", r.pValue, 0.017162509710236827);
  assert.equal(r.dof, 4);
});

Deno.test("chi2Contingency() never lets Yates' correction overshoot the expectation (scipy gh-13875)", () => {
  // |observed - expected| = 0.25 < 0.5: scipy moves each cell onto its expectation, statistic 0, p 1.
  const r = chi2Contingency([[10, 10], [10, 11]]);
  assert.equal(r.statistic, 0);
  assert.equal(r.pValue, 1);
});

Deno.test("chi2Contingency() with one row or column has no degrees of freedom", () => {
  assert.deepEqual(chi2Contingency([[3, 5, 9]]), { statistic: 0, pValue: 1, dof: 0, expected: [[3, 5, 9]] });
});

Deno.test("chi2Contingency() rejects a category with zero total, as scipy does (chi2_notes)", () => {
  assert.match(vectors.chi2_notes[0]!, /raises ValueError if any expected frequency is 0/);
  assert.throws(() => chi2Contingency([[5, 0, 3], [4, 0, 6]]), {
    name: "RangeError",
    message: "Invalid table: column 1 sums to 0, so an expected frequency is 0; drop empty categories first",
  });
  assert.throws(() => chi2Contingency([[5, 3], [0, 0]]), { name: "RangeError", message: /row 1 sums to 0/ });
  // Dropping the empty column as the note advises; scipy 1.17.1 on [[5, 3], [4, 6]]:
  const r = chi2Contingency([[5, 3], [4, 6]]);
  assertClose("dropped statistic", r.statistic, 0.22499999999999998);
  assertClose("dropped p-value", r.pValue, 0.6352562959972484);
});

Deno.test("chi2Contingency() rejects negative, non-finite and ragged tables", () => {
  assert.throws(() => chi2Contingency([[1, -2], [3, 4]]), {
    name: "RangeError",
    message: 'Invalid table: cell [0][1] is "-2", expected a finite count >= 0',
  });
  assert.throws(() => chi2Contingency([[1, NaN], [3, 4]]), { name: "RangeError", message: /"NaN"/ });
  assert.throws(() => chi2Contingency([[1, Infinity], [3, 4]]), {
    name: "RangeError",
    message: /"Infinity"/,
  });
  assert.throws(() => chi2Contingency([[1, 2], [3]]), {
    name: "RangeError",
    message: "Invalid table: row 1 has 1 columns, row 0 has 2",
  });
  assert.throws(() => chi2Contingency([]), { name: "RangeError", message: "Invalid table: no data" });
});

Deno.test("chisquare() is Evidently's goodness-of-fit test, not chi2_contingency (chi2_notes)", () => {
  assert.match(vectors.chi2_notes[1]!, /NOT chi2_contingency/);
  const v = vectors.chi2_contingency.find((c) => c.id === "chi2_2x5_unseen")!;
  const [ref, cur] = v.table as [number[], number[]];
  const refTotal = ref.reduce((s, x) => s + x, 0);
  const curTotal = cur.reduce((s, x) => s + x, 0);
  const r = chisquare(cur, { expected: ref.map((x) => x * curTotal / refTotal) });
  // scipy.stats.chisquare(cur, ref * cur.sum() / ref.sum()), scipy 1.17.1:
  assertClose("goodness-of-fit statistic", r.statistic, 15.181818181818182);
  assertClose("goodness-of-fit p-value", r.pValue, 0.004338595810422298);
  assert.ok(Math.abs(r.statistic - v.expected.statistic) > 1, "the two tests differ");
});

Deno.test("chisquare() checks its expected counts", () => {
  assert.throws(() => chisquare([1, 2], { expected: [1, 1] }), {
    name: "RangeError",
    message: /total 2 differs from observed total 3/,
  });
  assert.throws(() => chisquare([1, 2], { expected: [3, 0] }), {
    name: "RangeError",
    message: /0 at index 1/,
  });
  assert.throws(() => chisquare([1, 2], { expected: [3] }), { name: "RangeError", message: /length 1/ });
  assert.throws(() => chisquare([1, 2], { ddof: 1 }), {
    name: "RangeError",
    message: /leaves 0 degrees of freedom/,
  });
  assert.throws(() => chisquare([-1, 2]), { name: "RangeError", message: /"-1" at index 0/ });
});
