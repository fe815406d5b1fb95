/**
 * A running test's metrics in the shape the Prometheus exposition needs (src/metrics/load_exposition.ts),
 * read from the live sinks at scrape time.
 *
 * @module
 */
import { LOAD_QUANTILES, type LoadMetricValues } from "../metrics/load_exposition.ts";
import { type MetricRegistry, TrendSink } from "./metrics.ts";

/**
 * Reads every metric that has samples.
 *
 * @param registry the run's metrics
 * @param elapsedSeconds time since the test started (for counter rates)
 * @returns the values
 */
export function liveMetricValues(registry: MetricRegistry, elapsedSeconds: number): LoadMetricValues[] {
  const out: LoadMetricValues[] = [];
  for (const metric of registry.all()) {
    if (metric.sink.empty) continue;
    const v = metric.sink.values(elapsedSeconds);
    const quantiles: Record<string, number> = {};
    let sum = v.count;
    if (metric.sink instanceof TrendSink) {
      for (const q of LOAD_QUANTILES) quantiles[String(q)] = v.p(q * 100);
      sum = metric.sink.histogram.sum;
    }
    out.push({
      name: metric.name,
      type: metric.type,
      contains: metric.contains,
      count: v.count,
      value: v.value,
      rate: v.rate,
      passes: v.passes,
      fails: v.fails,
      sum,
      quantiles,
    });
  }
  return out;
}
