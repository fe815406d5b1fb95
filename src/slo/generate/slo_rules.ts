/**
 * Prometheus rules for the SLOs of a config: Sloth-compatible recording rules (`slo:sli_error:ratio_rate5m`
 * … `slo:period_error_budget_remaining:ratio`, labelled `slo` and `service`) and, per SLO, a
 * multi-window multi-burn-rate page and ticket, a no-data alert and (for accuracy) an
 * accuracy-below-objective ticket. The burn-rate table is the one Vigil evaluates itself
 * (`burn_rate.ts`), so both judge alike. Pure.
 *
 * @module
 */
import type { Config, SliConfig, SloConfig } from "../../config/types.ts";
import { BURN_ALERTS, BURN_WINDOWS, type BurnCondition, burnThreshold } from "../burn_rate.ts";
import { describeSli, isProbeSli, sliService } from "../sli.ts";
import { formatNumber, promDuration, selector } from "./promql.ts";
import { sliQueries } from "./sli_queries.ts";

/** A recording rule. */
export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** An alerting rule. */
export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A rule group, as in a Prometheus rules file. */
export interface RuleGroup {
  name: string;
  rules: (RecordingRule | AlertingRule)[];
}

/** Options of the rule generators. */
export interface RuleOptions {
  /**
   * Divides every window, `for` and range (never a name or a threshold) by this much: 60 turns 5m into
   * 5s, so an end-to-end test runs the generated alert logic in seconds. Default 1.
   */
  windowScale?: number;
}

/** The alert of a fast or slow error-budget burn (severity says which). */
export const BURN_ALERT_NAME = "SLOErrorBudgetBurn";
/** The alert of an SLO whose SLI has gone silent. */
export const NO_DATA_ALERT_NAME = "SLONoData";
/** The no-data alert of an accuracy SLO: no ground-truth label within its freshness window. */
export const LABELS_STALE_ALERT_NAME = "ModelGroundTruthStale";
/** The ticket of an accuracy SLO under its objective over the last day. */
export const ACCURACY_ALERT_NAME = "ModelAccuracyBelowObjective";

const DAY = 86_400_000;

/**
 * Writes durations as PromQL ranges and `for:` values, shrunk by the window scale (never below a second).
 *
 * @param options the window scale
 * @returns the writer
 * @example
 * ```ts
 * import { rangeWriter } from "./slo_rules.ts";
 * import assert from "node:assert/strict";
 * assert.equal(rangeWriter({})(300_000), "5m");
 * assert.equal(rangeWriter({ windowScale: 60 })(300_000), "5s");
 * ```
 */
export function rangeWriter(options: RuleOptions): (ms: number) => string {
  const scale = options.windowScale ?? 1;
  if (!(scale >= 1)) throw new RangeError(`Invalid window scale "${scale}": expected a number of at least 1`);
  return (ms) => promDuration(Math.max(1_000, Math.round(ms / scale)));
}

/** The windows an SLO records: every burn-rate window and its period, each once. */
function recordedWindows(slo: SloConfig): { name: string; ms: number }[] {
  const period = { name: promDuration(slo.periodMs), ms: slo.periodMs };
  return BURN_WINDOWS.some((window) => window.name === period.name)
    ? [...BURN_WINDOWS]
    : [...BURN_WINDOWS, period];
}

function sloLabels(slo: SloConfig): Record<string, string> {
  return { slo: slo.name, service: sliService(slo.sli) };
}

/** The labels every alert of an SLO carries: who it is about, then the user's routing labels. */
function alertLabels(slo: SloConfig, severity: string): Record<string, string> {
  const about = isProbeSli(slo.sli) ? { target: slo.sli.target } : { model: slo.sli.model };
  return { severity, ...sloLabels(slo), ...about, ...slo.alerting.labels };
}

const DEFAULT_RUNBOOKS: Record<SliConfig["type"], string> = {
  probe_availability:
    "Open Vigil's /v1/probes for the failing probes and their reasons; check the target's health and recent deploys; `deno task check --target NAME=URL` reproduces the probes from anywhere.",
  probe_latency:
    "Compare probe latency with the model service's own p95 (System health dashboard); look for saturation, a slow dependency or a recent deploy.",
  request_success:
    "Break ml_errors_total down by error_type and endpoint (System health dashboard); roll back a recent deploy if the errors started with it.",
  request_latency:
    "Check p95 against the threshold by endpoint and the requests in progress (System health, Resources); scale out or roll back.",
  accuracy:
    "Compare recent labelled predictions with the reference (Model quality dashboard); check the Drift dashboard first; retrain or roll back the model.",
  drift:
    "Open the Drift dashboard and GET /v1/models/<model>/drift for the drifting features; find the upstream data change before retraining.",
};

function runbook(slo: SloConfig): Record<string, string> {
  const text = slo.alerting.runbook ?? DEFAULT_RUNBOOKS[slo.sli.type];
  return /^https?:\/\//.test(text) ? { runbook_url: text } : { runbook: text };
}

function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))}%`;
}

function days(ms: number): string {
  const value = ms / DAY;
  return value >= 1 ? `${Number(value.toFixed(1))}d` : `${Number((value * 24).toFixed(1))}h`;
}

function own(metric: string, slo: SloConfig): string {
  return selector(metric, { slo: slo.name });
}

/** One condition: both windows above the threshold, each with enough events. */
function condition(slo: SloConfig, burn: BurnCondition): string {
  const threshold = burnThreshold(burn.factor, slo.objective);
  const compare = threshold.inclusive ? ">=" : ">";
  const value = formatNumber(threshold.errorRatio);
  const lines = [
    `${own(`slo:sli_error:ratio_rate${burn.long}`, slo)} ${compare} ${value}`,
    `${own(`slo:sli_error:ratio_rate${burn.short}`, slo)} ${compare} ${value}`,
  ];
  if (slo.minTraffic > 0) {
    // A handful of events makes any ratio look dramatic: one failure in three is a 33% error ratio.
    lines.push(
      `${own(`slo:sli_events:count${burn.long}`, slo)} >= ${slo.minTraffic}`,
      `${own(`slo:sli_events:count${burn.short}`, slo)} >= ${slo.minTraffic}`,
    );
  }
  return `(\n${lines.map((line) => `  ${line}`).join("\n  and\n")}\n)`;
}

function burnDescription(slo: SloConfig, conditions: readonly BurnCondition[]): string {
  const budget = 1 - slo.objective;
  const parts = conditions.map((burn) => {
    const threshold = burnThreshold(burn.factor, slo.objective);
    return `${threshold.factor}x the budget (${
      percent(threshold.errorRatio)
    } errors) over ${burn.long} and ${burn.short}`;
  });
  const fastest = burnThreshold(conditions[0]!.factor, slo.objective).factor;
  return `${describeSli(slo.sli)}: more than ${parts.join(", or ")}` +
    `${slo.minTraffic > 0 ? `, with at least ${slo.minTraffic} events in each window` : ""}. ` +
    `The objective is ${percent(slo.objective)} (budget ${percent(budget)} over ${days(slo.periodMs)}); ` +
    `at ${fastest}x the whole budget lasts ${days(slo.periodMs / fastest)}.`;
}

function burnAlert(slo: SloConfig, kind: "page" | "ticket"): AlertingRule {
  const conditions = BURN_ALERTS[kind];
  const speed = kind === "page" ? "fast" : "steadily";
  return {
    alert: BURN_ALERT_NAME,
    expr: conditions.map((burn) => condition(slo, burn)).join("\nor\n"),
    labels: alertLabels(slo, kind === "page" ? "critical" : "warning"),
    annotations: {
      summary:
        `SLO ${slo.name} is burning its error budget ${speed}: {{ $value | humanizePercentage }} errors`,
      description: burnDescription(slo, conditions),
      ...runbook(slo),
    },
  };
}

function noDataAlert(slo: SloConfig, range: (ms: number) => string): AlertingRule {
  const custom = sliQueries(slo.sli, slo.name, { range }).noData;
  const events = own("slo:sli_events:count5m", slo);
  const expr = custom?.expr ?? `absent(${events})\nor\n${events} == 0`;
  const silentFor = promDuration(slo.alerting.noDataForMs);
  const accuracy = slo.sli.type === "accuracy";
  return {
    alert: accuracy ? LABELS_STALE_ALERT_NAME : NO_DATA_ALERT_NAME,
    expr,
    for: range(slo.alerting.noDataForMs),
    labels: alertLabels(slo, "warning"),
    annotations: {
      summary: accuracy
        ? `No ground-truth labels for model ${sliService(slo.sli)} in ${custom?.window ?? ""}`
        : `SLO ${slo.name} has no data`,
      description: accuracy
        ? `SLO ${slo.name} cannot be judged: no label was joined to a prediction in the last ${
          custom?.window ?? ""
        } (for ${silentFor}). Check the feedback pipeline (POST /v1/feedback) and the join TTL.`
        : `${describeSli(slo.sli)}: no events in the last 5m for ${silentFor}. A silent SLI is unknown, ` +
          "not 100% good: check that Prometheus scrapes the exporter and that traffic (or probing) runs.",
      ...runbook(slo),
    },
  };
}

function accuracyAlert(slo: SloConfig, range: (ms: number) => string): AlertingRule {
  const lines = [`1 - ${own("slo:sli_error:ratio_rate1d", slo)} < ${formatNumber(slo.objective)}`];
  if (slo.minTraffic > 0) lines.push(`${own("slo:sli_events:count1d", slo)} >= ${slo.minTraffic}`);
  return {
    alert: ACCURACY_ALERT_NAME,
    expr: lines.join("\nand\n"),
    for: range(3_600_000),
    labels: alertLabels(slo, "warning"),
    annotations: {
      summary: `Model ${sliService(slo.sli)} accuracy is {{ $value | humanizePercentage }} over the last day`,
      description:
        `SLO ${slo.name}: accuracy over the labels joined in the last day is under the objective ` +
        `${percent(slo.objective)}${slo.minTraffic > 0 ? ` (with at least ${slo.minTraffic} labels)` : ""}.`,
      ...runbook(slo),
    },
  };
}

/**
 * The rule groups of one SLO: SLI recordings, metadata recordings, alerts.
 *
 * @param slo the SLO
 * @param options window scale (for end-to-end tests)
 * @returns three groups named `vigil-slo-{sli-recordings,meta-recordings,alerts}-<slo>`
 * @example
 * ```ts
 * import { sloRuleGroups } from "./slo_rules.ts";
 * import assert from "node:assert/strict";
 * const groups = sloRuleGroups({
 *   name: "avail",
 *   objective: 0.999,
 *   periodMs: 30 * 86_400_000,
 *   minTraffic: 0,
 *   sli: { type: "probe_availability", target: "demo" },
 *   alerting: { page: true, ticket: true, labels: {}, noDataForMs: 600_000 },
 * });
 * const page = groups[2]!.rules[0]!;
 * assert.ok("alert" in page && page.expr.includes('slo:sli_error:ratio_rate1h{slo="avail"} > 0.0144'));
 * ```
 */
export function sloRuleGroups(slo: SloConfig, options: RuleOptions = {}): RuleGroup[] {
  const range = rangeWriter(options);
  const queries = sliQueries(slo.sli, slo.name, { range });
  const labels = sloLabels(slo);
  const windows = recordedWindows(slo);
  const period = promDuration(slo.periodMs);
  const sli: RecordingRule[] = [
    ...queries.prelude.map(([record, expr]) => ({ record, expr, labels })),
    ...windows.flatMap((window) => [
      {
        record: `slo:sli_error:ratio_rate${window.name}`,
        expr: queries.errorRatio(range(window.ms)),
        labels,
      },
      { record: `slo:sli_events:count${window.name}`, expr: queries.events(range(window.ms)), labels },
    ]),
  ];
  const budget = Number((1 - slo.objective).toPrecision(12));
  const meta: RecordingRule[] = [
    { record: "slo:objective:ratio", expr: `vector(${formatNumber(slo.objective)})`, labels },
    { record: "slo:error_budget:ratio", expr: `vector(${formatNumber(budget)})`, labels },
    { record: "slo:time_period:days", expr: `vector(${formatNumber(slo.periodMs / DAY)})`, labels },
    {
      record: "slo:current_burn_rate:ratio",
      expr: `${own("slo:sli_error:ratio_rate5m", slo)}\n/\n${own("slo:error_budget:ratio", slo)}`,
      labels,
    },
    {
      record: "slo:period_burn_rate:ratio",
      expr: `${own(`slo:sli_error:ratio_rate${period}`, slo)}\n/\n${own("slo:error_budget:ratio", slo)}`,
      labels,
    },
    {
      record: "slo:period_error_budget_remaining:ratio",
      expr: `1 - ${own("slo:period_burn_rate:ratio", slo)}`,
      labels,
    },
  ];
  const alerts: AlertingRule[] = [];
  if (slo.alerting.page) alerts.push(burnAlert(slo, "page"));
  if (slo.alerting.ticket) alerts.push(burnAlert(slo, "ticket"));
  alerts.push(noDataAlert(slo, range));
  if (slo.sli.type === "accuracy") alerts.push(accuracyAlert(slo, range));
  return [
    { name: `vigil-slo-sli-recordings-${slo.name}`, rules: sli },
    { name: `vigil-slo-meta-recordings-${slo.name}`, rules: meta },
    { name: `vigil-slo-alerts-${slo.name}`, rules: alerts },
  ];
}

/**
 * The rule groups of every SLO in a config.
 *
 * @param config the config (its `slos`)
 * @param options window scale (for end-to-end tests)
 * @returns the groups, three per SLO, in config order
 * @example
 * ```ts
 * import { slosRuleGroups } from "./slo_rules.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(slosRuleGroups({ slos: [] }), []);
 * ```
 */
export function slosRuleGroups(config: Pick<Config, "slos">, options: RuleOptions = {}): RuleGroup[] {
  return config.slos.flatMap((slo) => sloRuleGroups(slo, options));
}
