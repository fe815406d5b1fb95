/** The report's chart kit and run charts: ticks, paths with gaps and steps, target rates, histogram bins. */
import assert from "assert";
import { type Axis, logTicks, niceTicks, renderChart, timeTicks } from "../../src/load/report/charts.ts";
import {
  bucketPercentile,
  drawablePoints,
  histogramChart,
  targetRate,
} from "../../src/load/report/run_charts.ts";
import type { TimelinePoint } from "../../src/load/timeline.ts";

const axis = (ticks: number[], scale: Axis["scale"] = "linear"): Axis => ({
  scale,
  min: ticks[0]!,
  max: ticks.at(-1)!,
  ticks,
  format: String,
  label: "x",
});

Deno.test("niceTicks() encloses the range with round steps", () => {
  assert.deepEqual(niceTicks(0, 0.37), [0, 0.1, 0.2, 0.3, 0.4]);
  assert.deepEqual(niceTicks(0, 9), [0, 2.5, 5, 7.5, 10]);
  assert.deepEqual(niceTicks(0, 1234), [0, 500, 1000, 1500]);
  assert.deepEqual(niceTicks(5, 5), [0, 10]);
});

Deno.test("logTicks() keeps 1-2-5 within four decades and powers of ten beyond", () => {
  assert.deepEqual(logTicks(4.8, 5.6), [2, 5, 10]);
  assert.deepEqual(logTicks(0.01, 10), [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]);
  assert.deepEqual(logTicks(0.001, 100_000), [0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000, 100000]);
});

Deno.test("timeTicks() moves to minutes and hours for long runs", () => {
  assert.deepEqual(timeTicks(0.2), [0, 1]);
  assert.deepEqual(timeTicks(3600).slice(0, 3), [0, 600, 1200]);
  assert.ok(timeTicks(86_400 * 3).length <= 8);
});

Deno.test("renderChart() breaks a line at null values and draws steps for step series", () => {
  const chart = renderChart({
    id: "c",
    title: "t",
    description: "d",
    x: axis([0, 4]),
    y: axis([0, 10]),
    series: [
      { kind: "line", label: "gappy", color: "#000", points: [[0, 0], [1, 10], [2, null], [3, 5], [4, 5]] },
      { kind: "line", label: "steps", color: "#111", step: true, points: [[0, 0], [2, 10]] },
    ],
  }).value;
  assert.match(chart, /d="M0 1000L250 0M750 500L1000 500"/);
  assert.match(chart, /d="M0 1000L500 1000L500 0"/);
});

Deno.test("renderChart() keeps labels in HTML and hover text in SVG titles, escaped", () => {
  const chart = renderChart({
    id: "c",
    title: "<b>t</b>",
    description: "d",
    x: axis([0, 1]),
    y: axis([0, 1]),
    series: [{ kind: "bars", label: "<i>bars</i>", color: "#000", bars: [{ x0: 0, x1: 0.5, y: 1 }] }],
    hover: [{ x0: 0, x1: 0.5, text: "<script>x</script>" }],
  }).value;
  assert.ok(chart.includes("<h3>&lt;b&gt;t&lt;/b&gt;</h3>"));
  assert.ok(chart.includes("&lt;i&gt;bars&lt;/i&gt;"));
  assert.ok(chart.includes("<title>&lt;script&gt;x&lt;/script&gt;</title>"));
  assert.match(chart, /<rect x="0" y="0" width="500" height="1000" ?\/>/);
});

Deno.test("targetRate() follows ramping stages, time units and start times, summed over scenarios", () => {
  const points = targetRate({
    ramp: {
      executor: "ramping-arrival-rate",
      startRate: 0,
      timeUnitMs: 1000,
      startTimeMs: 0,
      stages: [{ durationMs: 2000, target: 10 }, { durationMs: 0, target: 20 }, {
        durationMs: 1000,
        target: 20,
      }],
    },
    steady: {
      executor: "constant-arrival-rate",
      rate: 60,
      timeUnitMs: 60_000,
      durationMs: 2000,
      startTimeMs: 1000,
    },
  });
  assert.deepEqual(points, [[0, 0], [1, 5], [1, 6], [2, 11], [2, 21], [3, 21], [3, 0]]);
});

Deno.test("drawablePoints() folds a short last interval into the one before, keeping the larger sample's percentiles", () => {
  const p = (t: number, seconds: number, requests: number, p99: number | null): TimelinePoint => ({
    t,
    seconds,
    vus: 1,
    requests,
    failed: 0,
    iterations: requests,
    dropped: 0,
    p50: p99,
    p95: p99,
    p99,
    correctedP50: null,
    correctedP95: null,
    correctedP99: null,
  });
  const points = drawablePoints([p(1, 1, 10, 5), p(2, 1, 10, 7), p(2.02, 0.02, 1, 9)]);
  assert.equal(points.length, 2);
  // Percentiles of the larger sample: one straggler at 9 ms does not become the second's p99.
  const last = points[1]!;
  assert.deepEqual([last.t, last.seconds, last.requests, last.p99], [2.02, 1.02, 11, 7]);
});

Deno.test("histogramChart() bins fine buckets on a log axis and counts every request", () => {
  const buckets = [
    { lower: 0, upper: 0.001, count: 1 },
    { lower: 1, upper: 1.01, count: 10 },
    { lower: 100, upper: 101, count: 5 },
  ];
  assert.equal(bucketPercentile(buckets, 100), 101);
  const chart = histogramChart(buckets, { p50: 1, p95: 100.5, p99: null }).value;
  assert.match(chart, /requests \(16\)/);
  assert.match(chart, /p95 101 ms/);
  assert.doesNotMatch(chart, /p99 \d/);
  const bars = /<g class="bars"[^>]*>([\s\S]*?)<\/g>/.exec(chart)![1]!;
  const heights = [...bars.matchAll(/height="([\d.]+)"/g)].map((m) => Number(m[1]));
  // Three non-empty bins; the tallest (10 requests) fills the axis up to its top tick, 10.
  assert.equal(heights.length, 3);
  assert.deepEqual(heights, [100, 1000, 500]);
});
