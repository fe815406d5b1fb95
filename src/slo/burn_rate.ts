/**
 * Multi-window, multi-burn-rate alerting as the Google SRE workbook describes it, in one table shared by
 * Vigil's own evaluation and the generated Prometheus rules, so both judge with the same numbers. Pure.
 *
 * @module
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A window burn rates are measured over, by its Prometheus name (`5m`) and length. */
export interface BurnWindow {
  name: string;
  ms: number;
}

/** Every window an alert condition reads, shortest first (the workbook's, plus Sloth's 2h and 1d). */
export const BURN_WINDOWS: readonly BurnWindow[] = [
  { name: "5m", ms: 5 * MINUTE },
  { name: "30m", ms: 30 * MINUTE },
  { name: "1h", ms: HOUR },
  { name: "2h", ms: 2 * HOUR },
  { name: "6h", ms: 6 * HOUR },
  { name: "1d", ms: DAY },
  { name: "3d", ms: 3 * DAY },
];

/** One alert condition: the error ratio exceeds `factor` × budget over both the long and short window. */
export interface BurnCondition {
  /** Burn rate factor before capping: 14.4 spends 2% of a 30-day budget in an hour. */
  factor: number;
  /** The window that makes the alert significant. */
  long: string;
  /** The window that makes it reset quickly once the burn stops. */
  short: string;
}

/** Which severity each kind of burn-rate alert has, and its conditions (any one fires the alert). */
export const BURN_ALERTS: Readonly<Record<"page" | "ticket", readonly BurnCondition[]>> = {
  page: [
    { factor: 14.4, long: "1h", short: "5m" },
    { factor: 6, long: "6h", short: "30m" },
  ],
  ticket: [
    { factor: 3, long: "1d", short: "2h" },
    { factor: 1, long: "3d", short: "6h" },
  ],
};

/** The error-ratio threshold of a condition for one objective. */
export interface BurnThreshold {
  /** The factor actually used: at most 1 / (1 − objective). */
  factor: number;
  /** Error ratio to compare with: factor × (1 − objective), rounded to 12 significant digits. */
  errorRatio: number;
  /**
   * Whether the comparison includes the threshold. Only a capped factor needs it: its threshold is 1
   * (every event bad), which no error ratio can exceed.
   */
  inclusive: boolean;
}

/**
 * The error-ratio threshold of a burn-rate factor for an objective. The factor is capped at
 * 1 / (1 − objective), so an SLO with a low objective (90%: at most 10×) still alerts when everything
 * fails instead of asking for an error ratio above 100%.
 *
 * @param factor the burn rate factor, e.g. 14.4
 * @param objective the target ratio of good events, in (0, 1)
 * @returns the capped factor, the error ratio to compare with and whether equality counts
 * @example
 * ```ts
 * import { burnThreshold } from "./burn_rate.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(burnThreshold(14.4, 0.999), { factor: 14.4, errorRatio: 0.0144, inclusive: false });
 * assert.deepEqual(burnThreshold(14.4, 0.9), { factor: 10, errorRatio: 1, inclusive: true });
 * ```
 */
export function burnThreshold(factor: number, objective: number): BurnThreshold {
  if (!(objective > 0 && objective < 1)) {
    throw new RangeError(`Invalid objective "${objective}": expected a ratio between 0 and 1 (exclusive)`);
  }
  const budget = 1 - objective;
  // Tidied first: 1 / (1 - 0.9) is 10.000000000000002, and a factor of exactly 10 must count as capped.
  const cap = tidy(1 / budget);
  const capped = factor >= cap;
  return capped
    ? { factor: cap, errorRatio: 1, inclusive: true }
    : { factor, errorRatio: tidy(factor * budget), inclusive: false };
}

/** Events of one window: bad and total. */
export interface WindowEvents {
  good: number;
  total: number;
}

/** Which burn-rate alerts would fire, and through which condition. */
export interface BurnAlertState {
  page: boolean;
  ticket: boolean;
  /** The conditions that hold, e.g. `["page 14.4x 1h/5m"]`. */
  reasons: string[];
}

/**
 * Evaluates the burn-rate alerts on window counts, exactly as the generated rules do: a condition holds
 * when the error ratio of both its windows exceeds the threshold and both windows have at least
 * `minTraffic` events. A window without events never holds (that is the no-data alert's business).
 *
 * @param windows good and total events by window name (every window of `BURN_WINDOWS`)
 * @param objective the target ratio of good events
 * @param options `minTraffic` (default 0) and which alerts are enabled (default both)
 * @returns whether the page and the ticket fire
 * @example
 * ```ts
 * import { evaluateBurnAlerts } from "./burn_rate.ts";
 * import assert from "node:assert/strict";
 * const all = (good: number, total: number) =>
 *   Object.fromEntries(["5m", "30m", "1h", "2h", "6h", "1d", "3d"].map((w) => [w, { good, total }]));
 * assert.equal(evaluateBurnAlerts(all(80, 100), 0.99).page, true); // 20x burn everywhere
 * assert.equal(evaluateBurnAlerts(all(98, 100), 0.99).page, false); // 2x: a ticket at most
 * assert.equal(evaluateBurnAlerts(all(98, 100), 0.99).ticket, true);
 * ```
 */
export function evaluateBurnAlerts(
  windows: Readonly<Record<string, WindowEvents | undefined>>,
  objective: number,
  options: { minTraffic?: number; page?: boolean; ticket?: boolean } = {},
): BurnAlertState {
  const minTraffic = options.minTraffic ?? 0;
  const reasons: string[] = [];
  const holds = (window: string, threshold: BurnThreshold) => {
    const events = windows[window];
    if (events === undefined || events.total === 0 || events.total < minTraffic) return false;
    const errorRatio = (events.total - events.good) / events.total;
    return threshold.inclusive ? errorRatio >= threshold.errorRatio : errorRatio > threshold.errorRatio;
  };
  const state = { page: false, ticket: false };
  for (const kind of ["page", "ticket"] as const) {
    if (options[kind] === false) continue;
    for (const condition of BURN_ALERTS[kind]) {
      const threshold = burnThreshold(condition.factor, objective);
      if (holds(condition.long, threshold) && holds(condition.short, threshold)) {
        state[kind] = true;
        reasons.push(`${kind} ${threshold.factor}x ${condition.long}/${condition.short}`);
      }
    }
  }
  return { ...state, reasons };
}

/** Rounds to 12 significant digits, so 14.4 × 0.001 reads 0.0144 in a rule, not 0.014400000000000001. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}
