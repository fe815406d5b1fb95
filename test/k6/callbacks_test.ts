/**
 * Blocking k6 calls inside callbacks run in turn inside the iteration, as in k6: array and collection
 * methods (through `__vigil_each`), local helpers that call their parameter, and — for what the transform
 * cannot see — the engine waits for requests left running when an iteration returns, and says so.
 */
import assert from "assert";
import { runLoad } from "../../src/load/engine.ts";
import { fixture, runScript, serveTarget } from "../_helpers/load.ts";

/** A target answering each path with its own name (with the exceptions the fixture relies on). */
function recordingTarget(delayMs = 0) {
  const paths: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const target = serveTarget(async (request) => {
    const name = new URL(request.url).pathname.slice(1);
    paths.push(name);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (name === "retry-0") return new Response("busy", { status: 503 });
      return new Response(name === "filter-a" ? "nope" : name);
    } finally {
      inFlight--;
    }
  });
  return { ...target, paths, maxInFlight: () => maxInFlight };
}

Deno.test("requests in forEach, map, filter, find, reduce, Map.forEach and a retry helper run in turn, as in k6", async () => {
  // 5 ms per answer: requests started together would overlap and show as more than one in flight.
  const target = recordingTarget(5);
  const checks: { check: string; value: number }[] = [];
  const logs: string[] = [];
  try {
    const result = await runLoad({
      scriptPath: fixture("callbacks.js"),
      env: { TARGET: target.url },
      log: (line) => logs.push(line),
      onSample: (metric, value, tags) => {
        if (metric === "checks") checks.push({ check: tags.check ?? "", value });
      },
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.deepEqual(target.paths, [
      "each-a",
      "each-b",
      "map-a",
      "map-b",
      "filter-a",
      "filter-b",
      "find-a",
      "find-b",
      "reduce-1",
      "reduce-2",
      "map-entry",
      "retry-0",
      "retry-1",
      "once",
    ]);
    assert.equal(target.maxInFlight(), 1, "one request at a time, as a k6 VU sends them");
    assert.deepEqual(checks.filter((c) => c.value !== 1), [], "every check passed");
    assert.equal(checks.length, 9);
    assert.equal(result.summary?.metrics.http_reqs?.values.count, 14);
    assert.deepEqual(logs.filter((line) => /warning/.test(line)), [], "nothing was left running");
    const iteration = result.summary?.metrics.iteration_duration?.values.max ?? 0;
    assert.ok(iteration >= 14 * 5 + 10, `the iteration held its requests and the sleep: ${iteration} ms`);
  } finally {
    await target.close();
  }
});

Deno.test("an iteration waits for requests a callback left running (a method the transform cannot follow), and warns once", async () => {
  const target = recordingTarget(20);
  // The object's method calls what it is given without returning it: nothing awaits the request.
  const source = `import http from "k6/http";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 3 } } };\n` +
    `const util = { later(fn) { fn(); } };\n` +
    `export default function () { util.later(() => http.get(__ENV.TARGET + "/stray")); }\n`;
  const logs: string[] = [];
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: (line) => logs.push(line) });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.equal(result.summary?.metrics.http_reqs?.values.count, 3, "every request finished inside the run");
    assert.equal(target.maxInFlight(), 1, "each iteration waited for its request before the next began");
    const iteration = result.summary?.metrics.iteration_duration?.values.min ?? 0;
    assert.ok(iteration >= 20, `the iteration includes the request it waited for: ${iteration} ms`);
    const warnings = logs.filter((line) => /still running/.test(line));
    assert.equal(warnings.length, 1, logs.join("\n"));
    assert.match(warnings[0]!, /VU 1 .*1 request\(s\).*could not await/);
  } finally {
    await target.close();
  }
});
