import assert from "assert";
import type { SloConfig } from "../../../src/config/types.ts";
import { type AlertingRule, type RecordingRule, sloRuleGroups } from "../../../src/slo/generate/slo_rules.ts";
import { sliQueries } from "../../../src/slo/generate/sli_queries.ts";
import { makeSlo } from "../../_helpers/slos.ts";

function rules(slo: SloConfig, windowScale?: number) {
  const groups = sloRuleGroups(slo, windowScale === undefined ? {} : { windowScale });
  const all = groups.flatMap((group) => group.rules);
  return {
    groups,
    records: all.filter((rule): rule is RecordingRule => "record" in rule),
    alerts: all.filter((rule): rule is AlertingRule => "alert" in rule),
  };
}

const AVAIL = makeSlo({
  name: "avail",
  objective: 0.999,
  sli: { type: "probe_availability", target: "demo" },
});

Deno.test("sloRuleGroups() records Sloth's names for every window, the period and the budget", () => {
  const { groups, records } = rules(AVAIL);
  assert.deepEqual(groups.map((group) => group.name), [
    "vigil-slo-sli-recordings-avail",
    "vigil-slo-meta-recordings-avail",
    "vigil-slo-alerts-avail",
  ]);
  const names = records.map((rule) => rule.record);
  for (const window of ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"]) {
    assert.ok(names.includes(`slo:sli_error:ratio_rate${window}`), window);
    assert.ok(names.includes(`slo:sli_events:count${window}`), window);
  }
  assert.deepEqual(names.slice(-6), [
    "slo:objective:ratio",
    "slo:error_budget:ratio",
    "slo:time_period:days",
    "slo:current_burn_rate:ratio",
    "slo:period_burn_rate:ratio",
    "slo:period_error_budget_remaining:ratio",
  ]);
  const byName = Object.fromEntries(records.map((rule) => [rule.record, rule]));
  assert.equal(byName["slo:error_budget:ratio"]!.expr, "vector(0.001)");
  assert.equal(byName["slo:time_period:days"]!.expr, "vector(30)");
  assert.deepEqual(byName["slo:objective:ratio"]!.labels, { slo: "avail", service: "demo" });
  assert.match(byName["slo:period_burn_rate:ratio"]!.expr, /slo:sli_error:ratio_rate30d\{slo="avail"\}/);
});

Deno.test("sloRuleGroups() records a period that is also a burn window once", () => {
  const { records } = rules({ ...AVAIL, periodMs: 86_400_000 });
  assert.equal(records.filter((rule) => rule.record === "slo:sli_error:ratio_rate1d").length, 1);
});

Deno.test("sloRuleGroups() writes a page, a ticket and a no-data alert with the SLO's labels", () => {
  const slo = { ...AVAIL, minTraffic: 20, alerting: { ...AVAIL.alerting, labels: { team: "ml" } } };
  const { alerts } = rules(slo);
  assert.deepEqual(alerts.map((rule) => [rule.alert, rule.labels.severity, rule.for]), [
    ["SLOErrorBudgetBurn", "critical", undefined],
    ["SLOErrorBudgetBurn", "warning", undefined],
    ["SLONoData", "warning", "10m"],
  ]);
  assert.deepEqual(alerts[0]!.labels, {
    severity: "critical",
    slo: "avail",
    service: "demo",
    target: "demo",
    team: "ml",
  });
  assert.equal(
    alerts[0]!.expr,
    [
      "(",
      '  slo:sli_error:ratio_rate1h{slo="avail"} > 0.0144',
      "  and",
      '  slo:sli_error:ratio_rate5m{slo="avail"} > 0.0144',
      "  and",
      '  slo:sli_events:count1h{slo="avail"} >= 20',
      "  and",
      '  slo:sli_events:count5m{slo="avail"} >= 20',
      ")",
      "or",
      "(",
      '  slo:sli_error:ratio_rate6h{slo="avail"} > 0.006',
      "  and",
      '  slo:sli_error:ratio_rate30m{slo="avail"} > 0.006',
      "  and",
      '  slo:sli_events:count6h{slo="avail"} >= 20',
      "  and",
      '  slo:sli_events:count30m{slo="avail"} >= 20',
      ")",
    ].join("\n"),
  );
  assert.equal(
    alerts[2]!.expr,
    'absent(slo:sli_events:count5m{slo="avail"})\nor\nslo:sli_events:count5m{slo="avail"} == 0',
  );
  assert.ok(
    alerts.every((rule) =>
      rule.annotations.summary && rule.annotations.description && rule.annotations.runbook
    ),
  );
});

Deno.test("sloRuleGroups() leaves out the guard at min_traffic 0 and disabled alerts", () => {
  const { alerts } = rules({
    ...AVAIL,
    alerting: { ...AVAIL.alerting, page: false, runbook: "https://x/rb" },
  });
  assert.deepEqual(alerts.map((rule) => rule.labels.severity), ["warning", "warning"]);
  assert.doesNotMatch(alerts[0]!.expr, /sli_events/);
  assert.equal(alerts[0]!.annotations.runbook_url, "https://x/rb");
});

Deno.test("sloRuleGroups() uses >= 1 for a capped factor, so a 90% SLO pages when everything fails", () => {
  const { alerts } = rules(
    makeSlo({ name: "low", objective: 0.9, sli: { type: "request_success", model: "m" } }),
  );
  assert.match(alerts[0]!.expr, /ratio_rate1h\{slo="low"\} >= 1\n/);
  assert.match(alerts[0]!.expr, /ratio_rate6h\{slo="low"\} > 0.6\n/);
  assert.equal(alerts[0]!.labels.model, "m");
});

Deno.test("sloRuleGroups() shrinks windows and for: by the window scale, never names or thresholds", () => {
  const { records, alerts } = rules(AVAIL, 60);
  const fast = records.find((rule) => rule.record === "slo:sli_error:ratio_rate5m")!;
  assert.match(fast.expr, /\[5s\]/);
  assert.match(records.find((rule) => rule.record === "slo:sli_error:ratio_rate3d")!.expr, /\[1h12m\]/);
  assert.equal(alerts.find((rule) => rule.alert === "SLONoData")!.for, "10s");
  assert.match(alerts[0]!.expr, /> 0\.0144/);
  assert.throws(() => sloRuleGroups(AVAIL, { windowScale: 0.5 }), /Invalid window scale "0.5"/);
});

Deno.test("sloRuleGroups() adds the accuracy ticket and a label-freshness no-data alert", () => {
  const slo = makeSlo({
    name: "acc",
    objective: 0.9,
    minTraffic: 50,
    sli: { type: "accuracy", model: "m", labelFreshnessMs: 6 * 3_600_000 },
    alerting: { page: false, ticket: true, labels: {}, noDataForMs: 600_000 },
  });
  const { alerts } = rules(slo);
  assert.deepEqual(alerts.map((rule) => rule.alert), [
    "SLOErrorBudgetBurn",
    "ModelGroundTruthStale",
    "ModelAccuracyBelowObjective",
  ]);
  assert.equal(
    alerts[1]!.expr,
    '(sum(increase(ml_ground_truth_labels_total{model="m"}[6h])) or vector(0)) == 0',
  );
  assert.equal(
    alerts[2]!.expr,
    '1 - slo:sli_error:ratio_rate1d{slo="acc"} < 0.9\nand\nslo:sli_events:count1d{slo="acc"} >= 50',
  );
});

Deno.test("sliQueries() reads each SLI from the metrics its producer exports", () => {
  const latency = sliQueries({ type: "request_latency", model: "m", endpoint: "/p", thresholdMs: 1000 }, "s");
  assert.match(
    latency.errorRatio("5m"),
    /ml_request_duration_seconds_bucket\{model="m",endpoint="\/p",le=~"1\|1\.0"\}\[5m\]/,
  );
  assert.equal(
    latency.events("1h"),
    'sum(increase(ml_request_duration_seconds_count{model="m",endpoint="/p"}[1h]))',
  );
  const success = sliQueries({ type: "request_success", model: "m" }, "s");
  assert.equal(
    success.errorRatio("5m"),
    '(sum(rate(ml_errors_total{model="m"}[5m])) or vector(0))\n/\nsum(rate(ml_requests_total{model="m"}[5m]))',
  );
  const drift = sliQueries({ type: "drift", model: "m", below: "critical" }, "s");
  assert.deepEqual(drift.prelude, [["slo:sli_error:bool", 'max(ml_drift_severity{model="m"}) >= bool 3']]);
  assert.equal(drift.errorRatio("1h"), 'avg_over_time(slo:sli_error:bool{slo="s"}[1h])');
});
