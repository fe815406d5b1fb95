/**
 * The demo's simulated model drift: how a stale model behind a broken feature pipeline misbehaves.
 *
 * @module
 */
import { logScores, type NaiveBayesModel, posterior, type Prediction } from "./naive_bayes.ts";
import { tokenize } from "./tokenize.ts";

/** Knobs of {@linkcode predictDrifted}; the defaults make golden-answer probes fail visibly. */
export interface DriftOptions {
  /** Random source in [0, 1); Math.random unless given. */
  random?: () => number;
  /** Share of input tokens lost before scoring; 0.3 unless given. */
  dropRate?: number;
  /** The class the skewed prior favours; "negative" unless given. */
  biasToward?: string;
  /** Log-odds added to that class; 2 unless given. */
  bias?: number;
  /** Softmax temperature; 4 unless given. */
  temperature?: number;
  /** Called with the tokens the model scored, after the drop: the features a monitor sees drift in. */
  onTokens?: (tokens: readonly string[]) => void;
}

/**
 * Classifies a text the way a drifted deployment of the model would.
 *
 * Three realistic failures are layered, each one a shift a monitor should catch:
 * - input drift: an upstream preprocessing bug loses a share of the words, so the features the model
 *   sees no longer match what it was trained on;
 * - prior shift: the class prior was re-estimated on a skewed window (a week of complaints), so every
 *   prediction leans toward one class and the predicted-class distribution moves;
 * - calibration loss: scores pass through a wrong temperature, flattening the posterior, so confidence
 *   drops and min-confidence probes fail.
 *
 * @param model the healthy model
 * @param text the raw text
 * @param options the drift knobs and random source
 * @returns the drifted prediction
 * @example
 * ```ts
 * import { predictDrifted } from "./drift.ts";
 * import { predict, train } from "./naive_bayes.ts";
 * import assert from "node:assert/strict";
 * const model = train([
 *   { text: "great, love it", label: "positive" },
 *   { text: "awful, broke", label: "negative" },
 * ]);
 * const healthy = predict(model, "great, love it");
 * const drifted = predictDrifted(model, "great, love it", { random: () => 0.99 });
 * assert.ok(drifted.confidence < healthy.confidence);
 * ```
 */
export function predictDrifted<L extends string>(
  model: NaiveBayesModel<L>,
  text: string,
  options: DriftOptions = {},
): Prediction<L> {
  const random = options.random ?? Math.random;
  const dropRate = options.dropRate ?? 0.3;
  const biasToward = options.biasToward ?? "negative";
  const bias = options.bias ?? 2;
  const tokens = tokenize(text).filter(() => random() >= dropRate);
  options.onTokens?.(tokens);
  const scores = logScores(model, tokens);
  for (const label of model.labels) {
    if (label === biasToward) scores[label] += bias;
  }
  return posterior(model, scores, { temperature: options.temperature ?? 4 });
}
