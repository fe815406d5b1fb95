/**
 * Vigil's library surface: the pieces other programs can use without running the service.
 *
 * - drift statistics matching SciPy: `ks2samp(a, b, { method })`, `chi2Contingency(table, { correction })`,
 *   `jensenShannonDistance(p, q, { base })`, `wassersteinDistance(u, v)`, `psi(reference, current,
 *   { bins, strategy, epsilon })`, `benjaminiHochberg(pValues, { alpha })`, and `quantile`
 * - instrumentation of a Hono model service: `instrument(options)` (RED metrics, predictions forwarded to
 *   Vigil) and `recordPrediction(c, prediction)`
 * - k6 thresholds: `parseThreshold(expression)` (k6's grammar) and `parseThresholdsConfig`
 * - SLO arithmetic (`ratio`, `budgetRemaining`, `burnRate`)
 * - configuration (`parseConfig`, `loadConfig`, `parseDuration`)
 *
 * @example
 * ```ts
 * import { budgetRemaining, ks2samp, parseThreshold, quantile } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(quantile([1, 2, 3], 0.5), 2);
 * assert.equal(ks2samp([1, 2, 3], [4, 5, 6]).statistic, 1);
 * assert.equal(budgetRemaining(995, 1000, 0.99), 0.5);
 * assert.equal(parseThreshold("p(95)<500").aggregation.percentile, 95);
 * ```
 *
 * @module
 */
export * from "./src/stats/mod.ts";
export {
  type ForwardedPrediction,
  type ForwarderOptions,
  instrument,
  type InstrumentMiddleware,
  type InstrumentOptions,
  PredictionForwarder,
  type RecordedPrediction,
  recordPrediction,
} from "./src/instrument/mod.ts";
export {
  evaluateThreshold,
  parseThreshold,
  parseThresholdsConfig,
  type ThresholdExpression,
  ThresholdsConfigError,
} from "./src/load/thresholds.ts";
export { budgetRemaining, burnRate, ratio } from "./src/slo/budget.ts";
export { ConfigError, loadConfig, parseConfig } from "./src/config/load.ts";
export { parseDuration } from "./src/config/duration.ts";
export type { Config } from "./src/config/types.ts";
