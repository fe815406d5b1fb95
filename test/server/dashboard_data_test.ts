import assert from "assert";
import { parseConfig } from "../../src/config/load.ts";
import type { ModelStats } from "../../src/drift/engine.ts";
import type { DriftReport } from "../../src/drift/report.ts";
import {
  assembleDashboard,
  chooseSpan,
  type DashboardInputs,
  type ModelInputs,
  RECENT_MS,
} from "../../src/server/dashboard_data.ts";
import { sloReport } from "../../src/slo/probe_slo.ts";
import type { LoadRunRecord } from "../../src/store/load_run_store.ts";
import { openSqliteStore } from "../../src/store/sqlite_store.ts";
import type { ProbeResult } from "../../src/store/store.ts";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 30);

const config = parseConfig(
  `
targets:
  demo: { url: "http://127.0.0.1:9" }
probes:
  - { name: healthz, target: demo, path: /healthz, interval: 5s }
  - { name: predict, target: demo, path: /predict, body: { text: hi }, interval: 5s }
slos:
  - { name: avail, objective: 99, sli: { probe_availability: { target: demo } } }
  - { name: fast, objective: 95, sli: { probe_latency: { target: demo, threshold: 250ms } } }
  - { name: acc, objective: 85, sli: { accuracy: { model: sentiment } } }
  - { name: requests, objective: 99.5, sli: { request_success: { model: sentiment } } }
models:
  sentiment:
    features: { x: numeric, channel: categorical }
    prediction: { kind: classification, classes: [positive, negative] }
`,
  { source: "test.yaml", env: {} },
);

function run(probe: string, ageMs: number, fields: Partial<ProbeResult> = {}): ProbeResult {
  return {
    probe,
    target: "demo",
    time: NOW - ageMs,
    success: true,
    durationMs: 12,
    status: 200,
    failure: null,
    ...fields,
  };
}

/** Two probes every 5 s over the last minute, all passing. */
function healthyRuns(): ProbeResult[] {
  return Array.from(
    { length: 12 },
    (_, i) => [run("healthz", i * 5_000 + 100), run("predict", i * 5_000 + 200)],
  )
    .flat();
}

function stats(fields: Partial<ModelStats> = {}): ModelStats {
  return {
    model: "sentiment",
    recordsStored: 600,
    recordsAccepted: 600,
    windowsClosed: 0,
    windowsEvaluated: 0,
    openWindow: 600,
    labelsJoined: 100,
    labelsCorrect: 95,
    feedbackExpired: 0,
    predictionsByClass: {},
    lowConfidence: 0,
    lowConfidenceThreshold: 0.7,
    confidenceHistogram: {},
    accuracy: { window: 1000, overall: 0.95, labelled: 100, bySegment: {} },
    lastLabelAt: NOW - 1_000,
    reference: { rows: 1000, createdAt: 0 },
    ...fields,
  };
}

function model(fields: Partial<ModelInputs> = {}): ModelInputs {
  const span = chooseSpan(NOW, NOW - 120_000);
  const last = span.buckets - 1;
  return {
    config: config.models.sentiment!,
    stats: stats(),
    latest: null,
    preview: null,
    openWindow: { n: 600, size: 1000, start: NOW - 60_000 },
    history: {
      // Ten predictions per 5 s over the minute before the current bucket: 60% positive, one in ten under 0.7.
      buckets: Array.from({ length: 12 }, (_, i) => {
        const index = last - 1 - i;
        const firstReceived = span.since + index * span.bucketMs;
        return [
          { index, label: "positive", confidenceBucket: 9, count: 6, lowConfidence: 0, firstReceived },
          { index, label: "negative", confidenceBucket: 8, count: 3, lowConfidence: 0, firstReceived },
          { index, label: "negative", confidenceBucket: 5, count: 1, lowConfidence: 1, firstReceived },
        ];
      }).flat(),
      segments: [{ segment: "web", labelled: 20, correct: 19 }, { segment: "api", labelled: 10, correct: 6 }],
      lowConfidenceThreshold: 0.7,
    },
    reference: null,
    ...fields,
  };
}

function inputs(fields: Partial<DashboardInputs> = {}, runs = healthyRuns()): DashboardInputs {
  const store = openSqliteStore(":memory:");
  try {
    for (const r of runs) store.recordProbeResult(r);
    const span = chooseSpan(NOW, store.firstProbeResultTime(), 5_000);
    const last = new Map<string, ProbeResult>();
    for (const r of [...runs].sort((a, b) => a.time - b.time)) last.set(r.probe, r);
    return {
      now: NOW,
      config,
      slo: sloReport(config, store, NOW),
      span,
      refreshMs: 2_000,
      probes: {
        last,
        timeline: store.probeTimeline({ since: span.since, until: span.until, bucketMs: span.bucketMs }),
        recent: runs.filter((r) => r.time >= NOW - RECENT_MS),
        failures: store.probeFailures({ since: span.since, until: span.until }),
        first: store.firstProbeResultTime(),
      },
      models: [model()],
      loadRuns: [],
      ...fields,
    };
  } finally {
    store.close();
  }
}

const tile = (dashboard: ReturnType<typeof assembleDashboard>, id: string) =>
  dashboard.tiles.find((t) => t.id === id)!;

Deno.test("assembleDashboard() judges a healthy service healthy on every tile", () => {
  const dashboard = assembleDashboard(inputs());
  assert.equal(dashboard.overall.status, "ok");
  assert.equal(dashboard.overall.headline, "Healthy");
  assert.deepEqual(dashboard.overall.reasons, []);
  assert.deepEqual(dashboard.tiles.map((t) => [t.id, t.status]), [
    ["traffic", "ok"],
    ["errors", "ok"],
    ["latency", "ok"],
    ["accuracy", "ok"],
  ]);
  assert.equal(tile(dashboard, "traffic").value, "2.0/s", "ten predictions per 5 s");
  assert.equal(tile(dashboard, "errors").value, "0.0%");
  assert.equal(tile(dashboard, "errors").objective, "≤ 1% · SLO avail");
  assert.equal(tile(dashboard, "latency").value, "12 ms");
  assert.equal(tile(dashboard, "accuracy").value, "95.0%");
});

Deno.test("assembleDashboard() turns the error tile red when probes fail far beyond the error budget", () => {
  const runs = healthyRuns().map((r, i) =>
    r.probe === "predict" && i % 4 === 1 ? { ...r, success: false, status: 503, failure: "status 503" } : r
  );
  const dashboard = assembleDashboard(inputs({}, runs));
  const errors = tile(dashboard, "errors");
  assert.equal(errors.status, "fail");
  assert.equal(errors.value, "25.0%");
  assert.equal(errors.verdict, "25.0× the 1% error budget");
  assert.equal(errors.detail, "6 of 24 probe runs failed · last minute");
  assert.equal(dashboard.overall.status, "fail");
  assert.ok(dashboard.overall.reasons.includes("Error ratio: 25.0× the 1% error budget"));
  assert.equal(dashboard.probes.failures[0]?.failure, "status 503");
  assert.equal(dashboard.probes.failures[0]?.count, 6);
  const predict = dashboard.probes.rows.find((r) => r.name === "predict")!;
  assert.equal(predict.total, 12);
  assert.equal(predict.successes, 6);
});

Deno.test("assembleDashboard() warns on a single failure and on latency above the objective", () => {
  const runs = healthyRuns().map((r, i) => ({
    ...r,
    durationMs: i === 0 || i === 5 ? 300 : 12,
    ...(i === 3 ? { success: false, failure: "timeout", status: null } : {}),
  }));
  const dashboard = assembleDashboard(inputs({}, runs));
  assert.equal(tile(dashboard, "errors").status, "warn", "1 of 24 is 4.2x the budget");
  assert.equal(tile(dashboard, "latency").status, "warn");
  assert.equal(tile(dashboard, "latency").verdict, "1.2× the 250 ms objective");
  // Both SLOs burn their budget faster than sustainable but below the paging rate: tickets, not pages.
  assert.deepEqual(dashboard.slos.slice(0, 2).map((s) => [s.status, s.alerts]), [
    ["warn", ["ticket"]],
    ["warn", ["ticket"]],
  ]);
  assert.equal(dashboard.overall.status, "warn");
  assert.equal(dashboard.overall.headline, "Degraded");
  const last = dashboard.probes.rows.find((r) => r.name === "predict")!;
  assert.equal(last.status, "ok", "the newest predict run passed");
});

Deno.test("assembleDashboard() judges accuracy against its SLO and per segment", () => {
  const dashboard = assembleDashboard(inputs({
    models: [
      model({ stats: stats({ accuracy: { window: 1000, overall: 0.7, labelled: 400, bySegment: {} } }) }),
    ],
  }));
  const accuracy = tile(dashboard, "accuracy");
  assert.equal(accuracy.status, "fail");
  assert.equal(accuracy.verdict, "15.0 points under the objective");
  assert.equal(accuracy.objective, "≥ 85.0%");
  const quality = dashboard.quality[0]!;
  assert.deepEqual(quality.segments.map((s) => [s.segment, s.accuracy, s.status]), [
    ["web", 0.95, "ok"],
    ["api", 0.6, "fail"],
  ]);
  const slo = dashboard.slos.find((s) => s.name === "acc")!;
  assert.equal(slo.status, "fail");
  assert.match(slo.note ?? "", /now 70\.0% over the last 400 labels/);
  assert.match(dashboard.slos.find((s) => s.name === "requests")!.note ?? "", /measured by Prometheus/);
});

Deno.test("assembleDashboard() shows the class mix, the confidence histogram and the low-confidence ratio", () => {
  const dashboard = assembleDashboard(inputs());
  const quality = dashboard.quality[0]!;
  assert.deepEqual(quality.classes, ["positive", "negative"]);
  const filled = quality.buckets.filter((b) => b.total > 0);
  assert.equal(filled.length, 12);
  assert.deepEqual(filled[0]!.byClass, [6, 4]);
  assert.equal(quality.confidence.total, 120);
  assert.equal(quality.confidence.counts[9], 72);
  assert.equal(quality.lowConfidence.ratio, 0.1);
  assert.equal(quality.lowConfidence.status, "ok", "alert at 30%");
  assert.equal(quality.rate, 2);
});

Deno.test("assembleDashboard() counts the probe timeline per bucket of the span", () => {
  const dashboard = assembleDashboard(inputs());
  assert.equal(dashboard.span.label, "last 5 min");
  const healthz = dashboard.probes.rows.find((r) => r.name === "healthz")!;
  assert.equal(healthz.cells.length, 60);
  assert.equal(healthz.cells.filter((c) => c.total > 0).length, 12);
  assert.equal(healthz.cells.at(-1)!.start, dashboard.span.until - dashboard.span.bucketMs);
  assert.equal(dashboard.probes.latencyObjectiveMs, 250);
});

const column = (name: string, severity: DriftReport["features"][number]["severity"]) => ({
  name,
  kind: "feature" as const,
  type: "numeric" as const,
  n: 1000,
  missing: 0,
  missingRatio: 0,
  status: "ok" as const,
  tests: [
    { test: "ks" as const, statistic: 0.3, pValue: 1e-9, severity },
    { test: "psi" as const, statistic: 0.4, pValue: null, severity },
  ],
  pValue: 1e-9,
  adjustedPValue: 2e-9,
  significant: true,
  severity,
  histogram: { kind: "bins" as const, edges: [1], reference: [0.5, 0.5], current: [0.2, 0.8] },
});

function report(severity: "none" | "critical"): DriftReport {
  return {
    model: "sentiment",
    window: {
      n: 1000,
      start: NOW - 20_000,
      end: NOW - 1_000,
      reason: "size",
      minSamples: 500,
      sufficient: true,
    },
    reference: { rows: 5000, createdAt: 0 },
    features: [column("x", severity), column("channel", "none")],
    outputs: [],
    dataset: {
      features: 2,
      tested: 2,
      missing: 0,
      drifted: severity === "critical" ? 1 : 0,
      driftShare: severity === "critical" ? 0.5 : 0,
      threshold: 0.5,
      drift: severity === "critical",
      significant: 1,
      alpha: 0.05,
      severity,
    },
    conceptDriftPsi: 0.01,
  };
}

Deno.test("assembleDashboard() reports critical drift as degraded, not unhealthy", () => {
  const dashboard = assembleDashboard(inputs({
    models: [model({ latest: { seq: 3, report: report("critical") } })],
  }));
  const drift = dashboard.drift[0]!;
  assert.equal(drift.status, "fail");
  assert.equal(drift.verdict, "critical drift: 1 of 2 features at warning or above (dataset drifted)");
  assert.deepEqual(drift.window && [drift.window.seq, drift.window.preview], [3, false]);
  const x = drift.columns[0]!;
  assert.deepEqual([x.test, x.statistic, x.pValue, x.adjustedPValue, x.n], ["KS", 0.3, 1e-9, 2e-9, 1000]);
  assert.deepEqual(x.others.map((t) => t.test), ["PSI"]);
  assert.equal(dashboard.overall.status, "warn");
  assert.ok(dashboard.overall.reasons.some((r) => r.startsWith("Drift (sentiment): critical drift")));
});

Deno.test("assembleDashboard() shows a preview of the first window without judging it", () => {
  const preview = {
    ...report("critical"),
    window: { ...report("critical").window, reason: "open" as const },
  };
  const dashboard = assembleDashboard(inputs({ models: [model({ preview })] }));
  const drift = dashboard.drift[0]!;
  assert.equal(drift.status, "none");
  assert.equal(drift.verdict, "first window filling: 600 of 1000 records (preview, not judged)");
  assert.equal(drift.window?.preview, true);
  assert.equal(dashboard.overall.status, "ok");
});

Deno.test("assembleDashboard() says why there is no drift report yet", () => {
  const dashboard = assembleDashboard(inputs({ models: [model()] }));
  assert.equal(
    dashboard.drift[0]!.verdict,
    "no reference profile: POST one to /v1/models/sentiment/reference",
  );
  assert.equal(dashboard.drift[0]!.status, "none");
});

Deno.test("assembleDashboard() waits for data before judging anything", () => {
  const dashboard = assembleDashboard(inputs({ models: [] }, []));
  assert.equal(dashboard.overall.status, "none");
  assert.equal(dashboard.overall.headline, "Waiting for data");
  assert.deepEqual(dashboard.tiles.map((t) => t.status), ["none", "none", "none", "none"]);
  assert.equal(tile(dashboard, "traffic").verdict, "no probe has run yet");
});

Deno.test("assembleDashboard() reports a silent scheduler as failing traffic", () => {
  const runs = healthyRuns().map((r) => ({ ...r, time: r.time - 120_000 }));
  const dashboard = assembleDashboard(inputs({}, runs));
  assert.equal(tile(dashboard, "traffic").status, "fail");
  assert.match(tile(dashboard, "traffic").verdict, /no probe result for 120 s/);
});

Deno.test("assembleDashboard() lists load runs, or says the service does not run them", () => {
  const run: LoadRunRecord = {
    id: "r1",
    script: "scenarios/smoke.ts",
    target: "demo",
    startedAt: NOW - 60_000,
    finishedAt: NOW - 50_000,
    verdict: "pass",
    exitCode: 0,
    message: null,
    figures: null,
    hasReport: true,
  };
  assert.deepEqual(assembleDashboard(inputs({ loadRuns: [run] })).loadRuns, { enabled: true, runs: [run] });
  assert.deepEqual(assembleDashboard(inputs({ loadRuns: null })).loadRuns, { enabled: false, runs: [] });
});
