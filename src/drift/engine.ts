/**
 * The drift engine: ingest into the store and into each model's open window, reference profiles, window
 * evaluation, the ground-truth join, and the metrics and stats that come out of them. The server is one
 * consumer (routes call `ingest`, `feedback`, `setReference`, `report`, `stats`); tests drive it directly.
 *
 * Evaluating a window costs tens of milliseconds, so it runs after the ingest request has been answered
 * (`defer`), and at most once per `minEvaluationIntervalMs` per model. When windows close faster than
 * that (a window of 1000 at 20,000 records/s lasts 50 ms), only the newest waiting one is evaluated and
 * the ones it overtook are counted as skipped: the latest report is what alerts and dashboards show,
 * statistics cost the ingest path a bounded share of one core, and ingest never waits for them.
 *
 * @module
 */
import type { ModelConfig } from "../config/types.ts";
import type { DriftMetrics } from "../metrics/drift_metrics.ts";
import type { KsMethod } from "../stats/ks.ts";
import type {
  CounterDeltas,
  DriftStore,
  PredictionBucket,
  PredictionRow,
  SegmentOutcomes,
  StoredPrediction,
} from "../store/drift_store.ts";
import {
  OUTPUT_CLASS,
  OUTPUT_CONFIDENCE,
  OUTPUT_VALUE,
  profileFromJson,
  profileToJson,
  type ReferenceProfile,
} from "./profile.ts";
import { CONFIDENCE_BUCKETS, confidenceBucket, LabelCap, OTHER_LABEL, RollingAccuracy } from "./quality.ts";
import type { PredictionRecord } from "./record.ts";
import { type DriftReport, evaluateWindow } from "./report.ts";
import { type ClosedWindow, type CloseReason, WindowAccumulator } from "./window.ts";

/** The `segment` label of a model's overall accuracy. */
export const ALL_SEGMENTS = "all";

/** Options of {@linkcode DriftEngine}. */
export interface DriftEngineOptions {
  /** The declared models, by name. */
  models: Readonly<Record<string, ModelConfig>>;
  store: DriftStore;
  metrics: DriftMetrics;
  /** Wall clock, epoch ms (default Date.now). */
  clock?: () => number;
  /**
   * Runs a window evaluation `delayMs` later (default: a timer, so the ingest answer goes out first).
   * Tests pass `(run) => run()` to evaluate synchronously.
   */
  defer?: (run: () => void, delayMs: number) => void;
  /** Fewest milliseconds between two evaluations of one model's windows (default 1000). */
  minEvaluationIntervalMs?: number;
  /**
   * KS p-value method (default "asymp": scipy's finite-n Kolmogorov distribution, under a millisecond per
   * feature; "auto" would take the exact lattice path up to 10 000 values, up to 8 ms per drifted feature,
   * 190 ms for a window of 20 drifted features against 10k-row references, for p-values that only decide
   * whether a distance far above its threshold is real).
   */
  ksMethod?: KsMethod;
  /** Where evaluation failures are reported (default console.error). */
  log?: (line: string) => void;
}

/** The latest evaluated window of a model. */
export interface LatestReport {
  /** The window's number, 1, 2, 3, ... per model. */
  seq: number;
  report: DriftReport;
}

/** The outcome of a `POST /v1/feedback`. */
export type FeedbackOutcome =
  | { status: "joined"; model: string; correct: boolean; prediction: string | null }
  | { status: "unknown" }
  | { status: "expired"; model: string; ageMs: number }
  | { status: "duplicate"; model: string };

/** Counts and quality figures of one model, for `GET /v1/models/:model/stats`. */
export interface ModelStats {
  model: string;
  /** Records stored now (after retention) and accepted since the store was created. */
  recordsStored: number;
  recordsAccepted: number;
  windowsClosed: number;
  windowsEvaluated: number;
  /** Records in the open window. */
  openWindow: number;
  labelsJoined: number;
  labelsCorrect: number;
  feedbackExpired: number;
  predictionsByClass: Record<string, number>;
  lowConfidence: number;
  lowConfidenceThreshold: number;
  /** Count per confidence bucket, keyed by its upper bound. */
  confidenceHistogram: Record<string, number>;
  accuracy: {
    window: number;
    overall: number | null;
    labelled: number;
    bySegment: Record<string, number | null>;
  };
  /** When the last label arrived, epoch ms, or null. */
  lastLabelAt: number | null;
  reference: { rows: number; createdAt: number } | null;
}

/** A model's predictions over a time range, for dashboards. */
export interface PredictionHistory {
  /** Per time bucket (from the query's `since`), class and confidence bucket ({@linkcode CONFIDENCE_BUCKETS}). */
  buckets: PredictionBucket[];
  /** Labels that arrived in the range, per segment. */
  segments: SegmentOutcomes[];
  /** The model's low-confidence threshold the buckets' `lowConfidence` counts are below. */
  lowConfidenceThreshold: number;
}

/** The window still filling: how many records it holds, and at how many it closes. */
export interface OpenWindow {
  n: number;
  /** The size it closes at. */
  size: number;
  /** When its first record arrived, epoch ms; null while empty. */
  start: number | null;
}

interface Pending {
  closed: ClosedWindow;
  seq: number;
}

interface ModelState {
  model: ModelConfig;
  window: WindowAccumulator;
  profile: ReferenceProfile | null;
  latest: LatestReport | null;
  pending: Pending | null;
  scheduled: boolean;
  /** When the last evaluation started, performance.now() ms. */
  lastEvaluation: number;
  classes: LabelCap;
  segments: LabelCap;
  accuracy: RollingAccuracy;
  bySegment: Map<string, RollingAccuracy>;
  lastLabelAt: number | null;
  history: HistoryCache | null;
}

/**
 * Prediction buckets already complete, so a dashboard refreshing every second or two reads only the
 * newest bucket from the store: receive times come from this process's clock, so once a bucket has ended
 * no prediction can join it.
 */
interface HistoryCache {
  bucketMs: number;
  /** Rows by bucket number (receive time / bucketMs); their `index` is replaced when they are handed out. */
  complete: Map<number, PredictionBucket[]>;
  /** End of the complete buckets, epoch ms: the next read starts here. */
  completeUntil: number;
}

/** Thrown for a model that is not declared; the server answers 404. */
export class UnknownModelError extends Error {
  override name = "UnknownModelError";
}

/** The most class names a classifier without declared classes gets as `predicted_class` values. */
const MAX_CLASSES = 50;

/**
 * The drift engine of one Vigil process.
 *
 * @example
 * ```ts
 * import { DriftEngine } from "./engine.ts";
 * import { defineModel } from "./model.ts";
 * import { ProfileBuilder } from "./profile.ts";
 * import { openDriftStore } from "../store/drift_store.ts";
 * import { createDriftMetrics } from "../metrics/drift_metrics.ts";
 * import { Registry } from "prom-client";
 * import assert from "node:assert/strict";
 * const model = defineModel("m", { x: "numeric" }, { window: { size: 500 } });
 * const store = openDriftStore(":memory:");
 * const engine = new DriftEngine({ models: { m: model }, store, metrics: createDriftMetrics([new Registry()]),
 *   defer: (run) => run() });
 * const builder = new ProfileBuilder(model);
 * for (let i = 0; i < 1000; i++) builder.add({ features: { x: i % 100 }, label: "a", value: null, confidence: 0.9 });
 * engine.setReference("m", builder.finish(0));
 * const record = (x: number) => ({ model: "m", modelVersion: null, requestId: null, time: 0, segment: null,
 *   features: { x }, prediction: { label: "a", confidence: 0.9 } });
 * engine.ingest(Array.from({ length: 500 }, (_, i) => record(50 + (i % 50))));
 * assert.equal(engine.report("m")?.report.features[0]?.severity, "critical");
 * store.close();
 * ```
 */
export class DriftEngine {
  readonly #models: Readonly<Record<string, ModelConfig>>;
  readonly #store: DriftStore;
  readonly #metrics: DriftMetrics;
  readonly #clock: () => number;
  readonly #defer: (run: () => void, delayMs: number) => void;
  readonly #minInterval: number;
  readonly #ksMethod: KsMethod;
  readonly #log: (line: string) => void;
  readonly #states = new Map<string, ModelState>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;

  /**
   * Creates the engine and restores each model's state from the store: its reference profile, latest
   * report (published again on the drift gauges), rolling accuracy, and the open window (rebuilt from the records stored after the last closed
   * window, so a restart loses no record from the windows either).
   *
   * @param options models, store, metrics, clock and scheduling
   */
  constructor(options: DriftEngineOptions) {
    this.#models = options.models;
    this.#store = options.store;
    this.#metrics = options.metrics;
    this.#clock = options.clock ?? Date.now;
    this.#ksMethod = options.ksMethod ?? "asymp";
    this.#log = options.log ?? ((line) => console.error(line));
    this.#minInterval = options.minEvaluationIntervalMs ?? 1_000;
    this.#defer = options.defer ?? ((run, delayMs) => {
      const id = setTimeout(() => {
        this.#timers.delete(id);
        run();
      }, delayMs);
      this.#timers.add(id);
    });
    for (const model of Object.values(this.#models)) this.#restore(model);
  }

  /** The declared models' names. */
  models(): string[] {
    return Object.keys(this.#models);
  }

  /** The declared models, by name. */
  declarations(): Readonly<Record<string, ModelConfig>> {
    return this.#models;
  }

  /**
   * Stores a validated batch durably (one transaction), then feeds each model's window and metrics.
   *
   * @param records validated records of declared models
   * @returns the store ids of the records, in order
   */
  ingest(records: readonly PredictionRecord[]): number[] {
    const now = this.#clock();
    const counters: CounterDeltas = new Map();
    const classes: string[] = new Array(records.length);
    const rows: PredictionRow[] = records.map((record, i) => {
      const state = this.#state(record.model);
      const deltas = counters.get(record.model) ?? {};
      counters.set(record.model, deltas);
      const add = (name: string, by = 1) => deltas[name] = (deltas[name] ?? 0) + by;
      add("stored");
      add("accepted");
      const predictedClass = record.prediction.label === undefined
        ? ""
        : state.classes.get(record.prediction.label);
      classes[i] = predictedClass;
      if (record.prediction.label !== undefined) add(`class:${predictedClass}`);
      const confidence = record.prediction.confidence;
      if (confidence !== undefined) {
        add(`confidence:${confidenceBucket(confidence)}`);
        if (confidence < state.model.lowConfidence) add("low_confidence");
      }
      return {
        model: record.model,
        modelVersion: record.modelVersion,
        requestId: record.requestId,
        time: record.time,
        features: record.features,
        label: record.prediction.label ?? null,
        value: record.prediction.value ?? null,
        confidence: confidence ?? null,
        probabilities: record.prediction.probabilities ?? null,
        segment: record.segment,
      };
    });
    const ids = this.#store.insertPredictions(rows, now, counters);
    // Durable from here on: everything below is derived state a restart rebuilds.
    records.forEach((record, i) => {
      const state = this.#state(record.model);
      const confidence = record.prediction.confidence ?? null;
      this.#metrics.observePrediction(
        record.model,
        classes[i]!,
        confidence,
        confidence !== null && confidence < state.model.lowConfidence,
      );
      if (state.window.add(record, ids[i]!, now)) this.#closeWindow(state, now, "size");
    });
    for (const [model, deltas] of counters) this.#metrics.countIngested(model, deltas.accepted ?? 0);
    return ids;
  }

  /**
   * Closes every window that has outlived its time cap; the service calls it on a timer.
   *
   * @param now epoch ms (default the clock)
   * @returns how many windows were closed
   */
  tick(now: number = this.#clock()): number {
    let closed = 0;
    for (const state of this.#states.values()) {
      if (state.window.expired(now)) {
        this.#closeWindow(state, now, "max_age");
        closed++;
      }
    }
    return closed;
  }

  /**
   * Replaces a model's reference profile (stored durably first).
   *
   * @param model the model name
   * @param profile the new profile
   */
  setReference(model: string, profile: ReferenceProfile): void {
    const state = this.#state(model);
    this.#store.saveProfile(model, {
      createdAt: profile.createdAt,
      rows: profile.rows,
      profile: profileToJson(profile),
    });
    state.profile = profile;
  }

  /**
   * A model's reference profile.
   *
   * @param model the model name
   * @returns the profile, or null before one is uploaded
   */
  reference(model: string): ReferenceProfile | null {
    return this.#state(model).profile;
  }

  /**
   * The declaration of a model.
   *
   * @param model the model name
   * @returns its config
   * @throws {UnknownModelError} for an undeclared model
   */
  model(model: string): ModelConfig {
    return this.#state(model).model;
  }

  /**
   * A model's latest evaluated window.
   *
   * @param model the model name
   * @returns the report and window number, or null before the first evaluation
   */
  report(model: string): LatestReport | null {
    return this.#state(model).latest;
  }

  /**
   * Joins a ground-truth label to the prediction with this request id.
   *
   * @param requestId the prediction's request id
   * @param label the true class
   * @returns joined, or why not (unknown id, past the join TTL, already labelled)
   */
  feedback(requestId: string, label: string): FeedbackOutcome {
    const now = this.#clock();
    const target = this.#store.findPrediction(requestId);
    const state = target === null ? undefined : this.#states.get(target.model);
    if (target === null || state === undefined) {
      this.#metrics.countFeedbackUnmatched("unknown");
      return { status: "unknown" };
    }
    const ageMs = now - target.time;
    if (ageMs > state.model.joinTtlMs) {
      this.#metrics.countFeedbackUnmatched("expired");
      this.#store.addCounters(target.model, { feedback_expired: 1 });
      return { status: "expired", model: target.model, ageMs };
    }
    const correct = target.label !== null && target.label === label;
    if (
      target.truthTime !== null ||
      !this.#store.recordLabel(target.id, target.model, label, correct, now, {
        labels: 1,
        correct: correct ? 1 : 0,
      })
    ) {
      this.#metrics.countFeedbackUnmatched("duplicate");
      return { status: "duplicate", model: target.model };
    }
    this.#metrics.observeLabel(target.model, correct);
    this.#observeOutcome(state, correct, target.segment);
    state.lastLabelAt = now;
    return { status: "joined", model: target.model, correct, prediction: target.label };
  }

  /**
   * A model's counts and quality figures.
   *
   * @param model the model name
   * @returns the stats
   */
  stats(model: string): ModelStats {
    const state = this.#state(model);
    const counters = this.#store.counters(model);
    const windows = this.#store.windowCounts(model);
    const byPrefix = (prefix: string) =>
      Object.fromEntries(
        Object.entries(counters).filter(([name]) => name.startsWith(prefix)).map((
          [name, n],
        ) => [name.slice(prefix.length), n]),
      );
    const buckets = byPrefix("confidence:");
    const bySegment: Record<string, number | null> = {};
    for (const [segment, accuracy] of state.bySegment) bySegment[segment] = accuracy.value();
    return {
      model,
      recordsStored: counters.stored ?? 0,
      recordsAccepted: counters.accepted ?? 0,
      windowsClosed: windows.closed,
      windowsEvaluated: windows.evaluated,
      openWindow: state.window.n,
      labelsJoined: counters.labels ?? 0,
      labelsCorrect: counters.correct ?? 0,
      feedbackExpired: counters.feedback_expired ?? 0,
      predictionsByClass: byPrefix("class:"),
      lowConfidence: counters.low_confidence ?? 0,
      lowConfidenceThreshold: state.model.lowConfidence,
      confidenceHistogram: Object.fromEntries(
        Object.entries(buckets).map(([index, n]) => [String(CONFIDENCE_BUCKETS[Number(index)]), n]),
      ),
      accuracy: {
        window: state.model.accuracyWindow,
        overall: state.accuracy.value(),
        labelled: state.accuracy.count,
        bySegment,
      },
      lastLabelAt: state.lastLabelAt,
      reference: state.profile === null
        ? null
        : { rows: state.profile.rows, createdAt: state.profile.createdAt },
    };
  }

  /**
   * A model's predictions over a time range by receive time: class mix, confidences and labelled outcomes.
   *
   * @param model the model name
   * @param query the range [since, until), epoch ms, and the bucket width
   * @returns the counts
   */
  predictionHistory(
    model: string,
    query: { since: number; until: number; bucketMs: number },
  ): PredictionHistory {
    const state = this.#state(model);
    const { since, until, bucketMs } = query;
    const timeline = (from: number) =>
      this.#store.predictionTimeline(model, {
        since: from,
        until,
        bucketMs,
        confidenceBounds: CONFIDENCE_BUCKETS,
        lowConfidence: state.model.lowConfidence,
      });
    const segments = this.#store.segmentOutcomes(model, { since, until });
    const lowConfidenceThreshold = state.model.lowConfidence;
    if (!Number.isInteger(bucketMs) || since % bucketMs !== 0 || until % bucketMs !== 0) {
      return { buckets: timeline(since), segments, lowConfidenceThreshold };
    }
    let cache = state.history;
    if (cache === null || cache.bucketMs !== bucketMs || cache.completeUntil > until) {
      cache = { bucketMs, complete: new Map(), completeUntil: since };
      state.history = cache;
    }
    const first = since / bucketMs;
    for (const bucket of cache.complete.keys()) if (bucket < first) cache.complete.delete(bucket);
    const from = Math.max(since, cache.completeUntil);
    const current = Math.floor(this.#clock() / bucketMs);
    const fresh: PredictionBucket[] = [];
    for (const row of timeline(from)) {
      const bucket = from / bucketMs + row.index;
      if (bucket < current) {
        const rows = cache.complete.get(bucket) ?? [];
        rows.push(row);
        cache.complete.set(bucket, rows);
      } else {
        fresh.push({ ...row, index: bucket - first });
      }
    }
    cache.completeUntil = Math.max(from, Math.min(until, current * bucketMs));
    const buckets: PredictionBucket[] = [];
    for (const [bucket, rows] of [...cache.complete].sort((a, b) => a[0] - b[0])) {
      for (const row of rows) buckets.push({ ...row, index: bucket - first });
    }
    return { buckets: [...buckets, ...fresh], segments, lowConfidenceThreshold };
  }

  /**
   * A model's open window.
   *
   * @param model the model name
   * @returns how full it is
   */
  openWindow(model: string): OpenWindow {
    const state = this.#state(model);
    return {
      n: state.window.n,
      size: state.window.size,
      start: state.window.n > 0 ? state.window.start : null,
    };
  }

  /**
   * Evaluates the open window as it stands, without closing it: what the next report would say so far.
   * Costs as much as a window evaluation, so callers use it only while no window has been evaluated yet.
   *
   * @param model the model name
   * @param now the time of the snapshot, epoch ms (default the clock)
   * @returns the report (window reason `open`), or null without a reference or records
   */
  previewOpenWindow(model: string, now: number = this.#clock()): DriftReport | null {
    const state = this.#state(model);
    if (state.profile === null || state.window.n === 0) return null;
    return evaluateWindow(state.model, state.profile, state.window.snapshot(now), {
      ksMethod: this.#ksMethod,
    });
  }

  /** Cancels evaluations not yet run; the store stays open (its owner closes it). */
  close(): void {
    this.#closed = true;
    for (const id of this.#timers) clearTimeout(id);
    this.#timers.clear();
  }

  #state(model: string): ModelState {
    const state = this.#states.get(model);
    if (state === undefined) {
      const declared = Object.keys(this.#models);
      throw new UnknownModelError(
        `Unknown model "${model}" (${
          declared.length === 0 ? "no models are declared" : `declared: ${declared.join(", ")}`
        })`,
      );
    }
    return state;
  }

  #restore(model: ModelConfig): void {
    const classes = model.prediction.classes ?? [];
    const state: ModelState = {
      model,
      window: new WindowAccumulator(model),
      profile: null,
      latest: null,
      pending: null,
      scheduled: false,
      lastEvaluation: -Infinity,
      classes: new LabelCap(Math.max(MAX_CLASSES, classes.length), classes),
      segments: new LabelCap(model.maxSegments, []),
      accuracy: new RollingAccuracy(model.accuracyWindow),
      bySegment: new Map(),
      lastLabelAt: null,
      history: null,
    };
    this.#states.set(model.name, state);
    this.#metrics.initModel(model.name, classes);
    const stored = this.#store.loadProfile(model.name);
    if (stored !== null) state.profile = profileFromJson(stored.profile);
    const evaluated = this.#store.latestWindow(model.name, { evaluated: true });
    if (evaluated?.report) {
      state.latest = { seq: evaluated.seq, report: JSON.parse(evaluated.report) };
      // The gauges say what the API says: without them every restart would resolve the drift alerts
      // until the next window closes, up to window.max_age later. Only for the features and outputs still
      // declared: a feature removed from the config would otherwise keep its last severity, and its
      // alert, until the next restart.
      this.#publish(declaredOnly(state.latest.report, model));
    }
    const labels = this.#store.recentLabels(model.name, model.accuracyWindow);
    for (let i = labels.length - 1; i >= 0; i--) {
      this.#observeOutcome(state, labels[i]!.correct, labels[i]!.segment);
    }
    state.lastLabelAt = labels[0]?.truthTime ?? null;
    // The open window: every record after the last closed window, in order.
    let after = this.#store.latestWindow(model.name)?.lastId ?? 0;
    while (true) {
      const batch = this.#store.predictionsAfter(model.name, after, model.window.size);
      for (const row of batch) {
        if (state.window.add(fromStored(row), row.id, row.received)) {
          this.#closeWindow(state, row.received, "size");
        }
      }
      if (batch.length < model.window.size) break;
      after = batch[batch.length - 1]!.id;
    }
  }

  #observeOutcome(state: ModelState, correct: boolean, segment: string | null): void {
    state.accuracy.add(correct);
    this.#metrics.setAccuracy(state.model.name, ALL_SEGMENTS, state.accuracy.value());
    if (segment === null) return;
    // The overall series is segment="all": a segment of that name would be indistinguishable from it.
    const name = segment === ALL_SEGMENTS ? OTHER_LABEL : state.segments.get(segment);
    let accuracy = state.bySegment.get(name);
    if (accuracy === undefined) {
      accuracy = new RollingAccuracy(state.model.accuracyWindow);
      state.bySegment.set(name, accuracy);
    }
    accuracy.add(correct);
    this.#metrics.setAccuracy(state.model.name, name, accuracy.value());
  }

  #closeWindow(state: ModelState, now: number, reason: CloseReason): void {
    const closed = state.window.close(now, reason);
    const seq = this.#store.recordWindow({
      model: state.model.name,
      firstId: closed.firstId,
      lastId: closed.lastId,
      n: closed.data.n,
      start: closed.data.start,
      end: closed.data.end,
      reason,
    });
    if (state.profile === null) {
      this.#metrics.countWindow(state.model.name, "no_reference");
      return;
    }
    if (state.pending !== null) this.#metrics.countWindow(state.model.name, "skipped");
    state.pending = { closed, seq };
    if (state.scheduled) return;
    state.scheduled = true;
    const wait = Math.max(0, state.lastEvaluation + this.#minInterval - performance.now());
    this.#defer(() => this.#evaluatePending(state), wait);
  }

  #publish(report: DriftReport): void {
    this.#metrics.publishWindow(
      report.model,
      report.window.n,
      [...report.features, ...report.outputs].map((column) => ({
        feature: column.name,
        tests: column.tests,
        severity: column.severity,
        missingRatio: column.missingRatio,
      })),
      report.conceptDriftPsi,
    );
  }

  #evaluatePending(state: ModelState): void {
    state.scheduled = false;
    state.lastEvaluation = performance.now();
    const pending = state.pending;
    state.pending = null;
    if (pending === null || state.profile === null || this.#closed) return;
    const model = state.model.name;
    try {
      const report = evaluateWindow(state.model, state.profile, pending.closed.data, {
        ksMethod: this.#ksMethod,
      });
      state.latest = { seq: pending.seq, report };
      this.#store.setWindowReport(model, pending.seq, report.dataset.severity, JSON.stringify(report));
      this.#publish(report);
      this.#metrics.countWindow(model, "evaluated");
    } catch (error) {
      this.#log(
        `drift: window ${pending.seq} of model "${model}" could not be evaluated: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
}

/** A stored report cut to the columns a model declares now (its features, and its kind's outputs). */
function declaredOnly(report: DriftReport, model: ModelConfig): DriftReport {
  const features = new Set(model.features.map((feature) => feature.name));
  const outputs = new Set(
    model.prediction.kind === "classification" ? [OUTPUT_CLASS, OUTPUT_CONFIDENCE] : [OUTPUT_VALUE],
  );
  return {
    ...report,
    features: report.features.filter((column) => features.has(column.name)),
    outputs: report.outputs.filter((column) => outputs.has(column.name)),
  };
}

function fromStored(row: StoredPrediction): PredictionRecord {
  const prediction: PredictionRecord["prediction"] = {};
  if (row.label !== null) prediction.label = row.label;
  if (row.value !== null) prediction.value = row.value;
  if (row.confidence !== null) prediction.confidence = row.confidence;
  return {
    model: row.model,
    modelVersion: row.modelVersion,
    requestId: row.requestId,
    time: row.time,
    features: row.features,
    prediction,
    segment: row.segment,
  };
}
