/**
 * Validation of `POST /v1/predictions` batches. All or nothing: the first bad record stops the batch with
 * a message naming its index and field, so a client can fix it, and nothing of the batch is stored.
 * Numbers must be finite JSON numbers: a string such as "NaN", or a literal that overflows to Infinity
 * (1e999), is refused rather than coerced, since one such value would poison a window's statistics.
 *
 * @module
 */
import type { ModelConfig } from "../config/types.ts";
import type { FeatureValue, PredictionOutput, PredictionRecord } from "./record.ts";

/** Most records one batch may carry. */
export const MAX_BATCH_RECORDS = 10_000;
/** Longest accepted string for ids, versions, segments, categories and labels. */
export const MAX_TEXT = 256;
/** How far ahead of the server clock a timestamp may be (clock skew), in ms. */
export const MAX_FUTURE_MS = 5 * 60_000;

/** Why a batch was refused. */
export interface IngestProblem {
  /** 400 for a malformed batch, 404 for a model that is not declared. */
  status: 400 | 404;
  /** A sentence naming the record and field, e.g. `Invalid records[3].features.age: ...`. */
  message: string;
  /** Index of the offending record, when one is to blame. */
  index?: number;
  /** The field within it, e.g. `features.age`. */
  field?: string;
}

/** The outcome of {@linkcode validatePredictions}. */
export type IngestResult = { ok: true; records: PredictionRecord[] } | { ok: false; problem: IngestProblem };

/** Options of {@linkcode validatePredictions}. */
export interface ValidatePredictionsOptions {
  /** The server clock, epoch ms: the time of records without a timestamp, and the bound on future ones. */
  now: number;
  /** Most records per batch (default {@linkcode MAX_BATCH_RECORDS}). */
  maxRecords?: number;
}

class Invalid extends Error {
  constructor(readonly field: string, readonly detail: string, readonly status: 400 | 404 = 400) {
    super(detail);
  }
}

const RECORD_KEYS = [
  "model",
  "model_version",
  "request_id",
  "timestamp",
  "features",
  "prediction",
  "segment",
];
const PREDICTION_KEYS = ["label", "value", "confidence", "probabilities"];

/**
 * Validates a parsed batch: an array of records, or `{ "records": [...] }`.
 *
 * @param body the parsed JSON body
 * @param models the declared models, by name
 * @param options the clock and the batch cap
 * @returns the records, or the first problem
 * @example
 * ```ts
 * import { validatePredictions } from "./ingest.ts";
 * import { defineModel } from "./model.ts";
 * import assert from "node:assert/strict";
 * const models = { m: defineModel("m", { age: "numeric" }) };
 * const good = validatePredictions([{ model: "m", features: { age: 3 }, prediction: { label: "a" } }], models, { now: 0 });
 * assert.equal(good.ok, true);
 * const bad = validatePredictions([{ model: "m", features: { age: "NaN" }, prediction: { label: "a" } }], models, { now: 0 });
 * assert.equal(bad.ok, false);
 * if (!bad.ok) assert.equal(bad.problem.field, "features.age");
 * ```
 */
export function validatePredictions(
  body: unknown,
  models: Readonly<Record<string, ModelConfig>>,
  options: ValidatePredictionsOptions,
): IngestResult {
  const maxRecords = options.maxRecords ?? MAX_BATCH_RECORDS;
  let items: unknown;
  if (Array.isArray(body)) items = body;
  else if (isObject(body) && Object.keys(body).length === 1 && "records" in body) items = body.records;
  else {
    return problem(
      400,
      `Invalid body: expected a JSON array of records or { "records": [...] }, got ${kind(body)}`,
    );
  }
  if (!Array.isArray(items)) {
    return problem(400, `Invalid field "records": expected an array, got ${kind(items)}`);
  }
  if (items.length === 0) {
    return problem(400, `Invalid field "records": expected at least one record, got none`);
  }
  if (items.length > maxRecords) {
    return problem(
      400,
      `Invalid field "records": expected at most ${maxRecords} records, got ${items.length}`,
    );
  }
  const records: PredictionRecord[] = new Array(items.length);
  for (let index = 0; index < items.length; index++) {
    try {
      records[index] = validateRecord(items[index], models, options.now);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const at = error.field === "" ? `records[${index}]` : `records[${index}].${error.field}`;
      return {
        ok: false,
        problem: {
          status: error.status,
          message: error.status === 404 ? `${error.detail} at ${at}` : `Invalid ${at}: ${error.detail}`,
          index,
          ...(error.field === "" ? {} : { field: error.field }),
        },
      };
    }
  }
  return { ok: true, records };
}

function problem(status: 400 | 404, message: string): IngestResult {
  return { ok: false, problem: { status, message } };
}

function validateRecord(
  item: unknown,
  models: Readonly<Record<string, ModelConfig>>,
  now: number,
): PredictionRecord {
  if (!isObject(item)) throw new Invalid("", `expected an object, got ${kind(item)}`);
  for (const key of Object.keys(item)) {
    if (!RECORD_KEYS.includes(key)) {
      throw new Invalid(key, `unknown field (allowed: ${RECORD_KEYS.join(", ")})`);
    }
  }
  const name = item.model;
  if (typeof name !== "string" || name === "") {
    throw new Invalid("model", `expected a model name, got ${kind(name)}`);
  }
  const model = Object.hasOwn(models, name) ? models[name] : undefined;
  if (model === undefined) {
    const defined = Object.keys(models);
    throw new Invalid(
      "model",
      `Unknown model ${quote(name)} (${
        defined.length === 0 ? "no models are declared" : `declared: ${defined.join(", ")}`
      })`,
      404,
    );
  }
  return {
    model: name,
    modelVersion: optionalText(item.model_version, "model_version"),
    requestId: optionalText(item.request_id, "request_id"),
    time: timestamp(item.timestamp, now),
    features: features(item.features, model),
    prediction: prediction(item.prediction, model),
    segment: optionalText(item.segment, "segment"),
  };
}

function features(input: unknown, model: ModelConfig): Record<string, FeatureValue> {
  if (!isObject(input)) {
    throw new Invalid("features", `expected an object of feature values, got ${kind(input)}`);
  }
  const out: Record<string, FeatureValue> = {};
  for (const key of Object.keys(input)) {
    if (!model.features.some((feature) => feature.name === key)) {
      throw new Invalid(
        `features.${key}`,
        `unknown feature of model "${model.name}" (declared: ${
          model.features.map((f) => f.name).join(", ")
        })`,
      );
    }
  }
  for (const feature of model.features) {
    const value = input[feature.name];
    const field = `features.${feature.name}`;
    if (value === undefined || value === null) {
      out[feature.name] = null;
    } else if (feature.type === "numeric") {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new Invalid(field, `expected a finite number or null, got ${kind(value)}`);
      }
      out[feature.name] = value;
    } else {
      out[feature.name] = category(value, field);
    }
  }
  return out;
}

function category(value: unknown, field: string): string {
  if (typeof value === "string") {
    if (value.length > MAX_TEXT) {
      throw new Invalid(field, `expected at most ${MAX_TEXT} characters, got ${value.length}`);
    }
    return value;
  }
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new Invalid(field, `expected a category (a string, number or boolean) or null, got ${kind(value)}`);
}

function prediction(input: unknown, model: ModelConfig): PredictionOutput {
  if (!isObject(input)) {
    throw new Invalid("prediction", `expected an object with label or value, got ${kind(input)}`);
  }
  for (const key of Object.keys(input)) {
    if (!PREDICTION_KEYS.includes(key)) {
      throw new Invalid(`prediction.${key}`, `unknown field (allowed: ${PREDICTION_KEYS.join(", ")})`);
    }
  }
  const out: PredictionOutput = {};
  if (input.probabilities !== undefined && input.probabilities !== null) {
    const probabilities = input.probabilities;
    if (!isObject(probabilities) || Object.keys(probabilities).length === 0) {
      throw new Invalid(
        "prediction.probabilities",
        `expected an object of class probabilities, got ${kind(probabilities)}`,
      );
    }
    out.probabilities = {};
    for (const [label, p] of Object.entries(probabilities)) {
      out.probabilities[label] = probability(p, `prediction.probabilities.${label}`);
    }
  }
  if (input.confidence !== undefined && input.confidence !== null) {
    out.confidence = probability(input.confidence, "prediction.confidence");
  }
  if (model.prediction.kind === "classification") {
    const label = input.label;
    if (label === undefined || label === null) {
      throw new Invalid(
        "prediction.label",
        `expected the predicted class of classifier "${model.name}", got nothing`,
      );
    }
    out.label = category(label, "prediction.label");
    // A classifier that only sends probabilities still has a confidence: the probability of its answer.
    if (out.confidence === undefined && out.probabilities !== undefined) {
      const p = out.probabilities[out.label];
      if (p !== undefined) out.confidence = p;
    }
  } else {
    const value = input.value;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Invalid(
        "prediction.value",
        `expected the predicted value of regression model "${model.name}" as a finite number, got ${
          kind(value)
        }`,
      );
    }
    out.value = value;
  }
  return out;
}

function probability(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new Invalid(field, `expected a number from 0 to 1, got ${kind(value)}`);
  }
  return value;
}

function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value === "" || value.length > MAX_TEXT) {
    throw new Invalid(
      field,
      `expected a non-empty string of at most ${MAX_TEXT} characters, got ${kind(value)}`,
    );
  }
  return value;
}

// Before 1973 in ms, or after 5138 in s: a number this small is almost certainly seconds.
const SMALLEST_MS = 1e11;

function timestamp(value: unknown, now: number): number {
  if (value === undefined || value === null) return now;
  let ms: number;
  if (typeof value === "number" && Number.isFinite(value)) {
    if (value < SMALLEST_MS) {
      throw new Invalid(
        "timestamp",
        `expected epoch milliseconds or an ISO 8601 string, got ${value} (seconds?)`,
      );
    }
    ms = Math.floor(value);
  } else if (
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))
  ) {
    ms = Date.parse(value);
  } else {
    throw new Invalid("timestamp", `expected epoch milliseconds or an ISO 8601 string, got ${kind(value)}`);
  }
  if (ms > now + MAX_FUTURE_MS) {
    throw new Invalid(
      "timestamp",
      `expected a time no later than the server clock (+5 min), got ${new Date(ms).toISOString()}`,
    );
  }
  return ms;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Describes a JSON value for a message: strings quoted, others by kind. */
function kind(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "an array";
  return "an object";
}
