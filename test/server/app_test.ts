import assert from "assert";
import type { Config } from "../../src/config/types.ts";
import { createMetrics } from "../../src/metrics/registry.ts";
import { createApp } from "../../src/server/app.tsx";
import { openSqliteStore } from "../../src/store/sqlite_store.ts";
import type { ProbeResult } from "../../src/store/store.ts";
import { makeProbe, makeTarget } from "../_helpers/probes.ts";
import { hasPromtool, promtoolCheckMetrics } from "../_helpers/promtool.ts";
import { DEFAULT_ALERTING, DEFAULT_INSTRUMENTATION, makeSlo } from "../_helpers/slos.ts";

const now = Date.UTC(2026, 10, 26, 12);
const config: Config = {
  source: "test.yaml",
  targets: { model: makeTarget("http://127.0.0.1:9/api") },
  probes: [
    makeProbe({ name: "healthz", path: "/healthz" }),
    makeProbe({ name: "golden", method: "POST", path: "/predict", body: { text: "good" } }),
  ],
  slos: [
    makeSlo({ name: "avail", objective: 0.99, sli: { type: "probe_availability", target: "model" } }),
    makeSlo({
      name: "fast",
      objective: 0.9,
      sli: { type: "probe_latency", target: "model", thresholdMs: 250 },
    }),
  ],
  alerting: DEFAULT_ALERTING,
  instrumentation: DEFAULT_INSTRUMENTATION,
  models: {},
  storage: { path: ":memory:", retentionMs: 35 * 86_400_000 },
  server: { port: 0, hostname: "127.0.0.1" },
};

function result(probe: string, ageMs: number, success: boolean): ProbeResult {
  return {
    probe,
    target: "model",
    time: now - ageMs,
    success,
    durationMs: success ? 12.3456 : 2,
    status: success ? 200 : null,
    failure: success ? null : "connection refused",
  };
}

function setup(ready = true) {
  const store = openSqliteStore(":memory:");
  const metrics = createMetrics({ latencyThresholdsMs: [250], version: "test" });
  for (
    const r of [result("healthz", 5000, true), result("healthz", 1000, false), result("golden", 2000, true)]
  ) {
    store.recordProbeResult(r);
    metrics.observeProbe(r);
  }
  const app = createApp({
    config,
    store,
    metrics,
    clock: () => now,
    ready: () => ready,
    probeStates: () => [{ name: "healthz", running: false, runs: 2, skipped: 0, nextRunAt: 1 }],
  });
  return { app, store };
}

Deno.test("GET /healthz answers ok", async () => {
  const { app, store } = setup();
  const response = await app.request("/healthz");
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: "ok" });
  store.close();
});

Deno.test("GET /readyz answers 503 while not ready", async () => {
  const ready = setup(true);
  assert.equal((await ready.app.request("/readyz")).status, 200);
  ready.store.close();
  const notReady = setup(false);
  const response = await notReady.app.request("/readyz");
  assert.equal(response.status, 503);
  assert.deepEqual(await response.json(), { status: "not ready" });
  notReady.store.close();
});

Deno.test("GET /metrics serves the Prometheus content type with probe and SLO series", async () => {
  const { app, store } = setup();
  const response = await app.request("/metrics");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const text = await response.text();
  assert.match(text, /^probe_success\{probe="healthz",target="model"\} 0$/m);
  assert.match(text, /^probe_success\{probe="golden",target="model"\} 1$/m);
  assert.match(text, /^vigil_slo_sli_ratio\{slo="avail",window="1h"\} 0.6666666666666666$/m);
  assert.match(text, /^vigil_probe_duration_seconds_bucket\{le="0.25",/m);
  if (hasPromtool) {
    const { code, output } = await promtoolCheckMetrics(text);
    assert.equal(code, 0, output);
  }
  store.close();
});

Deno.test("GET /v1/probes lists definitions, schedule state and last results", async () => {
  const { app, store } = setup();
  const body = await (await app.request("/v1/probes")).json();
  assert.equal(body.probes.length, 2);
  const [healthz, golden] = body.probes;
  assert.equal(healthz.url, "http://127.0.0.1:9/api/healthz");
  assert.deepEqual(healthz.schedule, { running: false, runs: 2, skipped: 0 });
  assert.deepEqual(healthz.last, {
    probe: "healthz",
    target: "model",
    time: new Date(now - 1000).toISOString(),
    success: false,
    duration_ms: 2,
    status: null,
    failure: "connection refused",
  });
  assert.equal(golden.last.duration_ms, 12.346);
  assert.equal(golden.schedule, null);
  store.close();
});

Deno.test("GET /v1/probes/:name/results pages a probe's history and validates limit", async () => {
  const { app, store } = setup();
  const body = await (await app.request("/v1/probes/healthz/results?limit=1")).json();
  assert.equal(body.results.length, 1);
  assert.equal(body.results[0].success, false);
  const bad = await app.request("/v1/probes/healthz/results?limit=0");
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /"limit"/);
  assert.equal((await app.request("/v1/probes/nope/results")).status, 404);
  store.close();
});

Deno.test("GET /v1/slo reports each SLO's windows and budget and each target's availability", async () => {
  const { app, store } = setup();
  const body = await (await app.request("/v1/slo")).json();
  assert.equal(body.generated_at, new Date(now).toISOString());
  const [avail, fast] = body.slos;
  assert.deepEqual(avail.windows["1h"].good, 2);
  assert.deepEqual(avail.windows["1h"].total, 3);
  assert.equal(avail.windows["1h"].met, false);
  assert.equal(avail.error_budget.period_complete, false);
  assert.deepEqual(fast.sli, { type: "probe_latency", target: "model", threshold_ms: 250 });
  assert.deepEqual(body.targets[0].windows["1d"], { runs: 3, successes: 2, success_ratio: 2 / 3 });
  store.close();
});

Deno.test("GET /v1/slo adds burn rates over every workbook window and Vigil's alert view", async () => {
  const { app, store } = setup();
  const body = await (await app.request("/v1/slo")).json();
  const [avail] = body.slos;
  assert.deepEqual(Object.keys(avail.windows), ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"]);
  assert.equal(avail.measured, true);
  // 1 bad in 3 against a 1% budget: 33x, over both page conditions.
  assert.ok(Math.abs(avail.windows["5m"].burn_rate - 100 / 3) < 1e-9);
  assert.deepEqual([avail.alerts.page, avail.alerts.ticket, avail.alerts.no_data], [true, true, false]);
  assert.ok(avail.alerts.reasons.includes("page 14.4x 1h/5m"));
  store.close();
});

Deno.test("unknown routes answer 404 JSON", async () => {
  const { app, store } = setup();
  const response = await app.request("/v2/nothing");
  assert.equal(response.status, 404);
  assert.deepEqual(await response.json(), { error: "no route for GET /v2/nothing" });
  store.close();
});

Deno.test("GET / renders the dashboard with the probes, the failure reason and the SLOs", async () => {
  const { app, store } = setup();
  const response = await app.request("/");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
  const html = await response.text();
  assert.match(html, /<tr data-probe="healthz" data-status="fail" class="failing">/);
  assert.match(html, /<div class="reason">connection refused<\/div>/);
  assert.match(html, /<tr data-probe="golden" data-status="ok"/);
  assert.match(html, /<tr data-slo="avail" data-status="[a-z]+">[^]*?66\.66%/);
  assert.match(html, /<noscript><meta http-equiv="refresh" content="10"\/?><\/noscript>/);
  store.close();
});

Deno.test("GET /v1/probes masks credentials in a target URL", async () => {
  const store = openSqliteStore(":memory:");
  const app = createApp({
    config: { ...config, targets: { model: makeTarget("http://user:pw@127.0.0.1:9/api") } },
    store,
    metrics: createMetrics({ latencyThresholdsMs: [250], version: "test" }),
    clock: () => now,
    ready: () => true,
  });
  try {
    const text = await (await app.request("/v1/probes")).text();
    assert.equal(JSON.parse(text).probes[0].url, "http://****:****@127.0.0.1:9/api/healthz");
    assert.doesNotMatch(text, /user|pw@/);
  } finally {
    store.close();
  }
});
