import assert from "assert";
import { prometheusConfig } from "../../../src/slo/generate/prometheus_config.ts";

Deno.test("prometheusConfig() scrapes Vigil and one job per scheme and path of the model service", () => {
  const config = prometheusConfig(
    {
      job: "fraud",
      metricsUrls: ["http://a:9100/metrics", "http://b:9100/metrics", "https://c/internal/metrics"],
      latencyBucketsMs: [],
    },
    {
      vigilAddress: "vigil:8080",
      alertmanagerAddress: "am:9093",
      scrapeStack: false,
      evaluationIntervalMs: 15_000,
    },
  );
  assert.deepEqual(config.scrape_configs, [
    { job_name: "vigil", static_configs: [{ targets: ["vigil:8080"] }] },
    {
      job_name: "fraud",
      scheme: "http",
      metrics_path: "/metrics",
      static_configs: [{ targets: ["a:9100", "b:9100"] }],
    },
    {
      job_name: "fraud-2",
      scheme: "https",
      metrics_path: "/internal/metrics",
      static_configs: [{ targets: ["c"] }],
    },
  ]);
  assert.deepEqual(config.global, { scrape_interval: "15s", evaluation_interval: "15s" });
  assert.deepEqual(config.rule_files, ["rules/*.yaml"]);
  assert.deepEqual(config.alerting, { alertmanagers: [{ static_configs: [{ targets: ["am:9093"] }] }] });
});
