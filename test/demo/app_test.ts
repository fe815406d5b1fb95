import assert from "assert";
import { createDemoApp, MAX_BODY_BYTES, MAX_TEXT_LENGTH, type PredictResponse } from "../../src/demo/app.ts";
import { createFaults } from "../../src/demo/faults.ts";
import { demoModel } from "../../src/demo/model.ts";
import { seededRandom } from "../../src/stats/random.ts";

function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

async function errorOf(response: Response): Promise<string> {
  const body = await response.json() as { error: string };
  return body.error;
}

Deno.test("POST /predict classifies text and reports the model version", async () => {
  const app = createDemoApp({ random: seededRandom(1) });
  const response = await app.request(
    "/predict",
    post({ text: "I absolutely love this, it works perfectly" }),
  );
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /application\/json/);
  const body = await response.json() as PredictResponse;
  assert.equal(body.label, "positive");
  assert.ok(body.confidence >= 0.8);
  assert.equal(body.confidence, body.probabilities.positive);
  assert.ok(Math.abs(body.probabilities.positive + body.probabilities.negative - 1) < 1e-9);
  assert.equal(body.model_version, demoModel().version);
  assert.match(body.request_id, /^[0-9a-f-]{36}$/);
  assert.equal(response.headers.get("x-request-id"), body.request_id);
});

Deno.test("POST /predict answers negative for a complaint", async () => {
  const app = createDemoApp();
  const response = await app.request(
    "/predict",
    post({ text: "terrible, broke after one day, waste of money" }),
  );
  assert.equal(((await response.json()) as PredictResponse).label, "negative");
});

Deno.test("POST /predict echoes the caller's x-request-id", async () => {
  const app = createDemoApp();
  const response = await app.request("/predict", post({ text: "fine" }, { "x-request-id": "probe-42" }));
  assert.equal(((await response.json()) as PredictResponse).request_id, "probe-42");
  assert.equal(response.headers.get("x-request-id"), "probe-42");
});

Deno.test("POST /predict replaces an over-long x-request-id", async () => {
  const app = createDemoApp();
  const response = await app.request("/predict", post({ text: "fine" }, { "x-request-id": "x".repeat(500) }));
  assert.match(((await response.json()) as PredictResponse).request_id, /^[0-9a-f-]{36}$/);
});

Deno.test("POST /predict gives different request ids to different requests", async () => {
  const app = createDemoApp();
  const ids = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const response = await app.request("/predict", post({ text: "ok" }));
    ids.add(((await response.json()) as PredictResponse).request_id);
  }
  assert.equal(ids.size, 3);
});

Deno.test("POST /predict rejects a missing text field", async () => {
  const response = await createDemoApp().request("/predict", post({ txt: "hello" }));
  assert.equal(response.status, 400);
  assert.equal(await errorOf(response), 'Invalid field "text": expected a non-empty string');
});

Deno.test("POST /predict rejects a non-string, empty or blank text", async () => {
  const app = createDemoApp();
  for (const text of [42, null, ["a"], "", "   "]) {
    const response = await app.request("/predict", post({ text }));
    assert.equal(response.status, 400, JSON.stringify(text));
    assert.match(await errorOf(response), /Invalid field "text"/);
  }
});

Deno.test("POST /predict rejects a text over the length limit", async () => {
  const app = createDemoApp();
  const ok = await app.request("/predict", post({ text: "a".repeat(MAX_TEXT_LENGTH) }));
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
  const response = await app.request("/predict", post({ text: "a".repeat(MAX_TEXT_LENGTH + 1) }));
  assert.equal(response.status, 400);
  assert.match(await errorOf(response), /Invalid field "text": expected at most 10000 characters/);
});

Deno.test("POST /predict rejects a body that is not JSON", async () => {
  const app = createDemoApp();
  const response = await app.request("/predict", post("text=hello"));
  assert.equal(response.status, 400);
  assert.match(await errorOf(response), /^Invalid body: expected JSON/);
  const empty = await app.request("/predict", { method: "POST" });
  assert.equal(empty.status, 400);
  await empty.body?.cancel();
});

Deno.test("POST /predict rejects JSON that is not an object", async () => {
  const response = await createDemoApp().request("/predict", post('"just a string"'));
  assert.equal(response.status, 400);
  assert.match(await errorOf(response), /Invalid field "text"/);
});

Deno.test("POST /predict answers 413 for a body over the size limit", async () => {
  const app = createDemoApp();
  const text = "a".repeat(MAX_BODY_BYTES);
  const response = await app.request("/predict", post({ text }));
  assert.equal(response.status, 413);
  assert.match(await errorOf(response), /Request body too large/);
  const declared = await app.request("/predict", {
    method: "POST",
    headers: { "content-length": String(MAX_BODY_BYTES + 1) },
    body: "{}",
  });
  assert.equal(declared.status, 413);
  await declared.body?.cancel();
});

Deno.test("GET /healthz reports ok and the model version", async () => {
  const response = await createDemoApp().request("/healthz");
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: "ok", model_version: demoModel().version });
});

Deno.test("unknown routes answer 404 with a JSON error", async () => {
  const app = createDemoApp();
  const response = await app.request("/nope");
  assert.equal(response.status, 404);
  assert.equal(await errorOf(response), 'No route for "GET /nope"');
  const wrongMethod = await app.request("/predict");
  assert.equal(wrongMethod.status, 404);
  await wrongMethod.body?.cancel();
});

Deno.test("GET /admin/faults reports the current faults", async () => {
  const app = createDemoApp({ faults: createFaults({ latencyMs: 5, errorRatio: 0.5 }) });
  const response = await app.request("/admin/faults");
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { latency_ms: 5, error_ratio: 0.5, drift: false });
});

Deno.test("POST /admin/faults applies a partial update and returns the new state", async () => {
  const faults = createFaults({ latencyMs: 5 });
  const app = createDemoApp({ faults });
  const response = await app.request("/admin/faults", post({ error_ratio: 0.25, drift: true }));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { latency_ms: 5, error_ratio: 0.25, drift: true });
  assert.deepEqual(faults, { latencyMs: 5, errorRatio: 0.25, drift: true });
  const after = await app.request("/admin/faults");
  assert.deepEqual(await after.json(), { latency_ms: 5, error_ratio: 0.25, drift: true });
});

Deno.test("POST /admin/faults rejects bad values naming the field and changes nothing", async () => {
  const faults = createFaults();
  const app = createDemoApp({ faults });
  const cases: [unknown, RegExp][] = [
    [{ error_ratio: 2 }, /Invalid field "error_ratio": expected a number from 0 to 1, got 2/],
    [{ latency_ms: -5 }, /Invalid field "latency_ms"/],
    [{ drift: "on" }, /Invalid field "drift": expected true or false/],
    [{ drift: true, error_ratio: "x" }, /Invalid field "error_ratio"/],
    [{ latency: 5 }, /Unknown field "latency"/],
    [[], /Invalid body \[\]: expected a JSON object/],
    ["{not json", /Invalid body: expected JSON/],
  ];
  for (const [body, message] of cases) {
    const response = await app.request("/admin/faults", post(body));
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.match(await errorOf(response), message);
  }
  assert.deepEqual(faults, createFaults());
});

Deno.test("createDemoApp() rejects an invalid fault state", () => {
  assert.throws(() => createDemoApp({ faults: { latencyMs: 0, errorRatio: 3, drift: false } }), RangeError);
});

Deno.test("POST /predict answers 503 to every request when errorRatio is 1", async () => {
  const app = createDemoApp({ faults: createFaults({ errorRatio: 1 }), random: seededRandom(2) });
  for (let i = 0; i < 20; i++) {
    const response = await app.request("/predict", post({ text: "great" }));
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { error: "injected fault" });
  }
});

Deno.test("POST /predict never answers 503 when errorRatio is 0", async () => {
  const app = createDemoApp({ faults: createFaults({ errorRatio: 0 }), random: seededRandom(3) });
  for (let i = 0; i < 50; i++) {
    const response = await app.request("/predict", post({ text: "great" }));
    assert.equal(response.status, 200);
    await response.body?.cancel();
  }
});

Deno.test("POST /predict fails about errorRatio of requests", async () => {
  const app = createDemoApp({ faults: createFaults({ errorRatio: 0.3 }), random: seededRandom(4) });
  let failed = 0;
  for (let i = 0; i < 200; i++) {
    const response = await app.request("/predict", post({ text: "great" }));
    if (response.status === 503) failed++;
    await response.body?.cancel();
  }
  assert.ok(failed > 40 && failed < 80, `${failed} of 200 failed`);
});

Deno.test("POST /predict shifts outputs toward negative with lower confidence when drift is on", async () => {
  const faults = createFaults();
  const app = createDemoApp({ faults, random: seededRandom(5) });
  const texts = [
    "I absolutely love this, it works perfectly",
    "Great product, fast shipping, happy customer",
    "Excellent quality and the staff were friendly",
    "It arrived early and works great",
    "The service was fine",
    "Cold food and rude staff",
  ];
  async function run() {
    const out: PredictResponse[] = [];
    for (const text of texts) {
      const response = await app.request("/predict", post({ text }));
      out.push(await response.json() as PredictResponse);
    }
    return out;
  }
  const healthy = await run();
  const toggle = await app.request("/admin/faults", post({ drift: true }));
  await toggle.body?.cancel();
  const drifted = await run();

  const mean = (xs: PredictResponse[]) =>
    xs.reduce((sum, x) => sum + x.probabilities.negative, 0) / xs.length;
  assert.ok(mean(drifted) > mean(healthy) + 0.1, `negative share ${mean(healthy)} -> ${mean(drifted)}`);
  assert.ok(healthy[0]!.label === "positive" && healthy[0]!.confidence >= 0.8);
  assert.ok(drifted[0]!.label === "negative" || drifted[0]!.confidence < 0.8, JSON.stringify(drifted[0]));
  assert.equal(drifted[0]!.model_version, healthy[0]!.model_version);
});

Deno.test("POST /predict waits at least latencyMs before answering", async () => {
  const app = createDemoApp({ faults: createFaults({ latencyMs: 60 }), random: seededRandom(6) });
  const started = performance.now();
  const response = await app.request("/predict", post({ text: "great" }));
  const elapsed = performance.now() - started;
  assert.equal(response.status, 200);
  await response.body?.cancel();
  assert.ok(elapsed >= 59, `answered after ${elapsed.toFixed(1)} ms`);
});

Deno.test("POST /admin/faults changes latency for the next request", async () => {
  const app = createDemoApp({ random: seededRandom(7) });
  const set = await app.request("/admin/faults", post({ latency_ms: 40 }));
  await set.body?.cancel();
  const started = performance.now();
  const response = await app.request("/predict", post({ text: "great" }));
  await response.body?.cancel();
  assert.ok(performance.now() - started >= 39);
});
