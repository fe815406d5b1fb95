/**
 * The metrics of one load run, with k6's names, types and sinks. Samples go to the metric's sink and to
 * every sub-metric whose tags they match (`http_req_duration{status:200}`), so thresholds on sub-metrics
 * cost one tag comparison per sample and no per-tag-set storage. Trends keep a log-linear histogram, so
 * memory does not grow with the length of the run.
 *
 * @module
 */
import { Histogram } from "../stats/histogram.ts";

/** k6's four metric types. */
export type MetricType = "counter" | "gauge" | "rate" | "trend";
/** What a metric's values are: plain numbers, durations in ms, or bytes. */
export type ValueType = "default" | "time" | "data";
/** A sample's tags. */
export type Tags = Readonly<Record<string, string>>;

/** The aggregated values of one sink, as thresholds and the summary read them. */
export interface SinkValues {
  type: MetricType;
  count: number;
  /** Counter: count per second of the run; Rate: share of non-zero samples. */
  rate: number;
  /** Gauge: last value. */
  value: number;
  avg: number;
  min: number;
  max: number;
  med: number;
  passes: number;
  fails: number;
  /** Trend percentile, p in [0, 100]. */
  p(percentile: number): number;
}

/** A metric's aggregate. */
export interface Sink {
  readonly type: MetricType;
  add(value: number): void;
  /** Whether any sample arrived. */
  readonly empty: boolean;
  values(elapsedSeconds: number): SinkValues;
}

const NO_PERCENTILE = () => NaN;

class CounterSink implements Sink {
  readonly type = "counter";
  count = 0;
  empty = true;
  add(value: number): void {
    this.count += value;
    this.empty = false;
  }
  values(elapsedSeconds: number): SinkValues {
    const rate = elapsedSeconds > 0 ? this.count / elapsedSeconds : 0;
    return blank("counter", { count: this.count, rate });
  }
}

class GaugeSink implements Sink {
  readonly type = "gauge";
  value = 0;
  min = Infinity;
  max = -Infinity;
  empty = true;
  add(value: number): void {
    this.value = value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.empty = false;
  }
  values(): SinkValues {
    return blank("gauge", {
      value: this.value,
      min: this.empty ? 0 : this.min,
      max: this.empty ? 0 : this.max,
    });
  }
}

class RateSink implements Sink {
  readonly type = "rate";
  passes = 0;
  total = 0;
  get empty(): boolean {
    return this.total === 0;
  }
  add(value: number): void {
    this.total++;
    if (value !== 0) this.passes++;
  }
  values(): SinkValues {
    const rate = this.total > 0 ? this.passes / this.total : 0;
    return blank("rate", { rate, passes: this.passes, fails: this.total - this.passes, count: this.total });
  }
}

/** A trend's sink: a log-linear histogram (bounded memory, ≤ 0.4% quantile error). */
export class TrendSink implements Sink {
  readonly type = "trend";
  readonly histogram = new Histogram();
  get empty(): boolean {
    return this.histogram.count === 0;
  }
  add(value: number): void {
    // A clock step can make a duration a hair negative; k6 would record it, the histogram cannot.
    this.histogram.record(value < 0 ? 0 : value);
  }
  values(): SinkValues {
    const h = this.histogram;
    if (h.count === 0) return blank("trend", {});
    return blank("trend", {
      count: h.count,
      avg: h.mean,
      min: h.min,
      max: h.max,
      med: h.percentile(50),
      p: (percentile: number) => h.percentile(percentile),
    });
  }
}

function blank(type: MetricType, values: Partial<SinkValues>): SinkValues {
  return {
    type,
    count: 0,
    rate: 0,
    value: 0,
    avg: 0,
    min: 0,
    max: 0,
    med: 0,
    passes: 0,
    fails: 0,
    p: NO_PERCENTILE,
    ...values,
  };
}

/** Creates the sink of a metric type. */
export function createSink(type: MetricType): Sink {
  switch (type) {
    case "counter":
      return new CounterSink();
    case "gauge":
      return new GaugeSink();
    case "rate":
      return new RateSink();
    case "trend":
      return new TrendSink();
  }
}

/** A sub-metric: the samples of a metric whose tags include all of `tags`. */
export class Submetric {
  readonly sink: Sink;
  readonly #entries: [string, string][];

  constructor(readonly name: string, readonly parent: Metric, readonly tags: Tags) {
    this.sink = createSink(parent.type);
    this.#entries = Object.entries(tags);
  }

  /** Whether a sample with these tags belongs here. */
  matches(tags: Tags): boolean {
    for (const [key, value] of this.#entries) if (tags[key] !== value) return false;
    return true;
  }
}

/** One metric of the run. */
export class Metric {
  readonly sink: Sink;
  readonly submetrics: Submetric[] = [];

  constructor(
    readonly name: string,
    readonly type: MetricType,
    readonly contains: ValueType,
    readonly builtin: boolean,
  ) {
    this.sink = createSink(type);
  }

  /** Extra consumers of every sample (the run's timeline, live exports); usually none. */
  readonly taps: ((value: number, tags: Tags) => void)[] = [];

  /** Adds a sample to the metric and to each matching sub-metric. */
  add(value: number, tags: Tags): void {
    this.sink.add(value);
    for (const sub of this.submetrics) if (sub.matches(tags)) sub.sink.add(value);
    for (const tap of this.taps) tap(value, tags);
  }

  /** The sub-metric for a tag selector, created on first use. */
  submetric(tags: Tags): Submetric {
    const key = Object.entries(tags).map(([k, v]) => `${k}:${v}`).join(",");
    const name = `${this.name}{${key}}`;
    const existing = this.submetrics.find((sub) => sub.name === name);
    if (existing) return existing;
    const sub = new Submetric(name, this, tags);
    this.submetrics.push(sub);
    return sub;
  }
}

/** k6's built-in metrics (and Vigil's additions), declared once. */
export const BUILTIN_METRICS: readonly [string, MetricType, ValueType][] = [
  ["vus", "gauge", "default"],
  ["vus_max", "gauge", "default"],
  ["iterations", "counter", "default"],
  ["iteration_duration", "trend", "time"],
  ["dropped_iterations", "counter", "default"],
  ["data_received", "counter", "data"],
  ["data_sent", "counter", "data"],
  ["checks", "rate", "default"],
  ["group_duration", "trend", "time"],
  ["http_reqs", "counter", "default"],
  ["http_req_failed", "rate", "default"],
  ["http_req_duration", "trend", "time"],
  ["http_req_blocked", "trend", "time"],
  ["http_req_connecting", "trend", "time"],
  ["http_req_tls_handshaking", "trend", "time"],
  ["http_req_sending", "trend", "time"],
  ["http_req_waiting", "trend", "time"],
  ["http_req_receiving", "trend", "time"],
  // Vigil: the request's latency measured from its iteration's scheduled start (coordinated omission).
  ["http_req_corrected_duration", "trend", "time"],
  // Vigil: how late arrival-rate iterations started against their schedule (is the generator keeping up?).
  ["iteration_start_lag", "trend", "time"],
  // Vigil: streaming (server-sent events) time to first event and between events.
  ["http_req_ttft", "trend", "time"],
  ["http_req_inter_token", "trend", "time"],
];

/** k6's rule for metric names: letters, digits, underscores, 1 to 128 characters. */
const METRIC_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

/** The metrics of a run, keyed by name. */
export class MetricRegistry {
  readonly #metrics = new Map<string, Metric>();

  constructor() {
    for (const [name, type, contains] of BUILTIN_METRICS) {
      this.#metrics.set(name, new Metric(name, type, contains, true));
    }
  }

  /** The metric of that name, or undefined. */
  get(name: string): Metric | undefined {
    return this.#metrics.get(name);
  }

  /** A built-in metric; throws for an unknown name (a programming error, not user input). */
  builtin(name: string): Metric {
    const metric = this.#metrics.get(name);
    if (metric === undefined) throw new Error(`Unknown built-in metric "${name}"`);
    return metric;
  }

  /**
   * Returns the metric of that name, creating it; as in k6, asking again with the same type gives the
   * same metric and with another type is an error.
   */
  define(name: string, type: MetricType, contains: ValueType): Metric {
    if (!METRIC_NAME.test(name)) {
      throw new TypeError(
        `Invalid metric name "${name}": expected 1 to 128 letters, digits or underscores, not starting with a digit`,
      );
    }
    const existing = this.#metrics.get(name);
    if (existing) {
      if (existing.type !== type) {
        throw new TypeError(`Metric "${name}" already exists as a ${existing.type}, not a ${type}`);
      }
      return existing;
    }
    const metric = new Metric(name, type, contains, false);
    this.#metrics.set(name, metric);
    return metric;
  }

  /** Every metric, built-in first, in definition order. */
  all(): Metric[] {
    return [...this.#metrics.values()];
  }

  /** Name → type, for threshold validation. */
  types(): Map<string, MetricType> {
    return new Map([...this.#metrics].map(([name, metric]) => [name, metric.type]));
  }
}
