import assert from "node:assert/strict";
import { benjaminiHochberg } from "../../src/stats/multiple_testing.ts";
import { assertAllClose } from "./stats_vectors.ts";

// Expected values: scipy.stats.false_discovery_control(ps, method="bh"), scipy 1.17.1.
const PS = [
  0.001,
  0.008,
  0.039,
  0.041,
  0.042,
  0.06,
  0.074,
  0.205,
  0.212,
  0.216,
  0.222,
  0.251,
  0.269,
  0.275,
  0.34,
  0.341,
  0.384,
  0.569,
  0.594,
  0.696,
  0.762,
  0.94,
  0.942,
  0.975,
  0.986,
];
const PS_ADJUSTED = [
  0.025,
  0.1,
  0.21000000000000002,
  0.21000000000000002,
  0.21000000000000002,
  0.25,
  0.2642857142857143,
  0.49107142857142866,
  0.49107142857142866,
  0.49107142857142866,
  0.49107142857142866,
  0.49107142857142866,
  0.49107142857142866,
  0.49107142857142866,
  0.5328125,
  0.5328125,
  0.5647058823529413,
  0.781578947368421,
  0.781578947368421,
  0.8699999999999999,
  0.9071428571428571,
  0.986,
  0.986,
  0.986,
  0.986,
];
const UNSORTED = [
  0.1250190933209334,
  0.1794427601939151,
  0.15513713804903873,
  0.045041437998118376,
  0.06003325698224509,
  0.17471068907925238,
  0.001053060913114945,
  0.16424568367655326,
  0.15941388575040927,
  0.09358699056874416,
  0.060606485363862705,
  0.055685122420154665,
];
const UNSORTED_ADJUSTED = [
  0.1794427601939151,
  0.1794427601939151,
  0.1794427601939151,
  0.1454555648732705,
  0.1454555648732705,
  0.1794427601939151,
  0.01263673095737934,
  0.1794427601939151,
  0.1794427601939151,
  0.1794427601939151,
  0.1454555648732705,
  0.1454555648732705,
];

Deno.test("benjaminiHochberg() matches scipy false_discovery_control(method='bh')", () => {
  assertAllClose("sorted input", benjaminiHochberg(PS).adjusted, PS_ADJUSTED);
  assertAllClose("unsorted input", benjaminiHochberg(UNSORTED).adjusted, UNSORTED_ADJUSTED);
  assertAllClose("single", benjaminiHochberg([0.5]).adjusted, [0.5]);
  assertAllClose("capped", benjaminiHochberg([0.9, 0.95, 0.99]).adjusted, [0.99, 0.99, 0.99]);
  assertAllClose("ties", benjaminiHochberg([0.02, 0.02, 0.02]).adjusted, [0.02, 0.02, 0.02]);
});

Deno.test("benjaminiHochberg() rejects at the false discovery rate", () => {
  assert.deepEqual(benjaminiHochberg(PS).rejected.filter(Boolean).length, 1);
  assert.deepEqual(benjaminiHochberg(PS, { alpha: 0.25 }).rejected.filter(Boolean).length, 6);
  const r = benjaminiHochberg(UNSORTED);
  assert.deepEqual(r.rejected, UNSORTED.map((_, i) => i === 6));
});

Deno.test("benjaminiHochberg() keeps the input order and is monotone in the p-values", () => {
  const ps = [0.3, 0.001, 0.04, 0.02];
  const { adjusted } = benjaminiHochberg(ps);
  const order = ps.map((_, i) => i).sort((a, b) => ps[a]! - ps[b]!);
  for (let k = 1; k < order.length; k++) assert.ok(adjusted[order[k]!]! >= adjusted[order[k - 1]!]!);
  for (let i = 0; i < ps.length; i++) assert.ok(adjusted[i]! >= ps[i]!);
});

Deno.test("benjaminiHochberg() accepts no p-values", () => {
  assert.deepEqual(benjaminiHochberg([]), { adjusted: [], rejected: [] });
});

Deno.test("benjaminiHochberg() rejects p-values outside [0, 1] and a bad alpha", () => {
  assert.throws(() => benjaminiHochberg([0.1, 1.5]), {
    name: "RangeError",
    message: 'Invalid p-value "1.5" at index 1: expected a number in [0, 1]',
  });
  assert.throws(() => benjaminiHochberg([NaN]), { name: "RangeError", message: /"NaN" at index 0/ });
  assert.throws(() => benjaminiHochberg([0.1], { alpha: 2 }), { name: "RangeError", message: /alpha "2"/ });
});
