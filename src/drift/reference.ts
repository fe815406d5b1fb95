/**
 * Turning dataset rows into a reference profile: each row typed against the model's declaration (CSV
 * text parsed by feature type), outputs read from `prediction` / `confidence` columns or a nested
 * `{ features, prediction }` object, and every problem named by row and column. Columns the model does
 * not declare (ids, the ground-truth label) are ignored and reported, since training exports carry them.
 *
 * @module
 */
import type { FeatureType, ModelConfig } from "../config/types.ts";
import {
  ProfileBuilder,
  type ProfileBuilderOptions,
  type ProfileRow,
  type ReferenceProfile,
} from "./profile.ts";
import type { FeatureValue } from "./record.ts";
import { RowError, type SourceRow } from "./rows.ts";

/** The keys a nested row may have. */
const NESTED_KEYS = [
  "features",
  "prediction",
  "segment",
  "model",
  "model_version",
  "request_id",
  "timestamp",
];
/** Flat columns that carry outputs or metadata, not features. */
const OUTPUT_COLUMNS = ["prediction", "confidence"];
const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** What {@linkcode buildProfile} read. */
export interface BuiltProfile {
  profile: ReferenceProfile;
  /** Columns present in the rows that are neither declared features nor outputs. */
  ignoredColumns: string[];
  /**
   * Declared features without a single value in the rows, sorted; empty unless `emptyFeatures: "report"`
   * (otherwise such a reference is refused).
   */
  emptyFeatures: string[];
}

/** Options of {@linkcode buildProfile}. */
export interface BuildProfileOptions extends ProfileBuilderOptions {
  /** The creation time stamped on the profile, epoch ms (default now). */
  now?: number;
  /** Most rows accepted (default unlimited); more is a RowError, not a silent cut. */
  maxRows?: number;
  /** Fewest rows accepted (default {@linkcode minReferenceRows} of the model). */
  minRows?: number;
  /**
   * What a declared feature without values does: `refuse` the reference (default: a declared feature must
   * be judged), or `report` it in {@linkcode BuiltProfile.emptyFeatures} and refuse only when no feature
   * has values (for features guessed from the file, where an empty column is no declaration).
   */
  emptyFeatures?: "refuse" | "report";
  /** How errors name the dataset (default `reference for model "NAME"`). */
  name?: string;
}

/**
 * The floor of {@linkcode minReferenceRows}: with `window.min_samples: 0` a reference still needs enough
 * rows to cut the PSI bins (10 by default) at distinct quantiles and give each bin a few values, so that
 * a single row cannot put every feature at D = 1.
 */
export const MIN_REFERENCE_ROWS = 100;

/**
 * The fewest rows a model's reference must have: its window minimum (`window.min_samples`, 500 by
 * default), and at least {@linkcode MIN_REFERENCE_ROWS}. The reference sample enters the KS distance,
 * the normed Wasserstein distance and the PSI bins just as the window's does, so a reference smaller
 * than the smallest window the model judges makes noise look like drift: against a 1-row reference an
 * ordinary window is at KS D = 1, critical.
 *
 * @param model the model's declaration
 * @returns the minimum number of rows
 * @example
 * ```ts
 * import { minReferenceRows } from "./reference.ts";
 * import { defineModel } from "./model.ts";
 * import assert from "node:assert/strict";
 * assert.equal(minReferenceRows(defineModel("m", { x: "numeric" })), 500);
 * ```
 */
export function minReferenceRows(model: ModelConfig): number {
  return Math.max(model.window.minSamples, MIN_REFERENCE_ROWS);
}

/**
 * Types one dataset row against a model's declaration.
 *
 * @param row the row as read
 * @param model the declaration
 * @param ignored collects undeclared column names
 * @returns the typed row
 * @throws {RowError} naming the row and column of a value that does not fit
 * @example
 * ```ts
 * import { toProfileRow } from "./reference.ts";
 * import { defineModel } from "./model.ts";
 * import assert from "node:assert/strict";
 * const model = defineModel("m", { age: "numeric", city: "categorical" });
 * const row = toProfileRow({ index: 1, line: 2, text: true, values: { age: "31", city: "", prediction: "yes" } }, model);
 * assert.deepEqual(row, { features: { age: 31, city: null }, label: "yes", value: null, confidence: null });
 * ```
 */
export function toProfileRow(
  row: SourceRow,
  model: ModelConfig,
  ignored: Set<string> = new Set(),
): ProfileRow {
  const where = row.text ? `row ${row.index} (line ${row.line})` : `row ${row.index}`;
  const nested = !row.text && typeof row.values.features === "object" && row.values.features !== null;
  let features: Record<string, unknown>;
  let output: Record<string, unknown>;
  if (nested) {
    for (const key of Object.keys(row.values)) if (!NESTED_KEYS.includes(key)) ignored.add(key);
    features = row.values.features as Record<string, unknown>;
    const prediction = row.values.prediction;
    output = typeof prediction === "object" && prediction !== null
      ? prediction as Record<string, unknown>
      : { label: prediction };
  } else {
    features = row.values;
    const prediction = row.values.prediction;
    output = typeof prediction === "object" && prediction !== null
      ? prediction as Record<string, unknown>
      : model.prediction.kind === "classification"
      ? { label: prediction, confidence: row.values.confidence }
      : { value: prediction, confidence: row.values.confidence };
  }
  const declared = new Set(model.features.map((feature) => feature.name));
  for (const key of Object.keys(features)) {
    if (!declared.has(key) && (nested || !OUTPUT_COLUMNS.includes(key))) {
      ignored.add(nested ? `features.${key}` : key);
    }
  }
  const typed: Record<string, FeatureValue> = {};
  for (const feature of model.features) {
    typed[feature.name] = typedValue(
      features[feature.name],
      feature.type,
      row.text,
      () => `${where}, column "${feature.name}"`,
    );
  }
  const label = typedValue(output.label, "categorical", row.text, () => `${where}, column "prediction"`);
  const value = typedValue(output.value, "numeric", row.text, () => `${where}, column "prediction"`);
  const confidence = typedValue(
    output.confidence,
    "numeric",
    row.text,
    () => `${where}, column "confidence"`,
  );
  if (typeof confidence === "number" && (confidence < 0 || confidence > 1)) {
    throw new RowError(
      `Invalid ${where}, column "confidence": expected a number from 0 to 1, got ${confidence}`,
    );
  }
  return {
    features: typed,
    label: label === null ? null : String(label),
    value: typeof value === "number" ? value : null,
    confidence: typeof confidence === "number" ? confidence : null,
  };
}

function typedValue(raw: unknown, type: FeatureType, text: boolean, where: () => string): FeatureValue {
  if (raw === undefined || raw === null) return null;
  if (text) {
    const cell = String(raw).trim();
    // An empty cell is how pandas and spreadsheets write a missing value.
    if (cell === "") return null;
    if (type === "categorical") return cell;
    const value = NUMERIC.test(cell) ? Number(cell) : NaN;
    if (!Number.isFinite(value)) {
      throw new RowError(`Invalid ${where()}: expected a finite number, got "${cell}"`);
    }
    return value;
  }
  if (type === "numeric") {
    if (typeof raw !== "number" || !Number.isFinite(raw)) {
      throw new RowError(`Invalid ${where()}: expected a finite number or null, got ${JSON.stringify(raw)}`);
    }
    return raw;
  }
  if (
    typeof raw === "string" || typeof raw === "boolean" || (typeof raw === "number" && Number.isFinite(raw))
  ) {
    return String(raw);
  }
  throw new RowError(
    `Invalid ${where()}: expected a category (string, number or boolean), got ${JSON.stringify(raw)}`,
  );
}

/**
 * Builds a model's reference profile from rows as they stream in.
 *
 * @param rows the dataset rows
 * @param model the model's declaration
 * @param options creation time, row cap, random source
 * @returns the profile and the columns that were ignored
 * @throws {RowError} for a row that does not fit, a declared feature without values, or fewer rows
 *   than the minimum
 * @example
 * ```ts
 * import { buildProfile } from "./reference.ts";
 * import { readRows } from "./rows.ts";
 * import { defineModel } from "./model.ts";
 * import assert from "node:assert/strict";
 * const csv = "age,id\n" + Array.from({ length: 500 }, (_, i) => `${i},${i}`).join("\n");
 * const rows = readRows(new Blob([csv]).stream(), "csv", { maxBytes: 1e6 });
 * const { profile, ignoredColumns } = await buildProfile(rows, defineModel("m", { age: "numeric" }), { now: 0 });
 * assert.equal(profile.rows, 500);
 * assert.deepEqual(ignoredColumns, ["id"]);
 * ```
 */
export async function buildProfile(
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>,
  model: ModelConfig,
  options: BuildProfileOptions = {},
): Promise<BuiltProfile> {
  const builder = new ProfileBuilder(model, options);
  const ignored = new Set<string>();
  const maxRows = options.maxRows ?? Infinity;
  for await (const row of rows) {
    if (builder.rows >= maxRows) throw new RowError(`Too many rows: expected at most ${maxRows}`);
    builder.add(toProfileRow(row, model, ignored));
  }
  if (builder.rows === 0) throw new RowError("Invalid dataset: expected at least one row, got none");
  const profile = builder.finish(options.now ?? Date.now());
  const ignoredColumns = [...ignored].sort();
  const emptyFeatures = checkProfile(profile, model, ignoredColumns, {
    minRows: options.minRows ?? minReferenceRows(model),
    name: options.name ?? `reference for model "${model.name}"`,
    refuseEmpty: (options.emptyFeatures ?? "refuse") === "refuse",
  });
  return { profile, ignoredColumns, emptyFeatures };
}

/**
 * Refuses a reference that could not judge every declared feature: a renamed column in a training
 * export would otherwise replace a good reference and silently turn that feature's drift detection off.
 * With `refuseEmpty` off, only a reference without values for any feature is refused, and the empty ones
 * are returned.
 */
function checkProfile(
  profile: ReferenceProfile,
  model: ModelConfig,
  ignoredColumns: readonly string[],
  options: { minRows: number; name: string; refuseEmpty: boolean },
): string[] {
  const empty = model.features.filter((feature) => (profile.features[feature.name]?.count ?? 0) === 0)
    .map((feature) => feature.name);
  const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(", ");
  if (empty.length > 0 && (options.refuseEmpty || empty.length === model.features.length)) {
    const found = ignoredColumns.length === 0 ? "" : ` (undeclared columns found: ${quoted(ignoredColumns)})`;
    throw new RowError(
      options.refuseEmpty
        ? `Invalid ${options.name}: no values for declared feature${empty.length === 1 ? "" : "s"} ${
          quoted(empty)
        }${found}`
        : `Invalid ${options.name}: no values in any of its feature columns (${quoted(empty)})${found}`,
    );
  }
  if (profile.rows < options.minRows) {
    throw new RowError(
      `Invalid ${options.name}: expected at least ${options.minRows} rows, got ${profile.rows}: against fewer, ordinary windows look drifted`,
    );
  }
  return options.refuseEmpty ? [] : empty.sort();
}
