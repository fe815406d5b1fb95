import assert from "node:assert/strict";
import { jensenShannonDistance } from "../../src/stats/jensen_shannon.ts";
import { assertClose, vectors } from "./stats_vectors.ts";

Deno.test("jensenShannonDistance() matches scipy.spatial.distance.jensenshannon", () => {
  for (const v of vectors.jensenshannon) {
    const d = jensenShannonDistance(v.p, v.q, { base: v.base });
    assertClose(`${v.id}: distance`, d, v.expected.distance);
    assertClose(`${v.id}: divergence`, d * d, v.expected.divergence);
  }
});

Deno.test("jensenShannonDistance() uses the natural log when no base is given", () => {
  const v = vectors.jensenshannon.find((c) => c.id === "js_natural_log")!;
  assertClose(v.id, jensenShannonDistance(v.p, v.q), v.expected.distance);
});

Deno.test("jensenShannonDistance() is symmetric and scale-free", () => {
  const p = [10, 20, 30, 40];
  const q = [40, 30, 20, 10];
  assert.equal(jensenShannonDistance(p, q), jensenShannonDistance(q, p));
  assertClose("scale", jensenShannonDistance(p.map((x) => x * 7), q), jensenShannonDistance(p, q));
});

Deno.test("jensenShannonDistance() rejects invalid distributions", () => {
  assert.throws(() => jensenShannonDistance([1, 2], [1]), {
    name: "RangeError",
    message: 'Invalid distributions: "p" has 2 bins, "q" has 1',
  });
  assert.throws(() => jensenShannonDistance([], []), {
    name: "RangeError",
    message: 'Invalid distribution "p": empty',
  });
  assert.throws(() => jensenShannonDistance([1, -1], [1, 1]), {
    name: "RangeError",
    message: /"p": "-1" at index 1/,
  });
  assert.throws(() => jensenShannonDistance([1, 1], [0, 0]), {
    name: "RangeError",
    message: /"q": its total is 0/,
  });
  assert.throws(() => jensenShannonDistance([1, 1], [1, NaN]), { name: "RangeError", message: /"q": "NaN"/ });
  assert.throws(() => jensenShannonDistance([1], [1], { base: 1 }), {
    name: "RangeError",
    message: /base "1"/,
  });
});
