/** The load engine end to end on loopback: real scripts, a real target, k6's verdicts and exit codes. */
import assert from "assert";
import { EXIT } from "../../src/load/engine.ts";
import { renderSummary } from "../../src/load/summary.ts";
import { exactQuantile, runFixture, serveTarget } from "../_helpers/load.ts";
import { rawServer } from "../_helpers/probes.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function modelTarget() {
  return serveTarget(async (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/healthz") return Response.json({ status: "ok", model_version: "nb-test" });
    if (url.pathname === "/predict") {
      await request.text();
      return Response.json({ label: "positive", confidence: 0.9 });
    }
    if (url.pathname === "/slow") {
      await sleep(Number(url.searchParams.get("ms") ?? 10));
      return new Response("slow");
    }
    if (url.pathname.startsWith("/status/")) {
      return new Response("x", { status: Number(url.pathname.slice(8)) });
    }
    return new Response("ok");
  });
}

Deno.test("runLoad() runs an unmodified k6 example: scenarios, groups, checks, custom metrics, setup data", async () => {
  const target = modelTarget();
  try {
    const result = await runFixture("example.js", { TARGET: target.url });
    assert.equal(result.exitCode, EXIT.ok, `${result.error}\n${result.logs.join("\n")}`);
    const m = result.summary!.metrics;
    assert.equal(m.http_reqs!.values.count, 1 + 2 * 3 + 2); // setup + browse + api
    assert.equal(m.iterations!.values.count, 8);
    assert.equal(m.pages_seen!.values.count, 6);
    assert.equal(m.checks!.values.rate, 1);
    assert.ok(m.waiting_time!.values.avg! >= 0);
    assert.deepEqual(m["http_req_duration{kind:browse}"]!.thresholds, [{ source: "max<5000", ok: true }]);
    const home = result.summary!.rootGroup.groups.find((g) => g.name === "home")!;
    assert.deepEqual(home.checks.map((c) => [c.name, c.passes, c.fails]), [
      ["status is 200", 6, 0],
      ["same model as setup", 6, 0],
      ["vu and iter known", 6, 0],
    ]);
    assert.equal(home.path, "::home");
    const text = renderSummary(result.summary!);
    assert.match(text, /█ THRESHOLDS/);
    assert.match(text, /✓ 'count>=6' count=6/);
  } finally {
    await target.close();
  }
});

Deno.test("runLoad() exits 99 when a p(95) threshold fails and shows the ✗ line", async () => {
  const target = modelTarget();
  try {
    const result = await runFixture("thresholds_fail.js", { TARGET: target.url });
    assert.equal(result.exitCode, EXIT.thresholdsFailed);
    assert.equal(result.summary!.metrics.iterations!.values.count, 20);
    assert.match(renderSummary(result.summary!), /✗ 'p\(95\)<1' p\(95\)=\d+(\.\d+)?ms/);
  } finally {
    await target.close();
  }
});

Deno.test("runLoad() stops early with 99 when an abortOnFail threshold fails", async () => {
  const target = modelTarget();
  try {
    const started = performance.now();
    const result = await runFixture("abort_on_fail.js", { TARGET: target.url });
    assert.equal(result.exitCode, EXIT.thresholdsFailed);
    assert.ok(performance.now() - started < 15_000, "a 30 s test should stop within a few seconds");
    assert.match(result.abortReason ?? "", /rate<0\.1/);
  } finally {
    await target.close();
  }
});

Deno.test("runLoad() exits 104 before any traffic for thresholds that do not parse or fit", async () => {
  let requests = 0;
  const target = serveTarget(() => {
    requests++;
    return new Response("ok");
  });
  try {
    const result = await runFixture("bad_threshold.js", { TARGET: target.url });
    assert.equal(result.exitCode, EXIT.invalidConfig);
    assert.match(result.error ?? "", /p\(95\)<<500/);
    assert.match(result.error ?? "", /no_such_metric/);
    assert.match(result.error ?? "", /http_reqs/);
    assert.equal(requests, 0);
  } finally {
    await target.close();
  }
});

Deno.test("runLoad() exits 107 for an exception in the init context", async () => {
  const result = await runFixture("init_error.js", {});
  assert.equal(result.exitCode, EXIT.scriptException);
  assert.match(result.error ?? "", /boom in init/);
});

Deno.test("runLoad() logs an exception in an iteration and carries on, as k6 does", async () => {
  const result = await runFixture("script_error.js", {});
  assert.equal(result.exitCode, EXIT.ok);
  assert.equal(result.summary!.metrics.iterations!.values.count, 3);
  const logged = result.logs.filter((line) => line.includes("boom in iteration of VU 1"));
  assert.equal(logged.length, 3);
  // The stack names the script itself, at the line of the throw.
  assert.match(logged[0]!, /script_error\.js:4:/);
});

Deno.test("runLoad() exits 108 when the script calls exec.test.abort()", async () => {
  const result = await runFixture("test_abort.js", {});
  assert.equal(result.exitCode, EXIT.scriptAborted);
  assert.equal(result.abortReason, "enough");
});

Deno.test("runLoad() exits 105 with a summary when stopped from outside (Ctrl-C)", async () => {
  const target = modelTarget();
  const stop = new AbortController();
  setTimeout(() => stop.abort(), 500);
  try {
    const result = await runFixture("abort_on_fail.js", { TARGET: `${target.url}/ok` }, {
      signal: stop.signal,
    });
    assert.equal(result.exitCode, EXIT.externalAbort);
    assert.ok(result.summary!.metrics.http_reqs!.values.count! > 0);
  } finally {
    await target.close();
  }
});

Deno.test("runLoad() counts refused, reset, garbage and timed-out requests as failed without crashing", async () => {
  const raw = rawServer(async (conn) => {
    const buffer = new Uint8Array(4096);
    const n = await conn.read(buffer);
    const line = new TextDecoder().decode(buffer.subarray(0, n ?? 0)).split("\r\n")[0] ?? "";
    if (line.includes("/ok")) {
      await conn.write(
        new TextEncoder().encode("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"),
      );
      conn.close();
    } else if (line.includes("/garbage")) {
      await conn.write(new TextEncoder().encode("SSH-2.0-OpenSSH_9\r\n\r\n"));
      conn.close();
    } else if (line.includes("/reset")) {
      conn.close();
    }
    // /timeout: never answer; the server's close() frees the connection.
  });
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const refused = `http://127.0.0.1:${(closed.addr as Deno.NetAddr).port}/`;
  closed.close();
  try {
    const result = await runFixture("errors.js", { TARGET: raw.url, REFUSED: refused });
    assert.equal(result.exitCode, EXIT.ok, result.error ?? "");
    const m = result.summary!.metrics;
    assert.equal(m.http_reqs!.values.count, 5);
    assert.deepEqual([m.http_req_failed!.values.passes, m.http_req_failed!.values.fails], [4, 1]);
    assert.equal(m.checks!.values.passes, 1);
  } finally {
    await raw.close();
  }
});

Deno.test("runLoad() reports p50/p95/p99 within 1% + 1 ms of the true latencies, and close to the target's own", async () => {
  // A known mix: 70% ~5 ms, 25% ~30 ms, 5% ~120 ms, in a fixed order.
  const pattern = [...Array(14).fill(5), ...Array(5).fill(30), 120];
  let i = 0;
  const served: number[] = [];
  const target = serveTarget(async () => {
    const started = performance.now();
    await sleep(pattern[i++ % pattern.length]!);
    served.push(performance.now() - started);
    return new Response("ok");
  });
  try {
    const seen: number[] = [];
    const result = await runFixture("latency_mix.js", { TARGET: target.url }, {
      onSample: (metric, value) => metric === "http_req_duration" && seen.push(value),
    });
    assert.equal(result.exitCode, EXIT.ok, result.error ?? "");
    assert.equal(seen.length, 400);
    const d = result.summary!.metrics.http_req_duration!.values;
    for (const [stat, q] of [["med", 0.5], ["p(95)", 0.95], ["p(99)", 0.99]] as const) {
      // Against every request's own measured duration: the summary's statistics are exact within 1% + 1 ms.
      const truth = exactQuantile(seen, q);
      assert.ok(
        Math.abs(d[stat]! - truth) <= 0.01 * truth + 1,
        `${stat}: summary ${d[stat]} vs measured ${truth}`,
      );
      // Against the target's own clock: the client adds only loopback and scheduling time, which a busy
      // 2-core machine stretches; the mix must still be recognisably the target's.
      const served95 = exactQuantile(served, q);
      assert.ok(
        d[stat]! >= served95 - 1 && d[stat]! <= served95 * 1.1 + 5,
        `${stat}: summary ${d[stat]} vs target ${served95}`,
      );
    }
  } finally {
    await target.close();
  }
});
