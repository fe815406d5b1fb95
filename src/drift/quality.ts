/**
 * Model quality once predictions and labels arrive: rolling accuracy over the last N labelled predictions
 * (overall and per segment), and label values kept bounded — a segment or class name from the traffic
 * becomes a metric label only while there are few of them; the rest are reported as `other`.
 *
 * @module
 */
import { CONFIDENCE_BUCKETS } from "../metrics/drift_metrics.ts";

/** The label value for names beyond a cap. */
export const OTHER_LABEL = "other";

/**
 * Bounds the distinct values of a metric label: the first `max` names seen keep their name, later ones
 * become `other`, so a client sending a fresh segment per request cannot blow up the time series count.
 *
 * @example
 * ```ts
 * import { LabelCap } from "./quality.ts";
 * import assert from "node:assert/strict";
 * const cap = new LabelCap(2);
 * assert.equal(cap.get("eu"), "eu");
 * assert.equal(cap.get("us"), "us");
 * assert.equal(cap.get("apac"), "other");
 * assert.equal(cap.get("eu"), "eu");
 * ```
 */
export class LabelCap {
  readonly #max: number;
  readonly #known = new Set<string>();

  /**
   * Creates a cap.
   *
   * @param max how many distinct names keep their own value
   * @param known names allowed from the start (e.g. a classifier's declared classes); they count
   */
  constructor(max: number, known: Iterable<string> = []) {
    this.#max = max;
    for (const name of known) this.#known.add(name);
  }

  /**
   * The label value of a name.
   *
   * @param name the name as sent
   * @returns the name, or `other` once the cap is reached
   */
  get(name: string): string {
    if (this.#known.has(name)) return name;
    if (name === OTHER_LABEL || this.#known.size >= this.#max) return OTHER_LABEL;
    this.#known.add(name);
    return name;
  }

  /** The names that keep their own value. */
  names(): string[] {
    return [...this.#known];
  }
}

/**
 * Accuracy over the last N outcomes, in O(1) per outcome and N bits of memory.
 *
 * @example
 * ```ts
 * import { RollingAccuracy } from "./quality.ts";
 * import assert from "node:assert/strict";
 * const accuracy = new RollingAccuracy(3);
 * assert.equal(accuracy.value(), null);
 * for (const correct of [false, true, true, true]) accuracy.add(correct);
 * assert.equal(accuracy.value(), 1);
 * assert.equal(accuracy.count, 3);
 * ```
 */
export class RollingAccuracy {
  /** Outcomes in the window (at most its size). */
  count = 0;
  #correct = 0;
  #next = 0;
  readonly #ring: Uint8Array;

  /**
   * Creates an empty window.
   *
   * @param size how many outcomes it covers
   */
  constructor(size: number) {
    this.#ring = new Uint8Array(size);
  }

  /**
   * Adds an outcome, dropping the oldest once full.
   *
   * @param correct whether the prediction matched its label
   */
  add(correct: boolean): void {
    if (this.count === this.#ring.length) this.#correct -= this.#ring[this.#next]!;
    else this.count++;
    this.#ring[this.#next] = correct ? 1 : 0;
    this.#correct += correct ? 1 : 0;
    this.#next = (this.#next + 1) % this.#ring.length;
  }

  /**
   * The accuracy.
   *
   * @returns correct / count, or null before any outcome
   */
  value(): number | null {
    return this.count === 0 ? null : this.#correct / this.count;
  }
}

/** Upper bounds of the confidence histogram buckets (the last is 1): the metric's, declared once. */
export { CONFIDENCE_BUCKETS };

/**
 * The confidence bucket of a value: the first upper bound it does not exceed.
 *
 * @param confidence a confidence in [0, 1]
 * @returns the bucket index into {@linkcode CONFIDENCE_BUCKETS}
 * @example
 * ```ts
 * import { confidenceBucket } from "./quality.ts";
 * import assert from "node:assert/strict";
 * assert.equal(confidenceBucket(0.05), 0);
 * assert.equal(confidenceBucket(0.7), 6);
 * assert.equal(confidenceBucket(1), 11);
 * ```
 */
export function confidenceBucket(confidence: number): number {
  const i = CONFIDENCE_BUCKETS.findIndex((bound) => confidence <= bound);
  return i < 0 ? CONFIDENCE_BUCKETS.length - 1 : i;
}
