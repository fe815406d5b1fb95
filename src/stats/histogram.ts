/**
 * A mergeable log-linear (HDR-style) histogram for latency trends: constant-time inserts, bounded memory and a
 * known relative error, whatever the number of samples.
 *
 * Layout. Buckets follow the bits of the IEEE 754 double itself: the exponent picks an octave `[2^e, 2^(e+1))`
 * and the top `subBucketBits` bits of the mantissa split that octave into `2^subBucketBits` equal sub-buckets.
 * A bucket is therefore `[2^e·(1 + i/S), 2^e·(1 + (i+1)/S))` with `S = 2^subBucketBits`: its width relative to
 * its lower bound is at most `1/S` (0.39% at the default 8 bits), and every bound is exact in binary. No unit
 * has to be chosen: every positive normal double gets that resolution, so microseconds and hours written in
 * milliseconds, seconds, or probabilities like 1e-6 are all resolved alike. Only 0 and subnormals (below
 * 2^-1022 ≈ 2.2e-308) share an underflow bucket; like every value they are counted exactly in `count`, `sum`,
 * `min` and `max`.
 *
 * Memory. An octave's `2^subBucketBits` float64 counters (2 KiB at 8 bits) are allocated the first time a value
 * falls in it, so a histogram holds one block per octave its values span — about 20 for latencies from 0.1 ms
 * to a minute — never more as samples accumulate, and at most {@linkcode Histogram.prototype.maxBuckets}.
 *
 * @module
 */

/** log2 of the smallest resolvable value: the smallest normal double. */
const LOWEST_EXPONENT = -1022;
/** Biased IEEE 754 exponent of 2^LOWEST_EXPONENT: octave 0. Zero and subnormals have biased exponent 0. */
const EXPONENT_OFFSET = 1023 + LOWEST_EXPONENT;
/** Octaves from 2^-1022 up to the largest finite double (biased exponent 2046). */
const OCTAVES = 2046 - EXPONENT_OFFSET + 1;
const LOWEST_RESOLVABLE = 2 ** LOWEST_EXPONENT;
const DEFAULT_SUB_BUCKET_BITS = 8;
const MIN_SUB_BUCKET_BITS = 1;
const MAX_SUB_BUCKET_BITS = 12;
const JSON_VERSION = 1;

// One scratch double aliased as two 32-bit words: reading the exponent and top mantissa bits this way costs a
// couple of nanoseconds, where Math.log2 would cost tens and round at octave edges.
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Options for {@linkcode Histogram}. */
export interface HistogramOptions {
  /**
   * Mantissa bits that split each octave, 1 to 12 (default 8). Each bucket is at most `2^-subBucketBits` wide
   * relative to its lower bound (0.39% at 8, 0.78% at 7), and each allocated octave costs `8·2^bits` bytes.
   */
  subBucketBits?: number;
}

/** One non-empty bucket, as {@linkcode Histogram.prototype.buckets} yields it. */
export interface HistogramBucket {
  /** Inclusive lower bound; 0 for the underflow bucket. */
  lower: number;
  /** Exclusive upper bound. */
  upper: number;
  /** Samples recorded in `[lower, upper)`. */
  count: number;
}

/**
 * The stored form of a histogram, as {@linkcode Histogram.prototype.toJSON} writes it: totals plus the
 * non-empty buckets as flat `[index, count, index, count, ...]` pairs (index 0 is the underflow bucket).
 */
export interface HistogramJSON {
  /** Format version, currently 1. */
  version: number;
  /** The layout: sub-bucket bits per octave. */
  subBucketBits: number;
  /** Samples recorded. */
  count: number;
  /** Sum of the samples. */
  sum: number;
  /** Smallest sample, or null when empty. */
  min: number | null;
  /** Largest sample, or null when empty. */
  max: number | null;
  /** Non-empty buckets as `[index, count]` pairs, flattened, in ascending index order. */
  buckets: number[];
}

/**
 * A mergeable log-linear histogram of non-negative values with exact count, sum, min and max and quantiles
 * within `2^-subBucketBits` relative error (0.39% at the default 8 bits).
 *
 * @example
 * ```ts
 * import { Histogram } from "./histogram.ts";
 * import assert from "node:assert/strict";
 * const latencies = new Histogram();
 * for (let ms = 1; ms <= 1000; ms++) latencies.record(ms);
 * assert.equal(latencies.count, 1000);
 * assert.equal(latencies.mean, 500.5);
 * assert.equal(latencies.percentile(100), 1000);
 * assert.ok(Math.abs(latencies.percentile(95) - 950.05) / 950.05 < 0.004);
 * ```
 */
export class Histogram {
  readonly #bits: number;
  readonly #shift: number;
  readonly #mask: number;
  readonly #octaves: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(OCTAVES).fill(
    undefined,
  );
  // The allocated octaves lie within [#first, #last]: scans skip the ~2000 others.
  #first = OCTAVES;
  #last = -1;
  #underflow = 0;
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;

  /**
   * Creates an empty histogram.
   *
   * @param options the layout, e.g. `{ subBucketBits: 7 }`
   */
  constructor(options: HistogramOptions = {}) {
    const bits = options.subBucketBits ?? DEFAULT_SUB_BUCKET_BITS;
    if (!Number.isInteger(bits) || bits < MIN_SUB_BUCKET_BITS || bits > MAX_SUB_BUCKET_BITS) {
      throw new RangeError(
        `Invalid subBucketBits ${bits}: expected an integer from ${MIN_SUB_BUCKET_BITS} to ${MAX_SUB_BUCKET_BITS}`,
      );
    }
    this.#bits = bits;
    this.#shift = 20 - bits; // the high word holds 20 mantissa bits below the 11 exponent bits
    this.#mask = (1 << bits) - 1;
  }

  /** Sub-bucket bits per octave: the layout two histograms must share to merge. */
  get subBucketBits(): number {
    return this.#bits;
  }

  /** The largest width of a bucket relative to its lower bound, `2^-subBucketBits`: the error bound. */
  get maxRelativeError(): number {
    return 2 ** -this.#bits;
  }

  /** The smallest value with its own buckets, 2^-1022; 0 and subnormals share the underflow bucket. */
  get lowestResolvable(): number {
    return LOWEST_RESOLVABLE;
  }

  /** Counters allocated so far: grows with the octaves the values span, never with the sample count. */
  get allocatedBuckets(): number {
    let octaves = 0;
    for (const octave of this.#octaves) if (octave !== undefined) octaves++;
    return 1 + octaves * (this.#mask + 1);
  }

  /** The most counters this layout can ever allocate: every octave up to the largest double. */
  get maxBuckets(): number {
    return 1 + OCTAVES * (this.#mask + 1);
  }

  /** Number of samples recorded. */
  get count(): number {
    return this.#count;
  }

  /** Sum of the samples, added in recording order as k6's TrendSink does. */
  get sum(): number {
    return this.#sum;
  }

  /** Smallest sample, or NaN when empty. */
  get min(): number {
    return this.#count === 0 ? NaN : this.#min;
  }

  /** Largest sample, or NaN when empty. */
  get max(): number {
    return this.#count === 0 ? NaN : this.#max;
  }

  /** Mean of the samples (exact: sum / count), or NaN when empty. */
  get mean(): number {
    return this.#count === 0 ? NaN : this.#sum / this.#count;
  }

  /**
   * Records a value, optionally as `count` identical samples.
   *
   * @param value a finite number ≥ 0, e.g. a latency in milliseconds
   * @param count how many samples of this value, a non-negative integer (default 1)
   * @throws {RangeError} when the value is NaN, negative or infinite, or the count is not a whole number ≥ 0
   * @example
   * ```ts
   * import { Histogram } from "./histogram.ts";
   * import assert from "node:assert/strict";
   * const h = new Histogram();
   * h.record(12.5);
   * h.record(40, 3);
   * assert.equal(h.count, 4);
   * assert.equal(h.sum, 132.5);
   * assert.throws(() => h.record(-1), RangeError);
   * ```
   */
  record(value: number, count = 1): void {
    if (!(value >= 0 && value < Infinity)) {
      throw new RangeError(`Invalid value ${String(value)}: expected a finite number ≥ 0`);
    }
    if (count !== 1) {
      if (!Number.isSafeInteger(count) || count < 0) {
        throw new RangeError(`Invalid count ${String(count)}: expected a whole number ≥ 0`);
      }
      if (count === 0) return;
    }
    this.#count += count;
    this.#sum += count === 1 ? value : value * count;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    scratch[0] = value;
    const high = scratchWords[HIGH_WORD]!;
    const octave = (high >>> 20) - EXPONENT_OFFSET;
    if (octave < 0) {
      this.#underflow += count;
      return;
    }
    const counters = this.#octaves[octave] ?? this.#allocate(octave);
    const sub = (high >>> this.#shift) & this.#mask;
    counters[sub] = counters[sub]! + count;
  }

  /**
   * Adds every sample of another histogram with the same layout, as if they had been recorded here.
   *
   * @param other a histogram with the same `subBucketBits`
   * @throws {RangeError} when the layouts differ
   * @example
   * ```ts
   * import { Histogram } from "./histogram.ts";
   * import assert from "node:assert/strict";
   * const a = new Histogram();
   * const b = new Histogram();
   * a.record(1);
   * b.record(3);
   * a.merge(b);
   * assert.equal(a.count, 2);
   * assert.equal(a.max, 3);
   * ```
   */
  merge(other: Histogram): void {
    if (other.#bits !== this.#bits) {
      throw new RangeError(
        `Cannot merge histograms with ${other.#bits} and ${this.#bits} sub-bucket bits: layouts must match`,
      );
    }
    if (other.#count === 0) return;
    for (let octave = other.#first; octave <= other.#last; octave++) {
      const source = other.#octaves[octave];
      if (source === undefined) continue;
      const target = this.#octaves[octave] ?? this.#allocate(octave);
      for (let i = 0; i < source.length; i++) target[i] = target[i]! + source[i]!;
    }
    this.#underflow += other.#underflow;
    this.#count += other.#count;
    this.#sum += other.#sum;
    if (other.#min < this.#min) this.#min = other.#min;
    if (other.#max > this.#max) this.#max = other.#max;
  }

  /**
   * The q-quantile, emulating k6's Trend percentile: linear interpolation between the closest ranks
   * `q·(n-1)` (k6 metrics/sink.go `TrendSink.P`), each rank's value estimated by spreading its bucket's samples
   * evenly over the bucket (narrowed to `[min, max]`). Rank 0 is `min` and rank n-1 is `max`, exactly.
   *
   * @param q the quantile in [0, 1]
   * @returns the estimate, within `maxRelativeError` of the exact value; NaN when empty
   * @throws {RangeError} when q is outside [0, 1]
   * @example
   * ```ts
   * import { Histogram } from "./histogram.ts";
   * import assert from "node:assert/strict";
   * const h = new Histogram();
   * [3, 1, 2].forEach((v) => h.record(v));
   * assert.equal(h.quantile(0), 1);
   * assert.equal(h.quantile(1), 3);
   * assert.ok(Math.abs(h.quantile(0.5) - 2) < 0.01);
   * ```
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`Invalid quantile ${q}: expected a number in [0, 1]`);
    const n = this.#count;
    if (n === 0) return NaN;
    const rank = q * (n - 1);
    const lower = Math.floor(rank);
    const fraction = rank - lower;
    const low = this.#valueAtRank(lower);
    if (fraction === 0) return low;
    const high = this.#valueAtRank(lower + 1);
    return low + (high - low) * fraction;
  }

  /**
   * The p-th percentile, as k6 writes it in `p(95)`: `quantile(p / 100)`.
   *
   * @param p the percentile in [0, 100]
   * @returns the estimate; NaN when empty
   * @throws {RangeError} when p is outside [0, 100]
   * @example
   * ```ts
   * import { Histogram } from "./histogram.ts";
   * import assert from "node:assert/strict";
   * const h = new Histogram();
   * h.record(7, 10);
   * assert.equal(h.percentile(99.9), 7);
   * ```
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`Invalid percentile ${p}: expected a number in [0, 100]`);
    return this.quantile(p / 100);
  }

  /**
   * Forgets every sample; allocated octaves are kept (zeroed), so a reused histogram does not allocate again.
   *
   * @example
   * ```ts
   * import { Histogram } from "./histogram.ts";
   * import assert from "node:assert/strict";
   * const h = new Histogram();
   * h.record(5);
   * h.reset();
   * assert.equal(h.count, 0);
   * assert.ok(Number.isNaN(h.max));
   * ```
   */
  reset(): void {
    for (const counters of this.#octaves) counters?.fill(0);
    this.#underflow = 0;
    this.#count = 0;
    this.#sum = 0;
    this.#min = Infinity;
    this.#max = -Infinity;
  }

  /**
   * The non-empty buckets in ascending order, for drawing and for Prometheus-style export.
   *
   * @returns an iterator of `{ lower, upper, count }`; the underflow bucket, if any, comes first as `[0, 2^-1022)`
   * @example
   * ```ts
   * import { Histogram } from "./histogram.ts";
   * import assert from "node:assert/strict";
   * const h = new Histogram();
   * h.record(1, 2);
   * h.record(0);
   * assert.deepEqual([...h.buckets()].map((b) => [b.lower, b.count]), [[0, 1], [1, 2]]);
   * ```
   */
  *buckets(): IterableIterator<HistogramBucket> {
    if (this.#underflow > 0) yield { lower: 0, upper: LOWEST_RESOLVABLE, count: this.#underflow };
    const size = this.#mask + 1;
    for (let octave = this.#first; octave <= this.#last; octave++) {
      const counters = this.#octaves[octave];
      if (counters === undefined) continue;
      for (let sub = 0; sub < size; sub++) {
        const count = counters[sub]!;
        if (count === 0) continue;
        const [lower, upper] = this.#bounds(octave, sub);
        yield { lower, upper, count };
      }
    }
  }

  /**
   * The compact stored form: totals and the non-empty buckets only.
   *
   * @returns a JSON-safe object that {@linkcode Histogram.fromJSON} reads back
   * @example
   * ```ts
   * import { Histogram } from "./histogram.ts";
   * import assert from "node:assert/strict";
   * const h = new Histogram();
   * h.record(1, 2);
   * const json = h.toJSON();
   * assert.equal(json.count, 2);
   * assert.equal(json.buckets.length, 2);
   * ```
   */
  toJSON(): HistogramJSON {
    const buckets: number[] = [];
    if (this.#underflow > 0) buckets.push(0, this.#underflow);
    const size = this.#mask + 1;
    for (let octave = this.#first; octave <= this.#last; octave++) {
      const counters = this.#octaves[octave];
      if (counters === undefined) continue;
      for (let sub = 0; sub < size; sub++) {
        if (counters[sub] !== 0) buckets.push(1 + octave * size + sub, counters[sub]!);
      }
    }
    const empty = this.#count === 0;
    return {
      version: JSON_VERSION,
      subBucketBits: this.#bits,
      count: this.#count,
      sum: this.#sum,
      min: empty ? null : this.#min,
      max: empty ? null : this.#max,
      buckets,
    };
  }

  /**
   * Rebuilds a histogram from {@linkcode Histogram.prototype.toJSON} output (parsed or not), checking it whole.
   *
   * @param json the stored form, e.g. `JSON.parse(text)`
   * @returns the histogram, equal to the one that was stored
   * @throws {TypeError} when the data is not a histogram this version wrote
   * @example
   * ```ts
   * import { Histogram } from "./histogram.ts";
   * import assert from "node:assert/strict";
   * const h = new Histogram();
   * h.record(42);
   * const copy = Histogram.fromJSON(JSON.parse(JSON.stringify(h)));
   * assert.deepEqual(copy.toJSON(), h.toJSON());
   * ```
   */
  static fromJSON(json: unknown): Histogram {
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      invalidJSON(`expected an object, got ${describe(json)}`);
    }
    const data = json as Record<string, unknown>;
    if (data.version !== JSON_VERSION) invalidJSON(`unsupported version ${describe(data.version)}`);
    const bits = data.subBucketBits;
    if (
      typeof bits !== "number" || !Number.isInteger(bits) || bits < MIN_SUB_BUCKET_BITS ||
      bits > MAX_SUB_BUCKET_BITS
    ) {
      invalidJSON(`subBucketBits is ${describe(bits)}, expected an integer from 1 to 12`);
    }
    const count = data.count;
    if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) {
      invalidJSON(`count is ${describe(count)}, expected a whole number ≥ 0`);
    }
    const sum = data.sum;
    if (typeof sum !== "number" || !(sum >= 0 && sum < Infinity)) {
      invalidJSON(`sum is ${describe(sum)}, expected a finite number ≥ 0`);
    }
    const min = data.min;
    const max = data.max;
    if (count === 0) {
      if (min !== null || max !== null || sum !== 0) {
        invalidJSON("an empty histogram has a null min and max and sum 0");
      }
    } else if (
      typeof min !== "number" || typeof max !== "number" || !(min >= 0 && min <= max && max < Infinity)
    ) {
      invalidJSON(`min ${describe(min)} and max ${describe(max)} must be finite with 0 ≤ min ≤ max`);
    }
    const buckets = data.buckets;
    if (!Array.isArray(buckets) || buckets.length % 2 !== 0) {
      invalidJSON("buckets must be a flat array of [index, count] pairs");
    }
    const histogram = new Histogram({ subBucketBits: bits });
    const size = 1 << bits;
    const lastIndex = OCTAVES * size;
    let previous = -1;
    let total = 0;
    for (let i = 0; i < buckets.length; i += 2) {
      const index: unknown = buckets[i];
      const n: unknown = buckets[i + 1];
      if (typeof index !== "number" || !Number.isInteger(index) || index <= previous || index > lastIndex) {
        invalidJSON(
          `buckets[${i}] is ${describe(index)}, expected an index above ${previous} and ≤ ${lastIndex}`,
        );
      }
      if (typeof n !== "number" || !Number.isSafeInteger(n) || n <= 0) {
        invalidJSON(`buckets[${i + 1}] is ${describe(n)}, expected a whole number > 0`);
      }
      previous = index;
      total += n;
      if (index === 0) {
        histogram.#underflow = n;
        continue;
      }
      const octave = Math.floor((index - 1) / size);
      const counters = histogram.#octaves[octave] ?? histogram.#allocate(octave);
      counters[(index - 1) % size] = n;
    }
    if (total !== count) invalidJSON(`buckets hold ${total} samples but count is ${count}`);
    histogram.#count = count;
    histogram.#sum = sum;
    if (count > 0) {
      histogram.#min = min as number;
      histogram.#max = max as number;
    }
    return histogram;
  }

  #allocate(octave: number): Float64Array {
    const counters = new Float64Array(this.#mask + 1);
    this.#octaves[octave] = counters;
    if (octave < this.#first) this.#first = octave;
    if (octave > this.#last) this.#last = octave;
    return counters;
  }

  #bounds(octave: number, sub: number): [number, number] {
    // Powers of two times small fractions: exact in binary, so bounds never drift across merges or reloads.
    const base = 2 ** (octave + LOWEST_EXPONENT);
    const size = this.#mask + 1;
    return [base * (1 + sub / size), base * (1 + (sub + 1) / size)];
  }

  // The value of the k-th smallest sample (0-based), estimated from its bucket.
  #valueAtRank(k: number): number {
    if (k <= 0) return this.#min;
    if (k >= this.#count - 1) return this.#max;
    let seen = this.#underflow;
    // Zero and subnormals: spread over [0, 2^-1022), ranks would read 1e-308 where the values are 0
    // (k6 shows 0). The smallest value is as close as any estimate there, and exact for zeros.
    if (k < seen) return this.#min;
    const size = this.#mask + 1;
    for (let octave = this.#first; octave <= this.#last; octave++) {
      const counters = this.#octaves[octave];
      if (counters === undefined) continue;
      for (let sub = 0; sub < size; sub++) {
        const count = counters[sub]!;
        if (k < seen + count) {
          const [lower, upper] = this.#bounds(octave, sub);
          return this.#spread(lower, upper, k - seen, count);
        }
        seen += count;
      }
    }
    return this.#max; // unreachable while the buckets sum to count
  }

  // Samples in a bucket are taken as evenly spread over it, each at the middle of its share; narrowing the
  // bucket to [min, max] makes a constant or single-valued histogram exact.
  #spread(lower: number, upper: number, offset: number, count: number): number {
    const low = Math.max(lower, this.#min);
    const high = Math.min(upper, this.#max);
    return low + ((high - low) * (offset + 0.5)) / count;
  }
}

function invalidJSON(detail: string): never {
  throw new TypeError(`Cannot load histogram: ${detail}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return String(value);
}
