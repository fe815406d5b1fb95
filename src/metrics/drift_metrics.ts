/**
 * The drift engine's metrics (`ml_*` names ML teams already query, plus Vigil's own ingest counters),
 * declared once. Label values are bounded by the engine before they get here: models and features come
 * from the config, tests are a fixed set, classes and segments are capped (the rest are `other`).
 *
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { DRIFT_SEVERITY_VALUE, METRIC } from "./names.ts";

/** Upper bounds of the `ml_prediction_confidence` buckets; model thresholds are merged in. */
export const CONFIDENCE_BUCKETS: readonly number[] = [
  0.1,
  0.2,
  0.3,
  0.4,
  0.5,
  0.6,
  0.7,
  0.8,
  0.9,
  0.95,
  0.99,
  1,
];

/** One column of a window's report, as the gauges need it. */
export interface DriftColumnFigures {
  /** Feature name, or `output:class` / `output:confidence` / `output:value`. */
  feature: string;
  tests: { test: string; statistic: number; pValue: number | null }[];
  severity: keyof typeof DRIFT_SEVERITY_VALUE;
  missingRatio: number;
}

/** The drift engine's metric set. */
export interface DriftMetrics {
  /** Starts a model's counters at zero, so the first increase is visible to rate(). */
  initModel(model: string, classes: readonly string[]): void;
  /** Counts one prediction. `predictedClass` is already capped; confidence null when not sent. */
  observePrediction(
    model: string,
    predictedClass: string,
    confidence: number | null,
    lowConfidence: boolean,
  ): void;
  /** Counts one joined ground-truth label. */
  observeLabel(model: string, correct: boolean): void;
  /** Publishes rolling accuracy of a segment (already capped; `all` for the whole model), or removes it. */
  setAccuracy(model: string, segment: string, accuracy: number | null): void;
  /**
   * Publishes a window's report: scores, p-values, severities, missing ratios, sample count, concept PSI.
   * The model's series that the window no longer has (a feature removed from the config, a test that did
   * not run) are removed, so an alert on them can resolve.
   */
  publishWindow(
    model: string,
    samples: number,
    columns: readonly DriftColumnFigures[],
    conceptPsi: number | null,
  ): void;
  /** Counts accepted records. */
  countIngested(model: string, records: number): void;
  /** Counts a refused ingest request by reason (`invalid`, `unknown_model`, `too_large`, `unauthorized`). */
  countIngestRejected(reason: string): void;
  /** Counts feedback that joined nothing (`unknown`, `expired`, `duplicate`). */
  countFeedbackUnmatched(reason: string): void;
  /** Counts a closed window by outcome (`evaluated`, `skipped`, `no_reference`). */
  countWindow(model: string, outcome: string): void;
}

/** Options of {@linkcode createDriftMetrics}. */
export interface DriftMetricsOptions {
  /** Low-confidence thresholds of the models, made exact bucket bounds of `ml_prediction_confidence`. */
  confidenceThresholds?: readonly number[];
}

/**
 * Declares the drift engine's metrics on a registry.
 *
 * @param registers the registries to declare them on
 * @param options bucket bounds to merge in
 * @returns the recording methods
 * @example
 * ```ts
 * import { Registry } from "prom-client";
 * import { createDriftMetrics } from "./drift_metrics.ts";
 * import assert from "node:assert/strict";
 * const registry = new Registry();
 * const metrics = createDriftMetrics([registry]);
 * metrics.observePrediction("m", "yes", 0.4, true);
 * assert.match(await registry.metrics(), /ml_low_confidence_predictions_total\{model="m"\} 1/);
 * ```
 */
export function createDriftMetrics(registers: Registry[], options: DriftMetricsOptions = {}): DriftMetrics {
  const buckets = [...new Set([...CONFIDENCE_BUCKETS, ...(options.confidenceThresholds ?? [])])]
    .filter((bound) => bound > 0 && bound <= 1)
    .sort((a, b) => a - b);
  const predictions = new Counter({
    name: METRIC.predictions,
    help: "Predictions ingested, by predicted class (capped; the rest are other).",
    labelNames: ["model", "predicted_class"],
    registers,
  });
  const confidence = new Histogram({
    name: METRIC.predictionConfidence,
    help: "Confidence of ingested predictions.",
    labelNames: ["model"],
    buckets,
    registers,
  });
  const lowConfidence = new Counter({
    name: METRIC.lowConfidencePredictions,
    help: "Ingested predictions under the model's low-confidence threshold.",
    labelNames: ["model"],
    registers,
  });
  const labels = new Counter({
    name: METRIC.groundTruthLabels,
    help: "Ground-truth labels joined to a stored prediction.",
    labelNames: ["model"],
    registers,
  });
  const correct = new Counter({
    name: METRIC.groundTruthCorrect,
    help: "Joined ground-truth labels that equal the prediction.",
    labelNames: ["model"],
    registers,
  });
  const accuracy = new Gauge({
    name: METRIC.accuracyBySegment,
    help: "Accuracy over the last N labelled predictions, per segment (all: the whole model).",
    labelNames: ["model", "segment"],
    registers,
  });
  const score = new Gauge({
    name: METRIC.dataDriftScore,
    help:
      "Drift statistic of a feature in the latest window (KS D, PSI, normed Wasserstein, chi-square, JS, unseen share; test=missing: JS distance of its missing share from the reference's).",
    labelNames: ["model", "feature", "test"],
    registers,
  });
  const pValue = new Gauge({
    name: METRIC.dataDriftPvalue,
    help:
      "p-value of a feature's drift test (KS, chi-square; test=missing: chi-square on present/missing counts) in the latest window, before correction.",
    labelNames: ["model", "feature", "test"],
    registers,
  });
  const severity = new Gauge({
    name: METRIC.driftSeverity,
    help: "Drift severity of a feature in the latest window: 0 none, 1 info, 2 warning, 3 critical.",
    labelNames: ["model", "feature"],
    registers,
  });
  const samples = new Gauge({
    name: METRIC.driftWindowSamples,
    help: "Records in the latest closed drift window.",
    labelNames: ["model"],
    registers,
  });
  const conceptPsi = new Gauge({
    name: METRIC.conceptDriftPsi,
    help: "PSI of the model's output distribution (confidence, value or class mix) against the reference.",
    labelNames: ["model"],
    registers,
  });
  const missing = new Gauge({
    name: METRIC.featureMissingRatio,
    help: "Share of missing values of a feature in the latest window.",
    labelNames: ["model", "feature"],
    registers,
  });
  const ingested = new Counter({
    name: "vigil_ingested_predictions_total",
    help: "Prediction records accepted and durably stored.",
    labelNames: ["model"],
    registers,
  });
  const rejected = new Counter({
    name: "vigil_ingest_rejected_total",
    help: "Ingest requests refused, by reason.",
    labelNames: ["reason"],
    registers,
  });
  const unmatched = new Counter({
    name: "vigil_feedback_unmatched_total",
    help: "Feedback that joined no prediction, by reason (unknown id, expired, already labelled).",
    labelNames: ["reason"],
    registers,
  });
  const windows = new Counter({
    name: "vigil_drift_windows_total",
    help: "Drift windows closed, by outcome (evaluated, skipped when a newer one overtook it, no_reference).",
    labelNames: ["model", "outcome"],
    registers,
  });

  // The feature and feature×test series each model last published, to remove those a new window lacks.
  const published = new Map<string, { columns: Set<string>; scores: Set<string>; pValues: Set<string> }>();

  return {
    initModel(model, classes) {
      lowConfidence.inc({ model }, 0);
      labels.inc({ model }, 0);
      correct.inc({ model }, 0);
      ingested.inc({ model }, 0);
      for (const predictedClass of classes) predictions.inc({ model, predicted_class: predictedClass }, 0);
      for (const outcome of ["evaluated", "skipped", "no_reference"]) windows.inc({ model, outcome }, 0);
    },
    observePrediction(model, predictedClass, value, low) {
      predictions.inc({ model, predicted_class: predictedClass });
      if (value !== null) confidence.observe({ model }, value);
      if (low) lowConfidence.inc({ model });
    },
    observeLabel(model, isCorrect) {
      labels.inc({ model });
      if (isCorrect) correct.inc({ model });
    },
    setAccuracy(model, segment, value) {
      if (value === null) accuracy.remove({ model, segment });
      else accuracy.set({ model, segment }, value);
    },
    publishWindow(model, n, columns, psi) {
      samples.set({ model }, n);
      if (psi === null) conceptPsi.remove({ model });
      else conceptPsi.set({ model }, psi);
      const now = { columns: new Set<string>(), scores: new Set<string>(), pValues: new Set<string>() };
      for (const column of columns) {
        const labels = { model, feature: column.feature };
        severity.set(labels, DRIFT_SEVERITY_VALUE[column.severity]);
        missing.set(labels, column.missingRatio);
        now.columns.add(column.feature);
        for (const test of column.tests) {
          const withTest = { ...labels, test: test.test };
          const key = JSON.stringify([column.feature, test.test]);
          // An infinite statistic would flatten every dashboard scale; the p-value still tells the story.
          if (Number.isFinite(test.statistic)) {
            score.set(withTest, test.statistic);
            now.scores.add(key);
          }
          if (test.pValue !== null) {
            pValue.set(withTest, test.pValue);
            now.pValues.add(key);
          }
        }
      }
      const before = published.get(model);
      if (before !== undefined) {
        for (const feature of before.columns) {
          if (now.columns.has(feature)) continue;
          severity.remove({ model, feature });
          missing.remove({ model, feature });
        }
        const stale = (keys: Set<string>, kept: Set<string>, gauge: Gauge) => {
          for (const key of keys) {
            if (kept.has(key)) continue;
            const [feature, test] = JSON.parse(key) as [string, string];
            gauge.remove({ model, feature, test });
          }
        };
        stale(before.scores, now.scores, score);
        stale(before.pValues, now.pValues, pValue);
      }
      published.set(model, now);
    },
    countIngested(model, records) {
      ingested.inc({ model }, records);
    },
    countIngestRejected(reason) {
      rejected.inc({ reason });
    },
    countFeedbackUnmatched(reason) {
      unmatched.inc({ reason });
    },
    countWindow(model, outcome) {
      windows.inc({ model, outcome });
    },
  };
}
