/**
 * Coordinated omission: constant-arrival-rate at 100/s with 5 VUs for 10 s against a target that stalls
 * once for 1 s. Without --queue-late the iterations that found no VU are dropped and counted; with it they
 * wait, and http_req_corrected_duration (measured from the schedule) shows the stall that
 * http_req_duration hides.
 */
import assert from "assert";
import { EXIT } from "../../src/load/engine.ts";
import { runFixture, serveTarget } from "../_helpers/load.ts";

function stallingTarget() {
  let first = 0;
  let stallUntil = 0;
  return serveTarget(async () => {
    const now = performance.now();
    if (first === 0) {
      first = now;
      stallUntil = first + 4000; // the whole target freezes from 3 s to 4 s into the run
    }
    if (now >= first + 3000 && now < stallUntil) await new Promise((r) => setTimeout(r, stallUntil - now));
    return new Response("ok");
  });
}

Deno.test("without --queue-late, iterations that find no free VU during a stall are dropped and counted", async () => {
  const target = stallingTarget();
  try {
    const result = await runFixture("stall.js", { TARGET: target.url });
    assert.equal(result.exitCode, EXIT.ok, result.error ?? "");
    const m = result.summary!.metrics;
    const dropped = m.dropped_iterations?.values.count ?? 0;
    assert.ok(dropped >= 50, `dropped ${dropped}`);
    assert.equal((m.iterations!.values.count ?? 0) + dropped, 1000);
  } finally {
    await target.close();
  }
});

Deno.test("with --queue-late, the corrected p99 shows the 1 s stall while http_req_duration p99 does not", async () => {
  const target = stallingTarget();
  try {
    const result = await runFixture("stall.js", { TARGET: target.url }, { queueLate: true });
    assert.equal(result.exitCode, EXIT.ok, result.error ?? "");
    const m = result.summary!.metrics;
    assert.equal(m.dropped_iterations, undefined);
    assert.equal(m.iterations!.values.count, 1000);
    const corrected = m.http_req_corrected_duration!.values["p(99)"]!;
    const plain = m.http_req_duration!.values["p(99)"]!;
    assert.ok(corrected >= 500, `corrected p99 ${corrected}`);
    assert.ok(plain < 500, `http_req_duration p99 ${plain}`);
  } finally {
    await target.close();
  }
});
