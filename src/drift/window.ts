/**
 * Tumbling windows of live predictions: a window fills up to a count (default 1000) and closes, or closes
 * earlier when its time cap passes, and the next one starts empty. Buffers are preallocated to the window
 * size, so a model's memory is fixed by its declaration, not by its traffic.
 *
 * @module
 */
import type { ModelConfig } from "../config/types.ts";
import { OUTPUT_CLASS, OUTPUT_CONFIDENCE, OUTPUT_VALUE } from "./profile.ts";
import type { FeatureValue, PredictionRecord } from "./record.ts";

/** A numeric column of a window: the values present, and how many were missing. */
export interface NumericColumn {
  type: "numeric";
  values: Float64Array;
  missing: number;
}

/** A categorical column of a window: count per category, and how many were missing. */
export interface CategoricalColumn {
  type: "categorical";
  counts: Map<string, number>;
  missing: number;
}

/** One column of a window. */
export type WindowColumn = NumericColumn | CategoricalColumn;

/** Why a window closed. */
export type CloseReason = "size" | "max_age" | "offline";

/** A window's state in a report: why it closed, or `open` for a snapshot of the window still filling. */
export type WindowReason = CloseReason | "open";

/** A closed window's data, as the detectors read it. */
export interface WindowData {
  model: string;
  /** Records in the window. */
  n: number;
  /** Receive time of its first and last record, epoch ms. */
  start: number;
  end: number;
  reason: WindowReason;
  /** Per feature, and per output under the `output:*` names. */
  columns: Map<string, WindowColumn>;
}

/** A closed window with the store ids it spans. */
export interface ClosedWindow {
  data: WindowData;
  /** Store ids of its first and last record (0 when records were not stored). */
  firstId: number;
  lastId: number;
}

interface NumericBuffer {
  type: "numeric";
  values: Float64Array;
  length: number;
  missing: number;
}

interface CategoricalBuffer {
  type: "categorical";
  counts: Map<string, number>;
  missing: number;
}

type Buffer = NumericBuffer | CategoricalBuffer;

/**
 * The open window of one model.
 *
 * @example
 * ```ts
 * import { WindowAccumulator } from "./window.ts";
 * import { defineModel } from "./model.ts";
 * import assert from "node:assert/strict";
 * const model = defineModel("m", { age: "numeric" }, { window: { size: 2, min_samples: 1 } });
 * const window = new WindowAccumulator(model);
 * const record = { model: "m", modelVersion: null, requestId: null, time: 0, segment: null,
 *   features: { age: 1 }, prediction: { label: "a", confidence: 0.9 } };
 * assert.equal(window.add(record, 1, 1_000), false);
 * assert.equal(window.add({ ...record, features: { age: null } }, 2, 1_001), true);
 * const closed = window.close(1_002, "size");
 * assert.equal(closed.data.n, 2);
 * assert.equal(closed.data.columns.get("age")?.missing, 1);
 * assert.equal(window.n, 0);
 * ```
 */
export class WindowAccumulator {
  /** Records in the open window. */
  n = 0;
  /** Receive time of its first record, epoch ms (meaningless while empty). */
  start = 0;
  firstId = 0;
  lastId = 0;
  readonly #model: ModelConfig;
  readonly #buffers = new Map<string, Buffer>();

  /**
   * Opens an empty window for a model.
   *
   * @param model the model's declaration (its features and window size)
   */
  constructor(model: ModelConfig) {
    this.#model = model;
    const size = model.window.size;
    for (const feature of model.features) {
      this.#buffers.set(feature.name, newBuffer(feature.type, size));
    }
    if (model.prediction.kind === "classification") {
      this.#buffers.set(OUTPUT_CLASS, newBuffer("categorical", size));
      this.#buffers.set(OUTPUT_CONFIDENCE, newBuffer("numeric", size));
    } else {
      this.#buffers.set(OUTPUT_VALUE, newBuffer("numeric", size));
    }
  }

  /** The window size this accumulator closes at. */
  get size(): number {
    return this.#model.window.size;
  }

  /**
   * Adds a record.
   *
   * @param record the validated prediction
   * @param id its store id
   * @param now its receive time, epoch ms
   * @returns whether the window is now full and must be closed
   */
  add(record: PredictionRecord, id: number, now: number): boolean {
    if (this.n >= this.size) {
      throw new RangeError(`Cannot add to window of model "${this.#model.name}": it is full`);
    }
    if (this.n === 0) {
      this.start = now;
      this.firstId = id;
    }
    this.lastId = id;
    this.n++;
    for (const feature of this.#model.features) {
      push(this.#buffers.get(feature.name)!, record.features[feature.name] ?? null);
    }
    const prediction = record.prediction;
    if (this.#model.prediction.kind === "classification") {
      push(this.#buffers.get(OUTPUT_CLASS)!, prediction.label ?? null);
      push(this.#buffers.get(OUTPUT_CONFIDENCE)!, prediction.confidence ?? null);
    } else {
      push(this.#buffers.get(OUTPUT_VALUE)!, prediction.value ?? null);
    }
    return this.n >= this.size;
  }

  /**
   * Whether the open window has outlived its time cap.
   *
   * @param now epoch ms
   * @returns true when it holds records and its first arrived `window.max_age` ago or more
   */
  expired(now: number): boolean {
    return this.n > 0 && now - this.start >= this.#model.window.maxAgeMs;
  }

  /**
   * The open window's data so far, copied, leaving the window as it is (for a preview of its report).
   *
   * @param now the time of the snapshot, epoch ms
   * @returns the data, with reason `open`
   */
  snapshot(now: number): WindowData {
    const columns = new Map<string, WindowColumn>();
    for (const [name, buffer] of this.#buffers) {
      columns.set(
        name,
        buffer.type === "numeric"
          ? { type: "numeric", values: buffer.values.slice(0, buffer.length), missing: buffer.missing }
          : { type: "categorical", counts: new Map(buffer.counts), missing: buffer.missing },
      );
    }
    return { model: this.#model.name, n: this.n, start: this.start, end: now, reason: "open", columns };
  }

  /**
   * Closes the window: hands its data out (copied) and starts an empty one.
   *
   * @param now the closing time, epoch ms
   * @param reason why it closes
   * @returns the closed window
   */
  close(now: number, reason: CloseReason): ClosedWindow {
    const columns = new Map<string, WindowColumn>();
    for (const [name, buffer] of this.#buffers) {
      if (buffer.type === "numeric") {
        columns.set(name, {
          type: "numeric",
          values: buffer.values.slice(0, buffer.length),
          missing: buffer.missing,
        });
        buffer.length = 0;
      } else {
        columns.set(name, { type: "categorical", counts: buffer.counts, missing: buffer.missing });
        buffer.counts = new Map();
      }
      buffer.missing = 0;
    }
    const closed: ClosedWindow = {
      data: { model: this.#model.name, n: this.n, start: this.start, end: now, reason, columns },
      firstId: this.firstId,
      lastId: this.lastId,
    };
    this.n = 0;
    this.firstId = 0;
    this.lastId = 0;
    return closed;
  }
}

function newBuffer(type: "numeric" | "categorical", size: number): Buffer {
  return type === "numeric"
    ? { type, values: new Float64Array(size), length: 0, missing: 0 }
    : { type, counts: new Map(), missing: 0 };
}

function push(buffer: Buffer, value: FeatureValue): void {
  if (value === null) {
    buffer.missing++;
  } else if (buffer.type === "numeric") {
    if (typeof value === "number") buffer.values[buffer.length++] = value;
    else buffer.missing++;
  } else {
    const key = String(value);
    buffer.counts.set(key, (buffer.counts.get(key) ?? 0) + 1);
  }
}
