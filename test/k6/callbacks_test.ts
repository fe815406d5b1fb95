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

Deno.test("the wait for stray requests covers redirect hops, a callback's next request, and iterations that throw", async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const target = serveTarget(async (request) => {
    const url = new URL(request.url);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (url.pathname === "/hop") return new Response(null, { status: 302, headers: { location: "/end" } });
      return new Response("ok");
    } finally {
      inFlight--;
    }
  });
  const source = `import http from "k6/http";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 4 } } };\n` +
    `const util = { later(fn) { fn(); } };\n` +
    `export default function () {\n` +
    `  util.later(() => http.get(__ENV.TARGET + "/hop"));\n` +
    `  util.later(async () => { await http.get(__ENV.TARGET + "/first"); await http.get(__ENV.TARGET + "/second"); });\n` +
    `  if (__ITER % 2 === 1) throw new Error("boom");\n` +
    `}\n`;
  const logs: string[] = [];
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: (line) => logs.push(line) });
    assert.equal(result.exitCode, 0, result.error ?? "");
    // Per iteration: /hop, /end, /first, /second — all inside it, throwing or not.
    assert.equal(result.summary?.metrics.http_reqs?.values.count, 16);
    assert.ok(
      maxInFlight <= 2,
      `at most the two callbacks' requests at once, never the next iteration's: ${maxInFlight}`,
    );
    const shortest = result.summary?.metrics.iteration_duration?.values.min ?? 0;
    assert.ok(shortest >= 20, `each iteration held both requests of the second callback: ${shortest} ms`);
    assert.equal(
      logs.filter((line) => /Uncaught exception/.test(line)).length,
      2,
      "the throws are still reported",
    );
  } finally {
    await target.close();
  }
});

Deno.test("an iteration stopped while it waits for stray requests counts as interrupted, not completed", async () => {
  const target = serveTarget(async () => {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return new Response("late");
  });
  const source = `import http from "k6/http";\n` +
    `export const options = { scenarios: { s: { executor: "constant-vus", vus: 1, duration: "1s", gracefulStop: "0s" } } };\n` +
    `const util = { later(fn) { fn(); } };\n` +
    `export default function () { util.later(() => http.get(__ENV.TARGET)); }\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.equal(result.summary?.metrics.iterations?.values.count ?? 0, 0, "no iteration completed");
    assert.equal(result.summary?.metrics.iteration_duration?.values.count ?? 0, 0);
  } finally {
    await target.close();
  }
});

Deno.test("setup() and teardown() also wait for requests a callback left running", async () => {
  const target = recordingTarget(20);
  const source = `import http from "k6/http";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
    `const util = { later(fn) { fn(); } };\n` +
    `export function setup() { util.later(() => http.get(__ENV.TARGET + "/setup")); }\n` +
    `export default function () {}\n` +
    `export function teardown() { util.later(() => http.get(__ENV.TARGET + "/teardown")); }\n`;
  const logs: string[] = [];
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: (line) => logs.push(line) });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.deepEqual(target.paths, ["setup", "teardown"]);
    assert.equal(result.summary?.metrics.http_reqs?.values.count, 2, "both answered, neither cancelled");
    assert.ok(
      logs.some((line) => /setup\(\) ended with 1 request/.test(line)),
      logs.join("\n"),
    );
  } finally {
    await target.close();
  }
});

Deno.test("a recursive helper handing on its own callback is awaited like any other", async () => {
  const target = recordingTarget();
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `function countdown(n, fn) { return n === 0 ? fn() : countdown(n - 1, fn); }\n` +
    `export default function () {\n` +
    `  check(countdown(2, () => http.get(__ENV.TARGET + "/c")), { "a response": (r) => r.status === 200 });\n` +
    `}\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.deepEqual(target.paths, ["c"]);
  } finally {
    await target.close();
  }
});
