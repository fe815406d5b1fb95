/**
 * Offline drift: two datasets in, one report out — the same tests and guards as the live windows, for
 * batch checks in CI (`deno task drift --reference ref.csv --current cur.csv`). Without a model
 * declaration the features are inferred from the reference: a column whose values are all numbers is
 * numeric, any other is categorical; `prediction` and `confidence` columns are the outputs.
 *
 * @module
 */
import type { FeatureType, ModelConfig } from "../config/types.ts";
import type { KsMethod } from "../stats/ks.ts";
import { defineModel } from "./model.ts";
import { OTHER_CATEGORY, ProfileBuilder, type ReferenceProfile } from "./profile.ts";
import { buildProfile, toProfileRow } from "./reference.ts";
import { type DriftReport, evaluateWindow } from "./report.ts";
import { RowError, type SourceRow } from "./rows.ts";
import type { WindowColumn, WindowData } from "./window.ts";

/** Rows looked at to infer column types. */
const INFER_ROWS = 1000;
/** Columns that are never features of an inferred model. */
const NOT_FEATURES = [
  "prediction",
  "confidence",
  "segment",
  "request_id",
  "timestamp",
  "model",
  "model_version",
];
/** A numeric prediction column with at most this many distinct values is taken as class labels. */
const MAX_NUMERIC_CLASSES = 20;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** Options of {@linkcode compareDatasets}. */
export interface CompareOptions {
  /** The model's declaration; inferred from the reference when absent. */
  model?: ModelConfig;
  /** Overrides the minimum number of values for a severity (default: the model's, 500). */
  minSamples?: number;
  /** Values kept per numeric column of the current dataset (default 100 000). */
  currentSampleSize?: number;
  /** KS method (default "auto"). */
  ksMethod?: KsMethod;
  /** The clock, epoch ms. */
  now?: number;
  /** How errors name the reference dataset (default `reference dataset`). */
  referenceName?: string;
}

/** The outcome of {@linkcode compareDatasets}. */
export interface Comparison {
  model: ModelConfig;
  report: DriftReport;
  reference: ReferenceProfile;
  /** Rows of the current dataset. */
  currentRows: number;
  /** Reference columns that were neither features nor outputs. */
  ignoredColumns: string[];
  /** Current columns that were neither features nor outputs. */
  currentIgnoredColumns: string[];
  /**
   * Inferred features left out because the reference has no value for them (a column never filled in):
   * nothing to compare with, so not judged. Always empty with a declared model, which refuses them.
   */
  emptyReferenceFeatures: string[];
}

/**
 * Infers a model declaration from the first rows of a dataset.
 *
 * @param name the model name to give it
 * @param rows sample rows (the first ones of the reference)
 * @param settings other declaration keys, as in YAML
 * @returns the declaration
 * @throws {RowError} when no feature column is found
 * @example
 * ```ts
 * import { inferModel } from "./offline.ts";
 * import assert from "node:assert/strict";
 * const rows = [{ index: 1, line: 2, text: true, values: { age: "31", city: "Oslo", prediction: "yes" } }];
 * const model = inferModel("offline", rows);
 * assert.deepEqual(model.features, [{ name: "age", type: "numeric" }, { name: "city", type: "categorical" }]);
 * assert.equal(model.prediction.kind, "classification");
 * ```
 */
export function inferModel(
  name: string,
  rows: readonly SourceRow[],
  settings: Record<string, unknown> = {},
): ModelConfig {
  const types = new Map<string, FeatureType>();
  const predictions = new Set<string>();
  let numericPredictions = true;
  let confidence = false;
  for (const row of rows) {
    const values = !row.text && typeof row.values.features === "object" && row.values.features !== null
      ? row.values.features as Record<string, unknown>
      : row.values;
    for (const [key, value] of Object.entries(values)) {
      if (NOT_FEATURES.includes(key)) continue;
      // One non-number makes a column categorical; an empty cell says nothing either way.
      const kind = valueKind(value, row.text);
      if (kind === "categorical") types.set(key, "categorical");
      else if (!types.has(key)) types.set(key, "numeric");
    }
    const prediction = row.values.prediction;
    const label = typeof prediction === "object" && prediction !== null
      ? (prediction as Record<string, unknown>).label ?? (prediction as Record<string, unknown>).value
      : prediction;
    if (label !== undefined && label !== null && label !== "") {
      predictions.add(String(label));
      if (valueKind(label, row.text) !== "numeric") numericPredictions = false;
    }
    if (
      row.values.confidence !== undefined || (typeof prediction === "object" && prediction !== null &&
        (prediction as Record<string, unknown>).confidence !== undefined)
    ) confidence = true;
  }
  if (types.size === 0) throw new RowError("Invalid dataset: no feature columns found");
  const features = Object.fromEntries(
    [...types].filter(([key]) => /^[A-Za-z0-9_.-]+$/.test(key)).map(([key, type]) => [key, type]),
  );
  const regression = predictions.size > 0 && numericPredictions && !confidence &&
    predictions.size > MAX_NUMERIC_CLASSES;
  return defineModel(name, features, {
    prediction: { kind: regression ? "regression" : "classification" },
    ...settings,
  });
}

function valueKind(value: unknown, text: boolean): "numeric" | "categorical" | undefined {
  if (value === null || value === undefined) return undefined;
  if (text) {
    const cell = String(value).trim();
    if (cell === "") return undefined;
    return NUMBER.test(cell) ? "numeric" : "categorical";
  }
  return typeof value === "number" ? "numeric" : "categorical";
}

/**
 * Compares a current dataset with a reference dataset and reports drift, as a live window would be.
 *
 * @param reference the reference rows
 * @param current the current rows
 * @param options the model (or inference), minimum size, sampling and KS method
 * @returns the report with the model it used
 * @throws {RowError} for rows that do not fit the model, or empty datasets
 * @example
 * ```ts
 * import { compareDatasets } from "./offline.ts";
 * import { readRows } from "./rows.ts";
 * import assert from "node:assert/strict";
 * const csv = (shift: number) =>
 *   "x\n" + Array.from({ length: 600 }, (_, i) => String((i % 100) + shift)).join("\n");
 * const rows = (text: string) => readRows(new Blob([text]).stream(), "csv", { maxBytes: 1e6 });
 * const { report } = await compareDatasets(rows(csv(0)), rows(csv(50)), { now: 0 });
 * assert.equal(report.features[0]?.severity, "critical");
 * ```
 */
export async function compareDatasets(
  reference: AsyncIterable<SourceRow>,
  current: AsyncIterable<SourceRow>,
  options: CompareOptions = {},
): Promise<Comparison> {
  const now = options.now ?? Date.now();
  const iterator = reference[Symbol.asyncIterator]();
  const head: SourceRow[] = [];
  while (head.length < INFER_ROWS) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
  }
  const inferred = options.model === undefined;
  const declared = options.model ?? inferModel("offline", head);
  // Offline there is one window, as large as the current dataset: only the minimum applies.
  let model: ModelConfig = {
    ...declared,
    window: {
      ...declared.window,
      size: Number.MAX_SAFE_INTEGER,
      minSamples: options.minSamples ?? declared.window.minSamples,
    },
  };
  async function* all(): AsyncGenerator<SourceRow> {
    yield* head;
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const built = await buildProfile(all(), model, {
    now,
    name: options.referenceName ?? "reference dataset",
    emptyFeatures: inferred ? "report" : "refuse",
  });
  const { profile, ignoredColumns, emptyFeatures } = built;
  if (emptyFeatures.length > 0) {
    // A column the reference never filled was guessed as a feature, not declared: leave it out, judge the rest.
    model = { ...model, features: model.features.filter((feature) => !emptyFeatures.includes(feature.name)) };
    for (const name of emptyFeatures) delete profile.features[name];
  }
  const sampleSize = options.currentSampleSize ?? 100_000;
  const builder = new ProfileBuilder({ ...model, reference: { ...model.reference, sampleSize } });
  const currentIgnored = new Set<string>();
  for await (const row of current) builder.add(toProfileRow(row, model, currentIgnored));
  if (builder.rows === 0) throw new RowError("Invalid current dataset: expected at least one row, got none");
  const window = windowFromProfile(builder.finish(now), now);
  const report = evaluateWindow(
    model,
    profile,
    window,
    options.ksMethod === undefined ? {} : { ksMethod: options.ksMethod },
  );
  return {
    model,
    report,
    reference: profile,
    currentRows: builder.rows,
    ignoredColumns,
    currentIgnoredColumns: [...currentIgnored].sort(),
    emptyReferenceFeatures: emptyFeatures,
  };
}

/** A whole dataset as one window: its sample per numeric column, its counts per categorical one. */
function windowFromProfile(profile: ReferenceProfile, now: number): WindowData {
  const columns = new Map<string, WindowColumn>();
  for (const [name, column] of [...Object.entries(profile.features), ...Object.entries(profile.outputs)]) {
    if (column.type === "numeric") {
      // When the sample is smaller than the column, missing values are scaled to it, so ratios stay true.
      const scale = column.count === 0 ? 1 : column.sample.length / column.count;
      columns.set(name, {
        type: "numeric",
        values: column.sample,
        missing: Math.round(column.missing * scale),
      });
    } else {
      const counts = new Map(Object.entries(column.counts));
      if (column.other > 0) counts.set(OTHER_CATEGORY, (counts.get(OTHER_CATEGORY) ?? 0) + column.other);
      columns.set(name, { type: "categorical", counts, missing: column.missing });
    }
  }
  return { model: profile.model, n: profile.rows, start: now, end: now, reason: "offline", columns };
}
