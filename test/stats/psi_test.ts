import assert from "node:assert/strict";
import {
  binIndex,
  psi,
  psiFromCounts,
  type PsiOptions,
  type PsiResult,
  quantileEdges,
} from "../../src/stats/psi.ts";
import { assertAllClose, assertClose, type PsiVector, vectors } from "./stats_vectors.ts";

function run(v: PsiVector): PsiResult {
  const options: PsiOptions = { bins: v.bins, epsilon: v.epsilon };
  if (v.convention === "counts") return psi(v.ref_counts!, v.cur_counts!, { ...options, strategy: "counts" });
  const strategy = v.convention === "equal_width_unit" ? "equal_width" : "quantile";
  return psi(v.reference!, v.current!, { ...options, strategy });
}

function proportions(counts: readonly number[], epsilon: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => c === 0 ? epsilon : c / total);
}

Deno.test("psi() matches the reference vectors under each binning convention", () => {
  for (const v of vectors.psi) {
    const r = run(v);
    assert.deepEqual(r.bins.reference, v.expected.ref_counts, `${v.id}: reference counts`);
    assert.deepEqual(r.bins.current, v.expected.cur_counts, `${v.id}: current counts`);
    assertAllClose(`${v.id}: per-bin terms`, r.bins.contributions, v.expected.per_bin);
    assertClose(`${v.id}: psi`, r.value, v.expected.psi);
    // The smoothing convention: a zero proportion becomes epsilon, the rest are not renormalised.
    assertAllClose(
      `${v.id}: reference proportions`,
      proportions(r.bins.reference, v.epsilon),
      v.expected.ref_props_after_eps,
    );
    assertAllClose(
      `${v.id}: current proportions`,
      proportions(r.bins.current, v.epsilon),
      v.expected.cur_props_after_eps,
    );
  }
});

Deno.test("psi() bins at the vectors' edges and cut points", () => {
  for (const v of vectors.psi) {
    const r = run(v);
    if (v.convention === "equal_width_unit") {
      // edges lists [0, ..., 1]; bins are delimited by the interior ones.
      assert.deepEqual(r.bins.edges, v.edges!.slice(1, -1), `${v.id}: edges`);
    } else if (v.convention === "reference_quantile") {
      assertAllClose(`${v.id}: cut points`, r.bins.edges, v.cutpoints!);
      assert.deepEqual(
        quantileEdges(v.reference!.filter((x): x is number => x !== null), v.bins),
        r.bins.edges,
      );
    } else {
      assert.deepEqual(r.bins.edges, []);
    }
  }
});

Deno.test("psi() drops NaN and null and counts them as missing", () => {
  for (const v of vectors.psi) {
    if (v.convention === "counts") continue;
    const r = run(v);
    assert.deepEqual(r.missing, { reference: v.missing_ref, current: v.missing_cur }, `${v.id}: missing`);
  }
  const v = vectors.psi.find((c) => c.id === "psi_ew_with_nan")!;
  const withNaN = psi(v.reference!.map((x) => x ?? NaN), v.current!.map((x) => x ?? NaN), {
    strategy: "equal_width",
  });
  assertClose("NaN instead of null", withNaN.value, v.expected.psi);
});

Deno.test("psi() puts values on an edge in the upper bin and clamps out-of-range values", () => {
  const r = psi([0.5], [0, 0.3, 0.6, 0.7, 1, -0.1, 1.2], { strategy: "equal_width" });
  assert.deepEqual(r.bins.current, [2, 0, 0, 1, 0, 0, 1, 1, 0, 2]);
});

Deno.test("psi() supports another equal-width range and bin count", () => {
  const r = psi([0, 25, 50, 75, 100], [10, 20, 30, 40], {
    strategy: "equal_width",
    bins: 4,
    range: [0, 100],
  });
  assert.deepEqual(r.bins.edges, [25, 50, 75]);
  assert.deepEqual(r.bins.reference, [1, 1, 1, 2]);
  assert.deepEqual(r.bins.current, [2, 2, 0, 0]);
});

Deno.test("psi() defaults to 10 reference-quantile bins and epsilon 1e-4", () => {
  const v = vectors.psi.find((c) => c.id === "psi_q_uniform_shift")!;
  assertClose(v.id, psi(v.reference!, v.current!).value, v.expected.psi);
});

Deno.test("psiFromCounts() is the PSI of frozen bins", () => {
  for (const v of vectors.psi) {
    const r = psiFromCounts(v.expected.ref_counts, v.expected.cur_counts, { epsilon: v.epsilon });
    assertClose(`${v.id}: psi`, r.value, v.expected.psi);
  }
});

Deno.test("quantileEdges() and binIndex() freeze bins for streaming", () => {
  const reference = Array.from({ length: 101 }, (_, i) => i / 100);
  const edges = quantileEdges(reference, 10);
  assert.equal(edges.length, 9);
  assert.equal(binIndex(edges, -5), 0);
  assert.equal(binIndex(edges, edges[0]!), 1);
  assert.equal(binIndex(edges, 1), 9);
  assert.equal(binIndex([], 3), 0);
  assert.deepEqual(quantileEdges([5, 5, 5, 5], 10), [5]);
  assert.deepEqual(quantileEdges([3, 1, 2], 1), []);
});

Deno.test("psi() rejects empty samples and invalid options", () => {
  assert.throws(() => psi([], [1]), {
    name: "RangeError",
    message: 'Invalid sample "reference": no values after dropping 0 missing',
  });
  assert.throws(() => psi([1], [NaN, null]), {
    name: "RangeError",
    message: 'Invalid sample "current": no values after dropping 2 missing',
  });
  assert.throws(() => psi([1], [1], { bins: 0 }), {
    name: "RangeError",
    message: 'Invalid bins "0": expected an integer >= 1',
  });
  assert.throws(() => psi([1], [1], { epsilon: 0 }), { name: "RangeError", message: /epsilon "0"/ });
  // @ts-expect-error: not a strategy
  assert.throws(() => psi([1], [1], { strategy: "kmeans" }), {
    name: "RangeError",
    message: /strategy "kmeans"/,
  });
  assert.throws(() => psi([1], [1], { strategy: "equal_width", range: [1, 0] }), {
    name: "RangeError",
    message: /range/,
  });
});

Deno.test("psiFromCounts() rejects mismatched, negative and empty counts", () => {
  assert.throws(() => psiFromCounts([1, 2], [1]), {
    name: "RangeError",
    message: /"refCounts" has 2 bins, "curCounts" has 1/,
  });
  assert.throws(() => psiFromCounts([1, -2], [1, 2]), {
    name: "RangeError",
    message: /"refCounts": "-2" at index 1/,
  });
  assert.throws(() => psiFromCounts([0, 0], [1, 2]), {
    name: "RangeError",
    message: /"refCounts": all bins are empty/,
  });
  assert.throws(() => psi([1, null], [1, 2], { strategy: "counts" }), {
    name: "RangeError",
    message: /"null" at index 1/,
  });
});
