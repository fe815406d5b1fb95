/**
 * Generators for what watches the SLOs in production: Prometheus recording and alerting rules,
 * prometheus.yml, Alertmanager configuration, Grafana dashboards and a compose file. All pure; `deno task
 * rules` writes `deployFiles(config, options)` to a directory.
 *
 * @example
 * ```ts
 * import { deployFiles } from "./mod.ts";
 * import { parseConfig } from "../../config/load.ts";
 * import assert from "node:assert/strict";
 * const config = parseConfig("slos: []", { source: "vigil.yaml", env: {} });
 * assert.ok("rules/vigil_slos.yaml" in deployFiles(config, { source: "vigil.yaml" }));
 * ```
 *
 * @module
 */
export * from "./alertmanager_config.ts";
export * from "./bundle.ts";
export * from "./compose_file.ts";
export * from "./grafana_dashboards.ts";
export * from "./ml_alerts.ts";
export * from "./prometheus_config.ts";
export * from "./promql.ts";
export * from "./sli_queries.ts";
export * from "./slo_rules.ts";
