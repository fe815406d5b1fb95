/**
 * Reference profiles: what the detectors need from a model's training (or baseline) data, bounded in
 * size whatever the dataset's: per numeric feature a capped uniform sample, sorted once, with PSI cut
 * points frozen at its quantiles; per categorical feature the category frequencies (the most frequent
 * ones, the rest pooled); and the same for the outputs — the class distribution and the confidence
 * distribution of a classifier, the value distribution of a regressor.
 *
 * @module
 */
import type { ModelConfig } from "../config/types.ts";
import { quantileEdges } from "../stats/psi.ts";
import { seededRandom } from "../stats/random.ts";
import type { FeatureValue } from "./record.ts";
import { Reservoir } from "./reservoir.ts";

/** The pseudo-feature name of a classifier's predicted class. */
export const OUTPUT_CLASS = "output:class";
/** The pseudo-feature name of a classifier's confidence. */
export const OUTPUT_CONFIDENCE = "output:confidence";
/** The pseudo-feature name of a regressor's predicted value. */
export const OUTPUT_VALUE = "output:value";

/** Categories a profile keeps by name; rarer ones are pooled as {@linkcode OTHER_CATEGORY}. */
export const MAX_PROFILE_CATEGORIES = 1000;
/** Distinct categories counted exactly while building; later new ones go straight to the pool. */
const MAX_TRACKED_CATEGORIES = 10_000;
/** The pooled rare categories. */
export const OTHER_CATEGORY = "(other)";

/** A numeric feature's reference. */
export interface NumericProfile {
  type: "numeric";
  /** Values seen (not missing). */
  count: number;
  /** Missing values seen. */
  missing: number;
  /** A uniform sample of the values, sorted ascending. */
  sample: Float64Array;
  /** Interior PSI cut points at the sample's quantiles; frozen, so every window is binned alike. */
  edges: number[];
  /** Sample values per PSI bin. */
  binCounts: number[];
  /** Standard deviation of the sample (ddof 0), the scale of the normed Wasserstein distance. */
  std: number;
}

/** A categorical feature's reference. */
export interface CategoricalProfile {
  type: "categorical";
  count: number;
  missing: number;
  /** Count per category, the most frequent {@linkcode MAX_PROFILE_CATEGORIES} at most. */
  counts: Record<string, number>;
  /** Values in categories beyond the cap; when above 0, an unknown category may not be new. */
  other: number;
}

/** A feature's (or output's) reference. */
export type FeatureProfile = NumericProfile | CategoricalProfile;

/** The reference of one model. */
export interface ReferenceProfile {
  model: string;
  /** When it was built, epoch ms. */
  createdAt: number;
  /** Rows it was built from. */
  rows: number;
  /** The sample cap and PSI bins it was built with. */
  sampleSize: number;
  bins: number;
  /** Per declared feature. */
  features: Record<string, FeatureProfile>;
  /** Per output ({@linkcode OUTPUT_CLASS}, {@linkcode OUTPUT_CONFIDENCE}, {@linkcode OUTPUT_VALUE}) present in the rows. */
  outputs: Record<string, FeatureProfile>;
}

/** One reference row, typed: the features and, when the dataset has them, the model's outputs. */
export interface ProfileRow {
  features: Record<string, FeatureValue>;
  label: string | null;
  value: number | null;
  confidence: number | null;
}

/** Options of {@linkcode ProfileBuilder}. */
export interface ProfileBuilderOptions {
  /** Random source of the reservoir samples (default: seeded, so a dataset always gives one profile). */
  random?: () => number;
}

/** Accumulates a column's reference as rows stream in. */
interface Accumulator {
  add(value: FeatureValue): void;
  finish(bins: number): FeatureProfile;
}

class NumericAccumulator implements Accumulator {
  missing = 0;
  readonly #reservoir: Reservoir;
  constructor(capacity: number, random: () => number) {
    this.#reservoir = new Reservoir(capacity, random);
  }
  add(value: FeatureValue): void {
    if (typeof value === "number") this.#reservoir.add(value);
    else this.missing++;
  }
  finish(bins: number): NumericProfile {
    return numericProfile(
      Float64Array.from(this.#reservoir.values()),
      this.#reservoir.seen,
      this.missing,
      bins,
    );
  }
}

class CategoricalAccumulator implements Accumulator {
  missing = 0;
  count = 0;
  other = 0;
  readonly #counts = new Map<string, number>();
  add(value: FeatureValue): void {
    if (value === null) {
      this.missing++;
      return;
    }
    const key = String(value);
    this.count++;
    const seen = this.#counts.get(key);
    if (seen !== undefined) this.#counts.set(key, seen + 1);
    else if (this.#counts.size < MAX_TRACKED_CATEGORIES) this.#counts.set(key, 1);
    else this.other++;
  }
  finish(): CategoricalProfile {
    return categoricalProfile(this.#counts, this.count, this.missing, this.other);
  }
}

/**
 * The profile of a numeric column from a sample of it.
 *
 * @param sample the sampled values (any order; copied and sorted)
 * @param count how many values the sample stands for
 * @param missing how many values were missing
 * @param bins PSI bins asked for
 * @returns the profile
 * @example
 * ```ts
 * import { numericProfile } from "./profile.ts";
 * import assert from "node:assert/strict";
 * const profile = numericProfile([5, 1, 4, 2, 3], 5, 0, 4);
 * assert.deepEqual([...profile.sample], [1, 2, 3, 4, 5]);
 * assert.deepEqual(profile.edges, [2, 3, 4]);
 * assert.deepEqual(profile.binCounts, [1, 1, 1, 2]);
 * ```
 */
export function numericProfile(
  sample: ArrayLike<number>,
  count: number,
  missing: number,
  bins: number,
): NumericProfile {
  const sorted = Float64Array.from(sample).sort();
  if (sorted.length === 0) {
    return { type: "numeric", count, missing, sample: sorted, edges: [], binCounts: [0], std: 0 };
  }
  const edges = quantileEdges(sorted, bins);
  const binCounts = new Array<number>(edges.length + 1).fill(0);
  // The sample is sorted: walk it once instead of bisecting per value.
  let bin = 0;
  for (const x of sorted) {
    while (bin < edges.length && x >= edges[bin]!) bin++;
    binCounts[bin]!++;
  }
  let mean = 0;
  for (const x of sorted) mean += x;
  mean /= sorted.length;
  let ss = 0;
  for (const x of sorted) ss += (x - mean) ** 2;
  return {
    type: "numeric",
    count,
    missing,
    sample: sorted,
    edges,
    binCounts,
    std: Math.sqrt(ss / sorted.length),
  };
}

/**
 * The profile of a categorical column from its counts, keeping the most frequent categories.
 *
 * @param counts count per category
 * @param count values seen (not missing)
 * @param missing missing values seen
 * @param other values already pooled as rare
 * @returns the profile
 * @example
 * ```ts
 * import { categoricalProfile } from "./profile.ts";
 * import assert from "node:assert/strict";
 * const profile = categoricalProfile(new Map([["web", 3], ["app", 1]]), 4, 1, 0);
 * assert.deepEqual(profile.counts, { web: 3, app: 1 });
 * ```
 */
export function categoricalProfile(
  counts: ReadonlyMap<string, number>,
  count: number,
  missing: number,
  other: number,
): CategoricalProfile {
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept: Record<string, number> = {};
  let pooled = other;
  ranked.forEach(([key, n], i) => {
    if (i < MAX_PROFILE_CATEGORIES) kept[key] = n;
    else pooled += n;
  });
  return { type: "categorical", count, missing, counts: kept, other: pooled };
}

/**
 * Builds a model's reference profile from rows, in bounded memory.
 *
 * @example
 * ```ts
 * import { ProfileBuilder } from "./profile.ts";
 * import { defineModel } from "./model.ts";
 * import assert from "node:assert/strict";
 * const builder = new ProfileBuilder(defineModel("m", { age: "numeric", city: "categorical" }));
 * for (let i = 0; i < 100; i++) {
 *   builder.add({ features: { age: i, city: i % 2 ? "Oslo" : null }, label: "yes", value: null, confidence: 0.9 });
 * }
 * const profile = builder.finish(0);
 * assert.equal(profile.rows, 100);
 * assert.equal(profile.features.city?.missing, 50);
 * assert.deepEqual(Object.keys(profile.outputs), ["output:class", "output:confidence"]);
 * ```
 */
export class ProfileBuilder {
  /** Rows added so far. */
  rows = 0;
  readonly #model: ModelConfig;
  readonly #columns = new Map<string, Accumulator>();
  readonly #outputs = new Map<string, Accumulator>();
  readonly #random: () => number;

  /**
   * Starts an empty profile.
   *
   * @param model the model's declaration: features, sample size, bins
   * @param options the random source of the samples
   */
  constructor(model: ModelConfig, options: ProfileBuilderOptions = {}) {
    this.#model = model;
    this.#random = options.random ?? seededRandom(0x5eed);
    for (const feature of model.features) {
      this.#columns.set(feature.name, this.#accumulator(feature.type));
    }
  }

  /**
   * Adds one row.
   *
   * @param row the typed row
   */
  add(row: ProfileRow): void {
    this.rows++;
    for (const [name, column] of this.#columns) column.add(row.features[name] ?? null);
    if (row.label !== null) this.#output(OUTPUT_CLASS, "categorical").add(row.label);
    if (row.confidence !== null) this.#output(OUTPUT_CONFIDENCE, "numeric").add(row.confidence);
    if (row.value !== null) this.#output(OUTPUT_VALUE, "numeric").add(row.value);
  }

  /**
   * Finishes the profile.
   *
   * @param createdAt its creation time, epoch ms
   * @returns the profile
   */
  finish(createdAt: number): ReferenceProfile {
    const { bins, sampleSize } = this.#model.reference;
    const finishAll = (columns: Map<string, Accumulator>) =>
      Object.fromEntries([...columns].map(([name, column]) => [name, column.finish(bins)]));
    return {
      model: this.#model.name,
      createdAt,
      rows: this.rows,
      sampleSize,
      bins,
      features: finishAll(this.#columns),
      outputs: finishAll(this.#outputs),
    };
  }

  #accumulator(type: "numeric" | "categorical"): Accumulator {
    return type === "numeric"
      ? new NumericAccumulator(this.#model.reference.sampleSize, this.#random)
      : new CategoricalAccumulator();
  }

  #output(name: string, type: "numeric" | "categorical"): Accumulator {
    let column = this.#outputs.get(name);
    if (column === undefined) {
      column = this.#accumulator(type);
      // Rows before the first with this output had it missing.
      for (let i = 1; i < this.rows; i++) column.add(null);
      this.#outputs.set(name, column);
    }
    return column;
  }
}

/**
 * Serializes a profile for the store.
 *
 * @param profile the profile
 * @returns JSON text
 * @example
 * ```ts
 * import { numericProfile, profileFromJson, profileToJson } from "./profile.ts";
 * import assert from "node:assert/strict";
 * const profile = { model: "m", createdAt: 1, rows: 3, sampleSize: 10, bins: 2, outputs: {},
 *   features: { x: numericProfile([1, 2, 3], 3, 0, 2) } };
 * assert.deepEqual(profileFromJson(profileToJson(profile)), profile);
 * ```
 */
export function profileToJson(profile: ReferenceProfile): string {
  return JSON.stringify(profile, (_key, value) => value instanceof Float64Array ? Array.from(value) : value);
}

/**
 * Reads a stored profile back.
 *
 * @param text JSON from {@linkcode profileToJson}
 * @returns the profile
 */
export function profileFromJson(text: string): ReferenceProfile {
  const profile = JSON.parse(text) as ReferenceProfile;
  const revive = (columns: Record<string, FeatureProfile>) => {
    for (const column of Object.values(columns)) {
      if (column.type === "numeric") column.sample = Float64Array.from(column.sample as unknown as number[]);
    }
  };
  revive(profile.features);
  revive(profile.outputs);
  return profile;
}
