/**
 * Multinomial naive Bayes text classifier: Laplace-smoothed word counts, log-space scoring, and a
 * softmax posterior whose top probability is reported as the confidence.
 *
 * @module
 */
import { tokenize } from "./tokenize.ts";

/** One labelled training text. */
export interface Example<L extends string = string> {
  /** The raw text. */
  text: string;
  /** Its class. */
  label: L;
}

/** A trained model; treat it as immutable. */
export interface NaiveBayesModel<L extends string = string> {
  /**
   * `nb-` and a hash of the fitted counts and smoothing: it changes whenever the corpus or the tokenizer
   * changes what the model learns, and only then.
   */
  readonly version: string;
  /** The classes, sorted, so ties and output order never depend on corpus order. */
  readonly labels: readonly L[];
  /** log P(label), aligned with `labels`. */
  readonly logPriors: readonly number[];
  /** log P(token | label) for every training token, each array aligned with `labels`. */
  readonly logLikelihoods: ReadonlyMap<string, readonly number[]>;
}

/** A classification with its posterior. */
export interface Prediction<L extends string = string> {
  /** The most probable class. */
  label: L;
  /** The posterior probability of `label`. */
  confidence: number;
  /** The posterior probability of every class; they sum to 1. */
  probabilities: Record<L, number>;
}

/** Options for {@linkcode train}. */
export interface TrainOptions {
  /** Additive (Laplace) smoothing; 1 unless given. */
  alpha?: number;
}

/** Options for {@linkcode posterior}. */
export interface PosteriorOptions {
  /** Softmax temperature; above 1 flattens the posterior toward uniform. */
  temperature?: number;
}

/**
 * Trains a multinomial naive Bayes model on labelled texts.
 *
 * @param examples the training set; at least one
 * @param options the smoothing
 * @returns the trained model
 * @example
 * ```ts
 * import { predict, train } from "./naive_bayes.ts";
 * import assert from "node:assert/strict";
 * const model = train([
 *   { text: "great product", label: "positive" },
 *   { text: "awful product", label: "negative" },
 * ]);
 * assert.deepEqual(model.labels, ["negative", "positive"]);
 * assert.equal(predict(model, "great").label, "positive");
 * ```
 */
export function train<L extends string>(
  examples: readonly Example<L>[],
  options: TrainOptions = {},
): NaiveBayesModel<L> {
  const alpha = options.alpha ?? 1;
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new RangeError(`Invalid alpha "${alpha}": expected a positive number`);
  }
  if (examples.length === 0) throw new RangeError(`Invalid examples "[]": expected at least one`);

  const labels = [...new Set(examples.map((example) => example.label))].sort();
  const index = new Map(labels.map((label, i) => [label, i]));
  const documents = labels.map(() => 0);
  const totals = labels.map(() => 0);
  const counts = new Map<string, number[]>();
  for (const example of examples) {
    const i = index.get(example.label) ?? 0;
    documents[i] = (documents[i] ?? 0) + 1;
    for (const token of tokenize(example.text)) {
      let row = counts.get(token);
      if (row === undefined) {
        row = labels.map(() => 0);
        counts.set(token, row);
      }
      row[i] = (row[i] ?? 0) + 1;
      totals[i] = (totals[i] ?? 0) + 1;
    }
  }

  const vocabulary = counts.size;
  const denominators = totals.map((total) => Math.log(total + alpha * vocabulary));
  const logLikelihoods = new Map<string, number[]>();
  for (const [token, row] of counts) {
    logLikelihoods.set(token, row.map((count, i) => Math.log(count + alpha) - (denominators[i] ?? 0)));
  }
  return {
    version: fingerprint(alpha, labels, documents, counts),
    labels,
    logPriors: documents.map((n) => Math.log(n / examples.length)),
    logLikelihoods,
  };
}

/**
 * Scores tokens against every class: log P(label) + the sum of log P(token | label).
 *
 * Tokens never seen in training are skipped, as a fitted vocabulary would drop them; counting them
 * would only favour the class with fewer training tokens.
 *
 * @param model the trained model
 * @param tokens the tokens of one text, as {@linkcode tokenize} makes them
 * @returns the unnormalized log joint probability of each class
 * @example
 * ```ts
 * import { logScores, train } from "./naive_bayes.ts";
 * import assert from "node:assert/strict";
 * const model = train([{ text: "good", label: "pos" }, { text: "bad", label: "neg" }]);
 * const scores = logScores(model, ["good", "unseen"]);
 * assert.ok(scores.pos > scores.neg);
 * ```
 */
export function logScores<L extends string>(
  model: NaiveBayesModel<L>,
  tokens: readonly string[],
): Record<L, number> {
  const sums = [...model.logPriors];
  for (const token of tokens) {
    const row = model.logLikelihoods.get(token);
    if (row === undefined) continue;
    for (let i = 0; i < sums.length; i++) sums[i] = (sums[i] ?? 0) + (row[i] ?? 0);
  }
  return Object.fromEntries(model.labels.map((label, i) => [label, sums[i] ?? 0])) as Record<L, number>;
}

/**
 * Turns log scores into a posterior with a (tempered) softmax and picks the most probable class.
 *
 * @param model the model the scores came from; it fixes the class order for ties
 * @param scores the log score of each class
 * @param options the softmax temperature
 * @returns the prediction
 * @example
 * ```ts
 * import { posterior, train } from "./naive_bayes.ts";
 * import assert from "node:assert/strict";
 * const model = train([{ text: "good", label: "pos" }, { text: "bad", label: "neg" }]);
 * const sharp = posterior(model, { pos: 0, neg: -2 });
 * const flat = posterior(model, { pos: 0, neg: -2 }, { temperature: 4 });
 * assert.equal(sharp.label, "pos");
 * assert.ok(flat.confidence < sharp.confidence);
 * ```
 */
export function posterior<L extends string>(
  model: NaiveBayesModel<L>,
  scores: Record<L, number>,
  options: PosteriorOptions = {},
): Prediction<L> {
  const temperature = options.temperature ?? 1;
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new RangeError(`Invalid temperature "${temperature}": expected a positive number`);
  }
  const scaled = model.labels.map((label) => scores[label] / temperature);
  // Subtracting the maximum keeps exp() from underflowing to 0/0 on long texts.
  const max = Math.max(...scaled);
  const weights = scaled.map((s) => Math.exp(s - max));
  const sum = weights.reduce((a, b) => a + b, 0);
  let best = 0;
  const probabilities = {} as Record<L, number>;
  model.labels.forEach((label, i) => {
    const p = (weights[i] ?? 0) / sum;
    probabilities[label] = p;
    if (p > (weights[best] ?? 0) / sum) best = i;
  });
  const label = model.labels[best] as L;
  return { label, confidence: probabilities[label], probabilities };
}

/**
 * Classifies a text.
 *
 * @param model the trained model
 * @param text the raw text
 * @returns the most probable class, its probability as confidence, and every class's probability
 * @example
 * ```ts
 * import { predict, train } from "./naive_bayes.ts";
 * import assert from "node:assert/strict";
 * const model = train([
 *   { text: "love it, works great", label: "positive" },
 *   { text: "hate it, broke fast", label: "negative" },
 * ]);
 * const prediction = predict(model, "I love it");
 * assert.equal(prediction.label, "positive");
 * assert.ok(Math.abs(prediction.probabilities.positive + prediction.probabilities.negative - 1) < 1e-12);
 * ```
 */
export function predict<L extends string>(model: NaiveBayesModel<L>, text: string): Prediction<L> {
  return posterior(model, logScores(model, tokenize(text)));
}

function fingerprint(
  alpha: number,
  labels: readonly string[],
  documents: readonly number[],
  counts: ReadonlyMap<string, readonly number[]>,
): string {
  const lines = [`alpha ${alpha}`, `labels ${labels.join(" ")}`, `documents ${documents.join(" ")}`];
  for (const token of [...counts.keys()].sort()) lines.push(`${token} ${counts.get(token)?.join(" ")}`);
  return `nb-${fnv1a(lines.join("\n"))}`;
}

// FNV-1a (32-bit): synchronous and dependency-free, which is all a version tag needs.
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
