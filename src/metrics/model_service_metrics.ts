/**
 * The metrics a model service exports through `instrument()`: RED metrics under the names ML teams
 * already query (`ml_requests_total`, `ml_errors_total{error_type}`, `ml_request_duration_seconds`,
 * `ml_requests_in_progress`, labelled by model, endpoint and version), and the forwarding of sampled
 * predictions to Vigil. Declared once, here; the middleware only records.
 *
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { DEFAULT_LATENCY_BUCKETS_SECONDS } from "./buckets.ts";
import { METRIC } from "./names.ts";

/** Labels of every RED series. */
export interface RequestLabels {
  model: string;
  endpoint: string;
  version: string;
}

/** Outcomes of forwarded predictions. */
export type ForwardOutcome = "sent" | "dropped_queue_full" | "dropped_rejected" | "dropped_retries";

/** The model service's metric set. */
export interface ModelServiceMetrics {
  /** Counts a request in progress; call the returned function when it ends. */
  start(labels: RequestLabels): () => void;
  /** Records a finished request; `errorType` when it failed (`exception`, `http_503`, ...). */
  finish(labels: RequestLabels, seconds: number, errorType: string | null): void;
  /** Counts forwarded predictions by outcome. */
  forwarded(model: string, outcome: ForwardOutcome, count: number): void;
  /** Publishes the forwarding queue's length. */
  queueLength(model: string, length: number): void;
}

/** Options of {@linkcode createModelServiceMetrics}. */
export interface ModelServiceMetricsOptions {
  /** Upper bounds of `ml_request_duration_seconds` (default: Vigil's 5 ms to 10 s); keep them equal to
   * `instrumentation.latency_buckets` in vigil.yaml so latency SLO thresholds are exact buckets. */
  latencyBucketsSeconds?: readonly number[];
}

/**
 * Declares the model service's metrics on a registry.
 *
 * @param registry where to declare them (the service's own registry)
 * @param options bucket bounds
 * @returns the recording methods
 * @example
 * ```ts
 * import { Registry } from "prom-client";
 * import { createModelServiceMetrics } from "./model_service_metrics.ts";
 * import assert from "node:assert/strict";
 * const registry = new Registry();
 * const metrics = createModelServiceMetrics(registry);
 * const labels = { model: "m", endpoint: "/predict", version: "1" };
 * metrics.start(labels)();
 * metrics.finish(labels, 0.02, "http_503");
 * assert.match(await registry.metrics(), /ml_errors_total\{model="m",endpoint="\/predict",version="1",error_type="http_503"\} 1/);
 * ```
 */
export function createModelServiceMetrics(
  registry: Registry,
  options: ModelServiceMetricsOptions = {},
): ModelServiceMetrics {
  const registers = [registry];
  const labelNames = ["model", "endpoint", "version"] as const;
  const requests = new Counter({
    name: METRIC.requests,
    help: "Requests the model service answered, errors included.",
    labelNames,
    registers,
  });
  const errors = new Counter({
    name: METRIC.errors,
    help: "Requests that failed, by error type (exception, or http_<status> for 5xx answers).",
    labelNames: [...labelNames, "error_type"],
    registers,
  });
  const duration = new Histogram({
    name: METRIC.requestDuration,
    help: "Time from request to response, in seconds.",
    labelNames,
    buckets: [...(options.latencyBucketsSeconds ?? DEFAULT_LATENCY_BUCKETS_SECONDS)],
    registers,
  });
  const inProgress = new Gauge({
    name: METRIC.requestsInProgress,
    help: "Requests being served.",
    labelNames,
    registers,
  });
  const forwarded = new Counter({
    name: "ml_forwarded_predictions_total",
    help: "Predictions forwarded to Vigil's ingest, by outcome (sent, or dropped and why).",
    labelNames: ["model", "outcome"],
    registers,
  });
  const queue = new Gauge({
    name: "ml_forward_queue_length",
    help: "Predictions waiting to be forwarded to Vigil.",
    labelNames: ["model"],
    registers,
  });
  return {
    start(labels) {
      inProgress.inc(labels);
      return () => inProgress.dec(labels);
    },
    finish(labels, seconds, errorType) {
      requests.inc(labels);
      duration.observe(labels, seconds);
      if (errorType !== null) errors.inc({ ...labels, error_type: errorType });
    },
    forwarded(model, outcome, count) {
      forwarded.inc({ model, outcome }, count);
    },
    queueLength(model, length) {
      queue.set({ model }, length);
    },
  };
}
