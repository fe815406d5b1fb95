/** Streaming (server-sent events): time to first token and inter-token latency, against the demo's stream. */
import assert from "assert";
import { startDemo } from "../../src/demo/server.ts";
import { EXIT } from "../../src/load/engine.ts";
import { EventTimer } from "../../src/load/http/event_timer.ts";
import { runFixture } from "../_helpers/load.ts";

Deno.test("EventTimer times events at blank lines, across chunk boundaries and CRLF", () => {
  const timer = new EventTimer(performance.now());
  const bytes = (text: string) => new TextEncoder().encode(text);
  timer.onBody(bytes("event: token\ndata: a\n"));
  assert.equal(timer.firstMs, null);
  timer.onBody(bytes("\nevent: token\r\ndata: b\r\n\r\ndata: c\n\n"));
  assert.ok(timer.firstMs !== null && timer.firstMs >= 0);
  assert.equal(timer.gapsMs.length, 2);
});

Deno.test("a load run against a streaming endpoint reports http_req_ttft and http_req_inter_token", async () => {
  const demo = await startDemo({ port: 0 });
  demo.faults.latencyMs = 100;
  try {
    const result = await runFixture("streaming.js", { TARGET: demo.url });
    assert.equal(result.exitCode, EXIT.ok, `${result.error}\n${result.logs.join("\n")}`);
    const m = result.summary!.metrics;
    assert.equal(m.checks!.values.rate, 1);
    const ttft = m.http_req_ttft!.values;
    // The first token waits for the injected 100 ms latency; then tokens come every ~20 ms.
    assert.ok(ttft.min! >= 100, `ttft min ${ttft.min}`);
    const gaps = m.http_req_inter_token!.values;
    assert.ok(gaps.med! >= 15 && gaps.med! < 100, `inter-token median ${gaps.med}`);
    // The whole stream takes longer than its first token: duration covers the full body.
    assert.ok(m.http_req_duration!.values.min! > ttft.min!);
  } finally {
    await demo.shutdown();
  }
});
