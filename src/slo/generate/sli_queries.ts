/**
 * The PromQL of each SLI kind: its error ratio and event count over a range, and when it counts as
 * silent. Every other rule is built from these, so a new SLI kind is one case here. Pure.
 *
 * @module
 */
import type { SliConfig } from "../../config/types.ts";
import { DRIFT_SEVERITY_VALUE, METRIC } from "../../metrics/names.ts";
import { bucketMatcher, type Matcher, promDuration, selector } from "./promql.ts";

/** How an SLI reads in PromQL. */
export interface SliQueries {
  /**
   * Rules to record before the windowed ones (time-based SLIs record a 0/1 "bad now" series first), as
   * `[record name, expression]` pairs.
   */
  prelude: [string, string][];
  /** Share of bad events over a range, e.g. `"5m"`: empty without events, never a fake 0. */
  errorRatio(range: string): string;
  /** Number of events over a range. */
  events(range: string): string;
  /**
   * A custom no-data condition (accuracy: no label for `label_freshness`); when absent, the SLI is silent
   * while its 5-minute event count is absent or 0.
   */
  noData?: { expr: string; window: string };
}

/** The per-evaluation 0/1 series of a time-based SLI (drift): 1 while it is bad. */
export const SLI_BAD_NOW = "slo:sli_error:bool";

function sumRate(metric: string, matchers: Record<string, Matcher | undefined>, range: string): string {
  return `sum(rate(${selector(metric, matchers)}[${range}]))`;
}

function sumIncrease(metric: string, matchers: Record<string, Matcher | undefined>, range: string): string {
  return `sum(increase(${selector(metric, matchers)}[${range}]))`;
}

/** bad / total, where a missing bad series (nothing failed yet) counts as 0 rather than as no data. */
function badOverTotal(bad: string, total: string): string {
  return `(${bad} or vector(0))\n/\n${total}`;
}

/** 1 − good / total, where a missing good series counts as 0. */
function oneMinusGood(good: string, total: string): string {
  return `1 - (\n  (${good} or vector(0))\n  /\n  ${total}\n)`;
}

/** Options of `sliQueries`. */
export interface SliQueryOptions {
  /** Writes a duration as a PromQL range (the generators shrink windows for end-to-end tests here). */
  range?: (ms: number) => string;
}

/**
 * The PromQL of an SLI.
 *
 * @param sli the SLI
 * @param slo the SLO's name, for the series a time-based SLI records for itself
 * @param options how durations become ranges
 * @returns its queries
 * @example
 * ```ts
 * import { sliQueries } from "./sli_queries.ts";
 * import assert from "node:assert/strict";
 * const queries = sliQueries({ type: "probe_availability", target: "demo" }, "avail");
 * assert.equal(
 *   queries.events("5m"),
 *   'sum(increase(vigil_probe_runs_total{target="demo"}[5m]))',
 * );
 * ```
 */
export function sliQueries(sli: SliConfig, slo: string, options: SliQueryOptions = {}): SliQueries {
  const range = options.range ?? promDuration;
  switch (sli.type) {
    case "probe_availability": {
      const runs = { target: sli.target };
      return {
        prelude: [],
        errorRatio: (range) =>
          badOverTotal(
            sumRate(METRIC.probeRuns, { ...runs, result: "failure" }, range),
            sumRate(METRIC.probeRuns, runs, range),
          ),
        events: (range) => sumIncrease(METRIC.probeRuns, runs, range),
      };
    }
    case "probe_latency": {
      // Good means it passed and was fast enough, as in Vigil's store: a failure is never "fast".
      const runs = { target: sli.target };
      const fast = { ...runs, result: "success", le: bucketMatcher(sli.thresholdMs / 1000) };
      const count = `${METRIC.probeDurationHistogram}_count`;
      return {
        prelude: [],
        errorRatio: (range) =>
          oneMinusGood(
            sumRate(`${METRIC.probeDurationHistogram}_bucket`, fast, range),
            sumRate(count, runs, range),
          ),
        events: (range) => sumIncrease(count, runs, range),
      };
    }
    case "request_success": {
      const requests = { model: sli.model, endpoint: sli.endpoint };
      return {
        prelude: [],
        errorRatio: (range) =>
          badOverTotal(sumRate(METRIC.errors, requests, range), sumRate(METRIC.requests, requests, range)),
        events: (range) => sumIncrease(METRIC.requests, requests, range),
      };
    }
    case "request_latency": {
      const requests = { model: sli.model, endpoint: sli.endpoint };
      const fast = { ...requests, le: bucketMatcher(sli.thresholdMs / 1000) };
      const count = `${METRIC.requestDuration}_count`;
      return {
        prelude: [],
        errorRatio: (range) =>
          oneMinusGood(
            sumRate(`${METRIC.requestDuration}_bucket`, fast, range),
            sumRate(count, requests, range),
          ),
        events: (range) => sumIncrease(count, requests, range),
      };
    }
    case "accuracy": {
      const labelled = { model: sli.model };
      const freshness = range(sli.labelFreshnessMs);
      return {
        prelude: [],
        errorRatio: (range) =>
          oneMinusGood(
            sumRate(METRIC.groundTruthCorrect, labelled, range),
            sumRate(METRIC.groundTruthLabels, labelled, range),
          ),
        events: (range) => sumIncrease(METRIC.groundTruthLabels, labelled, range),
        // Labels arrive late and in batches: silence is judged over the freshness window, not 5 minutes.
        // One expression for "never reported" and "stopped": absent() and a zero increase can both hold
        // (a series just gone stale), and two alerts with one label set would fail the rule.
        noData: {
          expr: `(${sumIncrease(METRIC.groundTruthLabels, labelled, freshness)} or vector(0)) == 0`,
          window: freshness,
        },
      };
    }
    case "drift": {
      const own = selector(SLI_BAD_NOW, { slo });
      const level = DRIFT_SEVERITY_VALUE[sli.below];
      return {
        prelude: [[
          SLI_BAD_NOW,
          `max(${selector(METRIC.driftSeverity, { model: sli.model })}) >= bool ${level}`,
        ]],
        errorRatio: (range) => `avg_over_time(${own}[${range}])`,
        events: (range) => `count_over_time(${own}[${range}])`,
      };
    }
  }
}
