/**
 * The features the demo model reports with each prediction: properties of the request text, of the
 * tokens its pipeline actually scored, and the channel the request came through. In `--drift` mode the
 * pipeline loses a share of the words, so the scored-token features (`token_count`, `token_chars`) shift
 * while the properties of the text itself stay where they were — a monitor should flag exactly those.
 *
 * @module
 */
import { tokenize } from "./tokenize.ts";

/** The demo model's features and their types, as `models.sentiment.features` declares them. */
export const DEMO_FEATURE_TYPES = {
  text_length: "numeric",
  word_count: "numeric",
  token_count: "numeric",
  token_chars: "numeric",
  positive_share: "numeric",
  negative_share: "numeric",
  exclamation_count: "numeric",
  channel: "categorical",
} as const;

/** The features of one prediction. */
export type DemoFeatures = { [K in keyof typeof DEMO_FEATURE_TYPES]: K extends "channel" ? string : number };

/** The channels requests come through; a request that names none came through the first. */
export const CHANNELS: readonly string[] = ["web", "mobile", "api"];

// Small hand-picked lexicons: a feature a data scientist would compute before any model.
const POSITIVE_WORDS = new Set(
  ("love loved great excellent perfect perfectly amazing happy best good fantastic wonderful recommend " +
    "comfortable friendly helpful beautiful delicious easy fast reliable impressed pleased satisfied " +
    "superb brilliant lovely nice solid quality worth enjoyed thrilled glad").split(" "),
);
const NEGATIVE_WORDS = new Set(
  ("terrible broke broken worst awful poor disappointed disappointing rude waste cheap dirty slow useless " +
    "bad hate junk horrible defective flimsy boring buggy late cold stale leaks damaged wrong " +
    "uncomfortable unreliable overpriced avoid refund regret").split(" "),
);

/**
 * Computes the features of a prediction.
 *
 * @param text the request text
 * @param scored the tokens the model scored (all of them, unless the pipeline lost some)
 * @param channel the request's channel
 * @returns the features
 * @example
 * ```ts
 * import { demoFeatures } from "./features.ts";
 * import { tokenize } from "./tokenize.ts";
 * import assert from "node:assert/strict";
 * const text = "Great product, love it!";
 * const features = demoFeatures(text, tokenize(text), "web");
 * assert.equal(features.word_count, 4);
 * assert.equal(features.positive_share, 2 / 3);
 * assert.equal(features.exclamation_count, 1);
 * ```
 */
export function demoFeatures(text: string, scored: readonly string[], channel: string): DemoFeatures {
  const tokens = tokenize(text);
  const share = (words: Set<string>) =>
    tokens.length === 0 ? 0 : tokens.filter((token) => words.has(token)).length / tokens.length;
  return {
    text_length: text.length,
    word_count: text.split(/\s+/).filter((word) => word !== "").length,
    token_count: scored.length,
    token_chars: scored.reduce((sum, token) => sum + token.length, 0),
    positive_share: share(POSITIVE_WORDS),
    negative_share: share(NEGATIVE_WORDS),
    exclamation_count: (text.match(/!/g) ?? []).length,
    channel,
  };
}
