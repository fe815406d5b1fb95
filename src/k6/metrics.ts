/**
 * The `k6/metrics` module: custom Counter, Gauge, Rate and Trend metrics, declared in the init context
 * and added to from VU code, as in k6.
 *
 * @module
 */
import { currentRun, currentVu } from "../load/context.ts";
import type { Metric as RunMetric, MetricType } from "../load/metrics.ts";

abstract class CustomMetric {
  readonly name: string;
  readonly #metric: RunMetric;
  #warned = false;

  constructor(name: string, type: MetricType, isTime = false) {
    const run = currentRun();
    // k6 allows new metrics only in the init context, so every VU (and the thresholds) see the same set.
    if (!run.inInit) {
      throw new Error(`Metric "${name}" must be declared in the init context (at the top of the script)`);
    }
    this.#metric = run.registry.define(name, type, isTime ? "time" : "default");
    this.name = name;
  }

  /**
   * Adds a value with optional extra tags.
   *
   * @param value the sample
   * @param tags extra tags
   * @returns true when the sample was recorded
   */
  add(value: number | boolean, tags: Record<string, string> = {}): boolean {
    const number = typeof value === "boolean" ? (value ? 1 : 0) : Number(value);
    if (!Number.isFinite(number)) {
      if (!this.#warned) console.warn(`Metric "${this.name}": ignoring non-finite value ${String(value)}`);
      this.#warned = true;
      return false;
    }
    currentRun().emit(this.name, number, tags, currentVu());
    return true;
  }
}

/** A cumulative counter. */
export class Counter extends CustomMetric {
  constructor(name: string) {
    super(name, "counter");
  }
}

/** The last value added, with its minimum and maximum. */
export class Gauge extends CustomMetric {
  constructor(name: string, isTime = false) {
    super(name, "gauge", isTime);
  }
}

/** The share of non-zero values added. */
export class Rate extends CustomMetric {
  constructor(name: string) {
    super(name, "rate");
  }
}

/** A distribution: avg, min, med, max and percentiles. */
export class Trend extends CustomMetric {
  constructor(name: string, isTime = false) {
    super(name, "trend", isTime);
  }
}

export default { Counter, Gauge, Rate, Trend };
