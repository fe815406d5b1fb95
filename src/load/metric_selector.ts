/**
 * Metric selectors as k6 thresholds name them: a metric (`http_req_duration`) or a sub-metric filtered by tags
 * (`http_req_duration{status:200}`, `http_req_duration{scenario:api,method:POST}`).
 *
 * @module
 */

import { goTrimSpace } from "./threshold_parser.ts";

/** A parsed metric selector. */
export interface MetricSelector {
  /** The metric name, everything before `{`, untrimmed (k6 looks it up verbatim). */
  metric: string;
  /** Tag filters of a sub-metric; empty for the metric itself. */
  tags: Record<string, string>;
}

/**
 * Parses a threshold's metric selector as k6 does: metrics/metric.go `ParseMetricName` validates it, then
 * `Metric.AddSubmetric` reads the tags. Tags are comma-separated `key:value` pairs; the value is everything
 * after the first colon (so `url:http://host:8080/a` works) and must not be empty as written; keys and values
 * are trimmed, then stripped of surrounding `"` and `'` (so `name:"a b"` is `a b`); a repeated key keeps its
 * last value. Values cannot contain commas.
 *
 * @param selector the threshold key, e.g. `"http_req_duration{status:200}"`
 * @returns the metric name and the tags
 * @throws {SyntaxError} when k6 rejects it, e.g. `Cannot parse metric selector "m{a}": tag "a" is malformed, expected key:value`
 * @example
 * ```ts
 * import { parseMetricSelector } from "./metric_selector.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseMetricSelector("http_req_duration{scenario:api, method:POST}"), {
 *   metric: "http_req_duration",
 *   tags: { scenario: "api", method: "POST" },
 * });
 * assert.deepEqual(parseMetricSelector("checks"), { metric: "checks", tags: {} });
 * assert.throws(() => parseMetricSelector("http_reqs{status}"), SyntaxError);
 * ```
 */
export function parseMetricSelector(selector: string): MetricSelector {
  const fail = (detail: string): never => {
    throw new SyntaxError(`Cannot parse metric selector ${JSON.stringify(selector)}: ${detail}`);
  };
  const open = selector.indexOf("{");
  const close = selector.lastIndexOf("}");
  if (open === -1 && close === -1) return { metric: selector, tags: {} };
  if (open === -1 || close === -1) fail("unmatched curly brace");
  if (close < open) fail("closing curly brace before the opening one");
  if (close !== selector.length - 1) fail("text after the closing curly brace");

  const tags = new Map<string, string>();
  for (const pair of selector.slice(open + 1, close).split(",")) {
    const colon = pair.indexOf(":");
    // ParseMetricName checks the value as written, before trimming: "a: " passes and becomes an empty value.
    if (colon === -1 || colon === pair.length - 1) {
      fail(`tag ${JSON.stringify(pair)} is malformed, expected key:value`);
    }
    tags.set(unquote(pair.slice(0, colon)), unquote(pair.slice(colon + 1)));
  }
  // fromEntries defines own properties, so a "__proto__" tag stays a tag.
  return { metric: selector.slice(0, open), tags: Object.fromEntries(tags) };
}

// AddSubmetric: strings.Trim(strings.TrimSpace(s), `"'`) — quotes of either kind, any number, either end.
function unquote(text: string): string {
  return goTrimSpace(text).replace(/^["']+|["']+$/g, "");
}
