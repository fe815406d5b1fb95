/**
 * Small PromQL and Prometheus-format helpers for the generators: durations, quoted label values,
 * selectors and numbers written the way Prometheus reads them back exactly. Pure.
 *
 * @module
 */

const UNITS: readonly [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
  ["ms", 1],
];

/**
 * Formats milliseconds as a Prometheus duration (`1h30m`, `500ms`), which has no decimals.
 *
 * @param ms a whole, positive number of milliseconds
 * @returns the duration, e.g. `30d`, `1h30m` or `250ms`
 * @throws {RangeError} when `ms` is not a positive whole number
 * @example
 * ```ts
 * import { promDuration } from "./promql.ts";
 * import assert from "node:assert/strict";
 * assert.equal(promDuration(5_400_000), "1h30m");
 * assert.equal(promDuration(2_592_000_000), "30d");
 * assert.equal(promDuration(1_500), "1s500ms");
 * ```
 */
export function promDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new RangeError(`Cannot format duration "${ms}": expected a positive whole number of milliseconds`);
  }
  let rest = ms;
  let text = "";
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}

/**
 * Quotes a label value for PromQL (and for Alertmanager matchers, which share the syntax).
 *
 * @param value the raw value
 * @returns the value in double quotes, with `\` `"` and newlines escaped
 * @example
 * ```ts
 * import { quote } from "./promql.ts";
 * import assert from "node:assert/strict";
 * assert.equal(quote('a"b'), '"a\\"b"');
 * ```
 */
export function quote(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`;
}

/** A label matcher: equality by default, or a regular expression (`=~`). */
export type Matcher = string | { regex: string };

/**
 * Writes a series selector.
 *
 * @param metric the metric name
 * @param matchers label matchers, in order; undefined ones are left out
 * @returns e.g. `vigil_probe_runs_total{target="demo",result="failure"}`
 * @example
 * ```ts
 * import { selector } from "./promql.ts";
 * import assert from "node:assert/strict";
 * assert.equal(selector("up", { job: "vigil", le: { regex: "1|1.0" } }), 'up{job="vigil",le=~"1|1.0"}');
 * assert.equal(selector("up", {}), "up");
 * ```
 */
export function selector(metric: string, matchers: Record<string, Matcher | undefined>): string {
  const parts = Object.entries(matchers).flatMap(([name, matcher]) => {
    if (matcher === undefined) return [];
    return typeof matcher === "string" ? [`${name}=${quote(matcher)}`] : [`${name}=~${quote(matcher.regex)}`];
  });
  return parts.length === 0 ? metric : `${metric}{${parts.join(",")}}`;
}

/**
 * The `le` matcher of a histogram bucket. Exporters differ in how they write whole numbers (prom-client
 * and Go write `1`, Python writes `1.0`), and Prometheus 2 compares label text, so both are matched.
 *
 * @param seconds the bucket's upper bound in seconds
 * @returns the matcher for `selector`
 * @example
 * ```ts
 * import { bucketMatcher } from "./promql.ts";
 * import assert from "node:assert/strict";
 * assert.equal(bucketMatcher(0.25), "0.25");
 * assert.deepEqual(bucketMatcher(1), { regex: "1|1.0" });
 * ```
 */
export function bucketMatcher(seconds: number): Matcher {
  const text = formatNumber(seconds);
  return Number.isInteger(seconds) ? { regex: `${text}|${text}.0` } : text;
}

/**
 * Writes a number as a PromQL literal: the shortest text that reads back as the same float, without
 * exponent noise for the ratios SLOs use.
 *
 * @param value a finite number
 * @returns e.g. `0.0144`, `14.4`, `1e-05`
 * @example
 * ```ts
 * import { formatNumber } from "./promql.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatNumber(0.995), "0.995");
 * assert.equal(formatNumber(86400), "86400");
 * ```
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot write "${value}" as a PromQL number: not finite`);
  return String(value);
}
