/** Load runs started from the service: real scenarios against the real demo, kept with their reports. */
import assert from "assert";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../../src/config/load.ts";
import { createMetrics } from "../../src/metrics/registry.ts";
import { startDemo } from "../../src/demo/server.ts";
import { createApp } from "../../src/server/app.tsx";
import { LoadRunService } from "../../src/server/load_runs.ts";
import { LoadRunStore } from "../../src/store/load_run_store.ts";
import { openSqliteStore } from "../../src/store/sqlite_store.ts";

const scenariosDir = fileURLToPath(new URL("../../scenarios", import.meta.url));

async function setup(token?: string) {
  const demo = await startDemo({ port: 0 });
  const text = await Deno.readTextFile(new URL("../../vigil.example.yaml", import.meta.url));
  const config = parseConfig(text, { source: "vigil.example.yaml", env: { DEMO_URL: demo.url } });
  if (token !== undefined) config.server.token = token;
  const store = openSqliteStore(":memory:");
  const runs = new LoadRunStore(":memory:");
  const service = new LoadRunService({ config, store: runs, scenariosDir, log: () => {} });
  const app = createApp({
    config,
    store,
    metrics: createMetrics({ latencyThresholdsMs: [], version: "test" }),
    loadRuns: service,
  });
  return {
    app,
    service,
    async close() {
      await service.stop();
      runs.close();
      store.close();
      await demo.shutdown();
    },
  };
}

async function waitFinished(app: ReturnType<typeof createApp>, id: string) {
  for (let i = 0; i < 200; i++) {
    const run = await (await app.request(`/v1/load-runs/${id}`)).json();
    if (run.verdict !== "running") return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("load run did not finish");
}

Deno.test("POST /v1/load-runs runs a scenario against a configured target and keeps its verdict and report", async () => {
  const env = await setup();
  try {
    const started = await env.app.request("/v1/load-runs", {
      method: "POST",
      body: JSON.stringify({ script: "smoke", target: "demo" }),
    });
    assert.equal(started.status, 202);
    const { id, verdict } = await started.json();
    assert.equal(verdict, "running");
    const busy = await env.app.request("/v1/load-runs", {
      method: "POST",
      body: JSON.stringify({ script: "smoke", target: "demo" }),
    });
    assert.equal(busy.status, 409);
    const run = await waitFinished(env.app, id);
    assert.equal(run.verdict, "pass", JSON.stringify(run));
    assert.equal(run.exit_code, 0);
    assert.equal(run.figures.requests, 10);
    assert.equal(run.figures.thresholdsPassed, run.figures.thresholdsTotal);
    const report = await env.app.request(run.report);
    assert.equal(report.status, 200);
    assert.match(await report.text(), /scenarios\/smoke\.ts/);
    const list = await (await env.app.request("/v1/load-runs")).json();
    assert.ok(list.scenarios.includes("capacity.ts"));
    assert.equal(list.runs[0].id, id);
  } finally {
    await env.close();
  }
});

Deno.test("POST /v1/load-runs refuses unknown targets, unknown scenarios, a TARGET override and bad bodies", async () => {
  const env = await setup();
  try {
    const post = (body: unknown) =>
      env.app.request("/v1/load-runs", { method: "POST", body: JSON.stringify(body) });
    const target = await post({ script: "smoke", target: "elsewhere" });
    assert.equal(target.status, 400);
    assert.match((await target.json()).error, /unknown target "elsewhere"/);
    const script = await post({ script: "../etc/passwd", target: "demo" });
    assert.equal(script.status, 404);
    const override = await post({ script: "smoke", target: "demo", env: { TARGET: "http://example.com" } });
    assert.equal(override.status, 400);
    assert.match((await override.json()).error, /env\.TARGET/);
    assert.equal((await post(["smoke"])).status, 400);
    assert.equal((await env.app.request("/v1/load-runs", { method: "POST", body: "{" })).status, 400);
    assert.equal((await (await env.app.request("/v1/load-runs")).json()).runs.length, 0);
  } finally {
    await env.close();
  }
});

Deno.test("POST /v1/load-runs needs the bearer token when one is configured", async () => {
  const env = await setup("s3cret");
  try {
    const body = JSON.stringify({ script: "smoke", target: "demo" });
    assert.equal((await env.app.request("/v1/load-runs", { method: "POST", body })).status, 401);
    const ok = await env.app.request("/v1/load-runs", {
      method: "POST",
      body,
      headers: { authorization: "Bearer s3cret" },
    });
    assert.equal(ok.status, 202);
    await waitFinished(env.app, (await ok.json()).id);
  } finally {
    await env.close();
  }
});

Deno.test("GET /metrics includes the running load test's k6 metrics", async () => {
  const env = await setup();
  try {
    const started = await env.app.request("/v1/load-runs", {
      method: "POST",
      body: JSON.stringify({ script: "soak", target: "demo", env: { RATE: "20", DURATION: "3s" } }),
    });
    const { id } = await started.json();
    let text = "";
    for (let i = 0; i < 40 && !text.includes("k6_http_reqs_total"); i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await (await env.app.request("/metrics")).text();
    }
    assert.match(text, /^k6_http_reqs_total\{script="soak.ts"\} \d+$/m);
    assert.match(text, /^k6_http_req_duration_seconds\{script="soak.ts",quantile="0.95"\} /m);
    await waitFinished(env.app, id);
  } finally {
    await env.close();
  }
});
