import { Histogram } from "../src/stats/histogram.ts";

// 10M lognormal latencies (median ~20 ms, long tail), drawn once so every bench reads the same memory.
const N = 10_000_000;
const values = new Float64Array(N);
let state = 0x9e3779b9;
function uniform(): number {
  // mulberry32: seeded, so runs are comparable
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
for (let i = 0; i < N; i++) {
  const normal = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  values[i] = Math.exp(3 + 0.8 * normal);
}

// Divide the reported time by 10M for ns per insert.
for (const bits of [7, 8, 10]) {
  Deno.bench(`record() 10M values, ${bits} sub-bucket bits`, { group: "record 10M", n: 5, warmup: 1 }, () => {
    const histogram = new Histogram({ subBucketBits: bits });
    for (let i = 0; i < N; i++) histogram.record(values[i]!);
  });
}

Deno.bench("Float64Array.sort() of 10M values (exact percentiles)", {
  group: "record 10M",
  baseline: true,
  n: 3,
  warmup: 1,
}, () => {
  values.slice().sort();
});

const full = new Histogram();
for (let i = 0; i < N; i++) full.record(values[i]!);
let sink = 0;

Deno.bench("quantile(0.99) of a histogram of 10M values", { group: "query" }, () => {
  sink += full.quantile(0.99);
});

Deno.bench("p(50), p(90), p(95), p(99), p(99.9) of a histogram of 10M values", { group: "query" }, () => {
  for (const p of [50, 90, 95, 99, 99.9]) sink += full.percentile(p);
});

Deno.bench("merge() two histograms of 10M values", { group: "query" }, () => {
  new Histogram().merge(full);
});

Deno.bench("toJSON() + fromJSON() round trip", { group: "query" }, () => {
  sink += Histogram.fromJSON(JSON.parse(JSON.stringify(full))).count;
});

globalThis.addEventListener("unload", () => {
  if (Number.isNaN(sink)) console.log(sink); // keeps the query results alive
});
