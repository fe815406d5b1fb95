/** Capacity search on a target of known capacity: one request at a time, 5 ms each (about 200/s). */
import assert from "assert";
import { findMaxRate } from "../../src/load/find_max.ts";
import { fixture, serveTarget } from "../_helpers/load.ts";

Deno.test("findMaxRate() brackets the capacity of a target that serves one request at a time", async () => {
  let queue = Promise.resolve();
  const target = serveTarget(() => {
    // A single worker: each request waits for the previous, then takes 5 ms. Past ~200/s the queue grows.
    const turn = queue.then(() => new Promise<void>((r) => setTimeout(r, 5)));
    queue = turn;
    return turn.then(() => new Response("ok"));
  });
  try {
    const steps: number[] = [];
    const result = await findMaxRate(
      { scriptPath: fixture("find_max.js"), env: { TARGET: target.url }, log: () => {} },
      { fromRate: 25, toRate: 1600, stepMs: 2000, precision: 0.15, onStep: (step) => steps.push(step.rate) },
    );
    assert.equal(result.exitCode, 0, JSON.stringify(result.steps));
    assert.deepEqual(steps.slice(0, 3), [25, 50, 100]);
    assert.ok(
      result.maxRate !== null && result.maxRate >= 50 && result.maxRate < 250,
      `max ${result.maxRate}`,
    );
    assert.ok(result.failedAt !== null && result.failedAt > result.maxRate!, `failed at ${result.failedAt}`);
    const failed = result.steps.find((step) => step.rate === result.failedAt)!;
    assert.match(failed.reason, /p\(95\)<100|dropped/);
  } finally {
    await target.close();
  }
});

Deno.test("findMaxRate() reports a script whose thresholds do not parse with exit code 104", async () => {
  const result = await findMaxRate({
    scriptPath: fixture("bad_threshold.js"),
    env: { TARGET: "http://127.0.0.1:9" },
  }, {
    stepMs: 1000,
  });
  assert.equal(result.exitCode, 104);
  assert.equal(result.steps.length, 0);
});
