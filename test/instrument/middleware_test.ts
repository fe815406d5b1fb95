import assert from "assert";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { instrument, recordPrediction } from "../../src/instrument/middleware.ts";
import { hasPromtool, promtoolCheckMetrics } from "../_helpers/promtool.ts";

function app(options: Parameters<typeof instrument>[0]) {
  const vigil = instrument(options);
  const hono = new Hono();
  // The crash is the point of one route; answering it without a stack trace keeps the output clean.
  hono.onError((error, c) =>
    error instanceof HTTPException ? error.getResponse() : c.json({ error: "crashed" }, 500)
  );
  hono
    .use(vigil)
    .get("/metrics", vigil.metricsHandler)
    .post("/predict/:id", (c) => {
      recordPrediction(c, {
        request_id: c.req.param("id"),
        features: { x: 1 },
        prediction: { label: "a", confidence: 0.9 },
      });
      return c.json({ label: "a" });
    })
    .get("/unavailable", (c) => c.json({ error: "busy" }, 503))
    .get("/missing", () => {
      throw new HTTPException(404, { message: "no" });
    })
    .get("/boom", () => {
      throw new Error("model crashed");
    });
  return { vigil, hono };
}

Deno.test("instrument() counts requests by route pattern, model and version, and errors by type", async () => {
  const { vigil, hono } = app({ model: "m", version: "2.1" });
  try {
    for (const id of ["1", "2", "3"]) await hono.request(`/predict/${id}`, { method: "POST" });
    assert.equal((await hono.request("/unavailable")).status, 503);
    assert.equal((await hono.request("/missing")).status, 404);
    assert.equal((await hono.request("/boom")).status, 500);
    await hono.request("/nowhere");
    const text = await (await hono.request("/metrics")).text();
    const has = (line: string) => assert.ok(text.includes(line), `${line}\n${text}`);
    // The route pattern, not the path: one series for every id.
    has('ml_requests_total{model="m",endpoint="/predict/:id",version="2.1"} 3');
    has('ml_request_duration_seconds_count{model="m",endpoint="/predict/:id",version="2.1"} 3');
    has('ml_requests_in_progress{model="m",endpoint="/predict/:id",version="2.1"} 0');
    has('ml_errors_total{model="m",endpoint="/unavailable",version="2.1",error_type="http_503"} 1');
    has('ml_errors_total{model="m",endpoint="/boom",version="2.1",error_type="exception"} 1');
    has('ml_requests_total{model="m",endpoint="unmatched",version="2.1"} 1');
    // A 4xx is the caller's mistake, not the model's error; /metrics itself is not measured.
    assert.ok(!text.includes('endpoint="/missing",version="2.1",error_type'));
    assert.ok(!text.includes('endpoint="/metrics"'));
    assert.match(
      text,
      /ml_request_duration_seconds_bucket\{le="0\.25",model="m",endpoint="\/predict\/:id",version="2\.1"\} 3/,
    );
  } finally {
    await vigil.close();
  }
});

Deno.test("instrument() counts a request in progress while it runs", async () => {
  const { promise: release, resolve } = Promise.withResolvers<void>();
  const vigil = instrument({ model: "m" });
  const hono = new Hono().use(vigil).get("/slow", async (c) => {
    await release;
    return c.text("done");
  });
  const pending = hono.request("/slow");
  await new Promise((r) => setTimeout(r, 10));
  assert.match(
    await vigil.registry.metrics(),
    /ml_requests_in_progress\{model="m",endpoint="\/slow",version="unknown"\} 1/,
  );
  resolve();
  await (await pending).text();
  assert.match(
    await vigil.registry.metrics(),
    /ml_requests_in_progress\{model="m",endpoint="\/slow",version="unknown"\} 0/,
  );
});

Deno.test("instrument() forwards recorded predictions of successful requests, with model and version", async () => {
  const bodies: unknown[][] = [];
  const { vigil, hono } = app({
    model: "m",
    version: "2.1",
    forward: {
      url: "http://vigil.internal/",
      batchSize: 2,
      fetch: (url, init) => {
        assert.equal(url, "http://vigil.internal/v1/predictions");
        bodies.push(JSON.parse(String(init.body)));
        return Promise.resolve(new Response('{"accepted":2}'));
      },
    },
  });
  try {
    for (const id of ["1", "2", "3"]) await hono.request(`/predict/${id}`, { method: "POST" });
    await vigil.forwarder!.flush();
    assert.deepEqual(bodies.map((b) => b.length), [2, 1]);
    assert.deepEqual(bodies[0]![0], {
      request_id: "1",
      features: { x: 1 },
      prediction: { label: "a", confidence: 0.9 },
      model: "m",
      model_version: "2.1",
    });
    assert.match(
      await vigil.registry.metrics(),
      /ml_forwarded_predictions_total\{model="m",outcome="sent"\} 3/,
    );
  } finally {
    await vigil.close();
  }
});

Deno.test("instrument() never fails or delays the model's answer when Vigil is down", async () => {
  let calls = 0;
  const { vigil, hono } = app({
    model: "m",
    forward: {
      url: "http://vigil.internal",
      batchSize: 1,
      maxRetries: 1,
      backoffMs: 1,
      fetch: () => {
        calls++;
        return Promise.reject(new TypeError("connection refused"));
      },
    },
  });
  try {
    const started = performance.now();
    const response = await hono.request("/predict/1", { method: "POST" });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { label: "a" });
    assert.ok(performance.now() - started < 100);
    await vigil.forwarder!.flush();
    assert.equal(calls, 2);
    assert.equal(vigil.forwarder!.counts.droppedRetries, 1);
    assert.match(
      await vigil.registry.metrics(),
      /ml_forwarded_predictions_total\{model="m",outcome="dropped_retries"\} 1/,
    );
  } finally {
    await vigil.close();
  }
});

Deno.test({
  name: "the instrumented service's exposition passes promtool check metrics",
  ignore: !hasPromtool,
  async fn() {
    const { vigil, hono } = app({ model: "m", version: "1" });
    await hono.request("/predict/1", { method: "POST" });
    await hono.request("/boom");
    const { code, output } = await promtoolCheckMetrics(await (await hono.request("/metrics")).text());
    assert.equal(code, 0, output);
    await vigil.close();
  },
});
