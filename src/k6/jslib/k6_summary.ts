/**
 * jslib.k6.io's `k6-summary` (`textSummary`, `jUnit`), served locally: the `handleSummary()` of many CI
 * scripts imports it, and without it the script would not load offline. Both read the `data` object
 * `handleSummary()` receives.
 *
 * @module
 */
import {
  type GroupSummary,
  renderSummary,
  type SummaryData,
  type SummaryMetric,
} from "../../load/summary.ts";

/** The `data` of `handleSummary()`, as much of it as these functions read. */
interface HandleSummaryData {
  metrics?: Record<
    string,
    {
      type: SummaryMetric["type"];
      contains: SummaryMetric["contains"];
      values: Record<string, number>;
      thresholds?: Record<string, { ok: boolean }>;
    }
  >;
  root_group?: GroupSummary;
  options?: { summaryTrendStats?: string[]; summaryTimeUnit?: string };
  state?: { testRunDurationMs?: number };
}

function toSummaryData(data: HandleSummaryData): SummaryData {
  const metrics: Record<string, SummaryMetric> = {};
  for (const [name, metric] of Object.entries(data.metrics ?? {})) {
    metrics[name] = {
      type: metric.type,
      contains: metric.contains,
      values: metric.values,
      thresholds: Object.entries(metric.thresholds ?? {}).map(([source, { ok }]) => ({ source, ok })),
    };
  }
  return {
    metrics,
    rootGroup: data.root_group ?? { name: "", path: "", id: "", groups: [], checks: [] },
    testRunDurationMs: data.state?.testRunDurationMs ?? 0,
    trendStats: data.options?.summaryTrendStats ?? ["avg", "min", "med", "max", "p(90)", "p(95)"],
    timeUnit: data.options?.summaryTimeUnit ?? "",
  };
}

/**
 * The end-of-test summary as text, as Vigil prints it (k6's compact layout), from `handleSummary`'s data.
 *
 * @param data what `handleSummary(data)` received
 * @param options `indent` starts every line (colours are not used: `enableColors` is accepted and ignored)
 * @returns the text
 */
export function textSummary(
  data: HandleSummaryData,
  options: { indent?: string; enableColors?: boolean } = {},
): string {
  const indent = options.indent ?? "";
  return renderSummary(toSummaryData(data)).split("\n").map((line) => (line === "" ? line : indent + line))
    .join(
      "\n",
    );
}

const escapeHTML = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(
    /'/g,
    "&#39;",
  );

/**
 * A JUnit XML report with a test case per threshold, in k6-summary's format.
 *
 * @param data what `handleSummary(data)` received
 * @param options `name` of the test suite (default `k6 thresholds`)
 * @returns the XML
 * @example
 * ```ts
 * import { jUnit } from "./k6_summary.ts";
 * import assert from "node:assert/strict";
 * const xml = jUnit({ metrics: { http_req_duration: { type: "trend", contains: "time", values: {},
 *   thresholds: { "p(95)<200": { ok: false } } } } });
 * assert.match(xml, /<testcase name="http_req_duration - p\(95\)&lt;200"><failure message="failed" \/><\/testcase>/);
 * ```
 */
export function jUnit(data: HandleSummaryData, options: { name?: string } = {}): string {
  let failures = 0;
  const cases: string[] = [];
  for (const [metricName, metric] of Object.entries(data.metrics ?? {})) {
    for (const [thresholdName, threshold] of Object.entries(metric.thresholds ?? {})) {
      const name = `${escapeHTML(metricName)} - ${escapeHTML(thresholdName)}`;
      if (threshold.ok) {
        cases.push(`<testcase name="${name}" />`);
      } else {
        failures++;
        cases.push(`<testcase name="${name}"><failure message="failed" /></testcase>`);
      }
    }
  }
  const suite = options.name ? escapeHTML(options.name) : "k6 thresholds";
  return `<?xml version="1.0"?>\n<testsuites tests="${cases.length}" failures="${failures}">\n` +
    `<testsuite name="${suite}" tests="${cases.length}" failures="${failures}">` +
    `${cases.join("\n")}\n</testsuite >\n</testsuites >`;
}
