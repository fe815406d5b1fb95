/**
 * The run over time, one point a second: throughput, errors, VUs, and latency percentiles of each
 * second, both as measured and as corrected for coordinated omission — what the report draws. Memory
 * stays bounded: past `MAX_POINTS` adjacent points merge and the resolution halves.
 *
 * @module
 */
import { Histogram } from "../stats/histogram.ts";
import type { MetricRegistry } from "./metrics.ts";

/** Points kept before the timeline halves its resolution. */
export const MAX_POINTS = 3600;

/** One interval of the run. */
export interface TimelinePoint {
  /** End of the interval, seconds since the test started. */
  t: number;
  /** Length of the interval in seconds. */
  seconds: number;
  vus: number;
  requests: number;
  failed: number;
  iterations: number;
  dropped: number;
  /** Latency percentiles of the interval's requests in ms (null without requests). */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** The same, measured from each iteration's scheduled start. */
  correctedP50: number | null;
  correctedP95: number | null;
  correctedP99: number | null;
}

/** Collects the timeline of a run from its metrics. */
export class Timeline {
  readonly points: TimelinePoint[] = [];
  #requests = 0;
  #failed = 0;
  #iterations = 0;
  #dropped = 0;
  readonly #duration = new Histogram({ subBucketBits: 7 });
  readonly #corrected = new Histogram({ subBucketBits: 7 });
  #lastT = 0;

  /**
   * Subscribes to the run's metrics.
   *
   * @param registry the run's metrics
   */
  constructor(registry: MetricRegistry) {
    registry.builtin("http_reqs").taps.push(() => this.#requests++);
    registry.builtin("http_req_failed").taps.push((value) => {
      if (value !== 0) this.#failed++;
    });
    registry.builtin("iterations").taps.push(() => this.#iterations++);
    registry.builtin("dropped_iterations").taps.push((value) => (this.#dropped += value));
    registry.builtin("http_req_duration").taps.push((value) => this.#duration.record(Math.max(0, value)));
    registry.builtin("http_req_corrected_duration").taps.push((value) =>
      this.#corrected.record(Math.max(0, value))
    );
  }

  /**
   * Closes the current interval at `elapsedMs` and starts the next.
   *
   * @param elapsedMs time since the test started
   * @param vus active VUs now
   */
  sample(elapsedMs: number, vus: number): void {
    const t = elapsedMs / 1000;
    const pct = (h: Histogram, p: number) => (h.count === 0 ? null : h.percentile(p));
    this.points.push({
      t,
      seconds: t - this.#lastT,
      vus,
      requests: this.#requests,
      failed: this.#failed,
      iterations: this.#iterations,
      dropped: this.#dropped,
      p50: pct(this.#duration, 50),
      p95: pct(this.#duration, 95),
      p99: pct(this.#duration, 99),
      correctedP50: pct(this.#corrected, 50),
      correctedP95: pct(this.#corrected, 95),
      correctedP99: pct(this.#corrected, 99),
    });
    this.#lastT = t;
    this.#requests =
      this.#failed =
      this.#iterations =
      this.#dropped =
        0;
    this.#duration.reset();
    this.#corrected.reset();
    if (this.points.length > MAX_POINTS) this.#compact();
  }

  /** Merges adjacent pairs: counts add up; percentiles keep the worse of the two (the report is for spotting trouble). */
  #compact(): void {
    const merged: TimelinePoint[] = [];
    for (let i = 0; i < this.points.length; i += 2) {
      const a = this.points[i]!;
      const b = this.points[i + 1];
      if (b === undefined) {
        merged.push(a);
        continue;
      }
      const worse = (
        x: number | null,
        y: number | null,
      ) => (x === null ? y : y === null ? x : Math.max(x, y));
      merged.push({
        t: b.t,
        seconds: a.seconds + b.seconds,
        vus: Math.max(a.vus, b.vus),
        requests: a.requests + b.requests,
        failed: a.failed + b.failed,
        iterations: a.iterations + b.iterations,
        dropped: a.dropped + b.dropped,
        p50: worse(a.p50, b.p50),
        p95: worse(a.p95, b.p95),
        p99: worse(a.p99, b.p99),
        correctedP50: worse(a.correctedP50, b.correctedP50),
        correctedP95: worse(a.correctedP95, b.correctedP95),
        correctedP99: worse(a.correctedP99, b.correctedP99),
      });
    }
    this.points.splice(0, this.points.length, ...merged);
  }
}
