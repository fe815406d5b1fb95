import assert from "assert";
import { Histogram } from "../../src/stats/histogram.ts";
import { seededRandom } from "../../src/stats/random.ts";

const QUANTILES = [0.5, 0.9, 0.95, 0.99, 0.999];

// k6 metrics/sink.go TrendSink.P: sort, then interpolate linearly between the closest ranks of q·(n-1).
function k6Quantile(sorted: Float64Array, q: number): number {
  const rank = q * (sorted.length - 1);
  const low = sorted[Math.floor(rank)]!;
  const high = sorted[Math.ceil(rank)]!;
  return low + (high - low) * (rank - Math.floor(rank));
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function sample(n: number, draw: () => number): Float64Array {
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = draw();
  return values;
}

function fill(values: Float64Array, options = {}): Histogram {
  const histogram = new Histogram(options);
  for (const value of values) histogram.record(value);
  return histogram;
}

function assertQuantilesWithin(values: Float64Array, histogram: Histogram, bound: number): void {
  const sorted = values.slice().sort();
  for (const q of QUANTILES) {
    const exact = k6Quantile(sorted, q);
    const estimate = histogram.quantile(q);
    const error = exact === 0 ? Math.abs(estimate) : Math.abs(estimate - exact) / exact;
    assert.ok(error <= bound, `q=${q}: estimate ${estimate}, exact ${exact}, relative error ${error}`);
  }
}

const random = seededRandom(20240601);
const DISTRIBUTIONS: Record<string, Float64Array> = {
  "uniform 1–1000 ms": sample(100_000, () => 1 + random() * 999),
  "lognormal around 20 ms": sample(100_000, () => Math.exp(3 + 0.8 * normal(random))),
  "bimodal with a 1 s stall": sample(
    100_000,
    () => random() < 0.97 ? Math.exp(2.5 + 0.3 * normal(random)) : 1000,
  ),
  "exponential, mean 20 ms": sample(100_000, () => -Math.log(1 - random()) * 20),
  "very large values, hours": sample(50_000, () => 3_600_000 * (1 + random() * 23)),
  "a few samples": sample(7, () => 5 + random() * 100),
};

for (const [name, values] of Object.entries(DISTRIBUTIONS)) {
  Deno.test(`Histogram quantiles are within 1% of k6's exact ones: ${name}`, () => {
    const histogram = fill(values);
    assertQuantilesWithin(values, histogram, 0.01);
    assertQuantilesWithin(values, histogram, histogram.maxRelativeError);
  });
}

Deno.test("Histogram quantiles stay within 2^-7 at 7 sub-bucket bits", () => {
  const values = DISTRIBUTIONS["lognormal around 20 ms"]!;
  const histogram = fill(values, { subBucketBits: 7 });
  assertQuantilesWithin(values, histogram, 2 ** -7);
});

Deno.test("Histogram is exact for a constant and for a single value", () => {
  const constant = new Histogram();
  constant.record(42.42, 1000);
  for (const q of [0, ...QUANTILES, 1]) assert.equal(constant.quantile(q), 42.42);
  const single = new Histogram();
  single.record(3.3);
  for (const q of [0, ...QUANTILES, 1]) assert.equal(single.quantile(q), 3.3);
  assert.equal(single.mean, 3.3);
});

Deno.test("Histogram p(0) is min and p(100) is max, exactly", () => {
  for (const values of Object.values(DISTRIBUTIONS)) {
    const histogram = fill(values);
    const sorted = values.slice().sort();
    assert.equal(histogram.percentile(0), sorted[0]);
    assert.equal(histogram.percentile(100), sorted[sorted.length - 1]);
    assert.equal(histogram.min, sorted[0]);
    assert.equal(histogram.max, sorted[sorted.length - 1]);
  }
});

Deno.test("Histogram resolves tiny values (below 1 µs in ms) like any other", () => {
  const values = sample(50_000, () => Math.exp(-14 + normal(random)));
  const histogram = fill(values);
  assert.ok(histogram.max < 0.001);
  assertQuantilesWithin(values, histogram, histogram.maxRelativeError);
});

Deno.test("Histogram counts 0 and subnormals exactly in its underflow bucket", () => {
  const values = [0, 0, Number.MIN_VALUE, 1e-310, 0];
  const histogram = new Histogram();
  for (const value of values) histogram.record(value);
  assert.equal(histogram.count, 5);
  assert.equal(histogram.min, 0);
  assert.equal(histogram.max, 1e-310);
  assert.equal(histogram.sum, Number.MIN_VALUE + 1e-310);
  assert.equal(histogram.lowestResolvable, 2 ** -1022);
  assert.deepEqual([...histogram.buckets()], [{ lower: 0, upper: 2 ** -1022, count: 5 }]);
  assert.equal(histogram.percentile(0), 0);
  assert.equal(histogram.percentile(100), 1e-310);
  assert.ok(histogram.percentile(50) <= 2 ** -1022);
});

Deno.test("Histogram keeps count, sum, mean, min and max exact", () => {
  const values = DISTRIBUTIONS["lognormal around 20 ms"]!;
  const histogram = fill(values);
  let sum = 0;
  for (const value of values) sum += value;
  assert.equal(histogram.count, values.length);
  assert.equal(histogram.sum, sum);
  assert.equal(histogram.mean, sum / values.length);
});

Deno.test("Histogram record() with a count equals recording one by one", () => {
  const batched = new Histogram();
  const single = new Histogram();
  batched.record(12.5, 4);
  batched.record(0, 2);
  for (let i = 0; i < 4; i++) single.record(12.5);
  single.record(0);
  single.record(0);
  batched.record(99, 0);
  assert.deepEqual(batched.toJSON(), single.toJSON());
});

Deno.test("Histogram merge() equals recording everything into one", () => {
  const values = DISTRIBUTIONS["bimodal with a 1 s stall"]!;
  const whole = fill(values);
  const parts = [new Histogram(), new Histogram(), new Histogram()];
  values.forEach((value, i) => parts[i % 3]!.record(value));
  const merged = new Histogram();
  for (const part of parts) merged.merge(part);
  assert.deepEqual([...merged.buckets()], [...whole.buckets()]);
  assert.equal(merged.count, whole.count);
  assert.equal(merged.min, whole.min);
  assert.equal(merged.max, whole.max);
  assert.ok(Math.abs(merged.sum - whole.sum) / whole.sum < 1e-12); // float addition order differs
  for (const q of QUANTILES) assert.equal(merged.quantile(q), whole.quantile(q));
});

Deno.test("Histogram merge() of an empty histogram changes nothing", () => {
  const histogram = fill(DISTRIBUTIONS["a few samples"]!);
  const before = histogram.toJSON();
  histogram.merge(new Histogram());
  assert.deepEqual(histogram.toJSON(), before);
});

Deno.test("Histogram merge() rejects a different layout", () => {
  assert.throws(() => new Histogram().merge(new Histogram({ subBucketBits: 7 })), {
    name: "RangeError",
    message: "Cannot merge histograms with 7 and 8 sub-bucket bits: layouts must match",
  });
});

Deno.test("Histogram survives a JSON round trip", () => {
  for (const values of Object.values(DISTRIBUTIONS)) {
    const histogram = fill(values);
    histogram.record(0);
    const text = JSON.stringify(histogram);
    const copy = Histogram.fromJSON(JSON.parse(text));
    assert.deepEqual(copy.toJSON(), histogram.toJSON());
    assert.deepEqual([...copy.buckets()], [...histogram.buckets()]);
    for (const q of QUANTILES) assert.equal(copy.quantile(q), histogram.quantile(q));
    assert.equal(copy.sum, histogram.sum);
  }
});

Deno.test("Histogram JSON is compact: only non-empty buckets", () => {
  const histogram = new Histogram();
  histogram.record(1, 1_000_000);
  histogram.record(1000);
  const json = histogram.toJSON();
  assert.equal(json.buckets.length, 4);
  assert.ok(JSON.stringify(json).length < 200);
});

Deno.test("Histogram JSON round trip of an empty histogram", () => {
  const copy = Histogram.fromJSON(JSON.parse(JSON.stringify(new Histogram({ subBucketBits: 5 }))));
  assert.equal(copy.count, 0);
  assert.equal(copy.subBucketBits, 5);
  assert.ok(Number.isNaN(copy.quantile(0.5)));
});

Deno.test("Histogram.fromJSON() rejects data it did not write", () => {
  const good = new Histogram();
  good.record(5, 2);
  const json = good.toJSON();
  const cases: [unknown, RegExp][] = [
    [null, /expected an object, got null/],
    [{ ...json, version: 2 }, /unsupported version 2/],
    [{ ...json, subBucketBits: 30 }, /subBucketBits is 30/],
    [{ ...json, count: 3 }, /buckets hold 2 samples but count is 3/],
    [{ ...json, count: -1 }, /count is -1/],
    [{ ...json, buckets: [json.buckets[0]] }, /flat array/],
    [{ ...json, buckets: [json.buckets[0], -2] }, /expected a whole number > 0/],
    [{ ...json, buckets: [1e9, 2] }, /expected an index/],
    [{ ...json, min: 9, max: 1 }, /min 9 and max 1/],
  ];
  for (const [data, message] of cases) {
    assert.throws(() => Histogram.fromJSON(data), { name: "TypeError", message }, JSON.stringify(data));
  }
});

Deno.test("Histogram memory does not grow with the number of samples", () => {
  const histogram = new Histogram();
  const draw = () => 1 + random() * 999;
  for (let i = 0; i < 100_000; i++) histogram.record(draw());
  const allocated = histogram.allocatedBuckets;
  for (let i = 0; i < 1_000_000; i++) histogram.record(draw());
  assert.equal(histogram.allocatedBuckets, allocated);
  // One block of 2^8 counters per octave spanned (1 to 1000: 10 octaves), plus the underflow bucket.
  assert.equal(allocated, 1 + 10 * 256);
  assert.equal(histogram.maxBuckets, 1 + 2046 * 256);
});

Deno.test("Histogram records the whole double range, from 0 to the largest double", () => {
  const histogram = new Histogram();
  histogram.record(0);
  histogram.record(Number.MAX_VALUE);
  histogram.record(Number.MIN_VALUE);
  assert.equal(histogram.count, 3);
  assert.equal(histogram.max, Number.MAX_VALUE);
  assert.equal(histogram.percentile(100), Number.MAX_VALUE);
  const top = [...histogram.buckets()].at(-1)!;
  assert.ok(top.lower <= Number.MAX_VALUE && Number.MAX_VALUE < top.upper);
});

Deno.test("Histogram buckets() are ordered, contiguous with their values and sum to count", () => {
  const values = DISTRIBUTIONS["exponential, mean 20 ms"]!;
  const histogram = fill(values);
  let total = 0;
  let previousUpper = 0;
  for (const bucket of histogram.buckets()) {
    assert.ok(bucket.lower >= previousUpper && bucket.upper > bucket.lower && bucket.count > 0);
    assert.ok(
      (bucket.upper - bucket.lower) / bucket.lower <= histogram.maxRelativeError || bucket.lower === 0,
    );
    previousUpper = bucket.upper;
    total += bucket.count;
  }
  assert.equal(total, histogram.count);
  const value = 123.456;
  const one = new Histogram();
  one.record(value);
  const [bucket] = [...one.buckets()];
  assert.ok(bucket!.lower <= value && value < bucket!.upper);
});

Deno.test("Histogram reset() empties it and keeps its layout", () => {
  const histogram = fill(DISTRIBUTIONS["a few samples"]!, { subBucketBits: 6 });
  histogram.reset();
  assert.equal(histogram.count, 0);
  assert.equal(histogram.sum, 0);
  assert.ok(Number.isNaN(histogram.min) && Number.isNaN(histogram.max) && Number.isNaN(histogram.mean));
  assert.ok(Number.isNaN(histogram.percentile(50)));
  assert.deepEqual([...histogram.buckets()], []);
  assert.equal(histogram.subBucketBits, 6);
  histogram.record(2);
  assert.equal(histogram.percentile(50), 2);
});

Deno.test("Histogram rejects NaN, negative and infinite values with a RangeError", () => {
  const histogram = new Histogram();
  for (
    const [value, text] of [[NaN, "NaN"], [-1, "-1"], [-0.001, "-0.001"], [Infinity, "Infinity"]] as const
  ) {
    assert.throws(() => histogram.record(value), {
      name: "RangeError",
      message: `Invalid value ${text}: expected a finite number ≥ 0`,
    });
  }
  assert.throws(() => histogram.record(1, 1.5), { name: "RangeError", message: /Invalid count 1.5/ });
  assert.throws(() => histogram.record(1, -1), RangeError);
  assert.equal(histogram.count, 0);
});

Deno.test("Histogram rejects quantiles outside [0, 1] and percentiles outside [0, 100]", () => {
  const histogram = new Histogram();
  histogram.record(1);
  assert.throws(() => histogram.quantile(1.5), { name: "RangeError", message: /Invalid quantile 1.5/ });
  assert.throws(() => histogram.quantile(NaN), RangeError);
  assert.throws(() => histogram.percentile(101), { name: "RangeError", message: /Invalid percentile 101/ });
  assert.throws(() => new Histogram({ subBucketBits: 0 }), {
    name: "RangeError",
    message: /subBucketBits 0/,
  });
});

Deno.test("percentiles of values that are mostly zero read 0, not 1e-308", () => {
  const h = new Histogram();
  h.record(0, 90);
  h.record(5, 10);
  assert.equal(h.percentile(50), 0);
  assert.equal(h.percentile(80), 0);
  assert.equal(h.percentile(100), 5);
});
