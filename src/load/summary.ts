/**
 * The end-of-test summary: k6's compact text layout (thresholds first with ✓/✗, then totals by
 * section), the legacy `--summary-export` JSON, and the `data` object `handleSummary()` receives. Pure
 * functions of a `SummaryData` snapshot.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { MetricType, ValueType } from "./metrics.ts";

/** k6's default trend columns. */
export const DEFAULT_TREND_STATS = ["avg", "min", "med", "max", "p(90)", "p(95)"];

/** A threshold's outcome. */
export interface ThresholdOutcome {
  source: string;
  ok: boolean;
}

/** One metric (or sub-metric, named `metric{tag:value}`) in the summary. */
export interface SummaryMetric {
  type: MetricType;
  contains: ValueType;
  /** k6's value keys: count/rate (counter), value/min/max (gauge), rate/passes/fails (rate), trend stats. */
  values: Record<string, number>;
  thresholds: ThresholdOutcome[];
}

/** A check's totals. */
export interface CheckSummary {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

/** A group with its checks and subgroups. */
export interface GroupSummary {
  name: string;
  path: string;
  id: string;
  groups: GroupSummary[];
  checks: CheckSummary[];
}

/** Everything the summary shows. */
export interface SummaryData {
  metrics: Record<string, SummaryMetric>;
  rootGroup: GroupSummary;
  testRunDurationMs: number;
  trendStats: string[];
  /** The `summaryTimeUnit` option: "s", "ms" or "us" for every duration, "" for k6's automatic units. */
  timeUnit: string;
  /** setup()'s data, for handleSummary (k6's `setup_data`); undefined when setup returned nothing. */
  setupData?: unknown;
}

/** k6's group and check ids: the MD5 of the path, hex. */
export function pathId(path: string): string {
  return createHash("md5").update(path).digest("hex");
}

/** An empty group tree. */
export function rootGroup(): GroupSummary {
  return { name: "", path: "", id: pathId(""), groups: [], checks: [] };
}

/**
 * Formats a value as k6's summary does: rates as truncated percentages, bytes in kB/MB, durations in
 * µs/ms/s/m/h.
 *
 * @param value the number
 * @param type the metric type
 * @param contains what the number is
 * @returns the text
 * @example
 * ```ts
 * import { humanize } from "./summary.ts";
 * import assert from "node:assert/strict";
 * assert.equal(humanize(0.99999, "rate", "default"), "99.99%");
 * assert.equal(humanize(1234.5678, "trend", "time"), "1.23s");
 * assert.equal(humanize(15300, "counter", "data"), "15 kB");
 * ```
 */
export function humanize(value: number, type: MetricType, contains: ValueType, timeUnit = ""): string {
  if (type === "rate") return `${(Math.trunc(value * 10000) / 100).toFixed(2)}%`;
  if (contains === "data") return humanizeBytes(value);
  if (contains === "time") {
    // summaryTimeUnit: every duration in one unit, two decimals (k6's summary unitMap).
    const unit = TIME_UNITS[timeUnit];
    return unit === undefined ? humanizeDuration(value) : `${(value * unit.coef).toFixed(2)}${unit.text}`;
  }
  return String(Number(value.toFixed(6)));
}

const TIME_UNITS: Record<string, { coef: number; text: string }> = {
  s: { coef: 0.001, text: "s" },
  ms: { coef: 1, text: "ms" },
  us: { coef: 1000, text: "µs" },
};

function humanizeBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  if (bytes < 10) return `${bytes} B`;
  const exponent = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1000)));
  const scaled = Math.floor((bytes / 1000 ** exponent) * 10 + 0.5) / 10;
  return `${scaled.toFixed(scaled < 10 ? 1 : 0)} ${units[exponent]}`;
}

function trunc(value: number, digits: number): string {
  const scale = 10 ** digits;
  return String(Number((Math.trunc(value * scale) / scale).toFixed(digits)));
}

function humanizeDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 0.001) return `${Math.trunc(ms * 1e6)}ns`;
  if (ms < 1) return `${trunc(ms * 1000, 2)}µs`;
  if (ms < 1000) return `${trunc(ms, 2)}ms`;
  let text = `${trunc((ms % 60_000) / 1000, ms > 60_000 ? 0 : 2)}s`;
  let rest = Math.trunc(ms / 60_000);
  if (rest < 1) return text;
  text = `${rest % 60}m${text}`;
  rest = Math.trunc(rest / 60);
  return rest < 1 ? text : `${rest}h${text}`;
}

const EXECUTION_METRICS = new Set([
  "iteration_duration",
  "iterations",
  "vus",
  "vus_max",
  "dropped_iterations",
  "group_duration",
  "iteration_start_lag",
]);

/** Which section of the totals a metric belongs to; custom metrics come first, as in k6. */
function section(name: string): "CUSTOM" | "HTTP" | "EXECUTION" | "NETWORK" {
  const base = name.split("{", 1)[0]!;
  if (base.startsWith("http_")) return "HTTP";
  if (EXECUTION_METRICS.has(base)) return "EXECUTION";
  if (base === "data_received" || base === "data_sent") return "NETWORK";
  return "CUSTOM";
}

/** Compact mode leaves out the per-phase request timings and group durations (k6 shows them in "full"). */
const COMPACT_HIDDEN = new Set([
  "http_req_blocked",
  "http_req_connecting",
  "http_req_tls_handshaking",
  "http_req_sending",
  "http_req_waiting",
  "http_req_receiving",
  "group_duration",
  "checks",
]);

function metricValueText(metric: SummaryMetric, stats: string[], timeUnit: string): string[] {
  const v = metric.values;
  const h = (value: number | undefined) => humanize(value ?? 0, metric.type, metric.contains, timeUnit);
  switch (metric.type) {
    case "trend":
      return stats.map((stat) => `${stat}=${stat === "count" ? String(v.count ?? 0) : h(v[stat])}`);
    case "counter": {
      const rate = v.rate ?? 0;
      return [
        h(v.count),
        `${metric.contains === "data" ? humanizeBytes(rate) : String(Number(rate.toFixed(6)))}/s`,
      ];
    }
    case "gauge":
      return [h(v.value), `min=${h(v.min)}`, `max=${h(v.max)}`];
    case "rate":
      return [h(v.rate), `${v.passes ?? 0} out of ${(v.passes ?? 0) + (v.fails ?? 0)}`];
  }
}

function displayName(name: string): string {
  const brace = name.indexOf("{");
  return brace < 0 ? name : `{ ${name.slice(brace + 1, -1)} }`;
}

function sortNames(names: string[]): string[] {
  return names.sort((a, b) => {
    const pa = a.split("{", 1)[0]!;
    const pb = b.split("{", 1)[0]!;
    return pa === pb ? a.slice(pa.length).localeCompare(b.slice(pb.length)) : pa.localeCompare(pb);
  });
}

function renderMetricLines(
  names: string[],
  metrics: Record<string, SummaryMetric>,
  stats: string[],
  indent: string,
  width: number,
  timeUnit = "",
): string[] {
  const cells = names.map((name) => metricValueText(metrics[name]!, stats, timeUnit));
  // Trend columns align with trend columns, other values with other values, as in k6.
  const trendColumns: number[] = [];
  const otherColumns: number[] = [];
  names.forEach((name, row) => {
    const columns = metrics[name]!.type === "trend" ? trendColumns : otherColumns;
    cells[row]!.forEach((cell, i) => (columns[i] = Math.max(columns[i] ?? 0, [...cell].length)));
  });
  return names.map((name, row) => {
    const pad = name.includes("{") ? "  " : "";
    const label = pad + displayName(name);
    const dots = ".".repeat(Math.max(3, width - [...label].length + 3));
    const columns = metrics[name]!.type === "trend" ? trendColumns : otherColumns;
    const text = cells[row]!.map((cell, i) => cell + " ".repeat(columns[i]! - [...cell].length)).join(" ")
      .trimEnd();
    return `${indent}${label}${dots}: ${text}`;
  });
}

function labelWidth(names: string[]): number {
  return Math.max(0, ...names.map((name) => (name.includes("{") ? 2 : 0) + [...displayName(name)].length));
}

function collectChecks(group: GroupSummary): CheckSummary[] {
  return [...group.checks, ...group.groups.flatMap(collectChecks)];
}

/**
 * Renders the end-of-test summary in k6's compact layout.
 *
 * @param data the run's figures
 * @returns the text, without colours
 */
export function renderSummary(data: SummaryData): string {
  const lines: string[] = [];
  const thresholded = sortNames(
    Object.keys(data.metrics).filter((name) => data.metrics[name]!.thresholds.length > 0),
  );
  if (thresholded.length > 0) {
    lines.push("  █ THRESHOLDS", "");
    for (const name of thresholded) {
      const metric = data.metrics[name]!;
      const parent = name.split("{", 1)[0]!;
      const nested = name !== parent && thresholded.includes(parent);
      const indent = nested ? "      " : "    ";
      lines.push(`${indent}${nested ? name.slice(parent.length) : name}`);
      for (const threshold of metric.thresholds) {
        const aggregation = threshold.source.split(/[=><!]/)[0]!.trim();
        lines.push(
          `${indent}${threshold.ok ? "✓" : "✗"} '${threshold.source}' ${aggregation}=${
            thresholdValue(metric, aggregation, data.timeUnit)
          }`,
        );
      }
      lines.push("");
    }
    lines.push("");
  }

  lines.push("  █ TOTAL RESULTS", "");
  const checks = collectChecks(data.rootGroup);
  if (checks.length > 0) {
    const passes = checks.reduce((sum, c) => sum + c.passes, 0);
    const fails = checks.reduce((sum, c) => sum + c.fails, 0);
    const total = passes + fails;
    const seconds = data.testRunDurationMs / 1000;
    const checkMetrics: Record<string, SummaryMetric> = {
      checks_total: {
        type: "counter",
        contains: "default",
        values: { count: total, rate: seconds > 0 ? total / seconds : 0 },
        thresholds: [],
      },
      checks_succeeded: {
        type: "rate",
        contains: "default",
        values: { rate: total ? passes / total : 0, passes, fails },
        thresholds: [],
      },
      checks_failed: {
        type: "rate",
        contains: "default",
        values: { rate: total ? fails / total : 0, passes: fails, fails: passes },
        thresholds: [],
      },
    };
    lines.push(
      ...renderMetricLines(
        Object.keys(checkMetrics),
        checkMetrics,
        data.trendStats,
        "    ",
        labelWidth(Object.keys(checkMetrics)),
        data.timeUnit,
      ),
      "",
    );
    lines.push(...renderCheckLines(data.rootGroup, "    "), "");
  }

  const visible = Object.keys(data.metrics).filter((name) => {
    const base = name.split("{", 1)[0]!;
    const metric = data.metrics[name]!;
    if (COMPACT_HIDDEN.has(base)) return false;
    // Sub-metrics appear under their parent only when a threshold asked for them.
    if (
      name !== base && metric.thresholds.length === 0 &&
      !name.startsWith("http_req_duration{expected_response:true}")
    ) return false;
    return !(base === "dropped_iterations" && (metric.values.count ?? 0) === 0);
  });
  const sections = ["CUSTOM", "HTTP", "EXECUTION", "NETWORK"] as const;
  const width = labelWidth(visible);
  for (const name of sections) {
    const members = sortNames(visible.filter((metric) => section(metric) === name));
    if (members.length === 0) continue;
    lines.push(
      `    ${name}`,
      ...renderMetricLines(members, data.metrics, data.trendStats, "    ", width, data.timeUnit),
      "",
    );
  }
  return lines.join("\n").replace(/\n{3,}/g, "\n\n");
}

function renderCheckLines(group: GroupSummary, indent: string): string[] {
  const lines: string[] = [];
  for (const check of group.checks) {
    if (check.fails === 0) lines.push(`${indent}✓ ${check.name}`);
    else {
      const pct = Math.floor((100 * check.passes) / (check.passes + check.fails));
      lines.push(`${indent}✗ ${check.name}`, `${indent}  ↳  ${pct}% — ✓ ${check.passes} / ✗ ${check.fails}`);
    }
  }
  for (const sub of group.groups) {
    lines.push(`${indent}↳ ${sub.name}`, ...renderCheckLines(sub, indent + "  "));
  }
  return lines;
}

function thresholdValue(metric: SummaryMetric, aggregation: string, timeUnit: string): string {
  const value = metric.values[aggregation === "value" && metric.type === "rate" ? "rate" : aggregation] ??
    metric.values.rate ?? 0;
  if (aggregation === "count") return String(value);
  if (aggregation === "rate" && metric.type === "counter") return `${Number(value.toFixed(6))}/s`;
  return humanize(value, metric.type, metric.contains, timeUnit);
}

/** The `data` object k6 passes to `handleSummary()` (its "legacy" machine-readable shape). */
export function handleSummaryData(data: SummaryData, state: { isStdOutTTY: boolean; isStdErrTTY: boolean }) {
  const metrics: Record<string, unknown> = {};
  for (const [name, metric] of Object.entries(data.metrics)) {
    const entry: Record<string, unknown> = {
      type: metric.type,
      contains: metric.contains,
      values: { ...metric.values },
    };
    if (metric.thresholds.length > 0) {
      entry.thresholds = Object.fromEntries(metric.thresholds.map((t) => [t.source, { ok: t.ok }]));
    }
    metrics[name] = entry;
  }
  return {
    root_group: structuredClone(data.rootGroup),
    options: { summaryTrendStats: data.trendStats, summaryTimeUnit: data.timeUnit, noColor: true },
    state: { ...state, testRunDurationMs: data.testRunDurationMs },
    metrics,
    // k6 (js/summary.go) adds it only when setup() returned something.
    ...(data.setupData === undefined ? {} : { setup_data: data.setupData }),
  };
}

/**
 * The `--summary-export` file, in k6's legacy shape: metric values flat, thresholds as `source: failed`,
 * a rate's ratio under `value`, groups and checks keyed by name.
 *
 * @param data the run's figures
 * @returns the JSON text
 */
export function summaryExport(data: SummaryData): string {
  const metrics: Record<string, Record<string, unknown>> = {};
  for (const [name, metric] of Object.entries(data.metrics)) {
    const values: Record<string, unknown> = { ...metric.values };
    if (metric.type === "rate" && "rate" in values) {
      values.value = values.rate;
      delete values.rate;
    }
    if (metric.thresholds.length > 0) {
      values.thresholds = Object.fromEntries(metric.thresholds.map((t) => [t.source, !t.ok]));
    }
    metrics[name] = values;
  }
  const group = (g: GroupSummary): Record<string, unknown> => ({
    name: g.name,
    path: g.path,
    id: g.id,
    groups: Object.fromEntries(g.groups.map((sub) => [sub.name, group(sub)])),
    checks: Object.fromEntries(g.checks.map((c) => [c.name, { ...c }])),
  });
  return JSON.stringify({ root_group: group(data.rootGroup), metrics }, null, 4);
}
