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

Deno.test("findMaxRate() takes a script written with k6's shortcuts, and a stop ends it with 105, not a verdict", async () => {
  const target = serveTarget(() => new Response("ok"));
  const script = await Deno.makeTempFile({ suffix: ".js" });
  // vus/duration may not be combined with scenarios: the search's own scenario replaces them.
  await Deno.writeTextFile(
    script,
    `import http from "k6/http";\n` +
      `export const options = { vus: 2, duration: "30s", thresholds: { http_req_failed: ["rate<0.01"] } };\n` +
      `export default function () { http.get(__ENV.TARGET); }\n`,
  );
  const stop = new AbortController();
  try {
    const result = await findMaxRate(
      { scriptPath: script, env: { TARGET: target.url }, log: () => {}, signal: stop.signal },
      // Stopped as the first step ends: what a Ctrl-C between steps does.
      { fromRate: 20, toRate: 1000, stepMs: 1000, onStep: () => stop.abort() },
    );
    assert.equal(result.error, null);
    assert.equal(result.steps.length, 1);
    assert.equal(result.steps[0]!.pass, true, result.steps[0]!.reason);
    assert.equal(result.interrupted, true);
    assert.equal(result.exitCode, 105, "a stopped search is not a finding");
    assert.equal(result.maxRate, 20, "what passed so far");
  } finally {
    await target.close();
    await Deno.remove(script);
  }
});
