/**
 * promtool on everything generated: every rules file and prometheus.yml pass `promtool check`, every
 * PromQL expression of the dashboards parses, and the no-data alerts fire under `promtool test rules`.
 */
import assert from "assert";
import { stringify } from "yaml";
import { parseConfig } from "../../../src/config/load.ts";
import { rulesYaml } from "../../../src/slo/generate/bundle.ts";
import { dashboardExpressions, grafanaDashboards } from "../../../src/slo/generate/grafana_dashboards.ts";
import { slosRuleGroups } from "../../../src/slo/generate/slo_rules.ts";
import { hasPromtool, promtool } from "../../_helpers/promtool.ts";
import { GOLDEN_SETS, ROOT } from "./_golden.ts";
import { withoutAnnotations } from "./_scenario.ts";

for (const set of Object.values(GOLDEN_SETS)) {
  Deno.test({
    name: `promtool check rules passes every rules file of ${set.dir}, and check config its prometheus.yml`,
    ignore: !hasPromtool,
    async fn() {
      const dir = `${ROOT}${set.dir}`;
      const rules = (await set.files()) as Record<string, string>;
      const ruleFiles = Object.keys(rules).filter((path) => path.startsWith("rules/"));
      assert.ok(ruleFiles.length >= 2);
      const checked = await promtool(["check", "rules", ...ruleFiles], dir);
      assert.equal(checked.code, 0, checked.output);
      for (const file of ruleFiles) assert.match(checked.output, new RegExp(`Checking ${file}\\s+SUCCESS`));
      const config = await promtool(["check", "config", "prometheus.yml"], dir);
      assert.equal(config.code, 0, config.output);
      assert.match(config.output, /SUCCESS: 2 rule files found/);
    },
  });
}

const GRAFANA_VARIABLES: Record<string, string> = {
  $__rate_interval: "5m",
  $__range: "1h",
  $__interval: "1m",
  $model: ".*",
  $target: ".*",
  $slo: ".*",
  $job: ".*",
};

Deno.test({
  name: "every PromQL expression of the generated dashboards parses (promtool check rules)",
  ignore: !hasPromtool,
  async fn() {
    const config = parseConfig(await Deno.readTextFile(`${ROOT}test/fixtures/rules/vigil.yaml`), {
      source: "vigil.yaml",
      env: {},
    });
    const rules = grafanaDashboards(config).flatMap((dashboard) =>
      dashboardExpressions(dashboard).map((expr, index) => {
        const substituted = expr.replace(/\$[A-Za-z_]+/g, (name) => GRAFANA_VARIABLES[name] ?? name);
        assert.doesNotMatch(substituted, /\$/, `unknown variable in ${dashboard.uid}: ${expr}`);
        return { record: `dashboard:${dashboard.uid.replaceAll("-", "_")}:expr${index}`, expr: substituted };
      })
    );
    assert.ok(rules.length > 40, `only ${rules.length} expressions`);
    const dir = await Deno.makeTempDir({ prefix: "vigil-dashboards-" });
    try {
      await Deno.writeTextFile(`${dir}/dashboards.yaml`, rulesYaml([{ name: "dashboards", rules }], "test"));
      const checked = await promtool(["check", "rules", "dashboards.yaml"], dir);
      assert.equal(checked.code, 0, checked.output);
      assert.match(checked.output, new RegExp(`SUCCESS: ${rules.length} rules found`));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** Runs one promtool test file against the (annotation-free) rules of a config. */
async function promtoolTest(slos: string, test: Record<string, unknown>) {
  const config = parseConfig(`targets: { demo: { url: "http://127.0.0.1:9" } }\nslos:\n${slos}`, {
    source: "t.yaml",
    env: {},
  });
  const dir = await Deno.makeTempDir({ prefix: "vigil-nodata-" });
  try {
    await Deno.writeTextFile(
      `${dir}/rules.yaml`,
      rulesYaml(withoutAnnotations(slosRuleGroups(config)), "t.yaml"),
    );
    await Deno.writeTextFile(
      `${dir}/test.yaml`,
      stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests: [test] }),
    );
    return await promtool(["test", "rules", "test.yaml"], dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const AVAIL = "  - { name: avail, objective: 99, sli: { probe_availability: { target: demo } } }\n";
const NO_DATA_LABELS = { severity: "warning", slo: "avail", service: "demo", target: "demo" };

Deno.test({
  name: "rules: no data fires the no-data alert once the series vanish for no_data_for (10m)",
  ignore: !hasPromtool,
  async fn() {
    // Probes run for 30 minutes, then Vigil is gone: no samples at all.
    const result = await promtoolTest(AVAIL, {
      interval: "1m",
      input_series: [
        {
          series: 'vigil_probe_runs_total{probe="p",target="demo",result="success"}',
          values: "0+10x30 _x60",
        },
        { series: 'vigil_probe_runs_total{probe="p",target="demo",result="failure"}', values: "0+0x30 _x60" },
      ],
      alert_rule_test: [
        { eval_time: "30m", alertname: "SLONoData", exp_alerts: [] },
        // The 5m window empties at 35m; 10 minutes later the alert fires.
        { eval_time: "42m", alertname: "SLONoData", exp_alerts: [] },
        { eval_time: "50m", alertname: "SLONoData", exp_alerts: [{ exp_labels: NO_DATA_LABELS }] },
      ],
    });
    assert.equal(result.code, 0, result.output);
  },
});

Deno.test({
  name: "rules: counters that stop moving (probing stopped) fire the no-data alert, not a 100% SLI",
  ignore: !hasPromtool,
  async fn() {
    const result = await promtoolTest(AVAIL, {
      interval: "1m",
      input_series: [
        {
          series: 'vigil_probe_runs_total{probe="p",target="demo",result="success"}',
          values: "0+10x30 300x60",
        },
        { series: 'vigil_probe_runs_total{probe="p",target="demo",result="failure"}', values: "0x90" },
      ],
      alert_rule_test: [
        { eval_time: "40m", alertname: "SLONoData", exp_alerts: [] },
        { eval_time: "50m", alertname: "SLONoData", exp_alerts: [{ exp_labels: NO_DATA_LABELS }] },
        { eval_time: "50m", alertname: "SLOErrorBudgetBurn", exp_alerts: [] },
      ],
    });
    assert.equal(result.code, 0, result.output);
  },
});

Deno.test({
  name: "rules: an accuracy SLO alerts when no label arrives within label_freshness, and below objective",
  ignore: !hasPromtool,
  async fn() {
    const slos =
      "  - { name: acc, objective: 90, min_traffic: 20, sli: { accuracy: { model: m, label_freshness: 2h } } }\n";
    const labels = { slo: "acc", service: "m", model: "m", severity: "warning" };
    const result = await promtoolTest(slos, {
      interval: "10m",
      // Labels for 1 day at 80% accuracy (under 90%), then none for 4 hours.
      input_series: [
        { series: 'ml_ground_truth_labels_total{model="m"}', values: "0+10x144 1440x24" },
        { series: 'ml_ground_truth_correct_total{model="m"}', values: "0+8x144 1152x24" },
      ],
      alert_rule_test: [
        { eval_time: "23h", alertname: "ModelAccuracyBelowObjective", exp_alerts: [{ exp_labels: labels }] },
        { eval_time: "23h", alertname: "ModelGroundTruthStale", exp_alerts: [] },
        { eval_time: "26h30m", alertname: "ModelGroundTruthStale", exp_alerts: [{ exp_labels: labels }] },
      ],
    });
    assert.equal(result.code, 0, result.output);
    // A model whose labels never arrived at all is stale too, not silently 100% accurate.
    const never = await promtoolTest(slos, {
      interval: "1m",
      input_series: [{ series: 'ml_requests_total{model="m"}', values: "0+10x60" }],
      alert_rule_test: [
        { eval_time: "5m", alertname: "ModelGroundTruthStale", exp_alerts: [] },
        { eval_time: "15m", alertname: "ModelGroundTruthStale", exp_alerts: [{ exp_labels: labels }] },
      ],
    });
    assert.equal(never.code, 0, never.output);
  },
});

Deno.test({
  name: "rules: a drift SLO burns its budget while the drift severity is at or above its level",
  ignore: !hasPromtool,
  async fn() {
    const slos = "  - { name: drift, objective: 99, sli: { drift: { model: m, below: warning } } }\n";
    const labels = { slo: "drift", service: "m", model: "m", severity: "warning" };
    // Severity 1 (info) for 6 hours, then 2 (warning) on one feature: every evaluation is bad from then on.
    const result = await promtoolTest(slos, {
      interval: "1m",
      input_series: [
        { series: 'ml_drift_severity{model="m",feature="a"}', values: "1x360 2x240" },
        { series: 'ml_drift_severity{model="m",feature="b"}', values: "0x600" },
      ],
      alert_rule_test: [
        { eval_time: "5h", alertname: "SLOErrorBudgetBurn", exp_alerts: [] },
        // Pages are off for drift by default; the ticket fires once 2h and 1d exceed 3x the 1% budget.
        { eval_time: "9h", alertname: "SLOErrorBudgetBurn", exp_alerts: [{ exp_labels: labels }] },
      ],
    });
    assert.equal(result.code, 0, result.output);
  },
});
