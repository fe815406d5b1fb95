import assert from "assert";
import {
  dashboardExpressions,
  grafanaDashboards,
  SCHEMA_VERSION,
} from "../../../src/slo/generate/grafana_dashboards.ts";
import { makeSlo } from "../../_helpers/slos.ts";

type Model = {
  uid: string;
  schemaVersion: number;
  templating: { list: { name: string; type: string; query: unknown }[] };
  panels: {
    id: number;
    type: string;
    title: string;
    datasource?: { uid: string };
    gridPos: { x: number; y: number; w: number; h: number };
    fieldConfig?: { defaults: { thresholds: { steps: { color: string; value: number | null }[] } } };
  }[];
};

const slos = [
  makeSlo({ name: "fast", objective: 0.99, sli: { type: "request_latency", model: "m", thresholdMs: 300 } }),
  makeSlo({ name: "ok", objective: 0.995, sli: { type: "request_success", model: "m" } }),
];

Deno.test("grafanaDashboards() writes five dashboards with unique uids and schemaVersion 39", () => {
  const dashboards = grafanaDashboards({ slos });
  assert.deepEqual(dashboards.map((d) => d.title), [
    "Vigil / System health",
    "Vigil / Model quality",
    "Vigil / Drift",
    "Vigil / Probes & SLOs",
    "Vigil / Resources",
  ]);
  assert.equal(new Set(dashboards.map((d) => d.uid)).size, 5);
  for (const dashboard of dashboards) {
    const model = dashboard.model as Model;
    assert.equal(model.schemaVersion, SCHEMA_VERSION);
    assert.ok(SCHEMA_VERSION >= 39);
    assert.equal(model.uid, dashboard.uid);
    assert.equal(model.templating.list[0]!.name, "datasource");
    assert.equal(model.templating.list[0]!.type, "datasource");
    // Every query panel reads the chosen data source; panel ids are unique; nothing is wider than 24.
    const ids = new Set<number>();
    for (const panel of model.panels) {
      assert.ok(!ids.has(panel.id));
      ids.add(panel.id);
      assert.ok(panel.gridPos.x + panel.gridPos.w <= 24, `${dashboard.uid}: ${panel.title}`);
      if (panel.type !== "row") assert.equal(panel.datasource?.uid, "${datasource}");
    }
  }
});

Deno.test("grafanaDashboards() offers model and target variables where they filter", () => {
  const variables = grafanaDashboards({ slos }).map((d) =>
    (d.model as Model).templating.list.map((variable) => variable.name)
  );
  assert.deepEqual(variables, [
    ["datasource", "model", "target"],
    ["datasource", "model"],
    ["datasource", "model"],
    ["datasource", "target", "slo"],
    ["datasource", "job"],
  ]);
});

Deno.test("grafanaDashboards() colours system health from the SLOs: p95 amber at the threshold", () => {
  const [health] = grafanaDashboards({ slos });
  const panels = (health!.model as Model).panels;
  const p95 = panels.find((panel) => panel.title === "p95 latency")!;
  assert.deepEqual(p95.fieldConfig!.defaults.thresholds.steps.map((step) => step.value), [null, 0.3, 0.6]);
  const errors = panels.find((panel) => panel.title === "Error ratio")!;
  // Amber past the budget (0.5%), red past the page threshold (14.4 x 0.5% = 7.2%).
  assert.deepEqual(errors.fieldConfig!.defaults.thresholds.steps.map((step) => step.value), [
    null,
    0.005,
    0.072,
  ]);
  assert.ok(dashboardExpressions(health!).some((expr) => expr.includes("histogram_quantile(0.95")));
});
