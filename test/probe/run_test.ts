import assert from "assert";
import { createProbeClient, MAX_BODY_BYTES, runProbe } from "../../src/probe/run.ts";
import { makeProbe, makeTarget, rawServer } from "../_helpers/probes.ts";

async function withServer(handler: Deno.ServeHandler, fn: (url: string) => Promise<void>) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

Deno.test("runProbe() sends method, headers and JSON body and passes a good answer", async () => {
  let seen: { method: string; type: string | null; key: string | null; body: unknown } | undefined;
  await withServer(async (request) => {
    seen = {
      method: request.method,
      type: request.headers.get("content-type"),
      key: request.headers.get("x-api-key"),
      body: await request.json(),
    };
    return Response.json({ label: "positive", confidence: 0.9 });
  }, async (url) => {
    const client = createProbeClient();
    const result = await runProbe(
      makeProbe({
        method: "POST",
        path: "/predict",
        body: { text: "great" },
        headers: { "x-api-key": "k" },
        assert: {
          status: [200],
          json: [],
          model: { label: "positive", minConfidence: 0.8, labelPath: "label", confidencePath: "confidence" },
        },
      }),
      { ...makeTarget(url), headers: { "x-api-key": "overridden" } },
      { client },
    );
    client.close();
    assert.equal(result.success, true, result.failure ?? "");
    assert.equal(result.status, 200);
    assert.equal(result.failure, null);
    assert.ok(result.durationMs > 0);
  });
  assert.deepEqual(seen, { method: "POST", type: "application/json", key: "k", body: { text: "great" } });
});

Deno.test("runProbe() fails a wrong answer with the assertion's reason", async () => {
  await withServer(() => Response.json({ label: "negative", confidence: 0.99 }), async (url) => {
    const result = await runProbe(
      makeProbe({ assert: { status: [200], json: [{ path: "label", equals: "positive" }] } }),
      makeTarget(url),
    );
    assert.equal(result.success, false);
    assert.equal(result.status, 200);
    assert.equal(result.failure, 'json label: expected "positive", got "negative"');
  });
});

Deno.test("runProbe() reports a refused connection", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const result = await runProbe(makeProbe(), makeTarget(`http://127.0.0.1:${port}`));
  assert.equal(result.success, false);
  assert.equal(result.status, null);
  assert.equal(result.failure, "connection refused");
});

Deno.test("runProbe() times out a target that never answers", async () => {
  const server = rawServer(() => {}); // accepts, reads nothing, writes nothing
  const result = await runProbe(makeProbe({ timeoutMs: 150 }), makeTarget(server.url));
  await server.close();
  assert.equal(result.success, false);
  assert.equal(result.status, null);
  assert.equal(result.failure, "timeout after 150 ms waiting for response headers");
  assert.ok(result.durationMs >= 140, `duration ${result.durationMs}`);
});

Deno.test("runProbe() times out a body that stalls after the headers", async () => {
  let stall: ReadableStreamDefaultController<Uint8Array> | undefined;
  await withServer(() => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        stall = controller;
        controller.enqueue(new TextEncoder().encode('{"label":'));
      },
    });
    return new Response(body, { headers: { "content-type": "application/json" } });
  }, async (url) => {
    const result = await runProbe(makeProbe({ timeoutMs: 200 }), makeTarget(url));
    stall?.close();
    assert.equal(result.success, false);
    assert.equal(result.status, 200);
    assert.equal(result.failure, "timeout after 200 ms reading the body (status 200)");
  });
});

Deno.test("runProbe() reports a garbage answer as an invalid HTTP response", async () => {
  const server = rawServer(async (conn) => {
    await conn.write(new TextEncoder().encode("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
    conn.close();
  });
  const result = await runProbe(makeProbe(), makeTarget(server.url));
  await server.close();
  assert.equal(result.success, false);
  assert.match(result.failure ?? "", /^invalid HTTP response: /);
});

Deno.test("runProbe() reports a connection closed before any answer", async () => {
  const server = rawServer(async (conn) => {
    await conn.read(new Uint8Array(1024));
    conn.close();
  });
  const result = await runProbe(makeProbe(), makeTarget(server.url));
  await server.close();
  assert.equal(result.success, false);
  assert.equal(result.status, null);
  assert.ok(result.failure !== null && result.failure.length > 0);
});

Deno.test("runProbe() fails a body over the size limit without reading it all", async () => {
  await withServer(() => new Response("x".repeat(MAX_BODY_BYTES + 1)), async (url) => {
    const result = await runProbe(makeProbe(), makeTarget(url));
    assert.equal(result.success, false);
    assert.equal(result.failure, `body larger than ${MAX_BODY_BYTES} bytes`);
  });
});

Deno.test("runProbe() bounds a huge failure reason to 512 characters", async () => {
  await withServer(() => Response.json({ label: "y".repeat(5000) }), async (url) => {
    const labels = Array.from(
      { length: 20 },
      (_, i) => ({ path: "label", equals: `expected-${i}-${"z".repeat(40)}` }),
    );
    const result = await runProbe(makeProbe({ assert: { status: [200], json: labels } }), makeTarget(url));
    assert.equal(result.success, false);
    assert.equal(result.failure?.length, 512);
  });
});

Deno.test("runProbe() uses the injected wall clock for the result time", async () => {
  await withServer(() => new Response("ok"), async (url) => {
    const result = await runProbe(makeProbe(), makeTarget(url), { clock: () => 1_700_000_000_000 });
    assert.equal(result.time, 1_700_000_000_000);
    assert.equal(result.success, true);
  });
});
