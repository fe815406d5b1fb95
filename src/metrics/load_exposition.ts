/**
 * The Prometheus exposition of a running load test, so Prometheus can scrape a soak test while it runs.
 * Names follow the convention of k6's own Prometheus outputs (`k6_http_reqs_total`,
 * `k6_http_req_duration_seconds`): people's existing queries and dashboards keep working.
 *
 * @module
 */

/** A load metric as the engine reports it. Times are milliseconds, as in k6. */
export interface LoadMetricValues {
  name: string;
  type: "counter" | "gauge" | "rate" | "trend";
  contains: "default" | "time" | "data";
  count: number;
  value: number;
  rate: number;
  passes: number;
  fails: number;
  sum: number;
  /** Trend quantiles by q (0.5, 0.9, 0.95, 0.99). */
  quantiles: Record<string, number>;
}

/** Trend quantiles exported as a Prometheus summary. */
export const LOAD_QUANTILES = [0.5, 0.9, 0.95, 0.99];

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function number(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/**
 * Renders the exposition text of a load run's metrics.
 *
 * @param metrics the run's metrics
 * @param labels labels on every series (e.g. `{ script: "capacity.ts" }`)
 * @returns the text, in Prometheus text format 0.0.4
 * @example
 * ```ts
 * import { renderLoadExposition } from "./load_exposition.ts";
 * import assert from "node:assert/strict";
 * const text = renderLoadExposition([
 *   { name: "http_reqs", type: "counter", contains: "default", count: 3, value: 0, rate: 1, passes: 0, fails: 0, sum: 3, quantiles: {} },
 * ], { script: "smoke.ts" });
 * assert.match(text, /^k6_http_reqs_total\{script="smoke.ts"\} 3$/m);
 * ```
 */
export function renderLoadExposition(metrics: LoadMetricValues[], labels: Record<string, string>): string {
  const base = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  const series = (extra: string[] = []) => {
    const all = [...base, ...extra];
    return all.length === 0 ? "" : `{${all.join(",")}}`;
  };
  const lines: string[] = [];
  for (const m of metrics) {
    const seconds = m.contains === "time";
    switch (m.type) {
      case "counter": {
        const name = `k6_${m.name}${m.contains === "data" ? "_bytes" : ""}_total`;
        lines.push(
          `# HELP ${name} k6 counter ${m.name}.`,
          `# TYPE ${name} counter`,
          `${name}${series()} ${number(m.count)}`,
        );
        break;
      }
      case "gauge": {
        const name = `k6_${m.name}${seconds ? "_seconds" : ""}`;
        const value = seconds ? m.value / 1000 : m.value;
        lines.push(
          `# HELP ${name} k6 gauge ${m.name}.`,
          `# TYPE ${name} gauge`,
          `${name}${series()} ${number(value)}`,
        );
        break;
      }
      case "rate": {
        const name = `k6_${m.name}_rate`;
        lines.push(
          `# HELP ${name} k6 rate ${m.name}: share of non-zero samples.`,
          `# TYPE ${name} gauge`,
          `${name}${series()} ${number(m.rate)}`,
        );
        const total = `k6_${m.name}_samples_total`;
        lines.push(
          `# HELP ${total} k6 rate ${m.name}: samples by outcome.`,
          `# TYPE ${total} counter`,
          `${total}${series(['outcome="true"'])} ${m.passes}`,
          `${total}${series(['outcome="false"'])} ${m.fails}`,
        );
        break;
      }
      case "trend": {
        const name = `k6_${m.name}${seconds ? "_seconds" : ""}`;
        const scale = seconds ? 1 / 1000 : 1;
        lines.push(`# HELP ${name} k6 trend ${m.name}.`, `# TYPE ${name} summary`);
        for (const q of LOAD_QUANTILES) {
          const value = m.quantiles[String(q)];
          if (value !== undefined) {
            lines.push(`${name}${series([`quantile="${q}"`])} ${number(value * scale)}`);
          }
        }
        lines.push(`${name}_sum${series()} ${number(m.sum * scale)}`, `${name}_count${series()} ${m.count}`);
        break;
      }
    }
  }
  return lines.join("\n") + "\n";
}
