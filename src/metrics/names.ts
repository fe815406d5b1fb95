/**
 * Names and labels of the metrics that generated rules and dashboards query. Vigil's own metrics are
 * defined in registry.ts; the `ml_*` ones come from the instrumented model service (`instrument()`) and
 * the drift engine, which must export them under exactly these names and labels for the SLOs and alerts
 * to see them. Kept dependency-free so pure generators can import it.
 *
 * @module
 */

/** Metrics and the labels the generated PromQL relies on. */
export const METRIC = {
  // Vigil's probes (registry.ts), blackbox_exporter names where one exists.
  /** Gauge {probe, target}: the last run passed (1) or failed (0). */
  probeSuccess: "probe_success",
  /** Gauge {probe, target}: duration of the last run. */
  probeDuration: "probe_duration_seconds",
  /** Gauge {probe, target}: HTTP status of the last run. */
  probeStatus: "probe_http_status_code",
  /** Gauge {probe, target}: expiry (epoch s) of the earliest certificate; blackbox_exporter's name. */
  probeSslExpiry: "probe_ssl_earliest_cert_expiry",
  /** Counter {probe, target, result="success"|"failure"}: the availability SLI. */
  probeRuns: "vigil_probe_runs_total",
  /** Histogram {probe, target, result}: the probe latency SLI. */
  probeDurationHistogram: "vigil_probe_duration_seconds",

  // The instrumented model service (instrument()): RED metrics.
  /** Counter {model, endpoint, version}: every request, errors included. */
  requests: "ml_requests_total",
  /** Counter {model, endpoint, version, error_type}: requests that failed. */
  errors: "ml_errors_total",
  /** Histogram {model, endpoint, version}: request latency in seconds. */
  requestDuration: "ml_request_duration_seconds",
  /** Gauge {model, endpoint}: requests being served. */
  requestsInProgress: "ml_requests_in_progress",

  // The drift engine: predictions, quality and drift.
  /** Counter {model, predicted_class}. */
  predictions: "ml_predictions_total",
  /** Histogram {model}: prediction confidence. */
  predictionConfidence: "ml_prediction_confidence",
  /** Counter {model}: predictions under the model's confidence threshold. */
  lowConfidencePredictions: "ml_low_confidence_predictions_total",
  /** Counter {model}: ground-truth labels joined to a stored prediction; the accuracy SLI's total. */
  groundTruthLabels: "ml_ground_truth_labels_total",
  /** Counter {model}: joined labels that equal the prediction; the accuracy SLI's good events. */
  groundTruthCorrect: "ml_ground_truth_correct_total",
  /** Gauge {model, segment}: rolling accuracy over the last N labelled predictions. */
  accuracyBySegment: "ml_accuracy_by_segment",
  /** Gauge {model, feature, test}: drift statistic of the latest window. */
  dataDriftScore: "ml_data_drift_score",
  /** Gauge {model, feature, test}: p-value of the drift test of the latest window. */
  dataDriftPvalue: "ml_data_drift_pvalue",
  /** Gauge {model, feature}: 0 none, 1 info, 2 warning, 3 critical, for the latest window. */
  driftSeverity: "ml_drift_severity",
  /** Gauge {model}: samples in the latest drift window. */
  driftWindowSamples: "ml_drift_window_samples",
  /** Gauge {model}: PSI of the prediction (confidence) distribution against the reference. */
  conceptDriftPsi: "ml_concept_drift_psi",
  /** Gauge {model, feature}: share of missing values in the latest window. */
  featureMissingRatio: "ml_feature_missing_ratio",
} as const;

/** The numeric value `ml_drift_severity` reports for each severity. */
export const DRIFT_SEVERITY_VALUE = { none: 0, info: 1, warning: 2, critical: 3 } as const;
