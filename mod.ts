/**
 * Vigil's library surface: the pieces other programs can use without running the service.
 *
 * - statistics (`quantile` now; `ks2samp`, `chi2Contingency`, `psi` and divergences as they land)
 * - SLO arithmetic (`ratio`, `budgetRemaining`, `burnRate`)
 * - configuration (`parseConfig`, `loadConfig`, `parseDuration`)
 *
 * @example
 * ```ts
 * import { budgetRemaining, quantile } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(quantile([1, 2, 3], 0.5), 2);
 * assert.equal(budgetRemaining(995, 1000, 0.99), 0.5);
 * ```
 *
 * @module
 */
export * from "./src/stats/mod.ts";
export { budgetRemaining, burnRate, ratio } from "./src/slo/budget.ts";
export { ConfigError, loadConfig, parseConfig } from "./src/config/load.ts";
export { parseDuration } from "./src/config/duration.ts";
export type { Config } from "./src/config/types.ts";
