/**
 * Grafana dashboards (JSON model, schemaVersion 39) for the metrics and recording rules Vigil generates:
 * System health, Model quality, Drift, Probes & SLOs, Resources. Each has a data source variable and
 * model/target (or SLO) variables; colour thresholds come from the SLOs of the config, so "red" means
 * "outside the objective", not an arbitrary number. Pure.
 *
 * @module
 */
import type { Config, SloConfig } from "../../config/types.ts";
import { METRIC } from "../../metrics/names.ts";
import { BURN_ALERTS, burnThreshold } from "../burn_rate.ts";
import { BURN_ALERT_NAME } from "./slo_rules.ts";

/** The schema version of the generated dashboards (Grafana 10.4 / 11). */
export const SCHEMA_VERSION = 39;

/** A generated dashboard: its file name (without directory) and JSON model. */
export interface Dashboard {
  file: string;
  uid: string;
  title: string;
  model: Record<string, unknown>;
}

const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;
const GREEN = "green";
const AMBER = "#EAB839";
const RED = "red";

type Step = { color: string; value: number | null };

interface PanelOptions {
  unit?: string;
  /** Colour steps: the first applies from minus infinity. */
  steps?: Step[];
  description?: string;
  w?: number;
  h?: number;
  min?: number;
  max?: number;
  stack?: boolean;
  /** Instant query (tables and stats that show one value). */
  instant?: boolean;
}

interface Target {
  expr: string;
  legend?: string;
}

/** Lays panels out left to right, wrapping at Grafana's 24 columns. */
class Layout {
  #x = 0;
  #y = 0;
  #rowHeight = 0;
  #id = 0;
  readonly panels: Record<string, unknown>[] = [];

  row(title: string): void {
    this.#newline();
    this.panels.push({
      id: ++this.#id,
      type: "row",
      title,
      collapsed: false,
      gridPos: { x: 0, y: this.#y, w: 24, h: 1 },
      panels: [],
    });
    this.#y += 1;
  }

  add(panel: Record<string, unknown>, w: number, h: number): void {
    if (this.#x + w > 24) this.#newline();
    this.panels.push({ id: ++this.#id, ...panel, gridPos: { x: this.#x, y: this.#y, w, h } });
    this.#x += w;
    this.#rowHeight = Math.max(this.#rowHeight, h);
  }

  #newline(): void {
    this.#y += this.#rowHeight;
    this.#x = 0;
    this.#rowHeight = 0;
  }
}

function targets(list: Target[], instant = false): Record<string, unknown>[] {
  return list.map((target, index) => ({
    refId: String.fromCharCode(65 + index),
    datasource: DATASOURCE,
    expr: target.expr,
    legendFormat: target.legend ?? "__auto",
    range: !instant,
    instant,
  }));
}

function fieldDefaults(options: PanelOptions, colorMode: string): Record<string, unknown> {
  const defaults: Record<string, unknown> = {
    unit: options.unit ?? "short",
    color: { mode: colorMode },
    thresholds: { mode: "absolute", steps: options.steps ?? [{ color: GREEN, value: null }] },
  };
  if (options.min !== undefined) defaults.min = options.min;
  if (options.max !== undefined) defaults.max = options.max;
  return defaults;
}

function stat(layout: Layout, title: string, expr: string, options: PanelOptions = {}): void {
  layout.add(
    {
      type: "stat",
      title,
      description: options.description ?? "",
      datasource: DATASOURCE,
      targets: targets([{ expr }], options.instant ?? false),
      fieldConfig: { defaults: fieldDefaults(options, "thresholds"), overrides: [] },
      options: {
        reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
        colorMode: "background",
        graphMode: "area",
        textMode: "value_and_name",
        justifyMode: "center",
        orientation: "auto",
        showPercentChange: false,
      },
    },
    options.w ?? 6,
    options.h ?? 5,
  );
}

function timeseries(layout: Layout, title: string, list: Target[], options: PanelOptions = {}): void {
  const thresholdStyle = options.steps === undefined ? "off" : "line+area";
  const defaults = fieldDefaults(options, "palette-classic");
  defaults.custom = {
    drawStyle: "line",
    lineWidth: 1,
    fillOpacity: options.stack ? 60 : 10,
    showPoints: "never",
    spanNulls: false,
    stacking: { mode: options.stack ? "normal" : "none", group: "A" },
    thresholdsStyle: { mode: thresholdStyle },
  };
  layout.add(
    {
      type: "timeseries",
      title,
      description: options.description ?? "",
      datasource: DATASOURCE,
      targets: targets(list),
      fieldConfig: { defaults, overrides: [] },
      options: {
        legend: { displayMode: "list", placement: "bottom", showLegend: true },
        tooltip: { mode: "multi", sort: "desc" },
      },
    },
    options.w ?? 12,
    options.h ?? 8,
  );
}

function bars(layout: Layout, title: string, list: Target[], options: PanelOptions = {}): void {
  layout.add(
    {
      type: "bargauge",
      title,
      description: options.description ?? "",
      datasource: DATASOURCE,
      targets: targets(list, true),
      fieldConfig: { defaults: fieldDefaults(options, "thresholds"), overrides: [] },
      options: {
        reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
        orientation: "horizontal",
        displayMode: "gradient",
        showUnfilled: true,
        valueMode: "color",
      },
    },
    options.w ?? 12,
    options.h ?? 8,
  );
}

function table(layout: Layout, title: string, expr: string, options: PanelOptions = {}): void {
  layout.add(
    {
      type: "table",
      title,
      description: options.description ?? "",
      datasource: DATASOURCE,
      targets: targets([{ expr }], true).map((target) => ({ ...target, format: "table" })),
      fieldConfig: {
        defaults: {
          ...fieldDefaults(options, "thresholds"),
          custom: { cellOptions: { type: "color-background" } },
        },
        overrides: [],
      },
      options: { showHeader: true, cellHeight: "sm" },
      transformations: [{ id: "organize", options: { excludeByName: { Time: true } } }],
    },
    options.w ?? 12,
    options.h ?? 8,
  );
}

function datasourceVariable(): Record<string, unknown> {
  return {
    name: "datasource",
    label: "Data source",
    type: "datasource",
    query: "prometheus",
    current: {},
    hide: 0,
    refresh: 1,
    regex: "",
    options: [],
    skipUrlSync: false,
  };
}

function queryVariable(name: string, label: string, query: string): Record<string, unknown> {
  return {
    name,
    label,
    type: "query",
    datasource: DATASOURCE,
    definition: query,
    query: { query, refId: `${name}-query`, qryType: 1 },
    refresh: 2,
    includeAll: true,
    multi: true,
    allValue: ".*",
    current: { selected: true, text: ["All"], value: ["$__all"] },
    sort: 1,
    hide: 0,
    regex: "",
    options: [],
    skipUrlSync: false,
  };
}

const VARIABLES = {
  model: () => queryVariable("model", "Model", `label_values(${METRIC.requests}, model)`),
  target: () => queryVariable("target", "Target", `label_values(${METRIC.probeSuccess}, target)`),
  slo: () => queryVariable("slo", "SLO", "label_values(slo:objective:ratio, slo)"),
  job: () => queryVariable("job", "Job", "label_values(up, job)"),
};

function dashboard(
  uid: string,
  title: string,
  description: string,
  variables: (keyof typeof VARIABLES)[],
  layout: Layout,
): Dashboard {
  return {
    file: `${uid.replace(/^vigil-/, "").replaceAll("-", "_")}.json`,
    uid,
    title,
    model: {
      uid,
      title,
      description,
      tags: ["vigil"],
      editable: true,
      graphTooltip: 1,
      timezone: "browser",
      refresh: "30s",
      schemaVersion: SCHEMA_VERSION,
      version: 1,
      time: { from: "now-6h", to: "now" },
      timepicker: {},
      fiscalYearStartMonth: 0,
      liveNow: false,
      weekStart: "",
      links: [{
        type: "dashboards",
        title: "Vigil",
        tags: ["vigil"],
        asDropdown: true,
        includeVars: true,
        keepTime: true,
        icon: "external link",
        targetBlank: false,
        tooltip: "",
        url: "",
      }],
      annotations: {
        list: [{
          builtIn: 1,
          datasource: { type: "grafana", uid: "-- Grafana --" },
          enable: true,
          hide: true,
          iconColor: "rgba(0, 211, 255, 1)",
          name: "Annotations & Alerts",
          type: "dashboard",
        }],
      },
      templating: { list: [datasourceVariable(), ...variables.map((name) => VARIABLES[name]())] },
      panels: layout.panels,
    },
  };
}

/** The first SLO of a kind, for colour thresholds; undefined when the config has none. */
function firstSlo<Type extends SloConfig["sli"]["type"]>(
  slos: SloConfig[],
  ...types: Type[]
): (SloConfig & { sli: Extract<SloConfig["sli"], { type: Type }> }) | undefined {
  return slos.find((slo) => (types as string[]).includes(slo.sli.type)) as
    | (SloConfig & { sli: Extract<SloConfig["sli"], { type: Type }> })
    | undefined;
}

/** Error ratio colours: amber past the SLO's budget, red past the page threshold (14.4x). */
function errorSteps(objective: number): Step[] {
  const budget = Number((1 - objective).toPrecision(12));
  const page = burnThreshold(BURN_ALERTS.page[0]!.factor, objective).errorRatio;
  return [{ color: GREEN, value: null }, { color: AMBER, value: budget }, { color: RED, value: page }];
}

function rate(metric: string, matchers: string, by = ""): string {
  return `sum${by === "" ? "" : ` by (${by})`} (rate(${metric}{${matchers}}[$__rate_interval]))`;
}

const MODEL = 'model=~"$model"';
const TARGET = 'target=~"$target"';
const SLO = 'slo=~"$slo"';

function systemHealth(slos: SloConfig[]): Dashboard {
  const layout = new Layout();
  const success = firstSlo(slos, "request_success");
  const availability = firstSlo(slos, "probe_availability");
  const latency = firstSlo(slos, "request_latency");
  const probeLatency = firstSlo(slos, "probe_latency");
  const accuracy = firstSlo(slos, "accuracy");
  const latencySeconds = (latency?.sli.thresholdMs ?? probeLatency?.sli.thresholdMs ?? 250) / 1000;
  const accuracyObjective = accuracy?.objective ?? 0.9;
  const requestErrors = `${rate(METRIC.errors, MODEL)}\n/\n${rate(METRIC.requests, MODEL)}`;
  const p95 = `histogram_quantile(0.95, ${rate(`${METRIC.requestDuration}_bucket`, MODEL, "le")})`;
  const probeP95 = `histogram_quantile(0.95, ${
    rate(`${METRIC.probeDurationHistogram}_bucket`, TARGET, "le")
  })`;
  const accuracyExpr =
    `sum(rate(${METRIC.groundTruthCorrect}{${MODEL}}[1d]))\n/\nsum(rate(${METRIC.groundTruthLabels}{${MODEL}}[1d]))`;
  layout.row("Is it healthy?");
  stat(layout, "Requests /s", rate(METRIC.requests, MODEL), {
    unit: "reqps",
    steps: [{ color: "blue", value: null }],
    description: "Requests the instrumented model service answered (ml_requests_total).",
  });
  stat(layout, "Error ratio", requestErrors, {
    unit: "percentunit",
    steps: errorSteps(success?.objective ?? availability?.objective ?? 0.99),
    description:
      "Failed requests over all requests. Amber: above the SLO's error budget; red: above the page " +
      "threshold (14.4x the budget).",
  });
  stat(layout, "p95 latency", p95, {
    unit: "s",
    steps: [{ color: GREEN, value: null }, { color: AMBER, value: latencySeconds }, {
      color: RED,
      value: latencySeconds * 2,
    }],
    description: `95th percentile request latency. Amber: above the SLO threshold (${
      latencySeconds * 1000
    } ms).`,
  });
  stat(layout, "Accuracy (1d)", accuracyExpr, {
    unit: "percentunit",
    steps: [{ color: RED, value: null }, { color: AMBER, value: accuracyObjective }, {
      color: GREEN,
      value: Number((accuracyObjective + (1 - accuracyObjective) / 2).toPrecision(12)),
    }],
    description: "Labelled predictions that were right over the last day (ground truth arrives late). Red: " +
      "under the accuracy SLO's objective.",
  });
  stat(layout, "Probe runs /s", rate(METRIC.probeRuns, TARGET), {
    unit: "ops",
    steps: [{ color: "blue", value: null }],
  });
  stat(
    layout,
    "Probe failure ratio",
    `${rate(METRIC.probeRuns, `${TARGET},result="failure"`)}\n/\n${rate(METRIC.probeRuns, TARGET)}`,
    { unit: "percentunit", steps: errorSteps(availability?.objective ?? 0.99) },
  );
  stat(layout, "Probe p95", probeP95, {
    unit: "s",
    steps: [{ color: GREEN, value: null }, {
      color: AMBER,
      value: (probeLatency?.sli.thresholdMs ?? 250) / 1000,
    }],
  });
  stat(
    layout,
    "SLOs burning",
    `count(ALERTS{alertname="${BURN_ALERT_NAME}",alertstate="firing"}) or vector(0)`,
    {
      steps: [{ color: GREEN, value: null }, { color: RED, value: 1 }],
      description: "SLOs whose error-budget burn page or ticket fires.",
    },
  );
  layout.row("Over time");
  timeseries(layout, "Error ratio by model", [{
    expr: `${rate(METRIC.errors, MODEL, "model")}\n/\n${rate(METRIC.requests, MODEL, "model")}`,
    legend: "{{model}}",
  }], { unit: "percentunit" });
  timeseries(layout, "p95 latency vs SLO", [
    { expr: p95, legend: "p95" },
    { expr: `vector(${latencySeconds})`, legend: "SLO threshold" },
  ], { unit: "s" });
  timeseries(layout, "Requests by endpoint", [{
    expr: rate(METRIC.requests, MODEL, "model, endpoint"),
    legend: "{{model}} {{endpoint}}",
  }], { unit: "reqps", stack: true });
  timeseries(layout, "Errors by type", [{
    expr: rate(METRIC.errors, MODEL, "model, error_type"),
    legend: "{{model}} {{error_type}}",
  }], { unit: "reqps", stack: true });
  return dashboard(
    "vigil-system-health",
    "Vigil / System health",
    "Healthy or not, in five seconds: traffic, errors, latency and accuracy against their SLOs.",
    ["model", "target"],
    layout,
  );
}

function modelQuality(slos: SloConfig[]): Dashboard {
  const layout = new Layout();
  const accuracy = firstSlo(slos, "accuracy");
  const objective = accuracy?.objective ?? 0.9;
  layout.row("Predictions");
  timeseries(layout, "Predictions by class", [{
    expr: rate(METRIC.predictions, MODEL, "model, predicted_class"),
    legend: "{{model}} {{predicted_class}}",
  }], { unit: "ops", stack: true });
  timeseries(layout, "Confidence (median and 10th percentile)", [
    {
      expr: `histogram_quantile(0.5, ${rate(`${METRIC.predictionConfidence}_bucket`, MODEL, "model, le")})`,
      legend: "{{model}} p50",
    },
    {
      expr: `histogram_quantile(0.1, ${rate(`${METRIC.predictionConfidence}_bucket`, MODEL, "model, le")})`,
      legend: "{{model}} p10",
    },
  ], { unit: "percentunit", min: 0, max: 1 });
  timeseries(layout, "Low-confidence ratio", [{
    expr: `${rate(METRIC.lowConfidencePredictions, MODEL, "model")}\n/\n${
      rate(METRIC.predictions, MODEL, "model")
    }`,
    legend: "{{model}}",
  }], { unit: "percentunit", min: 0 });
  bars(layout, "Confidence histogram (selected range)", [{
    expr: `sum by (le) (increase(${METRIC.predictionConfidence}_bucket{${MODEL}}[$__range]))`,
    legend: "≤ {{le}}",
  }], { unit: "short" });
  layout.row("Ground truth");
  timeseries(layout, "Accuracy by segment", [{
    expr: `${METRIC.accuracyBySegment}{${MODEL}}`,
    legend: "{{model}} {{segment}}",
  }], {
    unit: "percentunit",
    min: 0,
    max: 1,
    steps: [{ color: RED, value: null }, { color: "transparent", value: objective }],
  });
  timeseries(layout, "Labels joined /s", [{
    expr: rate(METRIC.groundTruthLabels, MODEL, "model"),
    legend: "{{model}}",
  }], { unit: "ops" });
  return dashboard(
    "vigil-model-quality",
    "Vigil / Model quality",
    "What the model answers and how right it is once labels arrive.",
    ["model"],
    layout,
  );
}

function drift(): Dashboard {
  const layout = new Layout();
  const severitySteps: Step[] = [
    { color: GREEN, value: null },
    { color: "blue", value: 1 },
    { color: AMBER, value: 2 },
    { color: RED, value: 3 },
  ];
  layout.row("Latest window");
  table(
    layout,
    "Drift severity by feature (0 none, 1 info, 2 warning, 3 critical)",
    `max by (model, feature) (${METRIC.driftSeverity}{${MODEL}})`,
    {
      steps: severitySteps,
      w: 12,
    },
  );
  stat(layout, "Prediction drift (PSI)", `max(${METRIC.conceptDriftPsi}{${MODEL}})`, {
    steps: [{ color: GREEN, value: null }, { color: AMBER, value: 0.1 }, { color: RED, value: 0.2 }],
    w: 6,
    h: 8,
  });
  stat(layout, "Window samples", `min(${METRIC.driftWindowSamples}{${MODEL}})`, {
    steps: [{ color: AMBER, value: null }, { color: GREEN, value: 500 }],
    description: "Drift alerts hold off while a window is smaller than drift_min_samples.",
    w: 6,
    h: 8,
  });
  layout.row("Over time");
  timeseries(layout, "Drift statistic by feature and test", [{
    expr: `${METRIC.dataDriftScore}{${MODEL}}`,
    legend: "{{model}} {{feature}} {{test}}",
  }]);
  timeseries(layout, "p-value by feature and test", [{
    expr: `${METRIC.dataDriftPvalue}{${MODEL}}`,
    legend: "{{model}} {{feature}} {{test}}",
  }], { unit: "none", min: 0, max: 1 });
  timeseries(layout, "Prediction drift (PSI)", [{
    expr: `${METRIC.conceptDriftPsi}{${MODEL}}`,
    legend: "{{model}}",
  }], {
    steps: [{ color: "transparent", value: null }, { color: AMBER, value: 0.1 }, { color: RED, value: 0.2 }],
  });
  timeseries(layout, "Missing values by feature", [{
    expr: `${METRIC.featureMissingRatio}{${MODEL}}`,
    legend: "{{model}} {{feature}}",
  }], { unit: "percentunit" });
  return dashboard(
    "vigil-drift",
    "Vigil / Drift",
    "Which inputs and outputs moved away from the reference, and how sure the tests are.",
    ["model"],
    layout,
  );
}

function probesAndSlos(): Dashboard {
  const layout = new Layout();
  const pageFactor = BURN_ALERTS.page[0]!.factor;
  layout.row("SLOs");
  bars(layout, "Error budget remaining over the period", [{
    expr: `slo:period_error_budget_remaining:ratio{${SLO}}`,
    legend: "{{slo}}",
  }], {
    unit: "percentunit",
    min: 0,
    max: 1,
    steps: [{ color: RED, value: null }, { color: AMBER, value: 0.25 }, { color: GREEN, value: 0.5 }],
    description: "1 - period burn rate. Before a whole period of data exists this is a partial view.",
    w: 8,
  });
  bars(
    layout,
    "Current burn rate (5m)",
    [{ expr: `slo:current_burn_rate:ratio{${SLO}}`, legend: "{{slo}}" }],
    {
      unit: "x",
      steps: [{ color: GREEN, value: null }, { color: AMBER, value: 1 }, { color: RED, value: pageFactor }],
      w: 8,
    },
  );
  table(layout, "Firing SLO alerts", `ALERTS{${SLO},alertstate="firing"}`, { w: 8 });
  timeseries(
    layout,
    "Burn rate by window",
    ["5m", "30m", "1h", "6h", "1d", "3d"].map((window) => ({
      expr: `slo:sli_error:ratio_rate${window}{${SLO}}\n/ on (slo, service)\nslo:error_budget:ratio{${SLO}}`,
      legend: `{{slo}} ${window}`,
    })),
    {
      unit: "x",
      steps: [{ color: "transparent", value: null }, { color: AMBER, value: 1 }, {
        color: RED,
        value: pageFactor,
      }],
      w: 24,
    },
  );
  timeseries(layout, "SLI over the period", [{
    expr: `1 - (slo:period_burn_rate:ratio{${SLO}} * on (slo, service) slo:error_budget:ratio{${SLO}})`,
    legend: "{{slo}}",
  }, { expr: `slo:objective:ratio{${SLO}}`, legend: "{{slo}} objective" }], { unit: "percentunit" });
  timeseries(layout, "Vigil's own burn rate (from its store)", [{
    expr: `vigil_slo_burn_rate{${SLO},window=~"1h|6h|1d"}`,
    legend: "{{slo}} {{window}}",
  }], { unit: "x" });
  layout.row("Probes");
  timeseries(layout, "Probe success (last run)", [{
    expr: `${METRIC.probeSuccess}{${TARGET}}`,
    legend: "{{target}} {{probe}}",
  }], { min: 0, max: 1 });
  timeseries(layout, "Probe duration (last run)", [{
    expr: `${METRIC.probeDuration}{${TARGET}}`,
    legend: "{{target}} {{probe}}",
  }], { unit: "s" });
  timeseries(layout, "Probe failures /s", [{
    expr: rate(METRIC.probeRuns, `${TARGET},result="failure"`, "target, probe"),
    legend: "{{target}} {{probe}}",
  }], { unit: "ops", stack: true });
  timeseries(layout, "HTTP status (last run)", [{
    expr: `${METRIC.probeStatus}{${TARGET}}`,
    legend: "{{target}} {{probe}}",
  }], { unit: "none" });
  table(layout, "TLS certificate expiry", `${METRIC.probeSslExpiry}{${TARGET}} - time()`, {
    unit: "s",
    steps: [{ color: RED, value: null }, { color: AMBER, value: 3 * 86_400 }, {
      color: GREEN,
      value: 14 * 86_400,
    }],
    w: 24,
    h: 6,
  });
  return dashboard(
    "vigil-probes-slos",
    "Vigil / Probes & SLOs",
    "Error budgets, burn rates over every alert window, and the probes behind them.",
    ["target", "slo"],
    layout,
  );
}

function resources(): Dashboard {
  const layout = new Layout();
  layout.row("Processes");
  table(layout, "Scrape targets up", 'up{job=~"$job"}', {
    steps: [{ color: RED, value: null }, { color: GREEN, value: 1 }],
    w: 8,
  });
  timeseries(layout, "CPU (cores)", [{
    expr: 'rate(process_cpu_seconds_total{job=~"$job"}[$__rate_interval])',
    legend: "{{job}} {{instance}}",
  }], { unit: "none", w: 8 });
  timeseries(layout, "Resident memory", [{
    expr: 'process_resident_memory_bytes{job=~"$job"}',
    legend: "{{job}} {{instance}}",
  }], { unit: "bytes", w: 8 });
  timeseries(layout, "Requests in progress", [{
    expr: `sum by (model) (${METRIC.requestsInProgress})`,
    legend: "{{model}}",
  }]);
  timeseries(layout, "Scrape duration", [{
    expr: 'scrape_duration_seconds{job=~"$job"}',
    legend: "{{job}} {{instance}}",
  }], { unit: "s" });
  layout.row("Prometheus");
  timeseries(layout, "Rule group evaluation time", [{
    expr: "prometheus_rule_group_last_duration_seconds",
    legend: "{{rule_group}}",
  }], {
    unit: "s",
    description:
      "SLO recording rules read up to the SLO period of raw samples: watch this as SLOs are added.",
  });
  timeseries(layout, "Head series", [{ expr: "prometheus_tsdb_head_series", legend: "series" }]);
  return dashboard(
    "vigil-resources",
    "Vigil / Resources",
    "CPU, memory and scrape health of Vigil, the model service and the monitoring stack.",
    ["job"],
    layout,
  );
}

/**
 * Generates every dashboard.
 *
 * @param config the config (its SLOs set the colour thresholds)
 * @returns the five dashboards
 * @example
 * ```ts
 * import { grafanaDashboards } from "./grafana_dashboards.ts";
 * import assert from "node:assert/strict";
 * const dashboards = grafanaDashboards({ slos: [] });
 * assert.deepEqual(dashboards.map((d) => d.file), [
 *   "system_health.json",
 *   "model_quality.json",
 *   "drift.json",
 *   "probes_slos.json",
 *   "resources.json",
 * ]);
 * ```
 */
export function grafanaDashboards(config: Pick<Config, "slos">): Dashboard[] {
  return [systemHealth(config.slos), modelQuality(config.slos), drift(), probesAndSlos(), resources()];
}

/**
 * Every PromQL expression of a dashboard's panels, for checking that each parses.
 *
 * @param dashboard a generated dashboard
 * @returns the expressions, in panel order
 * @example
 * ```ts
 * import { dashboardExpressions, grafanaDashboards } from "./grafana_dashboards.ts";
 * import assert from "node:assert/strict";
 * const [health] = grafanaDashboards({ slos: [] });
 * assert.ok(dashboardExpressions(health!).some((expr) => expr.includes("ml_requests_total")));
 * ```
 */
export function dashboardExpressions(dashboard: Dashboard): string[] {
  const model = dashboard.model as { panels: { targets?: { expr: string }[] }[] };
  return model.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
}
