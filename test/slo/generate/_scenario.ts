/**
 * Scenario harness: one list of probe runs judged twice — by Vigil (store → sloReport → burn-rate alerts,
 * budget; checkVerdict) and by the generated rules under `promtool test rules` — so every scenario test
 * is also a test that both agree.
 */
import { stringify } from "yaml";
import { parseConfig } from "../../../src/config/load.ts";
import type { Config } from "../../../src/config/types.ts";
import { checkVerdict } from "../../../src/slo/check_verdict.ts";
import { rulesYaml } from "../../../src/slo/generate/bundle.ts";
import { type AlertingRule, type RuleGroup, slosRuleGroups } from "../../../src/slo/generate/slo_rules.ts";
import { sloReport } from "../../../src/slo/probe_slo.ts";
import { openSqliteStore } from "../../../src/store/sqlite_store.ts";
import type { ProbeResult } from "../../../src/store/store.ts";
import { promtool } from "../../_helpers/promtool.ts";

/** A test-only alert: the period's error budget is overspent (what `check`'s verdict says over a period). */
export const VERDICT_ALERT = "VerdictFail";

/** A config with one target `demo`, one probe and the given SLOs (YAML list items). */
export function scenarioConfig(slos: string): Config {
  return parseConfig(
    `targets: { demo: { url: "http://127.0.0.1:9" } }\nprobes: [{ name: p, target: demo, path: / }]\nslos:\n${slos}`,
    { source: "scenario.yaml", env: {} },
  );
}

/** Probe runs every `everyS` seconds for `durationS`, offset by half a period from the scrape instants. */
export function runs(
  everyS: number,
  durationS: number,
  outcome: (index: number, seconds: number) => { success: boolean; durationMs?: number },
): ProbeResult[] {
  const results: ProbeResult[] = [];
  // Half a period after each scrape instant: a run never sits exactly on a window's edge, where Vigil's
  // store (inclusive start) and a counter's increase (exclusive start) would count it differently.
  for (let index = 0; (index + 0.5) * everyS < durationS; index++) {
    const seconds = (index + 0.5) * everyS;
    const { success, durationMs = 50 } = outcome(index, seconds);
    results.push({
      probe: "p",
      target: "demo",
      time: seconds * 1000,
      success,
      durationMs,
      status: success ? 200 : 503,
      failure: success ? null : "status 503",
    });
  }
  return results;
}

/** The counter and histogram series Vigil would expose for these runs, scraped every `everyS` seconds. */
function inputSeries(results: ProbeResult[], everyS: number, durationS: number, thresholdsMs: number[]) {
  const steps = Math.floor(durationS / everyS) + 1;
  const series = new Map<string, number[]>();
  const add = (name: string, step: number) => {
    const values = series.get(name) ?? new Array<number>(steps).fill(0);
    for (let i = step; i < steps; i++) values[i]! += 1;
    series.set(name, values);
  };
  // Every series exists from the first scrape at 0, as Vigil's initProbe makes sure.
  for (const result of ["success", "failure"]) {
    series.set(
      `vigil_probe_runs_total{probe="p",target="demo",result="${result}"}`,
      new Array(steps).fill(0),
    );
    series.set(
      `vigil_probe_duration_seconds_count{probe="p",target="demo",result="${result}"}`,
      new Array(steps).fill(0),
    );
    for (const threshold of thresholdsMs) {
      series.set(
        `vigil_probe_duration_seconds_bucket{probe="p",target="demo",result="${result}",le="${
          threshold / 1000
        }"}`,
        new Array(steps).fill(0),
      );
    }
  }
  for (const run of results) {
    const step = Math.ceil(run.time / 1000 / everyS);
    const result = run.success ? "success" : "failure";
    add(`vigil_probe_runs_total{probe="p",target="demo",result="${result}"}`, step);
    add(`vigil_probe_duration_seconds_count{probe="p",target="demo",result="${result}"}`, step);
    for (const threshold of thresholdsMs) {
      if (run.durationMs <= threshold) {
        add(
          `vigil_probe_duration_seconds_bucket{probe="p",target="demo",result="${result}",le="${
            threshold / 1000
          }"}`,
          step,
        );
      }
    }
  }
  return [...series].map(([name, values]) => ({ series: name, values: values.join(" ") }));
}

/** Rule groups without annotations: promtool compares annotations too, and this harness judges logic. */
export function withoutAnnotations(groups: RuleGroup[]): RuleGroup[] {
  return groups.map((group) => ({
    ...group,
    rules: group.rules.map((rule) => "alert" in rule ? { ...rule, annotations: {} } : rule),
  }));
}

function alertRules(groups: RuleGroup[]): AlertingRule[] {
  return groups.flatMap((group) => group.rules).filter((rule): rule is AlertingRule => "alert" in rule);
}

/** What Vigil's own evaluation says at one instant, per SLO. */
export interface VigilView {
  slo: string;
  page: boolean;
  ticket: boolean;
  /** The period's budget is overspent. */
  overspent: boolean;
}

/** Vigil's verdicts at each time, from a store holding the runs up to that time. */
export function vigilViews(
  config: Config,
  results: ProbeResult[],
  atSeconds: number[],
): Map<number, VigilView[]> {
  const views = new Map<number, VigilView[]>();
  const store = openSqliteStore(":memory:");
  try {
    for (const result of results) store.recordProbeResult(result);
    for (const at of atSeconds) {
      const report = sloReport(config, store, at * 1000);
      const upTo = results.filter((result) => result.time <= at * 1000);
      const verdict = checkVerdict(config, upTo);
      views.set(
        at,
        report.slos.map((slo) => {
          const remaining = slo.budget.remaining;
          const overspent = remaining !== null && remaining < 0;
          // check's verdict over the same runs must say the same as the period budget.
          const checked = verdict.slos.find((item) => item.name === slo.name)!;
          if (checked.pass === overspent) {
            throw new Error(`check and sloReport disagree on "${slo.name}" at ${at}s`);
          }
          return { slo: slo.name, page: slo.alerts!.page, ticket: slo.alerts!.ticket, overspent };
        }),
      );
    }
  } finally {
    store.close();
  }
  return views;
}

/** Options of `runScenario`. */
export interface ScenarioOptions {
  /** Seconds between runs (and scrapes). */
  everyS: number;
  durationS: number;
  /** Instants (seconds) to compare at. */
  atSeconds: number[];
  /** Rule evaluation interval of the promtool test, seconds (a divisor of every instant). */
  evaluationS?: number;
  /** Generate the rules from this config instead (to prove a disagreement is caught). */
  rulesFrom?: Config;
}

/** The outcome of a scenario: Vigil's views, and promtool's verdict on the same expectations. */
export interface ScenarioOutcome {
  views: Map<number, VigilView[]>;
  promtool: { code: number; output: string };
}

/**
 * Runs a scenario: Vigil judges the runs at each instant; those judgements become the expected alerts of a
 * `promtool test rules` over the generated rules and the same runs as series. promtool passing means the
 * rules agree with Vigil at every instant.
 */
export async function runScenario(
  config: Config,
  results: ProbeResult[],
  options: ScenarioOptions,
): Promise<ScenarioOutcome> {
  const views = vigilViews(config, results, options.atSeconds);
  const groups = withoutAnnotations(slosRuleGroups(options.rulesFrom ?? config));
  const burnRules = alertRules(groups).filter((rule) => rule.alert === "SLOErrorBudgetBurn");
  const labelsOf = (slo: string, severity: string) =>
    burnRules.find((rule) => rule.labels.slo === slo && rule.labels.severity === severity)!.labels;
  const verdict: RuleGroup = {
    name: "test-verdict",
    rules: config.slos.map((slo) => ({
      alert: VERDICT_ALERT,
      expr: `slo:period_error_budget_remaining:ratio{slo="${slo.name}"} < 0`,
      labels: {},
      annotations: {},
    })),
  };
  const thresholds = config.slos.flatMap((slo) =>
    slo.sli.type === "probe_latency" ? [slo.sli.thresholdMs] : []
  );
  const tests = {
    rule_files: ["rules.yaml"],
    evaluation_interval: `${options.evaluationS ?? 60}s`,
    tests: [{
      interval: `${options.everyS}s`,
      input_series: inputSeries(results, options.everyS, options.durationS, thresholds),
      alert_rule_test: options.atSeconds.flatMap((at) => {
        const view = views.get(at)!;
        return [
          {
            eval_time: `${at}s`,
            alertname: "SLOErrorBudgetBurn",
            exp_alerts: view.flatMap((slo) => [
              ...(slo.page ? [{ exp_labels: labelsOf(slo.slo, "critical") }] : []),
              ...(slo.ticket ? [{ exp_labels: labelsOf(slo.slo, "warning") }] : []),
            ]),
          },
          {
            eval_time: `${at}s`,
            alertname: VERDICT_ALERT,
            exp_alerts: view.filter((slo) => slo.overspent).map((slo) => ({
              exp_labels: { slo: slo.slo, service: "demo" },
            })),
          },
        ];
      }),
    }],
  };
  const dir = await Deno.makeTempDir({ prefix: "vigil-promtool-" });
  try {
    await Deno.writeTextFile(`${dir}/rules.yaml`, rulesYaml([...groups, verdict], "scenario.yaml"));
    await Deno.writeTextFile(
      `${dir}/test.yaml`,
      stringify(tests, { lineWidth: 0, aliasDuplicateObjects: false }),
    );
    return { views, promtool: await promtool(["test", "rules", "test.yaml"], dir) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
