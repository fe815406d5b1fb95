/**
 * Number formats of the load report: latencies, seconds on a time axis, rates and counts — short enough
 * for an axis tick, precise enough for a table.
 *
 * @module
 */

/**
 * Formats a latency in milliseconds with three significant digits, switching to seconds at 1 s.
 *
 * @param ms the latency
 * @returns the text
 * @example
 * ```ts
 * import { formatMs } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatMs(5.6093), "5.61 ms");
 * assert.equal(formatMs(121.18), "121 ms");
 * assert.equal(formatMs(2500), "2.5 s");
 * assert.equal(formatMs(0.0421), "42.1 µs");
 * ```
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms === 0) return "0 ms";
  if (ms < 1) return `${significant(ms * 1000)} µs`;
  if (ms < 1000) return `${significant(ms)} ms`;
  return `${significant(ms / 1000)} s`;
}

/**
 * Formats a time-axis position in seconds: `45s`, `2m`, `1m30s`, `1h5m`.
 *
 * @param seconds seconds since the test started
 * @returns the text
 * @example
 * ```ts
 * import { formatClock } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatClock(0), "0s");
 * assert.equal(formatClock(2.5), "2.5s");
 * assert.equal(formatClock(90), "1m30s");
 * assert.equal(formatClock(3900), "1h5m");
 * ```
 */
export function formatClock(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))}s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m > 0 ? `${m}m` : ""}`;
  return `${m}m${s > 0 ? `${s}s` : ""}`;
}

/**
 * Formats a count or rate compactly: integers as they are (thousands grouped), fractions with three
 * significant digits.
 *
 * @param value the number
 * @returns the text
 * @example
 * ```ts
 * import { formatNumber } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatNumber(12345), "12,345");
 * assert.equal(formatNumber(39.2245), "39.2");
 * assert.equal(formatNumber(0.75), "0.75");
 * ```
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString("en-US");
  return significant(value);
}

/**
 * Formats a ratio as a percentage with two decimals, truncated as k6 does (99.999% never shows as 100%).
 *
 * @param ratio between 0 and 1
 * @returns the text
 * @example
 * ```ts
 * import { formatPercent } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatPercent(0.038216), "3.82%");
 * assert.equal(formatPercent(0.99999), "99.99%");
 * ```
 */
export function formatPercent(ratio: number): string {
  return `${(Math.trunc(ratio * 10000) / 100).toFixed(2)}%`;
}

/**
 * Formats a duration given in milliseconds as k6 writes options: `500ms`, `30s`, `1m30s`.
 *
 * @param ms the duration
 * @returns the text
 * @example
 * ```ts
 * import { formatDurationOption } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatDurationOption(30_000), "30s");
 * assert.equal(formatDurationOption(90_000), "1m30s");
 * assert.equal(formatDurationOption(250), "250ms");
 * ```
 */
export function formatDurationOption(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000 || ms % 1000 !== 0) return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
  let seconds = ms / 1000;
  const h = Math.floor(seconds / 3600);
  seconds -= h * 3600;
  const m = Math.floor(seconds / 60);
  seconds -= m * 60;
  return `${h > 0 ? `${h}h` : ""}${m > 0 ? `${m}m` : ""}${seconds > 0 ? `${seconds}s` : ""}`;
}

function significant(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}
