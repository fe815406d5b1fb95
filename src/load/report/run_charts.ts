/**
 * The charts of one load run: latency percentiles over time (as measured and corrected for coordinated
 * omission), the latency histogram, throughput, errors, VUs and the arrival rate against its target.
 *
 * @module
 */
import type { TimelinePoint } from "../timeline.ts";
import {
  type Axis,
  type BarSeries,
  emptyChart,
  type HoverBand,
  type LineSeries,
  logTicks,
  type Marker,
  niceTicks,
  renderChart,
  timeTicks,
} from "./charts.ts";
import { formatClock, formatMs, formatNumber, formatPercent } from "./format.ts";
import type { Html } from "./html.ts";
import { COLORS } from "./style.ts";

/** A histogram bucket in ms, as the engine reports `latencyBuckets`. */
export interface LatencyBucket {
  lower: number;
  upper: number;
  count: number;
}

/** Intervals shorter than this (the final, partial second) join the one before: a rate over 20 ms is noise. */
const MIN_INTERVAL_SECONDS = 0.25;

/** Histogram bins per decade of latency. */
const BINS_PER_DECADE = 20;

/**
 * The timeline as drawn: a short trailing interval (the last requests finishing after the final full
 * second) merges into the previous one. Counts add up; percentiles come from whichever of the two holds
 * more requests, the closer estimate of the merged interval's — a single slow straggler must not turn
 * the last p50 into its latency. The summary and the histogram still count every request.
 *
 * @param points the run's timeline
 * @returns the points to draw
 */
export function drawablePoints(points: readonly TimelinePoint[]): TimelinePoint[] {
  const out: TimelinePoint[] = [];
  for (const point of points) {
    const previous = out.at(-1);
    if (previous === undefined || point.seconds >= MIN_INTERVAL_SECONDS) {
      out.push({ ...point });
      continue;
    }
    const { p50, p95, p99, correctedP50, correctedP95, correctedP99 } = point.requests > previous.requests
      ? point
      : previous;
    out[out.length - 1] = {
      t: point.t,
      seconds: previous.seconds + point.seconds,
      vus: point.vus,
      requests: previous.requests + point.requests,
      failed: previous.failed + point.failed,
      iterations: previous.iterations + point.iterations,
      dropped: previous.dropped + point.dropped,
      p50,
      p95,
      p99,
      correctedP50,
      correctedP95,
      correctedP99,
    };
  }
  return out;
}

/**
 * A percentile of the latency histogram, interpolated within its bucket.
 *
 * @param buckets the non-empty buckets, ascending
 * @param p the percentile, 0–100
 * @returns the latency in ms, or null without samples
 * @example
 * ```ts
 * import { bucketPercentile } from "./run_charts.ts";
 * import assert from "node:assert/strict";
 * const buckets = [{ lower: 1, upper: 2, count: 50 }, { lower: 10, upper: 20, count: 50 }];
 * assert.equal(bucketPercentile(buckets, 50), 2);
 * assert.equal(bucketPercentile(buckets, 75), 15);
 * assert.equal(bucketPercentile([], 95), null);
 * ```
 */
export function bucketPercentile(buckets: readonly LatencyBucket[], p: number): number | null {
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  const rank = (p / 100) * total;
  let seen = 0;
  for (const bucket of buckets) {
    if (seen + bucket.count >= rank) {
      return bucket.lower + ((rank - seen) / bucket.count) * (bucket.upper - bucket.lower);
    }
    seen += bucket.count;
  }
  return buckets.at(-1)!.upper;
}

function linearAxis(max: number, format: (v: number) => string, label: string): Axis {
  const ticks = niceTicks(0, max);
  return { scale: "linear", min: ticks[0]!, max: ticks.at(-1)!, ticks, format, label };
}

/** A time axis that ends with the run (a tick past the end would only add empty space). */
function timeAxis(endSeconds: number): Axis {
  const end = Math.max(endSeconds, 1e-3);
  const all = timeTicks(end);
  const step = all[1]! - all[0]!;
  // A tick within 5% of a step past the end still counts: the last point lands a few ms late.
  const ticks = all.filter((t) => t <= end + step * 0.05);
  return {
    scale: "linear",
    min: 0,
    max: Math.max(end, ticks.at(-1)!),
    ticks,
    format: formatClock,
    label: "time since the test started",
  };
}

const msTick = (v: number) => formatMs(v).replace(" ", "\u202f");

/**
 * A logarithmic latency axis fitted to the data (a little room at each end) with the 1-2-5 ticks
 * inside it; the enclosing 1-2-5 values when fewer than two fall inside.
 */
function logAxis(min: number, max: number, label: string): Axis {
  const enclosing = logTicks(min, max);
  const lo = Math.max(enclosing[0]!, min / 1.25);
  const hi = Math.min(enclosing.at(-1)!, max * 1.25);
  const inside = enclosing.filter((t) => t >= lo && t <= hi);
  if (inside.length < 2) {
    return {
      scale: "log",
      min: enclosing[0]!,
      max: enclosing.at(-1)!,
      ticks: enclosing,
      format: msTick,
      label,
    };
  }
  return { scale: "log", min: lo, max: hi, ticks: inside, format: msTick, label };
}

/** A latency axis: logarithmic when the values span more than a factor of 20, else linear from 0. */
function latencyAxis(values: number[]): Axis {
  const positive = values.filter((v) => v > 0);
  const min = Math.min(...positive);
  const max = Math.max(...values, 0);
  if (positive.length > 0 && max / min > 20) return logAxis(min, max, "ms, log scale");
  return linearAxis(max, msTick, "ms");
}

const mid = (p: TimelinePoint) => p.t - p.seconds / 2;
const perSecond = (count: number, p: TimelinePoint) => (p.seconds > 0 ? count / p.seconds : 0);
const span = (p: TimelinePoint) => `${formatClock(p.t - p.seconds)}–${formatClock(p.t)}`;

type Percentiles = readonly ["p50" | "p95" | "p99", "correctedP50" | "correctedP95" | "correctedP99"];
const PERCENTILES: readonly Percentiles[] = [
  ["p50", "correctedP50"],
  ["p95", "correctedP95"],
  ["p99", "correctedP99"],
];

/**
 * Latency percentiles per second: solid lines as measured, dashed lines measured from each iteration's
 * scheduled start (coordinated omission corrected).
 *
 * @param points the drawable timeline
 * @returns the chart
 */
export function latencyChart(points: readonly TimelinePoint[]): Html {
  const id = "chart-latency";
  const title = "Latency percentiles over time";
  const values = points.flatMap((p) => PERCENTILES.flatMap(([m, c]) => [p[m], p[c]]))
    .filter((v): v is number => v !== null);
  if (values.length === 0) {
    return emptyChart({ id, title, reason: "No requests completed, so there are no latencies to show." });
  }
  const corrected = points.some((p) => PERCENTILES.some(([, c]) => p[c] !== null));
  const same = points.every((p) =>
    PERCENTILES.every(([m, c]) =>
      p[c] === null || p[m] === null || Math.abs(p[c]! - p[m]!) <= 0.01 * p[m]! + 0.01
    )
  );
  const series: LineSeries[] = [];
  for (const [m] of PERCENTILES) {
    series.push({ kind: "line", label: m, color: COLORS[m], points: points.map((p) => [mid(p), p[m]]) });
  }
  if (corrected) {
    for (const [m, c] of PERCENTILES) {
      series.push({
        kind: "line",
        label: `${m} corrected`,
        color: COLORS[m],
        dashed: true,
        points: points.map((p) => [mid(p), p[c]]),
      });
    }
  }
  const hover: HoverBand[] = points.map((p) => ({
    x0: p.t - p.seconds,
    x1: p.t,
    text: `${span(p)}: ${p.requests} requests\nmeasured: ${
      PERCENTILES.map(([m]) => `${m} ${p[m] === null ? "–" : formatMs(p[m])}`).join(", ")
    }\ncorrected: ${PERCENTILES.map(([m, c]) => `${m} ${p[c] === null ? "–" : formatMs(p[c])}`).join(", ")}`,
  }));
  const note = !corrected
    ? "Solid: as measured. No corrected latencies were recorded."
    : same
    ? "Solid: as measured. Dashed: from each iteration's scheduled start (coordinated omission corrected) — here they coincide: no iteration started late."
    : "Solid: as measured. Dashed: from each iteration's scheduled start (coordinated omission corrected); a gap between the two means iterations started late.";
  return renderChart({
    id,
    title,
    description:
      "p50, p95 and p99 latency per second, as measured (solid) and corrected for coordinated omission (dashed)",
    x: timeAxis(points.at(-1)!.t),
    y: latencyAxis(values),
    series,
    hover,
    note,
  });
}

/**
 * The latency histogram of every request on a logarithmic axis, with p50, p95 and p99 marked.
 *
 * @param buckets the engine's fine buckets
 * @param marks percentile values to mark, by label (`p50`, `p95`, `p99`)
 * @returns the chart
 */
export function histogramChart(
  buckets: readonly LatencyBucket[],
  marks: { p50: number | null; p95: number | null; p99: number | null },
): Html {
  const id = "chart-histogram";
  const title = "Latency distribution";
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) {
    return emptyChart({ id, title, reason: "No requests completed, so there is no latency distribution." });
  }
  const lowest = Math.min(...buckets.map((b) => (b.lower > 0 ? b.lower : b.upper)));
  const highest = Math.max(...buckets.map((b) => b.upper));
  const x = logAxis(lowest, highest, "latency, ms (log scale)");
  const binCount = Math.max(10, Math.round(Math.log10(x.max / x.min) * BINS_PER_DECADE));
  const step = Math.log(x.max / x.min) / binCount;
  const edge = (i: number) => x.min * Math.exp(i * step);
  const counts = new Array<number>(binCount).fill(0);
  for (const bucket of buckets) {
    const middle = bucket.lower > 0 ? Math.sqrt(bucket.lower * bucket.upper) : x.min;
    const i = Math.min(binCount - 1, Math.max(0, Math.floor(Math.log(middle / x.min) / step)));
    counts[i]! += bucket.count;
  }
  const bars: BarSeries = {
    kind: "bars",
    label: `requests (${formatNumber(total)})`,
    color: COLORS.histogram,
    bars: counts.map((count, i) => ({ x0: edge(i), x1: edge(i + 1), y: count })),
  };
  const markers: Marker[] = (["p50", "p95", "p99"] as const).flatMap((key) => {
    const value = marks[key];
    return value === null ? [] : [{ x: value, label: `${key} ${formatMs(value)}`, color: COLORS[key] }];
  });
  const hover: HoverBand[] = counts.flatMap((count, i) =>
    count === 0 ? [] : [{
      x0: edge(i),
      x1: edge(i + 1),
      text: `${formatMs(edge(i))}–${formatMs(edge(i + 1))}: ${formatNumber(count)} requests (${
        formatPercent(count / total)
      })`,
    }]
  );
  return renderChart({
    id,
    title,
    description:
      `Histogram of ${total} request latencies on a logarithmic axis, with p50, p95 and p99 marked`,
    x,
    y: linearAxis(Math.max(...counts), formatNumber, "requests per bin"),
    series: [bars],
    markers,
    hover,
    note: "Every request's latency as measured; bins are equally wide on the logarithmic axis.",
  });
}

/**
 * Requests per second over time.
 *
 * @param points the drawable timeline
 * @returns the chart
 */
export function throughputChart(points: readonly TimelinePoint[]): Html {
  const rates = points.map((p) => perSecond(p.requests, p));
  const total = points.reduce((sum, p) => sum + p.requests, 0);
  return renderChart({
    id: "chart-throughput",
    title: "Throughput",
    description: "HTTP requests per second over the run",
    x: timeAxis(points.at(-1)!.t),
    y: linearAxis(Math.max(...rates), formatNumber, "requests/s"),
    series: [{
      kind: "line",
      label: "requests/s",
      color: COLORS.requests,
      area: true,
      points: points.map((p, i) => [mid(p), rates[i]!]),
    }],
    hover: points.map((p, i) => ({
      x0: p.t - p.seconds,
      x1: p.t,
      text: `${span(p)}: ${formatNumber(rates[i]!)} requests/s (${p.requests} requests)`,
    })),
    ...(total === 0 ? { note: "No requests were made." } : {}),
  });
}

/**
 * Failed requests per second over time.
 *
 * @param points the drawable timeline
 * @returns the chart
 */
export function errorsChart(points: readonly TimelinePoint[]): Html {
  const rates = points.map((p) => perSecond(p.failed, p));
  const failed = points.reduce((sum, p) => sum + p.failed, 0);
  const requests = points.reduce((sum, p) => sum + p.requests, 0);
  return renderChart({
    id: "chart-errors",
    title: "Errors",
    description: "Failed HTTP requests per second over the run",
    x: timeAxis(points.at(-1)!.t),
    y: linearAxis(Math.max(...rates), formatNumber, "failed requests/s"),
    series: [{
      kind: "bars",
      label: "failed requests/s",
      color: COLORS.failed,
      bars: points.map((p, i) => ({ x0: p.t - p.seconds * 0.9, x1: p.t - p.seconds * 0.1, y: rates[i]! })),
    }],
    hover: points.map((p, i) => ({
      x0: p.t - p.seconds,
      x1: p.t,
      text: `${span(p)}: ${p.failed} of ${p.requests} requests failed (${
        p.requests > 0 ? formatPercent(p.failed / p.requests) : "–"
      }), ${formatNumber(rates[i]!)}/s`,
    })),
    note: failed === 0
      ? "No request failed."
      : `${formatNumber(failed)} of ${formatNumber(requests)} requests failed (${
        formatPercent(failed / Math.max(requests, 1))
      }): status ≥ 400 or no response.`,
  });
}

/**
 * Active VUs over time.
 *
 * @param points the drawable timeline
 * @param initialized the VUs initialised (vus_max), when known
 * @returns the chart
 */
export function vusChart(points: readonly TimelinePoint[], initialized: number | null): Html {
  const max = Math.max(...points.map((p) => p.vus), initialized ?? 0);
  const series: LineSeries[] = [{
    kind: "line",
    label: "active VUs",
    color: COLORS.vus,
    step: true,
    points: points.map((p) => [p.t, p.vus]),
  }];
  if (initialized !== null) {
    series.push({
      kind: "line",
      label: `VUs initialised (${initialized})`,
      color: "#8c959f",
      dashed: true,
      points: [[0, initialized], [points.at(-1)!.t, initialized]],
    });
  }
  return renderChart({
    id: "chart-vus",
    title: "Virtual users",
    description: "Active virtual users sampled once a second",
    x: timeAxis(points.at(-1)!.t),
    y: linearAxis(Math.max(max, 1), formatNumber, "VUs"),
    series,
    hover: points.map((p) => ({
      x0: p.t - p.seconds,
      x1: p.t,
      text: `${formatClock(p.t)}: ${p.vus} active VUs`,
    })),
    note:
      "Sampled at the end of each second; VUs that start and finish an iteration between samples do not show.",
  });
}

/**
 * Iterations completed and dropped per second, and the scenarios' target arrival rate when they have one.
 *
 * @param points the drawable timeline
 * @param target the summed target rate as `[seconds, iterations/s]` points, or null for closed models
 * @returns the chart
 */
export function arrivalChart(
  points: readonly TimelinePoint[],
  target: Array<readonly [number, number]> | null,
): Html {
  const iterations = points.map((p) => perSecond(p.iterations, p));
  const dropped = points.map((p) => perSecond(p.dropped, p));
  const droppedTotal = points.reduce((sum, p) => sum + p.dropped, 0);
  const series: Array<LineSeries | BarSeries> = [
    {
      kind: "line",
      label: "iterations/s",
      color: COLORS.iterations,
      points: points.map((p, i) => [mid(p), iterations[i]!]),
    },
    {
      kind: "bars",
      label: "dropped iterations/s",
      color: COLORS.dropped,
      bars: points.map((p, i) => ({ x0: p.t - p.seconds * 0.9, x1: p.t - p.seconds * 0.1, y: dropped[i]! })),
    },
  ];
  if (target !== null) {
    series.push({ kind: "line", label: "target rate", color: "#1f2328", dashed: true, points: target });
  }
  const end = Math.max(points.at(-1)!.t, ...(target ?? []).map(([t]) => t));
  return renderChart({
    id: "chart-arrivals",
    title: "Arrival rate",
    description: "Iterations completed and dropped per second, against the target arrival rate",
    x: timeAxis(end),
    y: linearAxis(
      Math.max(...iterations, ...dropped, ...(target ?? []).map(([, r]) => r)),
      formatNumber,
      "iterations/s",
    ),
    series,
    hover: points.map((p, i) => ({
      x0: p.t - p.seconds,
      x1: p.t,
      text: `${span(p)}: ${formatNumber(iterations[i]!)} iterations/s, ${p.dropped} dropped`,
    })),
    note: droppedTotal === 0
      ? "No iteration was dropped."
      : `${formatNumber(droppedTotal)} iterations were dropped: no VU was free when they were due.`,
  });
}

/** One scenario's target arrival rate (iterations/s) just before and just after `t`. */
function scenarioRate(scenario: Record<string, unknown>): ((t: number, side: -1 | 1) => number) | null {
  const num = (key: string) => (typeof scenario[key] === "number" ? scenario[key] as number : null);
  const start = (num("startTimeMs") ?? 0) / 1000;
  const unit = (num("timeUnitMs") ?? 1000) / 1000;
  const executor = scenario.executor;
  if (executor === "constant-arrival-rate" || executor === "poisson-arrival-rate") {
    const rate = num("rate");
    const duration = num("durationMs");
    if (rate === null || duration === null) return null;
    const end = start + duration / 1000;
    return (t, side) => ((side > 0 ? t >= start && t < end : t > start && t <= end) ? rate / unit : 0);
  }
  if (executor === "ramping-arrival-rate" && Array.isArray(scenario.stages)) {
    const stages = (scenario.stages as Array<{ durationMs?: unknown; target?: unknown }>)
      .filter((s) => typeof s.durationMs === "number" && typeof s.target === "number")
      .map((s) => ({ durationMs: s.durationMs as number, target: s.target as number }));
    const startRate = num("startRate") ?? 0;
    return (t, side) => {
      if (side > 0 ? t < start : t <= start) return 0;
      let at = start;
      let from = startRate;
      for (const stage of stages) {
        const end = at + stage.durationMs / 1000;
        if (side > 0 ? t < end : t <= end) {
          const f = stage.durationMs === 0 ? 1 : (t - at) / (end - at);
          return (from + (stage.target - from) * f) / unit;
        }
        at = end;
        from = stage.target;
      }
      return 0;
    };
  }
  return null;
}

/** The moments a scenario's target rate changes slope. */
function breakpoints(scenario: Record<string, unknown>): number[] {
  const start = (typeof scenario.startTimeMs === "number" ? scenario.startTimeMs : 0) / 1000;
  if (typeof scenario.durationMs === "number") return [start, start + scenario.durationMs / 1000];
  const times = [start];
  if (Array.isArray(scenario.stages)) {
    for (const stage of scenario.stages as Array<{ durationMs?: unknown }>) {
      if (typeof stage.durationMs === "number") times.push(times.at(-1)! + stage.durationMs / 1000);
    }
  }
  return times;
}

/**
 * The summed target arrival rate of the run's open-model scenarios, exact at every change of slope.
 *
 * @param scenarios the scenarios as run (`LoadRunResult.scenarios`)
 * @returns `[seconds, iterations/s]` points, or null when no scenario has a target rate
 * @example
 * ```ts
 * import { targetRate } from "./run_charts.ts";
 * import assert from "node:assert/strict";
 * const scenarios = { a: { executor: "constant-arrival-rate", rate: 40, timeUnitMs: 1000, durationMs: 4000, startTimeMs: 0 } };
 * assert.deepEqual(targetRate(scenarios), [[0, 0], [0, 40], [4, 40], [4, 0]]);
 * assert.equal(targetRate({ b: { executor: "constant-vus", vus: 2 } }), null);
 * ```
 */
export function targetRate(scenarios: Record<string, unknown>): Array<readonly [number, number]> | null {
  const entries = Object.values(scenarios).filter((s): s is Record<string, unknown> =>
    typeof s === "object" && s !== null
  );
  const rates = entries.map((s) => ({ rate: scenarioRate(s), times: breakpoints(s) }))
    .filter((e): e is { rate: (t: number, side: -1 | 1) => number; times: number[] } => e.rate !== null);
  if (rates.length === 0) return null;
  const times = [...new Set(rates.flatMap((e) => e.times))].sort((a, b) => a - b);
  const points: Array<readonly [number, number]> = [];
  for (const t of times) {
    const before = rates.reduce((sum, e) => sum + e.rate(t, -1), 0);
    const after = rates.reduce((sum, e) => sum + e.rate(t, 1), 0);
    points.push([t, before]);
    if (after !== before) points.push([t, after]);
  }
  return points;
}
