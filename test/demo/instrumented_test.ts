/** The demo model with instrument(): RED metrics at /metrics and its predictions forwarded to Vigil. */
import assert from "assert";
import { createDemoApp, DEMO_MODEL_NAME } from "../../src/demo/app.ts";
import { demoModel } from "../../src/demo/model.ts";
import { startDemo } from "../../src/demo/server.ts";
import { instrument } from "../../src/instrument/middleware.ts";

function post(body: unknown): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

Deno.test("the demo forwards each prediction with its features, request id and channel as segment", async () => {
  const sent: unknown[] = [];
  const instrumentation = instrument({
    model: DEMO_MODEL_NAME,
    version: demoModel().version,
    forward: {
      url: "http://vigil.internal",
      fetch: (_url, init) => {
        sent.push(...JSON.parse(String(init.body)));
        return Promise.resolve(new Response("{}"));
      },
    },
  });
  const app = createDemoApp({ instrumentation });
  const response = await app.request("/predict", {
    ...post({ text: "Great product, love it!", channel: "mobile" }),
    headers: { "x-request-id": "req-7" },
  });
  assert.equal(response.status, 200);
  assert.equal((await app.request("/predict", post({ text: "x", channel: "bad channel!" }))).status, 400);
  await instrumentation.close();
  assert.equal(sent.length, 1);
  const [record] = sent as Record<string, unknown>[];
  assert.equal(record!.model, "sentiment");
  assert.equal(record!.model_version, demoModel().version);
  assert.equal(record!.request_id, "req-7");
  assert.equal(record!.segment, "mobile");
  assert.deepEqual(record!.features, {
    text_length: 23,
    word_count: 4,
    token_count: 3,
    token_chars: 16,
    positive_share: 2 / 3,
    negative_share: 0,
    exclamation_count: 1,
    channel: "mobile",
  });
  assert.equal((record!.prediction as Record<string, unknown>).label, "positive");
  const metrics = await (await app.request("/metrics")).text();
  assert.match(
    metrics,
    /ml_requests_total\{model="sentiment",endpoint="\/predict",version="nb-[0-9a-f]+"\} 2/,
  );
});

Deno.test("startDemo() with traffic sends simulated requests through the app until shut down", async () => {
  const demo = await startDemo({ port: 0, traffic: { rps: 200 } });
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const metrics = await (await fetch(`${demo.url}/metrics`)).text();
    const count = Number(
      /ml_requests_total\{model="sentiment",endpoint="\/predict",[^}]*\} (\d+)/.exec(metrics)?.[1],
    );
    assert.ok(count >= 20, metrics);
  } finally {
    await demo.shutdown();
  }
});
