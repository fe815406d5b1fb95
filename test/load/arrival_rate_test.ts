/** ramping-arrival-rate on a real run: the target sees k6's closed-form start times. */
import assert from "assert";
import { EXIT } from "../../src/load/engine.ts";
import { runFixture, serveTarget } from "../_helpers/load.ts";

Deno.test("ramping-arrival-rate starts iterations at k6's times (3162, 4472, 5500, 6527, 7837 ms) within 20 ms", async () => {
  let mark = 0;
  const arrivals: number[] = [];
  const target = serveTarget((request) => {
    const path = new URL(request.url).pathname;
    if (path === "/mark") mark = performance.now();
    else arrivals.push(performance.now() - mark);
    return new Response("ok");
  });
  try {
    const result = await runFixture("ramping_arrivals.js", { TARGET: target.url });
    assert.equal(result.exitCode, EXIT.ok, result.error ?? "");
    // The sixth start (11000 ms) falls on the end of the stages; k6 does not start it either.
    const expected = [3162, 4472, 5500, 6527, 7837];
    assert.equal(
      arrivals.length,
      expected.length,
      `arrivals at ${arrivals.map((a) => a.toFixed(0)).join(", ")}`,
    );
    arrivals.forEach((at, i) =>
      assert.ok(
        Math.abs(at - expected[i]!) <= 20,
        `arrival ${i} at ${at.toFixed(1)} ms, expected ${expected[i]}`,
      )
    );
    assert.equal(result.summary!.metrics.dropped_iterations, undefined);
  } finally {
    await target.close();
  }
});
