/**
 * The acceptance tests of the drift engine on the demo model, end to end in process: simulated users call
 * the demo app, its `instrument()` middleware forwards every prediction to Vigil's ingest route, and
 * Vigil compares each window with the reference built from the demo's training corpus.
 */
import assert from "assert";
import { parseConfig } from "../../src/config/load.ts";
import { createDemoApp, DEMO_MODEL_NAME } from "../../src/demo/app.ts";
import { createFaults } from "../../src/demo/faults.ts";
import { demoModel } from "../../src/demo/model.ts";
import { demoReferenceRows } from "../../src/demo/reference.ts";
import { trafficSource } from "../../src/demo/traffic.ts";
import type { DriftReport } from "../../src/drift/report.ts";
import { instrument } from "../../src/instrument/middleware.ts";
import { createMetrics } from "../../src/metrics/registry.ts";
import { createApp } from "../../src/server/app.tsx";
import { openSqliteStore } from "../../src/store/sqlite_store.ts";
import { seededRandom } from "../../src/stats/random.ts";
import { makeEngine } from "./_setup.ts";

const DRIFTED = ["token_count", "token_chars"];
const STABLE = [
  "text_length",
  "word_count",
  "positive_share",
  "negative_share",
  "exclamation_count",
  "channel",
];

/** Vigil with the example config's `sentiment` model and the demo's reference, and an instrumented demo. */
async function setup(drift: boolean, seed: number) {
  const text = await Deno.readTextFile(new URL("../../vigil.example.yaml", import.meta.url));
  const config = parseConfig(text, { source: "vigil.example.yaml", env: {} });
  const { engine, store } = makeEngine(config.models);
  const metrics = createMetrics({ latencyThresholdsMs: [], version: "test" });
  const probeStore = openSqliteStore(":memory:");
  const vigil = createApp({ config, store: probeStore, metrics, drift: engine });
  const reference = demoReferenceRows().map((row) => JSON.stringify(row)).join("\n");
  const uploaded = await vigil.request(`/v1/models/${DEMO_MODEL_NAME}/reference`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: reference,
  });
  assert.equal(uploaded.status, 201, await uploaded.clone().text());
  const instrumentation = instrument({
    model: DEMO_MODEL_NAME,
    version: demoModel().version,
    forward: {
      url: "http://vigil.internal",
      fetch: (url, init) => Promise.resolve(vigil.request(url, init)),
      batchSize: 250,
      flushIntervalMs: 10_000,
    },
  });
  const demo = createDemoApp({
    faults: createFaults({ drift }),
    random: seededRandom(seed),
    instrumentation,
  });
  const next = trafficSource(seededRandom(seed + 1));
  const reports: DriftReport[] = [];
  /** Sends n simulated requests, forwards them, and collects each window's report as it closes. */
  const send = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const request = next();
      const response = await demo.request("/predict", {
        method: "POST",
        body: JSON.stringify({ text: request.text, channel: request.channel }),
      });
      assert.equal(response.status, 200);
      if (i % 250 === 249) {
        await instrumentation.forwarder!.flush();
        const latest = engine.report(DEMO_MODEL_NAME);
        if (latest !== null && latest.seq > reports.length) reports.push(latest.report);
      }
    }
    await instrumentation.forwarder!.flush();
  };
  const close = async () => {
    await instrumentation.close();
    engine.close();
    store.close();
    probeStore.close();
  };
  return { send, reports, close, engine, forwarder: instrumentation.forwarder! };
}

function severities(report: DriftReport): Record<string, string> {
  return Object.fromEntries(report.features.map((f) => [f.name, f.severity]));
}

Deno.test("demo in --drift mode: within two windows the drifted features reach warning or more, the stable ones stay at none", async () => {
  const { send, reports, close, forwarder } = await setup(true, 11);
  try {
    await send(2000);
    assert.equal(forwarder.counts.sent, 2000);
    assert.equal(reports.length, 2);
    for (const [i, report] of reports.entries()) {
      const seen = severities(report);
      for (const name of STABLE) {
        assert.equal(seen[name], "none", `window ${i + 1}: ${name} ${JSON.stringify(seen)}`);
      }
    }
    const second = severities(reports[1]!);
    for (const name of DRIFTED) {
      assert.ok(["warning", "critical"].includes(second[name]!), `${name}: ${JSON.stringify(second)}`);
    }
    // The outputs drifted too: confidence collapsed under the wrong temperature.
    const confidence = reports[1]!.outputs.find((c) => c.name === "output:confidence");
    assert.equal(confidence?.severity, "critical");
    assert.ok(reports[1]!.conceptDriftPsi! > 0.25);
  } finally {
    await close();
  }
});

Deno.test("demo without drift: 50 windows of 1000 raise no warning on any feature or output", async () => {
  const { send, reports, close } = await setup(false, 3);
  try {
    await send(50_000);
    assert.equal(reports.length, 50);
    const warnings = reports.flatMap((report, i) =>
      [...report.features, ...report.outputs]
        .filter((c) => c.severity === "warning" || c.severity === "critical")
        .map((c) => `window ${i + 1}: ${c.name} ${c.severity}`)
    );
    assert.deepEqual(warnings, []);
    assert.ok(reports.every((report) => report.window.n === 1000 && report.window.sufficient));
  } finally {
    await close();
  }
});
