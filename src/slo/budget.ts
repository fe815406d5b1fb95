/**
 * Pure SLO arithmetic: ratios, compliance and error budget. No I/O, no clocks.
 *
 * @module
 */

/**
 * The share of good events, or null when there were none: a silent SLI is unknown, never 100%.
 *
 * @param good good events
 * @param total all events
 * @returns good / total, or null when total is 0
 * @example
 * ```ts
 * import { ratio } from "./budget.ts";
 * import assert from "node:assert/strict";
 * assert.equal(ratio(99, 100), 0.99);
 * assert.equal(ratio(0, 0), null);
 * ```
 */
export function ratio(good: number, total: number): number | null {
  return total > 0 ? good / total : null;
}

/**
 * The share of the error budget left: 1 when nothing was burned, 0 when exactly spent, negative when
 * overspent. The budget is the allowed bad share, `1 - objective`.
 *
 * @param good good events over the period
 * @param total all events over the period
 * @param objective the target ratio of good events, in (0, 1)
 * @returns remaining budget as a ratio, or null when there were no events
 * @example
 * ```ts
 * import { budgetRemaining } from "./budget.ts";
 * import assert from "node:assert/strict";
 * // 99% objective allows 10 bad in 1000; 5 bad burned half of it.
 * assert.equal(budgetRemaining(995, 1000, 0.99), 0.5);
 * ```
 */
export function budgetRemaining(good: number, total: number, objective: number): number | null {
  if (total === 0) return null;
  const badShare = (total - good) / total;
  return tidy(1 - badShare / (1 - objective));
}

/**
 * The burn rate: how many times faster than sustainable the budget is being spent (1 = exactly on
 * budget over the period).
 *
 * @param good good events in the window
 * @param total all events in the window
 * @param objective the target ratio of good events
 * @returns the burn rate, or null with no events
 * @example
 * ```ts
 * import { burnRate } from "./budget.ts";
 * import assert from "node:assert/strict";
 * assert.equal(burnRate(98, 100, 0.99), 2);
 * ```
 */
export function burnRate(good: number, total: number, objective: number): number | null {
  if (total === 0) return null;
  return tidy(((total - good) / total) / (1 - objective));
}

/**
 * Rounds to 12 decimal places: `1 - objective` is inexact in binary (1 - 0.999 = 0.0010000000000000009),
 * and an exactly spent budget should read 0, not 8.9e-16, on a dashboard or in a verdict.
 */
function tidy(value: number): number {
  return Math.round(value * 1e12) / 1e12 + 0;
}
