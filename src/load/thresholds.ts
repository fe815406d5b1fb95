/**
 * k6 thresholds: the `options.thresholds` config, validated against the metrics a test knows, and evaluated
 * against metric sinks with k6's semantics (metrics/thresholds.go, metrics/metric_type.go,
 * metrics/engine/engine.go). Pure: the load engine supplies the sink values and the clock.
 *
 * @module
 */

import { parseK6Duration } from "./duration.ts";
import { type MetricSelector, parseMetricSelector } from "./metric_selector.ts";
import type { MetricType } from "./metrics.ts";
import {
  type AggregationMethod,
  formatAggregation,
  parseThreshold,
  type ThresholdExpression,
} from "./threshold_parser.ts";

export * from "./metric_selector.ts";
export * from "./threshold_parser.ts";

/**
 * Aggregation methods each metric type supports in thresholds, as k6's metrics/metric_type.go
 * `supportedAggregationMethods` lists them. A Trend has no `count`.
 *
 * @example
 * ```ts
 * import { SUPPORTED_METHODS } from "./thresholds.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(SUPPORTED_METHODS.counter, ["count", "rate"]);
 * assert.ok(!SUPPORTED_METHODS.trend.includes("count"));
 * ```
 */
export const SUPPORTED_METHODS: Readonly<Record<MetricType, readonly AggregationMethod[]>> = Object.freeze({
  counter: Object.freeze(["count", "rate"] as const),
  gauge: Object.freeze(["value"] as const),
  rate: Object.freeze(["rate"] as const),
  trend: Object.freeze(["avg", "min", "max", "med", "p"] as const),
});

/**
 * How often k6 evaluates thresholds during a run, in milliseconds (metrics/engine/engine.go `thresholdsRate`);
 * they are evaluated once more at the end.
 *
 * @example
 * ```ts
 * import { THRESHOLDS_EVALUATION_INTERVAL_MS } from "./thresholds.ts";
 * import assert from "node:assert/strict";
 * assert.equal(THRESHOLDS_EVALUATION_INTERVAL_MS, 2000);
 * ```
 */
export const THRESHOLDS_EVALUATION_INTERVAL_MS = 2_000;

/** One validated threshold: its expression and its abort settings. */
export interface Threshold extends ThresholdExpression {
  /** Stop the test when this threshold fails during the run. */
  abortOnFail: boolean;
  /** `delayAbortEval` in milliseconds: no abort until the test has run longer than this. Absent: no delay. */
  delayAbortEvalMs?: number;
}

/** The validated thresholds of one metric or sub-metric. */
export interface MetricThresholds {
  /** The key as written in `options.thresholds`, e.g. `http_req_duration{status:200}`: k6's sub-metric name. */
  name: string;
  /** The metric and the sub-metric tags. */
  selector: MetricSelector;
  /** The metric's type (a sub-metric has its parent's). */
  type: MetricType;
  /** The thresholds, in config order; may be empty (`[]` or `null` in the config). */
  thresholds: Threshold[];
}

/** One problem in `options.thresholds`. */
export interface ThresholdsConfigIssue {
  /** Where, e.g. `thresholds["http_req_duration"][1]`. */
  path: string;
  /** What is wrong, a sentence, e.g. `Cannot parse threshold "p(95)<<500": unknown operator "<<"`. */
  message: string;
}

/**
 * Invalid `options.thresholds`: every problem found, one per line as `path: message`. The CLI maps it to k6's
 * exit code 104 (invalid config).
 *
 * @example
 * ```ts
 * import { ThresholdsConfigError } from "./thresholds.ts";
 * import assert from "node:assert/strict";
 * const error = new ThresholdsConfigError([{ path: 'thresholds["nope"]', message: 'Unknown metric "nope"' }]);
 * assert.equal(error.message, 'thresholds["nope"]: Unknown metric "nope"');
 * ```
 */
export class ThresholdsConfigError extends Error {
  /** Always `"ThresholdsConfigError"`, for logs and `assert.throws({ name })`. */
  override name = "ThresholdsConfigError";
  /** Every problem found, in config order. */
  readonly issues: readonly ThresholdsConfigIssue[];

  /**
   * Creates the error from its issues.
   *
   * @param issues every problem found
   */
  constructor(issues: readonly ThresholdsConfigIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join("\n"));
    this.issues = issues;
  }
}

/**
 * Validates k6 `options.thresholds` against the metrics the test knows, collecting every problem: selectors
 * k6 cannot parse, unknown metrics, unparsable expressions, methods the metric type does not support, entries
 * of the wrong type and bad `delayAbortEval` durations. Entry forms are k6's: a string, or
 * `{ threshold, abortOnFail, delayAbortEval }` (keys matched case-insensitively and unknown keys ignored, as
 * Go's encoding/json does); `null` stands for an empty string, list or setting, as it does in JSON.
 *
 * @param thresholds the script's `options.thresholds` (undefined or null: no thresholds)
 * @param knownMetrics every metric name the test can produce (built-in and custom), with its type
 *   (`MetricType` from ./metrics.ts: `"counter" | "gauge" | "rate" | "trend"`)
 * @returns the thresholds of each metric or sub-metric, in config order
 * @throws {ThresholdsConfigError} naming every bad entry, e.g.
 *   `thresholds["http_req_duration"][1]: Cannot parse threshold "p(95)<<500": unknown operator "<<"`
 * @example
 * ```ts
 * import { parseThresholdsConfig, ThresholdsConfigError } from "./thresholds.ts";
 * import assert from "node:assert/strict";
 * const known = new Map([["http_req_duration", "trend" as const]]);
 * const [duration] = parseThresholdsConfig({
 *   "http_req_duration{status:200}": ["p(95)<500", { threshold: "p(99)<1000", abortOnFail: true, delayAbortEval: "10s" }],
 * }, known);
 * assert.equal(duration?.thresholds[1]?.delayAbortEvalMs, 10_000);
 * assert.throws(() => parseThresholdsConfig({ http_req_duration: ["count>1"] }, known), ThresholdsConfigError);
 * ```
 */
export function parseThresholdsConfig(
  thresholds: unknown,
  knownMetrics: ReadonlyMap<string, MetricType>,
): MetricThresholds[] {
  if (thresholds === undefined || thresholds === null) return [];
  if (typeof thresholds !== "object" || Array.isArray(thresholds)) {
    throw new ThresholdsConfigError([{
      path: "thresholds",
      message: `Expected an object mapping metric names to arrays of thresholds, got ${describe(thresholds)}`,
    }]);
  }
  const issues: ThresholdsConfigIssue[] = [];
  const result: MetricThresholds[] = [];
  for (const [name, list] of Object.entries(thresholds)) {
    const path = `thresholds[${JSON.stringify(name)}]`;
    const before = issues.length;
    const metric = resolveMetric(name, knownMetrics, path, issues);
    const parsed: Threshold[] = [];
    if (list !== null && list !== undefined && !Array.isArray(list)) {
      issues.push({ path, message: `Expected an array of thresholds, got ${describe(list)}` });
    } else {
      (list ?? []).forEach((entry: unknown, index: number) => {
        const threshold = parseEntry(entry, `${path}[${index}]`, issues);
        if (threshold === undefined || metric === undefined) return;
        if (!SUPPORTED_METHODS[metric.type].includes(threshold.aggregation.method)) {
          issues.push({
            path: `${path}[${index}]`,
            message: `Cannot apply threshold ${JSON.stringify(threshold.source)} to ${metric.type} metric ${
              JSON.stringify(name)
            }: ${formatAggregation(threshold.aggregation)} is not supported, use ${methodList(metric.type)}`,
          });
          return;
        }
        parsed.push(threshold);
      });
    }
    if (metric !== undefined && issues.length === before) {
      result.push({ name, ...metric, thresholds: parsed });
    }
  }
  if (issues.length > 0) throw new ThresholdsConfigError(issues);
  return result;
}

function resolveMetric(
  name: string,
  knownMetrics: ReadonlyMap<string, MetricType>,
  path: string,
  issues: ThresholdsConfigIssue[],
): { selector: MetricSelector; type: MetricType } | undefined {
  let selector: MetricSelector;
  try {
    selector = parseMetricSelector(name);
  } catch (error: unknown) {
    if (!(error instanceof SyntaxError)) throw error;
    issues.push({ path, message: error.message });
    return undefined;
  }
  // k6 Thresholds.Validate: registry.Get(name) with the name exactly as written before "{".
  const type = knownMetrics.get(selector.metric);
  if (type === undefined) {
    issues.push({
      path,
      message: `Unknown metric ${
        JSON.stringify(selector.metric)
      }: not a built-in metric nor one the script creates`,
    });
    return undefined;
  }
  return { selector, type };
}

// k6 metrics/thresholds.go thresholdConfig.UnmarshalJSON: a JSON string, else an object decoded by
// encoding/json into { threshold string, abortOnFail bool, delayAbortEval types.NullDuration }.
function parseEntry(entry: unknown, path: string, issues: ThresholdsConfigIssue[]): Threshold | undefined {
  let source = "";
  let abortOnFail = false;
  let delayAbortEvalMs: number | undefined;
  let valid = true;
  if (typeof entry === "string") {
    source = entry;
  } else if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) {
    for (const [key, value] of Object.entries(entry)) {
      if (value === undefined) continue; // JSON drops undefined properties
      switch (key.toLowerCase()) {
        case "threshold":
          if (typeof value === "string" || value === null) source = value ?? "";
          else valid = reject(issues, `${path}.threshold`, `Expected a string, got ${describe(value)}`);
          break;
        case "abortonfail":
          if (typeof value === "boolean" || value === null) abortOnFail = value ?? false;
          else valid = reject(issues, `${path}.abortOnFail`, `Expected a boolean, got ${describe(value)}`);
          break;
        case "delayaborteval":
          if (value === null) {
            delayAbortEvalMs = undefined;
          } else if (typeof value === "string" || typeof value === "number") {
            try {
              delayAbortEvalMs = parseK6Duration(value);
            } catch (error: unknown) {
              if (!(error instanceof SyntaxError)) throw error;
              valid = reject(issues, `${path}.delayAbortEval`, error.message);
            }
          } else {
            valid = reject(
              issues,
              `${path}.delayAbortEval`,
              `Expected a duration such as "10s" or a number of milliseconds, got ${describe(value)}`,
            );
          }
          break;
      }
    }
  } else if (entry !== null && entry !== undefined) {
    return void reject(
      issues,
      path,
      `Expected a threshold string or an object with a "threshold" string, got ${describe(entry)}`,
    );
  }
  if (!valid) return undefined;
  let expression: ThresholdExpression;
  try {
    expression = parseThreshold(source);
  } catch (error: unknown) {
    if (!(error instanceof SyntaxError)) throw error;
    return void reject(issues, path, error.message);
  }
  return delayAbortEvalMs === undefined
    ? { ...expression, abortOnFail }
    : { ...expression, abortOnFail, delayAbortEvalMs };
}

function reject(issues: ThresholdsConfigIssue[], path: string, message: string): false {
  issues.push({ path, message });
  return false;
}

function methodList(type: MetricType): string {
  return SUPPORTED_METHODS[type].map((method) => method === "p" ? "p(N)" : method).join(", ");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "undefined") return "undefined";
  return `${/^[aeiou]/.test(typeof value) ? "an" : "a"} ${typeof value}`;
}

/**
 * The values of one metric's sink that thresholds read, as k6's metrics/thresholds.go `Thresholds.Run` takes
 * them from each sink type. The load engine implements it over its sinks:
 *
 * - Counter: `count` (sum of values) and `rate` (`count` per second of elapsed test time);
 * - Gauge: `value` (the last value);
 * - Rate: `rate` (share of non-zero samples), left undefined while there are no samples;
 * - Trend: `avg`, `min`, `max`, `med` and `p(N)` — all 0 when there are no samples, as k6's TrendSink reports.
 *
 * An undefined value makes thresholds on it pass, as a missing sink entry does in k6.
 */
export interface ThresholdSinkView {
  /** No sample recorded yet (k6 `Sink.IsEmpty`): evaluations during the run skip the metric. */
  readonly empty: boolean;
  /** Counter: the sum of the values. */
  readonly count?: number | undefined;
  /** Counter: `count` per second of test time; Rate: trues / total, undefined while total is 0. */
  readonly rate?: number | undefined;
  /** Gauge: the last value. */
  readonly value?: number | undefined;
  /** Trend: the mean. */
  readonly avg?: number | undefined;
  /** Trend: the smallest value. */
  readonly min?: number | undefined;
  /** Trend: the largest value. */
  readonly max?: number | undefined;
  /** Trend: the median, `p(50)`. */
  readonly med?: number | undefined;
  /** Trend: the value at percentile N of `p(N)` (N in [0, 100]), interpolated between closest ranks as k6 does. */
  readonly p?: ((percentile: number) => number) | undefined;
}

/**
 * Evaluates one threshold against a sink with k6's semantics (metrics/thresholds.go `runNoTaint`): a plain
 * float comparison, `==` and `===` both numeric equality, NaN failing every operator but `!=`, and a value
 * the sink does not have (a Rate with no samples) passing.
 *
 * @param threshold a parsed threshold expression
 * @param sink the metric's current sink values
 * @returns true when the threshold passes
 * @example
 * ```ts
 * import { evaluateThreshold, parseThreshold } from "./thresholds.ts";
 * import assert from "node:assert/strict";
 * const sink = { empty: false, avg: 120, p: (n: number) => (n === 95 ? 480 : 700) };
 * assert.equal(evaluateThreshold(parseThreshold("p(95)<500"), sink), true);
 * assert.equal(evaluateThreshold(parseThreshold("avg===100"), sink), false);
 * assert.equal(evaluateThreshold(parseThreshold("rate<0.01"), { empty: true }), true);
 * ```
 */
export function evaluateThreshold(threshold: ThresholdExpression, sink: ThresholdSinkView): boolean {
  const { method, percentile } = threshold.aggregation;
  const actual = method === "p" ? sink.p?.(percentile ?? NaN) : sink[method];
  // k6: "a missing sink entry means that no samples are available yet, and that it's safe to ignore this run".
  if (actual === undefined) return true;
  const expected = threshold.value;
  switch (threshold.operator) {
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "==":
    case "===":
      return actual === expected;
    case "!=":
      return actual !== expected;
  }
}

/**
 * Decides whether a threshold's failure aborts the test, as k6's metrics/thresholds.go `runAll` does: only with
 * `abortOnFail`, and only once the test has run strictly longer than `delayAbortEval` (immediately without one).
 *
 * @param threshold the threshold with its abort settings
 * @param failed whether it just failed
 * @param elapsedMs time since the test started, in milliseconds
 * @returns true when the test must stop now
 * @example
 * ```ts
 * import { parseThreshold, shouldAbort } from "./thresholds.ts";
 * import assert from "node:assert/strict";
 * const threshold = { ...parseThreshold("p(99)<1000"), abortOnFail: true, delayAbortEvalMs: 10_000 };
 * assert.equal(shouldAbort(threshold, true, 10_000), false);
 * assert.equal(shouldAbort(threshold, true, 10_001), true);
 * assert.equal(shouldAbort(threshold, false, 60_000), false);
 * ```
 */
export function shouldAbort(threshold: Threshold, failed: boolean, elapsedMs: number): boolean {
  if (!failed || !threshold.abortOnFail) return false;
  return threshold.delayAbortEvalMs === undefined || threshold.delayAbortEvalMs < elapsedMs;
}

/** Options for {@linkcode evaluateMetricThresholds}. */
export interface EvaluateOptions {
  /** Time since the test started, in milliseconds. */
  elapsedMs: number;
  /** The end-of-test evaluation: empty sinks are evaluated too and nothing aborts. Default false. */
  final?: boolean;
}

/** The outcome of evaluating one metric's thresholds. */
export interface MetricThresholdsResult {
  /** Every threshold passed (or the metric was skipped). */
  passed: boolean;
  /** The thresholds that failed, in config order. */
  failed: Threshold[];
  /** A failed threshold asks to stop the test now. */
  abort: boolean;
  /** Not evaluated: the sink is empty and this is not the final evaluation. */
  skipped: boolean;
}

/**
 * Evaluates all thresholds of one metric as k6's engine does every 2 s and at the end
 * (metrics/engine/engine.go `evaluateThresholds`, metrics/thresholds.go `runAll`): during the run a metric
 * without samples is skipped; at the end it is evaluated on its empty sink (so `count>0` fails) and failures no
 * longer abort.
 *
 * @param thresholds the metric's thresholds
 * @param sink the metric's current sink values
 * @param options the elapsed time and whether this is the final evaluation
 * @returns whether they passed, which failed, and whether to abort
 * @example
 * ```ts
 * import { evaluateMetricThresholds, parseThreshold } from "./thresholds.ts";
 * import assert from "node:assert/strict";
 * const thresholds = [{ ...parseThreshold("rate<0.01"), abortOnFail: true }];
 * const result = evaluateMetricThresholds(thresholds, { empty: false, rate: 0.05 }, { elapsedMs: 4_000 });
 * assert.equal(result.passed, false);
 * assert.equal(result.abort, true);
 * ```
 */
export function evaluateMetricThresholds(
  thresholds: readonly Threshold[],
  sink: ThresholdSinkView,
  options: EvaluateOptions,
): MetricThresholdsResult {
  const final = options.final ?? false;
  if (thresholds.length === 0 || (!final && sink.empty)) {
    return { passed: true, failed: [], abort: false, skipped: true };
  }
  const failed: Threshold[] = [];
  let abort = false;
  for (const threshold of thresholds) {
    if (evaluateThreshold(threshold, sink)) continue;
    failed.push(threshold);
    if (!final && shouldAbort(threshold, true, options.elapsedMs)) abort = true;
  }
  return { passed: failed.length === 0, failed, abort, skipped: false };
}
