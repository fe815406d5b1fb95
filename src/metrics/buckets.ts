/**
 * Latency bucket boundaries, declared once and free of dependencies so the config validator can check
 * SLO thresholds against them without loading the metrics library.
 *
 * @module
 */

/** Default latency buckets in seconds; SLO and probe thresholds are merged in so every one is exact. */
export const DEFAULT_LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
];

/**
 * Merges latency thresholds into the default buckets: a latency SLI needs `le` to equal its threshold,
 * since Prometheus cannot interpolate a ratio of requests under T from neighbouring buckets honestly.
 *
 * @param thresholdsMs latency thresholds in milliseconds
 * @returns sorted, unique bucket upper bounds in seconds
 * @example
 * ```ts
 * import { latencyBuckets } from "./buckets.ts";
 * import assert from "node:assert/strict";
 * assert.ok(latencyBuckets([300]).includes(0.3));
 * ```
 */
export function latencyBuckets(thresholdsMs: number[]): number[] {
  const all = [...DEFAULT_LATENCY_BUCKETS_SECONDS, ...thresholdsMs.map((ms) => ms / 1000)];
  // Rounding keeps 300 ms as 0.3 rather than 0.30000000000000004 in the `le` label.
  return [...new Set(all.map((s) => Number(s.toPrecision(12))))].sort((a, b) => a - b);
}
