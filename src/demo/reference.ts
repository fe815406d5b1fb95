/**
 * The demo model's reference dataset: the training corpus under the traffic mix (`traffic.ts`), with
 * the healthy model's predictions — what `deno task start` uploads to Vigil as the model's reference.
 *
 * @module
 */
import { seededRandom } from "../stats/random.ts";
import { demoFeatures } from "./features.ts";
import { demoModel } from "./model.ts";
import { predict } from "./naive_bayes.ts";
import { tokenize } from "./tokenize.ts";
import { trafficSource } from "./traffic.ts";

/** A flat reference row: the features, then `prediction` and `confidence` columns. */
export type ReferenceRow = Record<string, number | string>;

/**
 * Builds the reference rows.
 *
 * @param count how many rows (default 5000)
 * @param random the random source of the traffic mix (default seeded, so the reference is reproducible)
 * @returns the rows
 * @example
 * ```ts
 * import { demoReferenceRows } from "./reference.ts";
 * import assert from "node:assert/strict";
 * const rows = demoReferenceRows(10);
 * assert.equal(rows.length, 10);
 * assert.ok(rows[0]?.prediction === "positive" || rows[0]?.prediction === "negative");
 * ```
 */
export function demoReferenceRows(
  count = 5000,
  random: () => number = seededRandom(20_240_601),
): ReferenceRow[] {
  const model = demoModel();
  const next = trafficSource(random);
  return Array.from({ length: count }, () => {
    const request = next();
    const prediction = predict(model, request.text);
    return {
      ...demoFeatures(request.text, tokenize(request.text), request.channel),
      prediction: prediction.label,
      confidence: prediction.confidence,
    };
  });
}
