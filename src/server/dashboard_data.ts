/**
 * What the dashboard shows, assembled from what the store and the engines report: the four health tiles
 * judged against their SLOs, the SLO list, each probe's timeline, model quality, drift, and load runs.
 * Pure: the inputs are gathered elsewhere (`dashboard_inputs.ts`), so every judgement here is testable
 * with plain objects and no browser.
 *
 * @module
 */
import type { Config, ModelConfig } from "../config/types.ts";
import type { LatestReport, ModelStats, OpenWindow, PredictionHistory } from "../drift/engine.ts";
import { OUTPUT_CLASS, OUTPUT_CONFIDENCE, type ReferenceProfile } from "../drift/profile.ts";
import { CONFIDENCE_BUCKETS, confidenceBucket } from "../drift/quality.ts";
import type { ColumnReport, DriftReport } from "../drift/report.ts";
import type { Severity } from "../drift/severity.ts";
import type { SloReport, SloStatus } from "../slo/probe_slo.ts";
import { describeSli } from "../slo/sli.ts";
import type { LoadRunRecord } from "../store/load_run_store.ts";
import type { ProbeBucket, ProbeFailureCount, ProbeResult } from "../store/store.ts";
import { millis, percent, shortPercent } from "./dashboard_format.ts";

const MINUTE = 60_000;

/** How a signal stands against its objective: met, at risk, missed, or unknown. */
export type Health = "ok" | "warn" | "fail" | "none";

const RANK: Record<Health, number> = { none: 0, ok: 1, warn: 2, fail: 3 };

/**
 * The worst of some health states (`none` only when all are unknown).
 *
 * @param states the states
 * @returns the worst one
 * @example
 * ```ts
 * import { worst } from "./dashboard_data.ts";
 * import assert from "node:assert/strict";
 * assert.equal(worst(["ok", "warn", "none"]), "warn");
 * assert.equal(worst([]), "none");
 * ```
 */
export function worst(states: Iterable<Health>): Health {
  let out: Health = "none";
  for (const state of states) if (RANK[state] > RANK[out]) out = state;
  return out;
}

/** The period the timelines and charts cover: a fixed number of buckets ending with the current one. */
export interface Span {
  /** Start of the first bucket, epoch ms. */
  since: number;
  /** End of the last (current, partial) bucket, epoch ms. */
  until: number;
  bucketMs: number;
  buckets: number;
  /** e.g. `last 15 min`. */
  label: string;
}

/** Spans to choose from, shortest first: the shortest that covers the data, so a fresh start is not a sliver. */
export const SPANS_MS: readonly number[] = [MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE];
/** Buckets per span. */
export const SPAN_BUCKETS = 60;
/** The window the tiles judge the present by. */
export const RECENT_MS = MINUTE;

/**
 * Chooses the span: the shortest of {@linkcode SPANS_MS} that reaches back to the first data and whose
 * buckets are no shorter than `minBucketMs` (the longest probe interval, so each bucket holds a run of
 * every probe), ending with the bucket that holds `now`.
 *
 * @param now epoch ms
 * @param first the earliest data, epoch ms, or null when there is none
 * @param minBucketMs the shortest useful bucket (default 0)
 * @returns the span
 * @example
 * ```ts
 * import { chooseSpan } from "./dashboard_data.ts";
 * import assert from "node:assert/strict";
 * const span = chooseSpan(1_000_000, 1_000_000 - 20_000, 5_000);
 * assert.equal(span.bucketMs, 5_000);
 * assert.equal(span.until, 1_005_000);
 * assert.equal(span.label, "last 5 min");
 * assert.equal(chooseSpan(1_000_000, 1_000_000 - 20_000, 500).label, "last 1 min");
 * assert.equal(chooseSpan(10_000_000, 0).bucketMs, 60_000);
 * ```
 */
export function chooseSpan(now: number, first: number | null, minBucketMs = 0): Span {
  const age = first === null ? 0 : now - first;
  const length = SPANS_MS.find((ms) => ms >= age && ms / SPAN_BUCKETS >= minBucketMs) ?? SPANS_MS.at(-1)!;
  const bucketMs = length / SPAN_BUCKETS;
  const until = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  return {
    since: until - length,
    until,
    bucketMs,
    buckets: SPAN_BUCKETS,
    label: `last ${length / MINUTE} min`,
  };
}

/**
 * The status of an error ratio against an availability objective: within the error budget is ok, up to
 * five times the budget a warning (one failed run among a minute's probes, say), beyond that failing.
 *
 * @param ratio errors / runs, or null without runs
 * @param objective the availability objective, e.g. 0.99
 * @returns the status
 * @example
 * ```ts
 * import { errorStatus } from "./dashboard_data.ts";
 * import assert from "node:assert/strict";
 * assert.equal(errorStatus(0.005, 0.99), "ok");
 * assert.equal(errorStatus(0.03, 0.99), "warn");
 * assert.equal(errorStatus(0.375, 0.99), "fail");
 * assert.equal(errorStatus(null, 0.99), "none");
 * ```
 */
export function errorStatus(ratio: number | null, objective: number): Health {
  if (ratio === null) return "none";
  const budget = 1 - objective;
  if (ratio <= budget + 1e-12) return "ok";
  return ratio <= 5 * budget ? "warn" : "fail";
}

/**
 * The status of a latency percentile against its objective: at most the threshold is ok, up to twice it
 * a warning, beyond failing.
 *
 * @param ms the percentile, or null without runs
 * @param thresholdMs the objective's threshold, or null without one
 * @returns the status (`none` when either is missing)
 * @example
 * ```ts
 * import { latencyStatus } from "./dashboard_data.ts";
 * import assert from "node:assert/strict";
 * assert.equal(latencyStatus(120, 250), "ok");
 * assert.equal(latencyStatus(400, 250), "warn");
 * assert.equal(latencyStatus(900, 250), "fail");
 * ```
 */
export function latencyStatus(ms: number | null, thresholdMs: number | null): Health {
  if (ms === null || thresholdMs === null) return "none";
  if (ms <= thresholdMs) return "ok";
  return ms <= 2 * thresholdMs ? "warn" : "fail";
}

/**
 * The status of an accuracy against its objective: at or above is ok, within five points below a
 * warning, lower failing.
 *
 * @param accuracy the accuracy, or null without labels
 * @param objective the objective, or null without one
 * @returns the status
 * @example
 * ```ts
 * import { accuracyStatus } from "./dashboard_data.ts";
 * import assert from "node:assert/strict";
 * assert.equal(accuracyStatus(0.9, 0.85), "ok");
 * assert.equal(accuracyStatus(0.82, 0.85), "warn");
 * assert.equal(accuracyStatus(0.6, 0.85), "fail");
 * ```
 */
export function accuracyStatus(accuracy: number | null, objective: number | null): Health {
  if (accuracy === null || objective === null) return "none";
  if (accuracy >= objective) return "ok";
  return accuracy >= objective - 0.05 ? "warn" : "fail";
}

/**
 * The status of a drift severity: warning is at risk, critical failing.
 *
 * @param severity the highest severity of a report
 * @returns the status
 */
export function driftStatus(severity: Severity): Health {
  return severity === "critical" ? "fail" : severity === "warning" ? "warn" : "ok";
}

/**
 * The nearest-rank percentile of some values.
 *
 * @param values the values, any order (not modified)
 * @param p the percentile, 0–100
 * @returns the value, or null when there are none
 * @example
 * ```ts
 * import { percentile } from "./dashboard_data.ts";
 * import assert from "node:assert/strict";
 * assert.equal(percentile([5, 1, 4, 2, 3], 95), 5);
 * assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
 * assert.equal(percentile([], 95), null);
 * ```
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Everything the dashboard is assembled from, gathered at one instant. */
export interface DashboardInputs {
  now: number;
  config: Config;
  slo: SloReport;
  span: Span;
  /** How often the page refreshes itself, ms. */
  refreshMs: number;
  probes: {
    last: ReadonlyMap<string, ProbeResult>;
    /** Buckets of `span` (indexes from `span.since`). */
    timeline: readonly ProbeBucket[];
    /** Every run of the last {@linkcode RECENT_MS}. */
    recent: readonly ProbeResult[];
    /** Failures over the span. */
    failures: readonly ProbeFailureCount[];
    /** The earliest stored run, epoch ms. */
    first: number | null;
  };
  models: readonly ModelInputs[];
  /** The newest load runs, or null when the service does not run them. */
  loadRuns: readonly LoadRunRecord[] | null;
}

/** What one watched model contributes. */
export interface ModelInputs {
  config: ModelConfig;
  stats: ModelStats;
  latest: LatestReport | null;
  /** A preview of the open window, while no window has been evaluated. */
  preview: DriftReport | null;
  openWindow: OpenWindow;
  /** Over `span`, with its buckets. */
  history: PredictionHistory;
  reference: ReferenceProfile | null;
}

/** One of the four tiles. */
export interface Tile {
  id: "traffic" | "errors" | "latency" | "accuracy";
  label: string;
  status: Health;
  /** The figure, formatted. */
  value: string;
  /** The judgement in words, e.g. `above the 1% error budget`. */
  verdict: string;
  /** What the figure covers. */
  detail: string;
  /** The objective it is judged against, in words, or null. */
  objective: string | null;
}

/** One SLO in the list. */
export interface SloRow {
  name: string;
  description: string | null;
  sli: string;
  objective: number;
  status: Health;
  /** Share of good events over the last hour, or null. */
  compliance: number | null;
  /** Good and total events behind `compliance`. */
  events: { good: number; total: number } | null;
  budgetRemaining: number | null;
  periodComplete: boolean;
  burnRate5m: number | null;
  burnRate1h: number | null;
  /** Alerts Vigil's own evaluation says would fire: `page`, `ticket`, `no data`. */
  alerts: string[];
  /** For SLIs Vigil does not measure: what is known instead. */
  note: string | null;
}

/** One bucket of a probe's timeline. */
export interface TimelineCell {
  start: number;
  total: number;
  successes: number;
  meanMs: number | null;
  maxMs: number | null;
}

/** One probe in the list. */
export interface ProbeRow {
  name: string;
  target: string;
  method: string;
  path: string;
  intervalMs: number;
  /** Of its last run. */
  status: Health;
  last: ProbeResult | null;
  /** Runs and successes over the span. */
  total: number;
  successes: number;
  cells: TimelineCell[];
}

/** The probes section. */
export interface ProbesView {
  rows: ProbeRow[];
  failures: ProbeFailureCount[];
  /** The strictest probe latency objective, ms, or null. */
  latencyObjectiveMs: number | null;
}

/** One bucket of a model's predictions. */
export interface QualityBucket {
  start: number;
  total: number;
  /** Counts aligned with {@linkcode ModelQualityView.classes}. */
  byClass: number[];
  withConfidence: number;
  lowConfidence: number;
  /** When its first prediction arrived, epoch ms, or null when it has none. */
  firstReceived: number | null;
}

/** One segment's accuracy. */
export interface SegmentRow {
  segment: string;
  labelled: number;
  correct: number;
  accuracy: number | null;
  status: Health;
}

/** The model quality of one model. */
export interface ModelQualityView {
  model: string;
  kind: ModelConfig["prediction"]["kind"];
  classes: string[];
  buckets: QualityBucket[];
  /** Class shares in the reference, aligned with `classes`, or null. */
  referenceClassShares: number[] | null;
  /** Predictions per second over the last minute. */
  rate: number;
  recordsAccepted: number;
  confidence: {
    /** Upper bounds ({@linkcode CONFIDENCE_BUCKETS}). */
    bounds: readonly number[];
    counts: number[];
    total: number;
    /** Shares in the reference, or null. */
    reference: number[] | null;
  };
  lowConfidence: {
    threshold: number;
    /** The share that raises the low-confidence alert. */
    alertRatio: number;
    count: number;
    total: number;
    ratio: number | null;
    status: Health;
  };
  accuracy: {
    /** Rolling over the last `window` labels. */
    overall: number | null;
    labelled: number;
    window: number;
    objective: number | null;
    status: Health;
    lastLabelAt: number | null;
  };
  /** Labels that arrived over the span, per segment. */
  segments: SegmentRow[];
}

/** One feature (or output) of a drift report. */
export interface DriftColumnRow {
  name: string;
  kind: ColumnReport["kind"];
  type: ColumnReport["type"];
  /** The test whose p-value is corrected: KS for numeric columns, chi-square for categorical ones. */
  test: string;
  statistic: number | null;
  pValue: number | null;
  adjustedPValue: number | null;
  /** The other tests' statistics. */
  others: { test: string; statistic: number; severity: Severity | null }[];
  n: number;
  severity: Severity;
  status: ColumnReport["status"];
  histogram: ColumnReport["histogram"];
}

/** The drift section of one model. */
export interface ModelDriftView {
  model: string;
  status: Health;
  /** The judgement in words. */
  verdict: string;
  hasReference: boolean;
  /** The window shown: the latest evaluated, or the open one previewed; null before any records. */
  window:
    | {
      seq: number | null;
      preview: boolean;
      n: number;
      start: number;
      end: number;
      reason: string;
      minSamples: number;
    }
    | null;
  openWindow: OpenWindow;
  dataset: DriftReport["dataset"] | null;
  conceptDriftPsi: number | null;
  columns: DriftColumnRow[];
}

/** The load runs section. */
export interface LoadRunsView {
  /** False when the service does not run load tests. */
  enabled: boolean;
  runs: LoadRunRecord[];
}

/** The whole dashboard. */
export interface Dashboard {
  generatedAt: number;
  refreshMs: number;
  source: string;
  span: Span;
  overall: { status: Health; headline: string; reasons: string[] };
  tiles: Tile[];
  slos: SloRow[];
  probes: ProbesView;
  quality: ModelQualityView[];
  drift: ModelDriftView[];
  loadRuns: LoadRunsView;
}

const HEADLINES: Record<Health, string> = {
  ok: "Healthy",
  warn: "Degraded",
  fail: "Unhealthy",
  none: "Waiting for data",
};

/**
 * Assembles the dashboard.
 *
 * @param inputs what the store and engines report
 * @returns the dashboard's content
 */
export function assembleDashboard(inputs: DashboardInputs): Dashboard {
  const quality = inputs.models.map((model) => modelQuality(inputs, model));
  const drift = inputs.models.map(modelDrift);
  const tiles = [
    trafficTile(inputs, quality),
    errorTile(inputs),
    latencyTile(inputs),
    accuracyTile(quality),
  ];
  const slos = inputs.slo.slos.map((slo) => sloRow(slo, quality, drift));
  const reasons = [
    ...tiles.filter((t) => t.status === "warn" || t.status === "fail").map((t) => `${t.label}: ${t.verdict}`),
    ...slos.filter((s) => s.alerts.some((a) => a !== "no data")).map((s) =>
      `SLO ${s.name}: ${s.alerts.filter((a) => a !== "no data").join(" and ")} alert`
    ),
    ...drift.filter((d) => d.status === "warn" || d.status === "fail").map((d) =>
      `Drift (${d.model}): ${d.verdict}`
    ),
  ];
  // Drift opens tickets, it does not page: it can make the service degraded, never unhealthy on its own.
  const status = worst([
    ...tiles.map((t) => t.status),
    ...slos.map((s) => s.status),
    ...drift.map((d) => d.status === "fail" ? "warn" : d.status),
  ]);
  return {
    generatedAt: inputs.now,
    refreshMs: inputs.refreshMs,
    source: inputs.config.source,
    span: inputs.span,
    overall: { status, headline: HEADLINES[status], reasons },
    tiles,
    slos,
    probes: probesView(inputs),
    quality,
    drift,
    loadRuns: { enabled: inputs.loadRuns !== null, runs: [...(inputs.loadRuns ?? [])] },
  };
}

/**
 * Predictions per second over the last minute: the buckets that overlap it, over the time since the
 * earliest of them began or, right after the first prediction, since that arrived.
 */
function predictionRate(buckets: readonly QualityBucket[], span: Span, now: number): number {
  const recent = buckets.filter((b) => b.start + span.bucketMs > now - RECENT_MS && b.start <= now);
  const active = recent.filter((b) => b.firstReceived !== null);
  if (active.length === 0) return 0;
  const from = Math.max(recent[0]!.start, Math.min(...active.map((b) => b.firstReceived!)));
  return active.reduce((sum, b) => sum + b.total, 0) / (Math.max(1_000, now - from) / 1000);
}

/** Seconds the recent window actually covers: less than a minute right after the first run. */
function recentSeconds(now: number, first: number | null): number {
  if (first === null) return RECENT_MS / 1000;
  return Math.max(1, Math.min(RECENT_MS, now - first)) / 1000;
}

/** The strictest objective among SLOs of one SLI type. */
function strictest<T extends SloStatus["sli"]["type"]>(
  config: Config,
  type: T,
): { objective: number; sli: Extract<SloStatus["sli"], { type: T }>; name: string } | null {
  const slos = config.slos.filter((slo) => slo.sli.type === type);
  if (slos.length === 0) return null;
  const slo = slos.reduce((a, b) => (b.objective > a.objective ? b : a));
  return { objective: slo.objective, sli: slo.sli as Extract<SloStatus["sli"], { type: T }>, name: slo.name };
}

function trafficTile(inputs: DashboardInputs, quality: ModelQualityView[]): Tile {
  const { now, config, probes } = inputs;
  const seconds = recentSeconds(now, probes.first);
  const runsPerMinute = (probes.recent.length / seconds) * 60;
  const probeText = `${Math.round(runsPerMinute)} probe runs/min`;
  const base = { id: "traffic" as const, label: "Request rate", objective: null };
  if (config.probes.length === 0 && quality.length === 0) {
    return {
      ...base,
      status: "none",
      value: "–",
      verdict: "nothing is watched",
      detail: "no probes, no models",
    };
  }
  const longest = Math.max(0, ...config.probes.map((p) => p.intervalMs));
  const newest = Math.max(-Infinity, ...[...probes.last.values()].map((r) => r.time));
  const stale = config.probes.length > 0 && Number.isFinite(newest) && now - newest > 3 * longest + 5_000;
  const predictions = quality.reduce((sum, q) => sum + q.rate, 0);
  const value = quality.length > 0 ? `${formatRate(predictions)}/s` : `${Math.round(runsPerMinute)}/min`;
  const detail = quality.length > 0
    ? `predictions ingested per second; ${probeText} · last minute`
    : `probe runs per minute · last minute`;
  const objective = config.probes.length > 0
    ? `each probe every ${millis(longest)}${quality.length > 0 ? ", predictions flowing" : ""}`
    : null;
  if (config.probes.length > 0 && probes.last.size === 0) {
    return { ...base, objective, status: "none", value, verdict: "no probe has run yet", detail };
  }
  if (stale) {
    return {
      ...base,
      objective,
      status: "fail",
      value,
      verdict: `no probe result for ${Math.round((now - newest) / 1000)} s`,
      detail,
    };
  }
  if (quality.length > 0 && predictions === 0) {
    return {
      ...base,
      objective,
      status: "warn",
      value,
      verdict: "no predictions in the last minute",
      detail,
    };
  }
  return { ...base, objective, status: "ok", value, verdict: "traffic flowing", detail };
}

function formatRate(perSecond: number): string {
  if (perSecond === 0) return "0";
  return perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

function errorTile(inputs: DashboardInputs): Tile {
  const recent = inputs.probes.recent;
  const slo = strictest(inputs.config, "probe_availability");
  const objective = slo?.objective ?? 0.99;
  const errors = recent.filter((r) => !r.success).length;
  const ratio = recent.length === 0 ? null : errors / recent.length;
  const status = errorStatus(ratio, objective);
  const budget = 1 - objective;
  const verdict = ratio === null
    ? "no probe runs in the last minute"
    : status === "ok"
    ? `within the ${shortPercent(budget)} error budget`
    : `${(ratio / budget).toFixed(1)}× the ${shortPercent(budget)} error budget`;
  return {
    id: "errors",
    label: "Error ratio",
    status,
    value: ratio === null ? "–" : percent(ratio),
    verdict,
    detail: `${errors} of ${recent.length} probe runs failed · last minute`,
    objective: slo === null
      ? `≤ ${percent(budget)} (no availability SLO: 99% assumed)`
      : `≤ ${shortPercent(budget)} · SLO ${slo.name}`,
  };
}

function latencyTile(inputs: DashboardInputs): Tile {
  const recent = inputs.probes.recent;
  const slo = strictest(inputs.config, "probe_latency");
  const thresholds = inputs.config.slos.flatMap((s) =>
    s.sli.type === "probe_latency" ? [s.sli.thresholdMs] : []
  );
  const threshold = thresholds.length === 0 ? null : Math.min(...thresholds);
  const p95 = percentile(recent.map((r) => r.durationMs), 95);
  const status = p95 === null ? "none" : latencyStatus(p95, threshold);
  const verdict = p95 === null
    ? "no probe runs in the last minute"
    : threshold === null
    ? "no latency objective"
    : status === "ok"
    ? `within the ${millis(threshold)} objective`
    : `${(p95 / threshold).toFixed(1)}× the ${millis(threshold)} objective`;
  return {
    id: "latency",
    label: "p95 latency",
    status,
    value: p95 === null ? "–" : millis(p95),
    verdict,
    detail: `of ${recent.length} probe runs · last minute`,
    objective: threshold === null
      ? null
      : `≤ ${millis(threshold)}${slo === null ? "" : ` · SLO ${slo.name}`}`,
  };
}

function accuracyTile(quality: ModelQualityView[]): Tile {
  const base = { id: "accuracy" as const, label: "Accuracy" };
  if (quality.length === 0) {
    return {
      ...base,
      status: "none",
      value: "–",
      verdict: "no model is watched",
      detail: "declare models",
      objective: null,
    };
  }
  // The model that looks worst speaks for all of them.
  const judged = quality.map((q) => q.accuracy);
  const shown = judged.reduce((a, b) => (RANK[b.status] > RANK[a.status] ? b : a));
  const model = quality[judged.indexOf(shown)]!;
  const labelledText = `${shown.labelled.toLocaleString("en-US")} labels`;
  const detail = quality.length > 1
    ? `${model.model}, rolling over ${labelledText}`
    : `rolling over the last ${labelledText} (ground truth)`;
  const objective = shown.objective === null ? null : `≥ ${percent(shown.objective)}`;
  if (shown.overall === null) {
    return { ...base, status: "none", value: "–", verdict: "no ground-truth labels yet", detail, objective };
  }
  const verdict = shown.objective === null
    ? "no accuracy objective"
    : shown.status === "ok"
    ? "meets the objective"
    : `${((shown.objective - shown.overall) * 100).toFixed(1)} points under the objective`;
  return {
    ...base,
    status: shown.status,
    value: percent(shown.overall),
    verdict,
    detail,
    objective,
  };
}

function sloRow(slo: SloStatus, quality: ModelQualityView[], drift: ModelDriftView[]): SloRow {
  const hour = slo.windows["1h"];
  const alerts = slo.alerts === null ? [] : [
    ...(slo.alerts.page ? ["page"] : []),
    ...(slo.alerts.ticket ? ["ticket"] : []),
    ...(slo.alerts.noData ? ["no data"] : []),
  ];
  const row: SloRow = {
    name: slo.name,
    description: slo.description ?? null,
    sli: describeSli(slo.sli),
    objective: slo.objective,
    status: "none",
    compliance: hour?.ratio ?? null,
    events: hour === undefined ? null : { good: hour.good, total: hour.total },
    budgetRemaining: slo.budget.remaining,
    periodComplete: slo.budget.periodComplete,
    burnRate5m: slo.windows["5m"]?.burnRate ?? null,
    burnRate1h: hour?.burnRate ?? null,
    alerts,
    note: null,
  };
  if (slo.measured) {
    row.status = slo.alerts?.page
      ? "fail"
      : slo.alerts?.ticket || hour?.met === false || (slo.budget.remaining ?? 1) < 0
      ? "warn"
      : hour?.met === true
      ? "ok"
      : "none";
    return row;
  }
  const sli = slo.sli;
  if (sli.type === "accuracy") {
    const model = quality.find((q) => q.model === sli.model);
    if (model?.accuracy.overall != null) {
      row.status = accuracyStatus(model.accuracy.overall, slo.objective);
      row.note = `now ${percent(model.accuracy.overall)} over the last ${model.accuracy.labelled} labels; ` +
        "budget and burn rate from Prometheus";
      return row;
    }
  }
  if (sli.type === "drift") {
    const model = drift.find((d) => d.model === sli.model);
    if (model?.dataset != null && model.window?.preview === false) {
      const order: Severity[] = ["none", "info", "warning", "critical"];
      const below = order.indexOf(model.dataset.severity) < order.indexOf(sli.below);
      row.status = below ? "ok" : "warn";
      row.note =
        `latest window: ${
          model.dataset.severity === "none" ? "no drift" : `${model.dataset.severity} drift`
        }; ` +
        "budget and burn rate from Prometheus";
      return row;
    }
  }
  row.note = "measured by Prometheus from the service's metrics (deno task rules)";
  return row;
}

function probesView(inputs: DashboardInputs): ProbesView {
  const { config, span, probes } = inputs;
  const byProbe = new Map<string, ProbeBucket[]>();
  for (const bucket of probes.timeline) {
    const list = byProbe.get(bucket.probe) ?? [];
    list.push(bucket);
    byProbe.set(bucket.probe, list);
  }
  const rows = config.probes.map((probe): ProbeRow => {
    const buckets = new Map((byProbe.get(probe.name) ?? []).map((b) => [b.index, b]));
    const cells = Array.from({ length: span.buckets }, (_, i): TimelineCell => {
      const bucket = buckets.get(i);
      return {
        start: span.since + i * span.bucketMs,
        total: bucket?.total ?? 0,
        successes: bucket?.successes ?? 0,
        meanMs: bucket?.meanMs ?? null,
        maxMs: bucket?.maxMs ?? null,
      };
    });
    const last = probes.last.get(probe.name) ?? null;
    return {
      name: probe.name,
      target: probe.target,
      method: probe.method,
      path: probe.path,
      intervalMs: probe.intervalMs,
      status: last === null ? "none" : last.success ? "ok" : "fail",
      last,
      total: cells.reduce((sum, c) => sum + c.total, 0),
      successes: cells.reduce((sum, c) => sum + c.successes, 0),
      cells,
    };
  });
  const thresholds = config.slos.flatMap((s) => s.sli.type === "probe_latency" ? [s.sli.thresholdMs] : []);
  return {
    rows,
    failures: [...probes.failures],
    latencyObjectiveMs: thresholds.length === 0 ? null : Math.min(...thresholds),
  };
}

function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((n) => (total === 0 ? 0 : n / total));
}

function modelQuality(inputs: DashboardInputs, model: ModelInputs): ModelQualityView {
  const { span, now } = inputs;
  const config = model.config;
  const seen = new Set<string>();
  for (const bucket of model.history.buckets) if (bucket.label !== null) seen.add(bucket.label);
  const declared = config.prediction.classes ?? [];
  const classes = [...declared, ...[...seen].filter((c) => !declared.includes(c)).sort()];
  const buckets = Array.from({ length: span.buckets }, (_, i): QualityBucket => ({
    start: span.since + i * span.bucketMs,
    total: 0,
    byClass: classes.map(() => 0),
    withConfidence: 0,
    lowConfidence: 0,
    firstReceived: null,
  }));
  const confidence = CONFIDENCE_BUCKETS.map(() => 0);
  for (const row of model.history.buckets) {
    const bucket = buckets[row.index];
    if (bucket === undefined) continue;
    bucket.total += row.count;
    bucket.firstReceived = Math.min(bucket.firstReceived ?? Infinity, row.firstReceived);
    if (row.label !== null) bucket.byClass[classes.indexOf(row.label)]! += row.count;
    if (row.confidenceBucket !== null) {
      bucket.withConfidence += row.count;
      bucket.lowConfidence += row.lowConfidence;
      confidence[row.confidenceBucket]! += row.count;
    }
  }
  const rate = predictionRate(buckets, span, now);

  const referenceClass = model.reference?.outputs[OUTPUT_CLASS];
  const referenceConfidence = model.reference?.outputs[OUTPUT_CONFIDENCE];
  let referenceConfidenceShares: number[] | null = null;
  if (referenceConfidence?.type === "numeric" && referenceConfidence.sample.length > 0) {
    const counts = CONFIDENCE_BUCKETS.map(() => 0);
    for (const value of referenceConfidence.sample) counts[confidenceBucket(value)]!++;
    referenceConfidenceShares = shares(counts);
  }

  const withConfidence = buckets.reduce((sum, b) => sum + b.withConfidence, 0);
  const low = buckets.reduce((sum, b) => sum + b.lowConfidence, 0);
  const lowRatio = withConfidence === 0 ? null : low / withConfidence;
  const alertRatio = inputs.config.alerting.thresholds.lowConfidenceRatio;
  const accuracySlo = inputs.config.slos.find((s) =>
    s.sli.type === "accuracy" && s.sli.model === config.name
  );
  const objective = accuracySlo?.objective ?? null;
  const overall = model.stats.accuracy.overall;
  let accuracy = accuracyStatus(overall, objective);
  const freshness = accuracySlo?.sli.type === "accuracy" ? accuracySlo.sli.labelFreshnessMs : null;
  const lastLabelAt = model.stats.lastLabelAt;
  if (accuracy === "ok" && freshness !== null && lastLabelAt !== null && now - lastLabelAt > freshness) {
    accuracy = "warn";
  }
  return {
    model: config.name,
    kind: config.prediction.kind,
    classes,
    buckets,
    referenceClassShares: referenceClass?.type === "categorical" && referenceClass.count > 0
      ? classes.map((c) => (referenceClass.counts[c] ?? 0) / referenceClass.count)
      : null,
    rate,
    recordsAccepted: model.stats.recordsAccepted,
    confidence: {
      bounds: CONFIDENCE_BUCKETS,
      counts: confidence,
      total: confidence.reduce((a, b) => a + b, 0),
      reference: referenceConfidenceShares,
    },
    lowConfidence: {
      threshold: model.history.lowConfidenceThreshold,
      alertRatio,
      count: low,
      total: withConfidence,
      ratio: lowRatio,
      status: lowRatio === null ? "none" : lowRatio > alertRatio ? "warn" : "ok",
    },
    accuracy: {
      overall,
      labelled: model.stats.accuracy.labelled,
      window: model.stats.accuracy.window,
      objective,
      status: accuracy,
      lastLabelAt,
    },
    segments: model.history.segments.map((s) => {
      const value = s.labelled === 0 ? null : s.correct / s.labelled;
      return {
        segment: s.segment ?? "(none)",
        labelled: s.labelled,
        correct: s.correct,
        accuracy: value,
        status: accuracyStatus(value, objective),
      };
    }),
  };
}

const TEST_NAMES: Record<string, string> = {
  ks: "KS",
  psi: "PSI",
  wasserstein: "Wasserstein",
  chi2: "χ²",
  jensen_shannon: "Jensen–Shannon",
  unseen: "unseen share",
};

function driftColumn(column: ColumnReport): DriftColumnRow {
  const primaryName = column.type === "numeric" ? "ks" : "chi2";
  const primary = column.tests.find((t) => t.test === primaryName) ?? column.tests[0];
  return {
    name: column.name,
    kind: column.kind,
    type: column.type,
    test: primary === undefined ? "–" : TEST_NAMES[primary.test] ?? primary.test,
    statistic: primary?.statistic ?? null,
    pValue: primary?.pValue ?? null,
    adjustedPValue: column.adjustedPValue,
    others: column.tests.filter((t) => t !== primary).map((t) => ({
      test: TEST_NAMES[t.test] ?? t.test,
      statistic: t.statistic,
      severity: t.severity,
    })),
    n: column.n,
    severity: column.severity,
    status: column.status,
    histogram: column.histogram,
  };
}

function modelDrift(model: ModelInputs): ModelDriftView {
  const name = model.config.name;
  const report = model.latest?.report ?? model.preview;
  const preview = model.latest === null && model.preview !== null;
  const open = model.openWindow;
  const base = {
    model: name,
    hasReference: model.reference !== null,
    openWindow: open,
  };
  if (report === null) {
    return {
      ...base,
      status: "none",
      verdict: model.reference === null
        ? `no reference profile: POST one to /v1/models/${name}/reference`
        : "no predictions yet",
      window: null,
      dataset: null,
      conceptDriftPsi: null,
      columns: [],
    };
  }
  const dataset = report.dataset;
  const drifted = dataset.drifted;
  const verdict = preview
    ? `first window filling: ${open.n} of ${open.size} records (preview, not judged)`
    : dataset.severity === "none" || dataset.severity === "info"
    ? `no drift: ${dataset.tested} of ${dataset.features} features tested`
    : `${dataset.severity} drift: ${drifted} of ${
      dataset.tested + dataset.missing
    } features at warning or above${dataset.drift ? " (dataset drifted)" : ""}`;
  return {
    ...base,
    status: preview ? "none" : driftStatus(dataset.severity),
    verdict,
    window: {
      seq: model.latest?.seq ?? null,
      preview,
      n: report.window.n,
      start: report.window.start,
      end: report.window.end,
      reason: report.window.reason,
      minSamples: report.window.minSamples,
    },
    dataset,
    conceptDriftPsi: report.conceptDriftPsi,
    columns: [...report.features, ...report.outputs].map(driftColumn),
  };
}
