import assert from "node:assert/strict";
import { normedWasserstein, wassersteinDistance } from "../../src/stats/wasserstein.ts";
import { assertClose, dataset, vectors, type WassersteinVector } from "./stats_vectors.ts";

function samples(v: WassersteinVector): [number[], number[]] {
  return [v.u_values ?? dataset(v.u_ref!), v.v_values ?? dataset(v.v_ref!)];
}

Deno.test("wassersteinDistance() matches scipy.stats.wasserstein_distance", () => {
  for (const v of vectors.wasserstein) {
    const [u, w] = samples(v);
    const options = v.u_weights === undefined ? {} : { uWeights: v.u_weights, vWeights: v.v_weights! };
    assertClose(`${v.id}: distance`, wassersteinDistance(u, w, options), v.expected.distance);
  }
});

Deno.test("normedWasserstein() matches Evidently's W1 / max(std(reference), 0.001)", () => {
  for (const v of vectors.wasserstein) {
    if (v.expected.evidently_normed === undefined) continue;
    const [u, w] = samples(v);
    const normed = normedWasserstein(u, w);
    assertClose(`${v.id}: normed`, normed, v.expected.evidently_normed);
    if (v.expected.distance > 0) {
      assertClose(`${v.id}: reference std`, v.expected.distance / normed, v.expected.ref_std_ddof0!);
    }
  }
});

Deno.test("normedWasserstein() floors the reference spread at 0.001", () => {
  assertClose("constant reference", normedWasserstein([2, 2, 2], [2.5, 2.5]), 0.5 / 0.001);
});

Deno.test("wassersteinDistance() is symmetric and ignores input order", () => {
  const u = [3, 1, 4, 1, 5, 9, 2, 6];
  const v = [2, 7, 1, 8, 2, 8];
  assertClose("symmetry", wassersteinDistance(u, v), wassersteinDistance(v, u));
  assert.equal(wassersteinDistance(u, v), wassersteinDistance([...u].reverse(), Float64Array.from(v)));
});

Deno.test("wassersteinDistance() rejects empty samples and bad weights", () => {
  assert.throws(() => wassersteinDistance([], [1]), {
    name: "RangeError",
    message: 'Invalid sample "u": empty',
  });
  assert.throws(() => wassersteinDistance([1], [NaN]), {
    name: "RangeError",
    message: /"v": "NaN" at index 0/,
  });
  assert.throws(() => wassersteinDistance([1, 2], [1], { uWeights: [1] }), {
    name: "RangeError",
    message: 'Invalid weights for "u": 1 weights for 2 values',
  });
  assert.throws(() => wassersteinDistance([1], [1], { vWeights: [-1] }), {
    name: "RangeError",
    message: /"v": "-1"/,
  });
  assert.throws(() => wassersteinDistance([1], [1], { vWeights: [0] }), {
    name: "RangeError",
    message: /total is 0/,
  });
});
