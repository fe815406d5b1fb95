/**
 * A Docker Compose file running the demo model, Vigil, Prometheus, Alertmanager and Grafana with the
 * generated files, plus Grafana's provisioning. Images are pinned to the versions the rules are tested
 * with (Debian's prometheus 2.42 and alertmanager 0.25). Every port is published on 127.0.0.1 only. Pure.
 *
 * @module
 */
import type { Config } from "../../config/types.ts";
import type { DeploySecret } from "./alertmanager_config.ts";
import { promDuration } from "./promql.ts";

/** Pinned images. */
export const IMAGES = {
  prometheus: "prom/prometheus:v2.42.0",
  alertmanager: "prom/alertmanager:v0.25.0",
  grafana: "grafana/grafana:11.0.0",
} as const;

/** Paths of the compose file relative to the directory it is written to. */
export interface ComposeOptions {
  /** The Vigil repository (Dockerfile), relative to the output directory, e.g. `..`. */
  buildContext: string;
  /** The vigil.yaml to mount, relative to the output directory, e.g. `../vigil.example.yaml`. */
  configFile: string;
  /** Deploy-time secrets for Alertmanager (from `deploySecrets`). */
  secrets: DeploySecret[];
}

const DAY = 86_400_000;

/**
 * Builds compose.yaml.
 *
 * @param config the config (its server port and longest SLO period)
 * @param options paths and secrets
 * @returns the compose file as plain data, ready for YAML
 * @example
 * ```ts
 * import { composeFile } from "./compose_file.ts";
 * import assert from "node:assert/strict";
 * const compose = composeFile(
 *   { server: { port: 8080, hostname: "127.0.0.1" }, slos: [] },
 *   { buildContext: "..", configFile: "../vigil.yaml", secrets: [] },
 * );
 * assert.deepEqual(Object.keys(compose.services as object), ["demo", "vigil", "prometheus", "alertmanager", "grafana"]);
 * ```
 */
export function composeFile(
  config: Pick<Config, "server" | "slos">,
  options: ComposeOptions,
): Record<string, unknown> {
  const port = config.server.port || 8080;
  // Prometheus must keep a whole SLO period (plus margin) for the period recording rules to be right.
  const longest = Math.max(30 * DAY, ...config.slos.map((slo) => slo.periodMs));
  const retention = promDuration(Math.ceil((longest + 5 * DAY) / DAY) * DAY);
  const vigilImage = { image: "vigil:local", build: { context: options.buildContext } };
  const alertmanager: Record<string, unknown> = {
    image: IMAGES.alertmanager,
    command: [
      "--config.file=/etc/alertmanager/alertmanager.yml",
      "--storage.path=/alertmanager",
      "--cluster.listen-address=",
    ],
    volumes: ["./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro", "alertmanager-data:/alertmanager"],
    ports: ["127.0.0.1:9093:9093"],
  };
  if (options.secrets.length > 0) alertmanager.secrets = options.secrets.map((secret) => secret.name);
  const compose: Record<string, unknown> = {
    name: "vigil",
    services: {
      demo: {
        ...vigilImage,
        command: [
          "run",
          "--allow-net",
          "--allow-read",
          "--allow-env",
          "src/cli/main.ts",
          "demo",
          "--hostname",
          "0.0.0.0",
          "--port",
          "8081",
        ],
        ports: ["127.0.0.1:8081:8081"],
      },
      vigil: {
        ...vigilImage,
        command: [
          "run",
          "--allow-net",
          "--allow-read",
          "--allow-write=/app/.vigil",
          "--allow-env",
          "src/cli/main.ts",
          "serve",
          "--hostname",
          "0.0.0.0",
          "--port",
          String(port),
        ],
        environment: { DEMO_URL: "http://demo:8081", VIGIL_CONFIG: "/app/vigil.yaml" },
        volumes: [`${options.configFile}:/app/vigil.yaml:ro`, "vigil-data:/app/.vigil"],
        ports: [`127.0.0.1:${port}:${port}`],
        depends_on: ["demo"],
      },
      prometheus: {
        image: IMAGES.prometheus,
        command: [
          "--config.file=/etc/prometheus/prometheus.yml",
          "--storage.tsdb.path=/prometheus",
          `--storage.tsdb.retention.time=${retention}`,
        ],
        volumes: [
          "./prometheus.yml:/etc/prometheus/prometheus.yml:ro",
          "./rules:/etc/prometheus/rules:ro",
          "prometheus-data:/prometheus",
        ],
        ports: ["127.0.0.1:9090:9090"],
        depends_on: ["vigil", "alertmanager"],
      },
      alertmanager,
      grafana: {
        image: IMAGES.grafana,
        environment: {
          GF_AUTH_ANONYMOUS_ENABLED: "true",
          GF_AUTH_ANONYMOUS_ORG_ROLE: "Viewer",
          GF_SECURITY_ADMIN_PASSWORD: "${GRAFANA_ADMIN_PASSWORD:-admin}",
          GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: "/var/lib/grafana/dashboards/system_health.json",
        },
        volumes: [
          "./grafana/provisioning:/etc/grafana/provisioning:ro",
          "./grafana/dashboards:/var/lib/grafana/dashboards:ro",
          "grafana-data:/var/lib/grafana",
        ],
        ports: ["127.0.0.1:3000:3000"],
        depends_on: ["prometheus"],
      },
    },
    volumes: { "vigil-data": {}, "prometheus-data": {}, "alertmanager-data": {}, "grafana-data": {} },
  };
  if (options.secrets.length > 0) {
    compose.secrets = Object.fromEntries(
      options.secrets.map((secret) => [secret.name, { environment: secret.env }]),
    );
  }
  return compose;
}

/**
 * Grafana's provisioning: the Prometheus data source and a file provider for the dashboards.
 *
 * @returns file paths (under `grafana/provisioning/`) and their content as plain data
 * @example
 * ```ts
 * import { grafanaProvisioning } from "./compose_file.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Object.keys(grafanaProvisioning()), ["datasources/prometheus.yaml", "dashboards/vigil.yaml"]);
 * ```
 */
export function grafanaProvisioning(): Record<string, Record<string, unknown>> {
  return {
    "datasources/prometheus.yaml": {
      apiVersion: 1,
      datasources: [{
        name: "Prometheus",
        uid: "prometheus",
        type: "prometheus",
        access: "proxy",
        url: "http://prometheus:9090",
        isDefault: true,
        jsonData: { timeInterval: "15s" },
      }],
    },
    "dashboards/vigil.yaml": {
      apiVersion: 1,
      providers: [{
        name: "vigil",
        folder: "Vigil",
        type: "file",
        disableDeletion: true,
        options: { path: "/var/lib/grafana/dashboards" },
      }],
    },
  };
}
