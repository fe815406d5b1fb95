/**
 * prometheus.yml: scrape Vigil and the instrumented model service(s), load the generated rules, send
 * alerts to Alertmanager. Pure.
 *
 * @module
 */
import type { InstrumentationConfig } from "../../config/types.ts";
import { promDuration } from "./promql.ts";

/** Where things are, as Prometheus reaches them, and how often it looks. */
export interface PrometheusOptions {
  /** Vigil's `host:port`, e.g. `vigil:8080` in the compose file. */
  vigilAddress: string;
  /** Alertmanager's `host:port`. */
  alertmanagerAddress: string;
  /** Rule files, relative to prometheus.yml (globs allowed). Default `rules/*.yaml`. */
  ruleFiles?: string[];
  /** Scrape interval (default 15 s). */
  scrapeIntervalMs?: number;
  /** Rule evaluation interval (default 30 s). */
  evaluationIntervalMs?: number;
  /** Also scrape Prometheus itself and Alertmanager (for the Resources dashboard). Default true. */
  scrapeStack?: boolean;
}

/**
 * Builds prometheus.yml.
 *
 * @param instrumentation the model service(s) to scrape
 * @param options addresses and intervals
 * @returns the configuration as plain data, ready for YAML
 * @example
 * ```ts
 * import { prometheusConfig } from "./prometheus_config.ts";
 * import assert from "node:assert/strict";
 * const config = prometheusConfig(
 *   { job: "model", metricsUrls: ["http://demo:8081/metrics"], latencyBucketsMs: [] },
 *   { vigilAddress: "vigil:8080", alertmanagerAddress: "alertmanager:9093" },
 * );
 * const jobs = (config.scrape_configs as { job_name: string }[]).map((job) => job.job_name);
 * assert.deepEqual(jobs, ["vigil", "model", "prometheus", "alertmanager"]);
 * ```
 */
export function prometheusConfig(
  instrumentation: InstrumentationConfig,
  options: PrometheusOptions,
): Record<string, unknown> {
  const scrapes: Record<string, unknown>[] = [
    { job_name: "vigil", static_configs: [{ targets: [options.vigilAddress] }] },
  ];
  // One job per scheme and path, since those are per job in Prometheus; hosts sharing them share a job.
  const jobs = new Map<string, { scheme: string; path: string; targets: string[] }>();
  for (const text of instrumentation.metricsUrls) {
    const url = new URL(text);
    const scheme = url.protocol.slice(0, -1);
    const key = `${scheme} ${url.pathname}`;
    const job = jobs.get(key) ?? { scheme, path: url.pathname, targets: [] };
    if (!job.targets.includes(url.host)) job.targets.push(url.host);
    jobs.set(key, job);
  }
  [...jobs.values()].forEach((job, index) => {
    scrapes.push({
      job_name: index === 0 ? instrumentation.job : `${instrumentation.job}-${index + 1}`,
      scheme: job.scheme,
      metrics_path: job.path,
      static_configs: [{ targets: job.targets }],
    });
  });
  if (options.scrapeStack ?? true) {
    scrapes.push(
      { job_name: "prometheus", static_configs: [{ targets: ["localhost:9090"] }] },
      { job_name: "alertmanager", static_configs: [{ targets: [options.alertmanagerAddress] }] },
    );
  }
  return {
    global: {
      scrape_interval: promDuration(options.scrapeIntervalMs ?? 15_000),
      evaluation_interval: promDuration(options.evaluationIntervalMs ?? 30_000),
    },
    rule_files: options.ruleFiles ?? ["rules/*.yaml"],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [options.alertmanagerAddress] }] }] },
    scrape_configs: scrapes,
  };
}
