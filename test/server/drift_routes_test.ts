/** The drift API through the app factory: ingest validation, auth, limits, reference upload, feedback, reports. */
import assert from "assert";
import { parseConfig } from "../../src/config/load.ts";
import type { Config } from "../../src/config/types.ts";
import { createMetrics } from "../../src/metrics/registry.ts";
import { createApp } from "../../src/server/app.tsx";
import { MAX_INGEST_BYTES } from "../../src/server/drift_routes.ts";
import { openSqliteStore } from "../../src/store/sqlite_store.ts";
import { hasPromtool, promtoolCheckMetrics } from "../_helpers/promtool.ts";
import { makeEngine } from "../drift/_setup.ts";

const now = Date.UTC(2026, 10, 26, 12);

const YAML = `
server: { token: "\${TOKEN:-}" }
models:
  churn:
    features: { age: numeric, plan: categorical }
    window: { size: 600, min_samples: 500 }
    join_ttl: 1h
    max_segments: 2
`;

function setup(options: { token?: string } = {}) {
  const config: Config = parseConfig(YAML, {
    source: "test.yaml",
    env: options.token ? { TOKEN: options.token } : {},
  });
  const metrics = createMetrics({ latencyThresholdsMs: [], version: "test" });
  const { engine, store: driftStore } = makeEngine(config.models, {
    clock: () => now,
    metrics: metrics.drift,
  });
  const store = openSqliteStore(":memory:");
  const app = createApp({ config, store, metrics, drift: engine, clock: () => now });
  const close = () => {
    engine.close();
    driftStore.close();
    store.close();
  };
  return { app, engine, metrics, close };
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit & { path: string } {
  return {
    path,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

function prediction(i: number, fields: Record<string, unknown> = {}) {
  return {
    model: "churn",
    request_id: `req-${i}`,
    features: { age: 20 + (i % 50), plan: i % 3 === 0 ? "pro" : "free" },
    prediction: { label: i % 4 === 0 ? "churn" : "stay", confidence: 0.6 + (i % 40) / 100 },
    segment: i % 2 === 0 ? "eu" : "us",
    ...fields,
  };
}

async function send(app: ReturnType<typeof setup>["app"], request: RequestInit & { path: string }) {
  const response = await app.request(request.path, request);
  return { status: response.status, body: await response.json() };
}

async function stored(app: ReturnType<typeof setup>["app"]): Promise<number> {
  const { body } = await send(app, { path: "/v1/models/churn/stats" });
  return body.records_stored;
}

Deno.test("POST /v1/predictions stores a valid batch and answers with the count", async () => {
  const { app, close } = setup();
  try {
    const response = await send(
      app,
      post("/v1/predictions", Array.from({ length: 10 }, (_, i) => prediction(i))),
    );
    assert.deepEqual(response, { status: 200, body: { accepted: 10 } });
    assert.equal(await stored(app), 10);
    // The { records: [...] } form is accepted too.
    const wrapped = await send(app, post("/v1/predictions", { records: [prediction(10)] }));
    assert.equal(wrapped.status, 200);
    assert.equal(await stored(app), 11);
  } finally {
    close();
  }
});

Deno.test("POST /v1/predictions refuses bad batches with a 4xx naming index and field, and stores nothing of them", async () => {
  const { app, close } = setup();
  try {
    await send(app, post("/v1/predictions", [prediction(0)]));
    const good = [prediction(1), prediction(2)];
    const cases: [string, RequestInit & { path: string }, number, RegExp, Record<string, unknown>?][] = [
      ["malformed JSON", post("/v1/predictions", '[{"model": "churn",'), 400, /^Invalid body: expected JSON/],
      ["not a batch", post("/v1/predictions", { model: "churn" }), 400, /expected a JSON array of records/],
      ["empty batch", post("/v1/predictions", []), 400, /expected at least one record/],
      [
        "wrong type",
        post("/v1/predictions", [...good, prediction(3, { features: { age: "old", plan: "pro" } })]),
        400,
        /^Invalid records\[2\]\.features\.age: expected a finite number or null, got "old"$/,
        { index: 2, field: "features.age" },
      ],
      [
        "NaN as a string",
        post("/v1/predictions", [prediction(3, { features: { age: "NaN", plan: "pro" } })]),
        400,
        /features\.age: expected a finite number or null, got "NaN"/,
      ],
      [
        "a number that overflows to Infinity",
        post(
          "/v1/predictions",
          `[${
            JSON.stringify(good[0])
          }, {"model":"churn","features":{"age":1e999},"prediction":{"label":"a"}}]`,
        ),
        400,
        /^Invalid records\[1\]\.features\.age: expected a finite number or null, got Infinity$/,
        { index: 1, field: "features.age" },
      ],
      [
        "Infinity as a string",
        post("/v1/predictions", [prediction(3, { features: { age: "Infinity", plan: "pro" } })]),
        400,
        /got "Infinity"/,
      ],
      [
        "a confidence above 1",
        post("/v1/predictions", [prediction(3, { prediction: { label: "a", confidence: 1.5 } })]),
        400,
        /prediction\.confidence: expected a number from 0 to 1, got 1\.5/,
      ],
      [
        "an undeclared feature",
        post("/v1/predictions", [prediction(3, { features: { age: 1, plan: "pro", tenure: 3 } })]),
        400,
        /features\.tenure: unknown feature of model "churn" \(declared: age, plan\)/,
      ],
      [
        "a missing label",
        post("/v1/predictions", [prediction(3, { prediction: { confidence: 0.9 } })]),
        400,
        /prediction\.label: expected the predicted class/,
      ],
      [
        "an unknown model",
        post("/v1/predictions", [...good, prediction(3, { model: "fraud" })]),
        404,
        /^Unknown model "fraud" \(declared: churn\) at records\[2\]\.model$/,
        { index: 2, field: "model" },
      ],
      [
        "an oversized body",
        post("/v1/predictions", `[${" ".repeat(MAX_INGEST_BYTES)}]`),
        413,
        /^Request body too large: expected at most 10485760 bytes$/,
      ],
    ];
    for (const [what, request, status, message, extra] of cases) {
      const response = await send(app, request);
      assert.equal(response.status, status, `${what}: ${JSON.stringify(response.body)}`);
      assert.match(response.body.error, message, what);
      if (extra) {
        assert.deepEqual({ ...response.body, error: undefined }, { error: undefined, ...extra }, what);
      }
      assert.equal(await stored(app), 1, `${what}: nothing of the batch is stored`);
    }
    // A chunked body without content-length is cut off at the limit as it streams.
    const stream = new ReadableStream({
      start(controller) {
        const chunk = new TextEncoder().encode(" ".repeat(1 << 20));
        for (let i = 0; i < 11; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const chunked = await app.request("/v1/predictions", { method: "POST", body: stream });
    assert.equal(chunked.status, 413);
    assert.equal(await stored(app), 1);
  } finally {
    close();
  }
});

Deno.test("write endpoints need the bearer token when server.token is set; reads do not", async () => {
  const { app, close } = setup({ token: "s3cret" });
  try {
    for (const path of ["/v1/predictions", "/v1/feedback", "/v1/models/churn/reference"]) {
      const missing = await send(app, post(path, [prediction(0)]));
      assert.equal(missing.status, 401, path);
      assert.match(missing.body.error, /Missing header "authorization"/);
      const wrong = await send(app, post(path, [prediction(0)], auth("nope")));
      assert.equal(wrong.status, 401, path);
    }
    assert.equal(await stored(app), 0);
    const ok = await send(app, post("/v1/predictions", [prediction(0)], auth("s3cret")));
    assert.equal(ok.status, 200);
    assert.equal((await app.request("/v1/models/churn/drift")).status, 200);
  } finally {
    close();
  }
});

function csvReference(rows: number, shift = 0): string {
  const lines = ["id,age,plan,prediction,confidence"];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `${i},${20 + ((i * 7) % 50) + shift},${i % 3 === 0 ? "pro" : "free"},${
        i % 4 === 0 ? "churn" : "stay"
      },0.8`,
    );
  }
  return lines.join("\n");
}

Deno.test("POST /v1/models/:model/reference accepts CSV, NDJSON and JSON rows and reports what it kept", async () => {
  const { app, engine, close } = setup();
  try {
    const csv = await send(
      app,
      post("/v1/models/churn/reference", csvReference(2000), { "content-type": "text/csv" }),
    );
    assert.equal(csv.status, 201, JSON.stringify(csv.body));
    assert.equal(csv.body.rows, 2000);
    assert.deepEqual(csv.body.ignored_columns, ["id"]);
    assert.deepEqual(csv.body.features.age, {
      type: "numeric",
      count: 2000,
      missing: 0,
      sample: 2000,
      bins: 10,
    });
    assert.deepEqual(Object.keys(csv.body.outputs), ["output:class", "output:confidence"]);

    // Flat and nested rows mixed, 500 of them: the model's min_samples.
    const ndjson = Array.from(
      { length: 250 },
      (_, i) => [{ age: 30 + (i % 40), plan: "pro", prediction: "stay" }, {
        features: { age: null, plan: "free" },
        prediction: { label: "churn", confidence: 0.7 },
      }],
    )
      .flat().map((row) => JSON.stringify(row)).join("\n");
    const nd = await send(
      app,
      post("/v1/models/churn/reference", ndjson, { "content-type": "application/x-ndjson" }),
    );
    assert.equal(nd.status, 201, JSON.stringify(nd.body));
    assert.equal(nd.body.features.age.missing, 250);
    assert.equal(engine.reference("churn")?.rows, 500);

    const rows = Array.from({ length: 500 }, (_, i) => ({ age: i % 90, plan: i % 2 ? "a" : "b" }));
    const json = await send(app, post("/v1/models/churn/reference", { rows }));
    assert.equal(json.status, 201);
    assert.equal(json.body.rows, 500);
  } finally {
    close();
  }
});

Deno.test("POST /v1/models/:model/reference refuses a reference missing declared features or rows, keeping the previous one", async () => {
  const { app, engine, close } = setup();
  try {
    const good = await send(
      app,
      post("/v1/models/churn/reference", csvReference(2000), { "content-type": "text/csv" }),
    );
    assert.equal(good.status, 201);
    const createdAt = engine.reference("churn")?.createdAt;
    const rows = (n: number, header: string, row: (i: number) => string) =>
      [header, ...Array.from({ length: n }, (_, i) => row(i))].join("\n");
    const cases: [string, string, RegExp][] = [
      [
        "no declared column",
        rows(1000, "a,b", (i) => `${i},${i}`),
        /^Invalid reference for model "churn": no values for declared features "age", "plan" \(undeclared columns found: "a", "b"\)$/,
      ],
      [
        "one declared column",
        rows(1000, "age,Plan,prediction", (i) => `${i % 90},pro,stay`),
        /^Invalid reference for model "churn": no values for declared feature "plan" \(undeclared columns found: "Plan"\)$/,
      ],
      [
        "a declared column always empty",
        rows(1000, "age,plan", (i) => `${i % 90},`),
        /^Invalid reference for model "churn": no values for declared feature "plan"$/,
      ],
      [
        "one row",
        rows(1, "age,plan,prediction,confidence", () => "31,pro,stay,0.8"),
        /^Invalid reference for model "churn": expected at least 500 rows, got 1: /,
      ],
      [
        "fewer rows than min_samples",
        csvReference(499),
        /^Invalid reference for model "churn": expected at least 500 rows, got 499: /,
      ],
    ];
    for (const [what, body, message] of cases) {
      const response = await send(
        app,
        post("/v1/models/churn/reference", body, { "content-type": "text/csv" }),
      );
      assert.equal(response.status, 400, what);
      assert.match(response.body.error, message, what);
      assert.equal(engine.reference("churn")?.rows, 2000, what);
      assert.equal(engine.reference("churn")?.createdAt, createdAt, what);
    }
    const stats = await send(app, { path: "/v1/models/churn/stats" });
    assert.equal(stats.body.reference.rows, 2000);
  } finally {
    close();
  }
});

Deno.test("POST /v1/models/:model/reference refuses bad uploads with the row and column", async () => {
  const { app, close } = setup();
  try {
    const cases: [string, string, string, number, RegExp][] = [
      [
        "churn",
        "text/csv",
        "age,plan\n31,pro\nold,free",
        400,
        /^Invalid row 2 \(line 3\), column "age": expected a finite number, got "old"$/,
      ],
      [
        "churn",
        "text/csv",
        "age,plan\n31",
        400,
        /^Invalid CSV line 2: expected 2 fields as in the header, got 1$/,
      ],
      ["churn", "text/csv", "", 400, /expected a header line/],
      ["churn", "text/csv", "age,plan\n", 400, /expected at least one row/],
      [
        "churn",
        "application/x-ndjson",
        '{"age": 1}\n{"age": "NaN"}',
        400,
        /row 2, column "age": expected a finite number or null, got "NaN"/,
      ],
      [
        "churn",
        "application/x-ndjson",
        '{"age": 1}\nnot json',
        400,
        /^Invalid line 2: expected a JSON object/,
      ],
      ["churn", "text/plain", "age\n1", 415, /^Unsupported content-type "text\/plain"/],
      ["fraud", "text/csv", "age\n1", 404, /^Unknown model "fraud" \(declared: churn\)$/],
    ];
    for (const [model, type, body, status, message] of cases) {
      const response = await send(app, post(`/v1/models/${model}/reference`, body, { "content-type": type }));
      assert.equal(response.status, status, `${body}: ${JSON.stringify(response.body)}`);
      assert.match(response.body.error, message);
    }
  } finally {
    close();
  }
});

Deno.test("POST /v1/models/:model/reference stops reading a streamed upload past its limit", async () => {
  const config = parseConfig(YAML, { source: "test.yaml", env: {} });
  const metrics = createMetrics({ latencyThresholdsMs: [], version: "test" });
  const { engine, store } = makeEngine(config.models, { metrics: metrics.drift });
  const probeStore = openSqliteStore(":memory:");
  const { driftRoutes } = await import("../../src/server/drift_routes.ts");
  const app = driftRoutes({ engine, metrics: metrics.drift, maxReferenceBytes: 10_000 });
  try {
    let pulled = 0;
    const stream = new ReadableStream({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(pulled === 1 ? "age,plan\n" : "31,pro\n".repeat(200)));
        if (pulled > 1000) controller.close();
      },
    });
    const response = await app.request("/v1/models/churn/reference", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: stream,
    });
    assert.equal(response.status, 413);
    assert.ok(pulled < 20, `read ${pulled} chunks`);
    assert.equal(engine.reference("churn"), null);
  } finally {
    engine.close();
    store.close();
    probeStore.close();
  }
});

Deno.test("drift and stats: a window of drifted predictions is reported with its tests, histograms and verdict", async () => {
  const { app, close } = setup();
  try {
    const before = await send(app, { path: "/v1/models/churn/drift" });
    assert.equal(before.body.window, null);
    assert.match(before.body.message, /no reference profile/);
    await send(app, post("/v1/models/churn/reference", csvReference(5000), { "content-type": "text/csv" }));
    // Ages shifted by 15 years, plans unchanged.
    const batch = Array.from(
      { length: 600 },
      (_, i) => prediction(i, { features: { age: 35 + ((i * 7) % 50), plan: i % 3 === 0 ? "pro" : "free" } }),
    );
    assert.equal((await send(app, post("/v1/predictions", batch))).status, 200);
    const { status, body } = await send(app, { path: "/v1/models/churn/drift" });
    assert.equal(status, 200);
    assert.equal(body.window.seq, 1);
    assert.equal(body.window.n, 600);
    assert.equal(body.window.sufficient, true);
    const age = body.features.find((f: { name: string }) => f.name === "age");
    const plan = body.features.find((f: { name: string }) => f.name === "plan");
    assert.equal(age.severity, "critical");
    assert.deepEqual(age.tests.map((t: { test: string }) => t.test), ["ks", "psi", "wasserstein"]);
    assert.equal(age.histogram.kind, "bins");
    assert.equal(age.histogram.reference.length, age.histogram.edges.length + 1);
    assert.equal(plan.severity, "none");
    assert.deepEqual(plan.histogram.categories.sort(), ["free", "pro"]);
    assert.equal(body.dataset.drifted, 1);
    assert.equal(body.dataset.drift_share, 0.5);
    assert.equal(body.dataset.drift, true);
    assert.deepEqual(body.outputs.map((o: { name: string }) => o.name), [
      "output:class",
      "output:confidence",
    ]);

    const exposition = await (await app.request("/metrics")).text();
    assert.match(exposition, /ml_drift_severity\{model="churn",feature="age"\} 3/);
    assert.match(exposition, /ml_drift_severity\{model="churn",feature="plan"\} 0/);
    assert.match(exposition, /ml_data_drift_score\{model="churn",feature="age",test="ks"\} 0\.\d+/);
    assert.match(exposition, /ml_data_drift_pvalue\{model="churn",feature="plan",test="chi2"\} /);
    assert.match(exposition, /ml_drift_window_samples\{model="churn"\} 600/);
    assert.match(exposition, /ml_concept_drift_psi\{model="churn"\} /);
    assert.match(exposition, /ml_feature_missing_ratio\{model="churn",feature="age"\} 0/);
    assert.match(exposition, /ml_predictions_total\{model="churn",predicted_class="churn"\} 150/);
    assert.match(exposition, /ml_prediction_confidence_bucket\{le="0.7",model="churn"\} \d+/);

    const stats = await send(app, { path: "/v1/models/churn/stats" });
    assert.equal(stats.body.records_stored, 600);
    assert.equal(stats.body.windows_closed, 1);
    assert.equal(stats.body.windows_evaluated, 1);
    assert.deepEqual(stats.body.predictions_by_class, { churn: 150, stay: 450 });
    assert.equal(stats.body.low_confidence.count, 150);
  } finally {
    close();
  }
});

Deno.test("POST /v1/feedback joins labels within the TTL, and answers 404 for unknown or expired ids, 409 for repeats", async () => {
  let clock = now;
  const config = parseConfig(YAML, { source: "test.yaml", env: {} });
  const metrics = createMetrics({ latencyThresholdsMs: [], version: "test" });
  const { engine, store } = makeEngine(config.models, { clock: () => clock, metrics: metrics.drift });
  const probeStore = openSqliteStore(":memory:");
  const app = createApp({ config, store: probeStore, metrics, drift: engine, clock: () => clock });
  try {
    const batch = [
      prediction(0, { timestamp: now, segment: "eu", prediction: { label: "churn", confidence: 0.9 } }),
      prediction(1, { timestamp: now, segment: "us", prediction: { label: "stay", confidence: 0.9 } }),
      prediction(2, { timestamp: now - 2 * 3_600_000, segment: "apac", prediction: { label: "stay" } }),
      prediction(3, { timestamp: now, segment: "latam", prediction: { label: "stay" } }),
    ];
    assert.equal((await send(app, post("/v1/predictions", batch))).status, 200);
    clock = now + 60_000;
    const joined = await send(app, post("/v1/feedback", { request_id: "req-0", label: "churn" }));
    assert.deepEqual(joined, {
      status: 200,
      body: { status: "joined", model: "churn", prediction: "churn", correct: true },
    });
    const wrong = await send(app, post("/v1/feedback", { request_id: "req-1", label: "churn" }));
    assert.equal(wrong.body.correct, false);
    const third = await send(app, post("/v1/feedback", { request_id: "req-3", label: "stay" }));
    assert.equal(third.status, 200);

    const again = await send(app, post("/v1/feedback", { request_id: "req-0", label: "stay" }));
    assert.equal(again.status, 409);
    const unknown = await send(app, post("/v1/feedback", { request_id: "nope", label: "stay" }));
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error, /^Unknown request_id "nope"/);
    const expired = await send(app, post("/v1/feedback", { request_id: "req-2", label: "stay" }));
    assert.equal(expired.status, 404);
    assert.match(
      expired.body.error,
      /^Expired request_id "req-2": its prediction is 7260 s old, past the join TTL/,
    );
    const bad = await send(app, post("/v1/feedback", { request_id: "req-1" }));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, "label");

    const stats = await send(app, { path: "/v1/models/churn/stats" });
    assert.equal(stats.body.labels_joined, 3);
    assert.equal(stats.body.labels_correct, 2);
    assert.equal(stats.body.feedback_expired, 1);
    assert.deepEqual(stats.body.accuracy, {
      window: 1000,
      labelled: 3,
      overall: 2 / 3,
      // max_segments 2: eu and us keep their names, latam becomes other.
      by_segment: { eu: 1, us: 0, other: 1 },
    });
    assert.equal(stats.body.label_freshness.age_seconds, 0);

    const exposition = await (await app.request("/metrics")).text();
    assert.match(exposition, /ml_ground_truth_labels_total\{model="churn"\} 3/);
    assert.match(exposition, /ml_ground_truth_correct_total\{model="churn"\} 2/);
    assert.match(exposition, /ml_accuracy_by_segment\{model="churn",segment="all"\} 0\.666/);
    assert.match(exposition, /ml_accuracy_by_segment\{model="churn",segment="other"\} 1/);
    assert.match(exposition, /vigil_feedback_unmatched_total\{reason="expired"\} 1/);
    assert.match(exposition, /vigil_feedback_unmatched_total\{reason="unknown"\} 1/);
  } finally {
    engine.close();
    store.close();
    probeStore.close();
  }
});

Deno.test("GET drift and stats of an undeclared model answer 404", async () => {
  const { app, close } = setup();
  try {
    for (const path of ["/v1/models/fraud/drift", "/v1/models/fraud/stats"]) {
      const response = await send(app, { path });
      assert.equal(response.status, 404);
      assert.match(response.body.error, /^Unknown model "fraud"/);
    }
  } finally {
    close();
  }
});

Deno.test({
  name: "the exposition with drift metrics passes promtool check metrics",
  ignore: !hasPromtool,
  async fn() {
    const { app, close } = setup();
    try {
      await send(app, post("/v1/models/churn/reference", csvReference(1000), { "content-type": "text/csv" }));
      await send(app, post("/v1/predictions", Array.from({ length: 600 }, (_, i) => prediction(i))));
      await send(app, post("/v1/feedback", { request_id: "req-1", label: "stay" }));
      const { code, output } = await promtoolCheckMetrics(await (await app.request("/metrics")).text());
      assert.equal(code, 0, output);
    } finally {
      close();
    }
  },
});
