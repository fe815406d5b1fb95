/**
 * The drift report of one window: every feature's and output's tests, a severity per column that is
 * honest about noise, and a verdict for the whole dataset.
 *
 * Three guards keep the severities from firing on noise:
 * - a column with fewer values than the window minimum (default 500) is reported but stays at none, since
 *   with no drift at all D >= 0.1 happens in 66% of windows of 50 and 26% of windows of 100;
 * - p-values are corrected across the window's columns with Benjamini–Hochberg, and a column whose adjusted
 *   p-value is above the false discovery rate stays at none whatever its distances say: a sample that
 *   cannot be told from the reference has only noise to show (50 features tested at 5% without the
 *   correction would raise a false alarm in 92% of windows, and the normed Wasserstein distance of a
 *   feature with a few distinct values wanders near 0.1 on noise alone);
 * - PSI bins are the reference's frozen quantiles with a fixed epsilon (see detectors.ts).
 *
 * Missing values are judged apart from the distribution of the values present: a feature's share of
 * missing values is drifted only when it is significantly higher than the reference's (the `missing` test
 * of detectors.ts), in a window of at least the minimum size. Those p-values are corrected with
 * Benjamini–Hochberg as a family of their own, so that judging missingness does not dilute the
 * distribution tests' correction.
 *
 * @module
 */
import type { FeatureType, ModelConfig } from "../config/types.ts";
import { benjaminiHochberg } from "../stats/multiple_testing.ts";
import { psiFromCounts } from "../stats/psi.ts";
import {
  categoricalTests,
  type ColumnHistogram,
  type ColumnTests,
  missingTest,
  numericTests,
  type TestResult,
} from "./detectors.ts";
import type { KsMethod } from "../stats/ks.ts";
import {
  type FeatureProfile,
  OUTPUT_CLASS,
  OUTPUT_CONFIDENCE,
  OUTPUT_VALUE,
  type ReferenceProfile,
} from "./profile.ts";
import { maxSeverity, type Severity, severityRank } from "./severity.ts";
import type { WindowColumn, WindowData, WindowReason } from "./window.ts";

/** Why a column has, or has no, severity. */
export type ColumnStatus =
  /** Tested and judged. */
  | "ok"
  /** Tested, but under the minimum size: reported, never raised. */
  | "insufficient"
  /** Every value in the window was missing (its severity is then that of the missing-values test). */
  | "no_values"
  /** The reference has no values for it (e.g. a reference without predictions). */
  | "no_reference";

/** One feature's (or output's) part of the report. */
export interface ColumnReport {
  name: string;
  /** A model input, or one of its outputs (`output:class`, `output:confidence`, `output:value`). */
  kind: "feature" | "output";
  type: FeatureType;
  /** Values present in the window. */
  n: number;
  missing: number;
  /** missing / (n + missing). */
  missingRatio: number;
  status: ColumnStatus;
  tests: TestResult[];
  /** The column's p-value (KS or chi-square) before and after the Benjamini–Hochberg correction. */
  pValue: number | null;
  adjustedPValue: number | null;
  /** adjusted p-value <= alpha; null when not tested. */
  significant: boolean | null;
  /** The highest test severity, after the guards. */
  severity: Severity;
  histogram: ColumnHistogram | null;
}

/** The verdict over all input features. */
export interface DatasetVerdict {
  /** Declared features. */
  features: number;
  /** Features tested (status ok). */
  tested: number;
  /**
   * Features not tested (too few values, or none) whose share of missing values rose significantly above
   * the reference's, to warning or above: judged, and counted as drifted.
   */
  missing: number;
  /** Tested features at warning or above (by their values or their missing share), plus the missing ones. */
  drifted: number;
  /** drifted / (tested + missing) (0 when nothing was judged). */
  driftShare: number;
  /** The share at which the dataset counts as drifted. */
  threshold: number;
  /** driftShare >= threshold. */
  drift: boolean;
  /** Tested features significant after the correction. */
  significant: number;
  /** The false discovery rate. */
  alpha: number;
  /** The highest severity of any feature or output. */
  severity: Severity;
}

/** The report of one window. */
export interface DriftReport {
  model: string;
  window: {
    n: number;
    start: number;
    end: number;
    reason: WindowReason;
    minSamples: number;
    sufficient: boolean;
  };
  reference: { rows: number; createdAt: number };
  features: ColumnReport[];
  outputs: ColumnReport[];
  dataset: DatasetVerdict;
  /** PSI of the confidence (classifier), the value (regressor) or, without confidences, the class mix. */
  conceptDriftPsi: number | null;
}

/** Options of {@linkcode evaluateWindow}. */
export interface EvaluateOptions {
  /** KS p-value method (default "auto", as scipy). */
  ksMethod?: KsMethod;
}

/**
 * Tests a window against a reference profile.
 *
 * @param model the model's declaration: features, thresholds, minimum size, alpha
 * @param profile the reference profile
 * @param window the closed window
 * @param options the KS method
 * @returns the report
 * @example
 * ```ts
 * import { evaluateWindow } from "./report.ts";
 * import { defineModel } from "./model.ts";
 * import { numericProfile } from "./profile.ts";
 * import assert from "node:assert/strict";
 * const model = defineModel("m", { x: "numeric" }, { window: { size: 600 } });
 * const reference = { model: "m", createdAt: 0, rows: 1000, sampleSize: 10_000, bins: 10, outputs: {},
 *   features: { x: numericProfile(Array.from({ length: 1000 }, (_, i) => i), 1000, 0, 10) } };
 * const values = Float64Array.from({ length: 600 }, (_, i) => 400 + i);
 * const window = { model: "m", n: 600, start: 0, end: 1, reason: "size" as const,
 *   columns: new Map([["x", { type: "numeric" as const, values, missing: 0 }]]) };
 * const report = evaluateWindow(model, reference, window);
 * assert.equal(report.features[0]?.severity, "critical");
 * assert.equal(report.dataset.drift, true);
 * ```
 */
export function evaluateWindow(
  model: ModelConfig,
  profile: ReferenceProfile,
  window: WindowData,
  options: EvaluateOptions = {},
): DriftReport {
  const minSamples = model.window.minSamples;
  const column = (
    name: string,
    kind: "feature" | "output",
    type: FeatureType,
    reference: FeatureProfile | undefined,
  ) => testColumn(model, name, kind, type, reference, window.columns.get(name), options);

  const features = model.features.map((feature) =>
    column(feature.name, "feature", feature.type, profile.features[feature.name])
  );
  const outputs: ColumnReport[] = [];
  if (model.prediction.kind === "classification") {
    outputs.push(column(OUTPUT_CLASS, "output", "categorical", profile.outputs[OUTPUT_CLASS]));
    outputs.push(column(OUTPUT_CONFIDENCE, "output", "numeric", profile.outputs[OUTPUT_CONFIDENCE]));
  } else {
    outputs.push(column(OUTPUT_VALUE, "output", "numeric", profile.outputs[OUTPUT_VALUE]));
  }

  // One family per window: every judged column's p-value, features and outputs alike.
  const all = [...features, ...outputs];
  const tested = all.filter((c) => c.status === "ok" && c.pValue !== null);
  const { adjusted } = benjaminiHochberg(tested.map((c) => c.pValue!), { alpha: model.alpha });
  tested.forEach((c, i) => {
    c.adjustedPValue = adjusted[i]!;
    c.significant = adjusted[i]! <= model.alpha;
  });
  const values = (t: TestResult) => t.test !== "missing";
  for (const c of all) {
    const raw = maxSeverity(c.tests.filter(values).flatMap((t) => t.severity === null ? [] : [t.severity]));
    if (c.status !== "ok") c.severity = "none";
    else if (c.significant === false) c.severity = "none";
    else c.severity = raw;
  }
  // A feature lost on many more records than in the reference is a broken feature pipeline: the model's
  // inputs changed as surely as by any shift. Judged whether or not enough values are left to test.
  const missingTests = features.flatMap((c) => {
    const test = c.tests.find((t) => t.test === "missing");
    return test === undefined ? [] : [{ column: c, test }];
  });
  const missingAdjusted = benjaminiHochberg(missingTests.map(({ test }) => test.pValue!), {
    alpha: model.alpha,
  }).adjusted;
  const missingSeverity = new Map<ColumnReport, Severity>();
  missingTests.forEach(({ column, test }, i) => {
    if (missingAdjusted[i]! > model.alpha || test.severity === null) return;
    missingSeverity.set(column, test.severity);
    column.severity = maxSeverity([column.severity, test.severity]);
  });
  const atWarning = (severity: Severity | undefined) =>
    severity !== undefined && severityRank(severity) >= severityRank("warning");
  const missing = features.filter((c) => c.status !== "ok" && atWarning(missingSeverity.get(c)));

  const judged = features.filter((c) => c.status === "ok");
  const drifted = judged.filter((c) => severityRank(c.severity) >= severityRank("warning")).length +
    missing.length;
  const considered = judged.length + missing.length;
  const driftShare = considered === 0 ? 0 : drifted / considered;
  return {
    model: model.name,
    window: {
      n: window.n,
      start: window.start,
      end: window.end,
      reason: window.reason,
      minSamples,
      sufficient: window.n >= minSamples,
    },
    reference: { rows: profile.rows, createdAt: profile.createdAt },
    features,
    outputs,
    dataset: {
      features: features.length,
      tested: judged.length,
      missing: missing.length,
      drifted,
      driftShare,
      threshold: model.driftShare,
      drift: considered > 0 && driftShare >= model.driftShare,
      significant: judged.filter((c) => c.significant === true).length,
      alpha: model.alpha,
      severity: maxSeverity(all.map((c) => c.severity)),
    },
    conceptDriftPsi: conceptDriftPsi(outputs, profile, window),
  };
}

function testColumn(
  model: ModelConfig,
  name: string,
  kind: "feature" | "output",
  type: FeatureType,
  reference: FeatureProfile | undefined,
  column: WindowColumn | undefined,
  options: EvaluateOptions,
): ColumnReport {
  const n = column === undefined
    ? 0
    : column.type === "numeric"
    ? column.values.length
    : sum(column.counts.values());
  const missing = column?.missing ?? 0;
  const report: ColumnReport = {
    name,
    kind,
    type,
    n,
    missing,
    missingRatio: n + missing === 0 ? 0 : missing / (n + missing),
    status: "ok",
    tests: [],
    pValue: null,
    adjustedPValue: null,
    significant: null,
    severity: "none",
    histogram: null,
  };
  if (reference === undefined || referenceSize(reference) === 0) {
    report.status = "no_reference";
    return report;
  }
  // Missingness is judged on the window's rows, enough of them even when few values are left; a window
  // with nothing missing cannot be missing more than the reference.
  const missingRun = kind === "feature" && missing > 0 && n + missing >= model.window.minSamples &&
    reference.type === column?.type;
  const missingResult = missingRun
    ? [
      missingTest(
        { present: reference.count, missing: reference.missing },
        { present: n, missing },
        model.thresholds,
      ),
    ]
    : [];
  if (n === 0 || column === undefined) {
    report.status = "no_values";
    report.tests = missingResult;
    return report;
  }
  let tests: ColumnTests;
  if (reference.type === "numeric" && column.type === "numeric") {
    const which = name === OUTPUT_CONFIDENCE ? ["ks", "psi"] as const : undefined;
    tests = numericTests(reference, column.values, model.thresholds, {
      ...(which === undefined ? {} : { tests: which }),
      ...(options.ksMethod === undefined ? {} : { ksMethod: options.ksMethod }),
    });
  } else if (reference.type === "categorical" && column.type === "categorical") {
    tests = categoricalTests(reference, column.counts, model.thresholds);
  } else {
    // A stored profile from before the feature changed type: it cannot be compared.
    report.status = "no_reference";
    return report;
  }
  report.tests = [...tests.tests, ...missingResult];
  report.pValue = tests.pValue;
  report.histogram = tests.histogram;
  if (n < model.window.minSamples) report.status = "insufficient";
  return report;
}

function conceptDriftPsi(
  outputs: ColumnReport[],
  profile: ReferenceProfile,
  window: WindowData,
): number | null {
  for (const name of [OUTPUT_CONFIDENCE, OUTPUT_VALUE]) {
    const psi = outputs.find((c) => c.name === name)?.tests.find((t) => t.test === "psi");
    if (psi !== undefined) return psi.statistic;
  }
  const reference = profile.outputs[OUTPUT_CLASS];
  const column = window.columns.get(OUTPUT_CLASS);
  if (reference?.type !== "categorical" || column?.type !== "categorical" || column.counts.size === 0) {
    return null;
  }
  if (reference.count === 0) return null;
  const classes = [...new Set([...Object.keys(reference.counts), ...column.counts.keys()])];
  return psiFromCounts(
    classes.map((c) => reference.counts[c] ?? 0),
    classes.map((c) => column.counts.get(c) ?? 0),
  ).value;
}

function referenceSize(reference: FeatureProfile): number {
  return reference.type === "numeric" ? reference.sample.length : reference.count;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
