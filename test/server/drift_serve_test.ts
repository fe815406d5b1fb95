/**
 * The drift engine inside a real `serve` on loopback with a SQLite file: a restart on the same file keeps
 * the drift state on /metrics (the gauges of the last evaluated window are published again at start-up,
 * so drift alerts do not resolve on every deploy or crash), and a window whose features all arrive
 * missing is drift, not a pass.
 */
import assert from "assert";
import { freePort } from "../_helpers/cli.ts";
import { startServe } from "../_helpers/serve.ts";

const CONFIG = `
models:
  churn:
    features: { age: numeric, plan: categorical }
    window: { size: 1000, min_samples: 500 }
`;

function rows(n: number, shift: number) {
  return Array.from({ length: n }, (_, i) => ({
    age: 20 + ((i * 37) % 60) + shift,
    plan: i % 3 === 0 ? "pro" : "free",
    prediction: i % 2 === 0 ? "stay" : "churn",
    confidence: 0.8,
  }));
}

function predictions(n: number, shift: number, features = true) {
  return rows(n, shift).map(({ age, plan, prediction, confidence }) => ({
    model: "churn",
    features: features ? { age, plan } : {},
    prediction: { label: prediction, confidence },
  }));
}

async function uploadReference(url: string): Promise<void> {
  const response = await fetch(`${url}/v1/models/churn/reference`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: rows(2000, 0).map((row) => JSON.stringify(row)).join("\n"),
  });
  assert.equal(response.status, 201, await response.text());
}

async function ingest(url: string, body: unknown[]): Promise<void> {
  const response = await fetch(`${url}/v1/predictions`, { method: "POST", body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.text());
}

/** The drift series of an exposition, sorted. */
async function driftSeries(url: string): Promise<string[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split("\n")
    .filter((line) => /^ml_(drift_|data_drift_|concept_drift_|feature_missing_ratio)/.test(line))
    .sort();
}

Deno.test("serve restarted on the same --db publishes the last window's drift gauges again", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-drift-restart-" });
  const config = `${dir}/vigil.yaml`;
  const db = `${dir}/vigil.db`;
  await Deno.writeTextFile(config, CONFIG);
  let served = await startServe(config, db, freePort());
  try {
    await uploadReference(served.url);
    await ingest(served.url, predictions(1000, 25));
    // The window closed at 1000 records; its evaluation runs just after the ingest answer.
    const deadline = Date.now() + 10_000;
    let before: string[] = [];
    while (Date.now() < deadline) {
      before = await driftSeries(served.url);
      if (before.includes('ml_drift_window_samples{model="churn"} 1000')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(before.includes('ml_drift_severity{model="churn",feature="age"} 3'), before.join("\n"));

    assert.equal(await served.stop(), 0);
    served = await startServe(config, db, freePort());
    const drift = await (await fetch(`${served.url}/v1/models/churn/drift`)).json();
    assert.equal(drift.window.seq, 1);
    assert.deepEqual(await driftSeries(served.url), before);
  } finally {
    await served.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve reports a window whose features all arrive missing as critical drift, not as a pass", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-drift-missing-" });
  await Deno.writeTextFile(`${dir}/vigil.yaml`, CONFIG);
  const served = await startServe(`${dir}/vigil.yaml`, `${dir}/vigil.db`, freePort());
  try {
    await uploadReference(served.url);
    // A broken feature pipeline: the predictions arrive, their features do not.
    await ingest(served.url, predictions(1000, 0, false));
    const deadline = Date.now() + 10_000;
    let drift = await (await fetch(`${served.url}/v1/models/churn/drift`)).json();
    while (drift.window?.seq !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      drift = await (await fetch(`${served.url}/v1/models/churn/drift`)).json();
    }
    assert.deepEqual(
      drift.features.map((
        f: { name: string; status: string; severity: string },
      ) => [f.name, f.status, f.severity]),
      [["age", "no_values", "critical"], ["plan", "no_values", "critical"]],
    );
    assert.equal(drift.dataset.tested, 0);
    assert.equal(drift.dataset.missing, 2);
    assert.equal(drift.dataset.drift, true);
    assert.equal(drift.dataset.severity, "critical");
    const series = await driftSeries(served.url);
    assert.ok(series.includes('ml_drift_severity{model="churn",feature="age"} 3'), series.join("\n"));
    assert.ok(series.includes('ml_feature_missing_ratio{model="churn",feature="age"} 1'), series.join("\n"));
    // The dashboard counts the features judged, missing ones included, as the CLI does.
    const html = await (await fetch(`${served.url}/`)).text();
    assert.match(html, /critical drift: 2 of 2 features at warning or above \(dataset drifted\)/);
  } finally {
    await served.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

/** The latest evaluated window's report once window `seq` is in. */
async function driftAfter(url: string, seq: number, model = "churn") {
  const deadline = Date.now() + 10_000;
  let drift = await (await fetch(`${url}/v1/models/${model}/drift`)).json();
  while (drift.window?.seq !== seq && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    drift = await (await fetch(`${url}/v1/models/${model}/drift`)).json();
  }
  assert.equal(drift.window?.seq, seq, JSON.stringify(drift));
  return drift;
}

Deno.test("serve judges a feature's missing share against the reference's: a rare feature absent is none, a feature dropped on 60% of records is critical", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-drift-missing-share-" });
  await Deno.writeTextFile(
    `${dir}/vigil.yaml`,
    CONFIG.replace(
      "{ age: numeric, plan: categorical }",
      "{ age: numeric, plan: categorical, coupon: numeric }",
    ),
  );
  const served = await startServe(`${dir}/vigil.yaml`, `${dir}/vigil.db`, freePort());
  try {
    // An optional feature: present in 2 of the 2000 reference rows.
    const reference = rows(2000, 0).map((row, i) => ({ ...row, coupon: i % 1000 === 0 ? 5 : null }));
    const response = await fetch(`${served.url}/v1/models/churn/reference`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: reference.map((row) => JSON.stringify(row)).join("\n"),
    });
    assert.equal(response.status, 201, await response.text());

    // Window 1: healthy traffic, which never carries the rare feature.
    await ingest(served.url, predictions(1000, 0));
    const healthy = await driftAfter(served.url, 1);
    const coupon = healthy.features.find((f: { name: string }) => f.name === "coupon");
    assert.equal(coupon.status, "no_values");
    assert.equal(coupon.severity, "none");
    assert.equal(healthy.dataset.severity, "none");
    assert.equal(healthy.dataset.drift, false);
    assert.ok(
      (await driftSeries(served.url)).includes('ml_drift_severity{model="churn",feature="coupon"} 0'),
    );

    // Window 2: the pipeline drops "age" on 60% of records; the 400 left are under min_samples.
    await ingest(
      served.url,
      predictions(1000, 0).map((p, i) => i % 5 < 3 ? { ...p, features: { plan: p.features.plan } } : p),
    );
    const dropped = await driftAfter(served.url, 2);
    const age = dropped.features.find((f: { name: string }) => f.name === "age");
    assert.equal(age.status, "insufficient");
    assert.equal(age.missing_ratio, 0.6);
    assert.equal(age.severity, "critical");
    const test = age.tests.find((t: { test: string }) => t.test === "missing");
    assert.ok(test.p_value < 1e-10, JSON.stringify(test));
    assert.equal(dropped.dataset.missing, 1);
    const series = await driftSeries(served.url);
    assert.ok(series.includes('ml_drift_severity{model="churn",feature="age"} 3'), series.join("\n"));
    assert.ok(
      series.includes('ml_feature_missing_ratio{model="churn",feature="age"} 0.6'),
      series.join("\n"),
    );
  } finally {
    await served.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve restarted with a feature removed from the config neither restores nor keeps that feature's drift gauges", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-drift-removed-" });
  const config = `${dir}/vigil.yaml`;
  const db = `${dir}/vigil.db`;
  await Deno.writeTextFile(config, CONFIG);
  let served = await startServe(config, db, freePort());
  try {
    await uploadReference(served.url);
    await ingest(served.url, predictions(1000, 25));
    await driftAfter(served.url, 1);
    assert.ok((await driftSeries(served.url)).includes('ml_drift_severity{model="churn",feature="age"} 3'));
    assert.equal(await served.stop(), 0);

    // The 3 a.m. move: take the broken feature out of the config and restart.
    await Deno.writeTextFile(config, CONFIG.replace("age: numeric, ", ""));
    served = await startServe(config, db, freePort());
    const restored = await driftSeries(served.url);
    assert.deepEqual(restored.filter((line) => line.includes('feature="age"')), [], restored.join("\n"));
    assert.ok(restored.includes('ml_drift_severity{model="churn",feature="plan"} 0'), restored.join("\n"));

    await ingest(
      served.url,
      predictions(1000, 0).map((p) => ({ ...p, features: { plan: p.features.plan } })),
    );
    await driftAfter(served.url, 2);
    const after = await driftSeries(served.url);
    assert.deepEqual(after.filter((line) => line.includes('feature="age"')), [], after.join("\n"));
    assert.ok(after.includes('ml_drift_severity{model="churn",feature="plan"} 0'), after.join("\n"));
  } finally {
    await served.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
