/**
 * Number formats of the dashboard: ratios, latencies and statistics, short enough for a tile or a table cell.
 *
 * @module
 */

/**
 * A ratio as a percentage.
 *
 * @param ratio the ratio, or null
 * @param digits decimals (default 1)
 * @returns e.g. `99.5%`, or `–` without a value
 * @example
 * ```ts
 * import { percent } from "./dashboard_format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(percent(0.375), "37.5%");
 * assert.equal(percent(null), "–");
 * ```
 */
export function percent(ratio: number | null | undefined, digits = 1): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio)
    ? "–"
    : `${(ratio * 100).toFixed(digits)}%`;
}

/**
 * A ratio as a percentage without trailing zeros, for objectives and budgets.
 *
 * @param ratio the ratio
 * @returns e.g. `1%`, `0.5%`, `99.95%`
 * @example
 * ```ts
 * import { shortPercent } from "./dashboard_format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(shortPercent(1 - 0.99), "1%");
 * assert.equal(shortPercent(0.0005), "0.05%");
 * ```
 */
export function shortPercent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(4))}%`;
}

/**
 * A latency.
 *
 * @param value milliseconds, or null
 * @returns e.g. `1.5 ms`, `250 ms`, `1.2 s`, or `–` without a value
 * @example
 * ```ts
 * import { millis } from "./dashboard_format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(millis(1.54), "1.5 ms");
 * assert.equal(millis(250), "250 ms");
 * assert.equal(millis(5_000), "5 s");
 * ```
 */
export function millis(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (value >= 1000) return `${Number((value / 1000).toFixed(2))} s`;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

/**
 * A statistic with three significant digits.
 *
 * @param value the number, or null
 * @returns e.g. `0.0412`, `12.3`, `1.2e-9`, or `–` without a value
 * @example
 * ```ts
 * import { stat } from "./dashboard_format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(stat(0.041234), "0.0412");
 * assert.equal(stat(1.23e-9), "1.2e-9");
 * ```
 */
export function stat(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs < 0.001) return value.toExponential(1);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  return String(Number(value.toPrecision(3)));
}
