import assert from "assert";
import { createFaults } from "../../src/demo/faults.ts";
import { demoModel } from "../../src/demo/model.ts";
import { startDemo } from "../../src/demo/server.ts";

Deno.test("startDemo() on port 0 serves real HTTP on 127.0.0.1 and shuts down cleanly", async () => {
  const demo = await startDemo({ port: 0 });
  try {
    assert.ok(demo.port > 0);
    assert.equal(demo.url, `http://127.0.0.1:${demo.port}`);
    assert.equal(demo.hostname, "127.0.0.1");
    assert.equal(demo.modelVersion, demoModel().version);

    const health = await fetch(`${demo.url}/healthz`);
    assert.deepEqual(await health.json(), { status: "ok", model_version: demo.modelVersion });

    const prediction = await fetch(`${demo.url}/predict`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "e2e-1" },
      body: JSON.stringify({ text: "terrible, broke after one day, waste of money" }),
    });
    assert.equal(prediction.status, 200);
    const body = await prediction.json();
    assert.equal(body.label, "negative");
    assert.equal(body.request_id, "e2e-1");
  } finally {
    await demo.shutdown();
  }
  await assert.rejects(fetch(`${demo.url}/healthz`), TypeError);
});

Deno.test("startDemo() exposes the live fault state", async () => {
  const demo = await startDemo({ faults: createFaults({ errorRatio: 1 }) });
  try {
    const failing = await fetch(`${demo.url}/predict`, { method: "POST", body: '{"text":"great"}' });
    assert.equal(failing.status, 503);
    await failing.body?.cancel();

    demo.faults.errorRatio = 0;
    const passing = await fetch(`${demo.url}/predict`, { method: "POST", body: '{"text":"great"}' });
    assert.equal(passing.status, 200);
    await passing.body?.cancel();
  } finally {
    await demo.shutdown();
  }
});

Deno.test("startDemo() answers 413 over a socket for an oversized body", async () => {
  const demo = await startDemo();
  try {
    const response = await fetch(`${demo.url}/predict`, {
      method: "POST",
      body: JSON.stringify({ text: "a".repeat(100_000) }),
    });
    assert.equal(response.status, 413);
    await response.body?.cancel();
  } finally {
    await demo.shutdown();
  }
});

Deno.test("startDemo() shutdown can be called twice", async () => {
  const demo = await startDemo();
  await demo.shutdown();
  await demo.shutdown();
});

Deno.test("startDemo() rejects a port already in use", async () => {
  const first = await startDemo();
  try {
    await assert.rejects(startDemo({ port: first.port }), /Cannot listen on "127.0.0.1:\d+"/);
  } finally {
    await first.shutdown();
  }
});

Deno.test("startDemo() rejects an invalid port", async () => {
  await assert.rejects(startDemo({ port: 70000 }), /Invalid port "70000"/);
});

Deno.test("startDemo() shutdown lets an in-flight request finish", async () => {
  const demo = await startDemo({ faults: createFaults({ latencyMs: 80 }) });
  const pending = fetch(`${demo.url}/predict`, { method: "POST", body: '{"text":"great"}' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const stopped = demo.shutdown();
  const response = await pending;
  assert.equal(response.status, 200);
  assert.equal((await response.json()).label, "positive");
  await stopped;
});

Deno.test("startDemo() rejects an invalid fault state", async () => {
  await assert.rejects(startDemo({ faults: { latencyMs: -1, errorRatio: 0, drift: false } }), RangeError);
});
