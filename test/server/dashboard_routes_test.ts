/**
 * The dashboard page and its event stream, rendered from an in-memory store and drift engine through
 * `app.request()` — no socket, no browser.
 */
import assert from "assert";
import { parseConfig } from "../../src/config/load.ts";
import { DriftEngine } from "../../src/drift/engine.ts";
import { ProfileBuilder } from "../../src/drift/profile.ts";
import type { PredictionRecord } from "../../src/drift/record.ts";
import { createMetrics } from "../../src/metrics/registry.ts";
import { createApp } from "../../src/server/app.tsx";
import { dashboardRoutes } from "../../src/server/dashboard_routes.tsx";
import { openDriftStore } from "../../src/store/drift_store.ts";
import type { LoadRunRecord } from "../../src/store/load_run_store.ts";
import { openSqliteStore } from "../../src/store/sqlite_store.ts";

const START = Date.UTC(2026, 10, 26, 12);

const config = parseConfig(
  `
targets:
  demo: { url: "http://127.0.0.1:9" }
probes:
  - { name: healthz, target: demo, path: /healthz, interval: 1s }
  - { name: predict, target: demo, path: /predict, body: { text: hi }, interval: 1s }
slos:
  - { name: avail, objective: 99, sli: { probe_availability: { target: demo } } }
  - { name: fast, objective: 95, sli: { probe_latency: { target: demo, threshold: 250ms } } }
  - { name: acc, objective: 85, sli: { accuracy: { model: m } } }
models:
  m:
    features: { x: numeric, channel: categorical }
    prediction: { kind: classification, classes: [yes, no] }
    window: { size: 100, min_samples: 50 }
`,
  { source: "test.yaml", env: {} },
);

const RUN: LoadRunRecord = {
  id: "run-1",
  script: "scenarios/smoke.ts",
  target: "demo",
  startedAt: START - 60_000,
  finishedAt: START - 50_000,
  verdict: "fail",
  exitCode: 99,
  message: null,
  figures: {
    requests: 120,
    requestRate: 12,
    errorRate: 0.05,
    p95Ms: 42,
    p99Ms: 80,
    correctedP99Ms: 90,
    droppedIterations: 0,
    thresholdsPassed: 2,
    thresholdsTotal: 3,
    durationMs: 10_000,
  },
  hasReport: true,
};

function prediction(i: number, x: number): PredictionRecord {
  return {
    model: "m",
    modelVersion: null,
    requestId: `r${i}`,
    time: START,
    segment: i % 2 ? "web" : "api",
    features: { x, channel: i % 3 ? "web" : "api" },
    prediction: { label: i % 4 ? "yes" : "no", confidence: i % 10 ? 0.9 : 0.5 },
  };
}

/** A service 30 s into its life: probes every second, 150 predictions (one closed window), 20 labels. */
function setup() {
  let now = START;
  const clock = () => now;
  const store = openSqliteStore(":memory:");
  const driftStore = openDriftStore(":memory:");
  const metrics = createMetrics({ latencyThresholdsMs: [250], version: "test" });
  const drift = new DriftEngine({
    models: config.models,
    store: driftStore,
    metrics: metrics.drift,
    clock,
    defer: (run) => run(),
  });
  const builder = new ProfileBuilder(config.models.m!);
  for (let i = 0; i < 1000; i++) {
    builder.add({
      features: { x: i % 100, channel: i % 3 ? "web" : "api" },
      label: i % 2 ? "yes" : "no",
      value: null,
      confidence: 0.9,
    });
  }
  drift.setReference("m", builder.finish(START - 3_600_000));
  for (let s = 30; s >= 1; s--) {
    for (const probe of ["healthz", "predict"]) {
      store.recordProbeResult({
        probe,
        target: "demo",
        time: START - s * 1_000,
        success: true,
        durationMs: 8,
        status: 200,
        failure: null,
      });
    }
  }
  now = START - 20_000;
  drift.ingest(Array.from({ length: 150 }, (_, i) => prediction(i, i % 100)));
  now = START - 10_000;
  for (let i = 0; i < 20; i++) drift.feedback(`r${i}`, i % 4 ? "yes" : "no");
  now = START;
  const state = { ready: true };
  const routes = dashboardRoutes({
    config,
    store,
    drift,
    loadRuns: { list: () => [RUN] },
    clock,
    ready: () => state.ready,
    refreshMs: 20,
  });
  return {
    routes,
    store,
    state,
    advance(ms: number) {
      now += ms;
    },
    close() {
      drift.close();
      driftStore.close();
      store.close();
    },
  };
}

Deno.test("GET / renders the five sections, the tiles judged and every probe's last run", async () => {
  const service = setup();
  try {
    const response = await service.routes.request("/");
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
    const html = await response.text();
    for (const id of ["health", "probes", "quality", "drift", "load-runs"]) {
      assert.match(html, new RegExp(`<section id="${id}"`), id);
    }
    assert.match(html, /<title>✓ Healthy · Vigil<\/title>/);
    for (const id of ["traffic", "errors", "latency", "accuracy"]) {
      assert.match(html, new RegExp(`id="tile-${id}" data-status="ok"`), id);
    }
    assert.match(html, /id="tile-errors"[^]*?<div class="value">0\.0%<\/div>/);
    assert.match(html, /id="tile-latency"[^]*?<div class="value">8\.0 ms<\/div>/);
    assert.match(html, /<tr data-probe="healthz" data-status="ok"/);
    assert.match(html, /<tr data-slo="avail" data-status="ok">/);
    // Quality: the charts and the segments of the labels.
    assert.match(html, /<figure class="chart" id="chart-classes-m">/);
    assert.match(html, /<figure class="chart" id="chart-confidence-m">/);
    assert.match(html, /<figure class="chart" id="chart-low-confidence-m">/);
    assert.match(html, /<tr data-segment="api" data-status="[a-z]+">/);
    // Drift: the evaluated window, a row per feature and output, an overlay per column.
    assert.match(html, /Window #1 · 100 records/);
    assert.match(html, /<tr data-feature="x" data-severity="none" data-status="ok">/);
    assert.match(html, /<tr data-feature="output:class"/);
    assert.match(html, /id="chart-drift-m-x"/);
    assert.match(html, /id="chart-drift-m-channel"/);
    // Load runs link to their reports.
    assert.match(html, /<tr data-run="run-1" data-verdict="fail">/);
    assert.match(html, /<a href="\/v1\/load-runs\/run-1\/report">report<\/a>/);
    // Live with JavaScript, reloading without it.
    assert.match(html, /<noscript><meta http-equiv="refresh" content="10"\/?><\/noscript>/);
    assert.match(html, /data-events="\/dashboard\/events"/);
    assert.match(html, /new EventSource\(live\.dataset\.events\)/);
  } finally {
    service.close();
  }
});

Deno.test("GET / turns the error tile red and shows the failing probe with its reason, escaped", async () => {
  const service = setup();
  try {
    for (let s = 5; s >= 1; s--) {
      service.store.recordProbeResult({
        probe: "predict",
        target: "demo",
        time: START - s * 200,
        success: false,
        durationMs: 3,
        status: 503,
        failure: `status 503: <script>alert(1)</script>`,
      });
    }
    const html = await (await service.routes.request("/")).text();
    assert.match(html, /<title>✗ Unhealthy · Vigil<\/title>/);
    assert.match(html, /id="tile-errors" data-status="fail"/);
    assert.match(
      html,
      /<span class="icon" aria-hidden="true">✗<\/span><span class="verdict-text">7\.7× the 1% error budget/,
    );
    assert.match(html, /<tr data-probe="predict" data-status="fail" class="failing">/);
    assert.match(html, /status 503: &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /1 of 2 probes failing: predict\./);
  } finally {
    service.close();
  }
});

/** Reads server-sent events off a response body. */
function events(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async next(): Promise<Record<string, string> | null> {
      while (!buffer.includes("\n\n")) {
        const { value, done } = await reader.read();
        if (done) return null;
        buffer += value;
      }
      const end = buffer.indexOf("\n\n");
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split("\n")) {
        const colon = line.indexOf(":");
        const key = line.slice(0, colon);
        fields[key] = (fields[key] === undefined ? "" : `${fields[key]}\n`) +
          line.slice(colon + 1).trimStart();
      }
      return fields;
    },
    cancel: () => reader.cancel(),
  };
}

Deno.test("GET /dashboard/events sends every section, then the ones that changed", async () => {
  const service = setup();
  try {
    const response = await service.routes.request("/dashboard/events");
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
    const stream = events(response.body!);
    const first = await stream.next();
    assert.equal(first?.event, "sections");
    const update = JSON.parse(first!.data!);
    assert.deepEqual(Object.keys(update.sections), ["health", "probes", "quality", "drift", "load-runs"]);
    assert.match(update.sections.health, /^<section id="health" class="panel" data-status="ok">/);
    assert.equal(update.status, "ok");
    assert.equal(update.title, "✓ Healthy · Vigil");
    assert.equal(update.time, "12:00:00 UTC");
    assert.match(update.icon, /^data:image\/svg\+xml,/);

    // The clock stands still: the next render is the same, so nothing is sent again.
    const second = await stream.next();
    assert.deepEqual(JSON.parse(second!.data!).sections, {});

    // A probe fails and a second passes: the health and probe sections change.
    service.store.recordProbeResult({
      probe: "healthz",
      target: "demo",
      time: START + 500,
      success: false,
      durationMs: 1,
      status: null,
      failure: "connection refused",
    });
    service.advance(1_000);
    let changed: Record<string, string> = {};
    for (let i = 0; i < 5 && changed.probes === undefined; i++) {
      changed = JSON.parse((await stream.next())!.data!).sections;
    }
    assert.match(changed.health ?? "", /id="tile-errors" data-status="(warn|fail)"/);
    assert.match(changed.probes ?? "", /<tr data-probe="healthz" data-status="fail" class="failing">/);
    await stream.cancel();
  } finally {
    service.close();
  }
});

Deno.test("GET /dashboard/events ends its stream when the service stops, and refuses new ones", async () => {
  const service = setup();
  try {
    const response = await service.routes.request("/dashboard/events");
    const stream = events(response.body!);
    assert.equal((await stream.next())?.event, "sections");
    service.state.ready = false;
    let next = await stream.next();
    while (next !== null) next = await stream.next();
    const refused = await service.routes.request("/dashboard/events");
    assert.equal(refused.status, 503);
    assert.deepEqual(await refused.json(), { error: "the service is shutting down" });
  } finally {
    service.close();
  }
});

Deno.test("createApp() serves the dashboard at GET /, saying when load runs are not available", async () => {
  const store = openSqliteStore(":memory:");
  try {
    const app = createApp({
      config,
      store,
      metrics: createMetrics({ latencyThresholdsMs: [250], version: "test" }),
      clock: () => START,
    });
    const html = await (await app.request("/")).text();
    assert.match(html, /<title>– Waiting for data · Vigil<\/title>/);
    assert.match(html, /This service does not run load tests\./);
    assert.match(html, /No models are watched\./);
    assert.match(html, /<tr data-probe="predict" data-status="none"/);
  } finally {
    store.close();
  }
});
