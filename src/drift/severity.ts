/**
 * Drift severities: none, info, warning, critical, in that order, and how a statistic maps to one.
 *
 * @module
 */
import type { SeverityThresholds } from "../config/types.ts";

/** How far a feature has drifted, from a statistic and its thresholds. */
export type Severity = "none" | "info" | "warning" | "critical";

/** The severities in ascending order; `ml_drift_severity` reports the index (0 none … 3 critical). */
export const SEVERITIES: readonly Severity[] = ["none", "info", "warning", "critical"];

/**
 * The severity a statistic reaches: the highest level whose threshold it meets or exceeds.
 *
 * @param value the statistic (e.g. KS D or PSI); NaN gives none
 * @param thresholds where info, warning and critical begin
 * @returns the severity
 * @example
 * ```ts
 * import { severityOf } from "./severity.ts";
 * import assert from "node:assert/strict";
 * const ks = { info: 0.1, warning: 0.15, critical: 0.25 };
 * assert.equal(severityOf(0.05, ks), "none");
 * assert.equal(severityOf(0.15, ks), "warning");
 * assert.equal(severityOf(0.9, ks), "critical");
 * ```
 */
export function severityOf(value: number, thresholds: SeverityThresholds): Severity {
  if (value >= thresholds.critical) return "critical";
  if (value >= thresholds.warning) return "warning";
  if (value >= thresholds.info) return "info";
  return "none";
}

/**
 * The rank of a severity, as `ml_drift_severity` exports it.
 *
 * @param severity the severity
 * @returns 0 for none up to 3 for critical
 * @example
 * ```ts
 * import { severityRank } from "./severity.ts";
 * import assert from "node:assert/strict";
 * assert.equal(severityRank("warning"), 2);
 * ```
 */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * The highest of some severities.
 *
 * @param severities any number of severities
 * @returns the highest, or none when there are none
 * @example
 * ```ts
 * import { maxSeverity } from "./severity.ts";
 * import assert from "node:assert/strict";
 * assert.equal(maxSeverity(["info", "critical", "none"]), "critical");
 * assert.equal(maxSeverity([]), "none");
 * ```
 */
export function maxSeverity(severities: Iterable<Severity>): Severity {
  let rank = 0;
  for (const severity of severities) rank = Math.max(rank, severityRank(severity));
  return SEVERITIES[rank]!;
}
