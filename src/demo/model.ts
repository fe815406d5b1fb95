/**
 * The demo's sentiment model: naive Bayes trained on the shipped corpus.
 *
 * @module
 */
import { CORPUS, type Sentiment } from "./corpus.ts";
import { type NaiveBayesModel, train } from "./naive_bayes.ts";

let cached: NaiveBayesModel<Sentiment> | undefined;

/**
 * Returns the demo sentiment model, training it on the shipped corpus on first use.
 *
 * Training takes a few milliseconds, and the model is immutable, so every app in the process shares one.
 *
 * @returns the trained model
 * @example
 * ```ts
 * import { demoModel } from "./model.ts";
 * import { predict } from "./naive_bayes.ts";
 * import assert from "node:assert/strict";
 * assert.match(demoModel().version, /^nb-[0-9a-f]{8}$/);
 * assert.equal(predict(demoModel(), "great product, love it").label, "positive");
 * ```
 */
export function demoModel(): NaiveBayesModel<Sentiment> {
  cached ??= train(CORPUS);
  return cached;
}
