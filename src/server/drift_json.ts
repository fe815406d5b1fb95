/**
 * The JSON shapes of the drift API (snake_case, ISO times): `GET /v1/models/:model/drift`,
 * `GET /v1/models/:model/stats`, and the offline `drift --json` report, which prints the same shape.
 *
 * @module
 */
import type { LatestReport, ModelStats } from "../drift/engine.ts";
import type { ReferenceProfile } from "../drift/profile.ts";
import type { ColumnReport, DriftReport } from "../drift/report.ts";

/** A number for JSON: non-finite values become null rather than disappearing. */
function finite(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : value;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function columnJson(column: ColumnReport) {
  return {
    name: column.name,
    kind: column.kind,
    type: column.type,
    n: column.n,
    missing: column.missing,
    missing_ratio: column.missingRatio,
    status: column.status,
    severity: column.severity,
    p_value: finite(column.pValue),
    adjusted_p_value: finite(column.adjustedPValue),
    significant: column.significant,
    tests: column.tests.map((test) => ({
      test: test.test,
      statistic: finite(test.statistic),
      p_value: finite(test.pValue),
      severity: test.severity,
    })),
    histogram: column.histogram,
  };
}

/**
 * A window's drift report as the API serves it.
 *
 * @param report the report
 * @param seq the window number, when it came from the service
 * @returns the JSON shape
 */
export function driftReportJson(report: DriftReport, seq: number | null = null) {
  return {
    model: report.model,
    window: {
      seq,
      n: report.window.n,
      start: iso(report.window.start),
      end: iso(report.window.end),
      reason: report.window.reason,
      min_samples: report.window.minSamples,
      sufficient: report.window.sufficient,
    },
    reference: { rows: report.reference.rows, created_at: iso(report.reference.createdAt) },
    dataset: {
      features: report.dataset.features,
      tested: report.dataset.tested,
      missing: report.dataset.missing,
      drifted: report.dataset.drifted,
      drift_share: report.dataset.driftShare,
      threshold: report.dataset.threshold,
      drift: report.dataset.drift,
      significant: report.dataset.significant,
      alpha: report.dataset.alpha,
      severity: report.dataset.severity,
    },
    concept_drift_psi: finite(report.conceptDriftPsi),
    features: report.features.map(columnJson),
    outputs: report.outputs.map(columnJson),
  };
}

/**
 * The body of `GET /v1/models/:model/drift`.
 *
 * @param model the model name
 * @param latest its latest evaluated window, or null
 * @param openWindow records in the open window
 * @param hasReference whether a reference profile exists
 * @returns the JSON shape: the report, or why there is none yet
 */
export function latestDriftJson(
  model: string,
  latest: LatestReport | null,
  openWindow: number,
  hasReference: boolean,
) {
  if (latest !== null) return { ...driftReportJson(latest.report, latest.seq), open_window: openWindow };
  return {
    model,
    window: null,
    open_window: openWindow,
    message: hasReference
      ? "no window has been evaluated yet: it closes at window.size records or after window.max_age"
      : `no reference profile: POST one to /v1/models/${model}/reference`,
  };
}

/**
 * The body of `GET /v1/models/:model/stats`.
 *
 * @param stats the engine's stats
 * @param now the clock, for the label age
 * @returns the JSON shape
 */
export function modelStatsJson(stats: ModelStats, now: number) {
  return {
    model: stats.model,
    records_stored: stats.recordsStored,
    records_accepted: stats.recordsAccepted,
    windows_closed: stats.windowsClosed,
    windows_evaluated: stats.windowsEvaluated,
    open_window: stats.openWindow,
    labels_joined: stats.labelsJoined,
    labels_correct: stats.labelsCorrect,
    feedback_expired: stats.feedbackExpired,
    predictions_by_class: stats.predictionsByClass,
    low_confidence: { count: stats.lowConfidence, threshold: stats.lowConfidenceThreshold },
    confidence_histogram: stats.confidenceHistogram,
    accuracy: {
      window: stats.accuracy.window,
      labelled: stats.accuracy.labelled,
      overall: stats.accuracy.overall,
      by_segment: stats.accuracy.bySegment,
    },
    label_freshness: stats.lastLabelAt === null
      ? { last_label_at: null, age_seconds: null }
      : { last_label_at: iso(stats.lastLabelAt), age_seconds: Math.max(0, (now - stats.lastLabelAt) / 1000) },
    reference: stats.reference === null
      ? null
      : { rows: stats.reference.rows, created_at: iso(stats.reference.createdAt) },
  };
}

/**
 * A summary of an uploaded reference profile, as `POST /v1/models/:model/reference` answers.
 *
 * @param profile the profile
 * @param ignoredColumns columns that were not features or outputs
 * @returns the JSON shape
 */
export function referenceSummaryJson(profile: ReferenceProfile, ignoredColumns: string[]) {
  const columns = (entries: Record<string, ReferenceProfile["features"][string]>) =>
    Object.fromEntries(
      Object.entries(entries).map(([name, column]) => [
        name,
        column.type === "numeric"
          ? {
            type: "numeric",
            count: column.count,
            missing: column.missing,
            sample: column.sample.length,
            bins: column.binCounts.length,
          }
          : {
            type: "categorical",
            count: column.count,
            missing: column.missing,
            categories: Object.keys(column.counts).length,
          },
      ]),
    );
  return {
    model: profile.model,
    rows: profile.rows,
    created_at: iso(profile.createdAt),
    features: columns(profile.features),
    outputs: columns(profile.outputs),
    ignored_columns: ignoredColumns,
  };
}
