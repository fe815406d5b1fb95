/**
 * k6's timers (global and k6/timers) are each VU's own, and an iteration ends only once the timers it
 * started have run, as k6's event loop does; an interrupted iteration's timers are cancelled.
 */
import assert from "assert";
import { runScript, serveTarget } from "../_helpers/load.ts";

Deno.test("an iteration waits for its timers: setTimeout callbacks make their requests inside it", async () => {
  const paths: string[] = [];
  const target = serveTarget((request) => {
    paths.push(new URL(request.url).pathname);
    return new Response("ok");
  });
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `import { setTimeout as later } from "k6/timers";\nimport timers from "k6/timers";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 2 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `export default function () {\n` +
    `  setTimeout(() => { check(http.get(__ENV.TARGET + "/global"), { "in the iteration": (r) => r.status === 200 }); }, 40);\n` +
    `  later(() => http.get(__ENV.TARGET + "/module"), 10);\n` +
    `  const cancelled = timers.setTimeout(() => http.get(__ENV.TARGET + "/never"), 5);\n` +
    `  timers.clearTimeout(cancelled);\n` +
    `  let n = 0;\n` +
    `  const id = setInterval(() => { if (++n === 3) clearInterval(id); }, 5);\n` +
    `}\n`;
  const logs: string[] = [];
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: (line) => logs.push(line) });
    assert.equal(result.exitCode, 0, `${result.error ?? ""}\n${logs.join("\n")}`);
    assert.deepEqual(paths.sort(), ["/global", "/global", "/module", "/module"]);
    const shortest = result.summary?.metrics.iteration_duration?.values.min ?? 0;
    assert.ok(shortest >= 40, `each iteration held its 40 ms timer: ${shortest} ms`);
    assert.deepEqual(logs.filter((line) => /Warning/.test(line)), [], "a timer's requests are not stray");
  } finally {
    await target.close();
  }
});

Deno.test("an interval never cleared keeps its iteration until the VU is stopped; then it is cancelled", async () => {
  const source =
    `export const options = { scenarios: { s: { executor: "constant-vus", vus: 1, duration: "1s",\n` +
    `  gracefulStop: "0s" } } };\n` +
    `export default function () { setInterval(() => { globalThis.__ticks = (globalThis.__ticks ?? 0) + 1; }, 20); }\n`;
  const g = globalThis as { __ticks?: number };
  delete g.__ticks;
  const result = await runScript(source, { env: {}, log: () => {} });
  assert.equal(result.exitCode, 0, result.error ?? "");
  assert.equal(result.summary?.metrics.iterations?.values.count ?? 0, 0, "the iteration never completed");
  const ticks = g.__ticks ?? 0;
  assert.ok(ticks > 10, `it ticked while the iteration waited: ${ticks}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(g.__ticks, ticks, "and stopped once the VU was");
  delete g.__ticks;
});

Deno.test("timers of init code and setup() hold no iteration; a callback that throws is logged, not fatal", async () => {
  const source = `setInterval(() => { globalThis.__initTicks = (globalThis.__initTicks ?? 0) + 1; }, 10);\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 2, iterations: 4 } } };\n` +
    `export function setup() { setInterval(() => {}, 500); }\n` +
    `export default function () { setTimeout(() => { throw new Error("boom"); }, 5); }\n`;
  const logs: string[] = [];
  const started = performance.now();
  const result = await runScript(source, { env: {}, log: (line) => logs.push(line) });
  assert.equal(result.exitCode, 0, result.error ?? "");
  assert.equal(result.summary?.metrics.iterations?.values.count, 4);
  assert.ok(
    performance.now() - started < 5000,
    "no iteration and not setup waited on init's or setup's interval",
  );
  assert.equal(
    logs.filter((line) => /Uncaught exception in a timer callback: Error: boom/.test(line)).length,
    4,
  );
  // Init code's interval stopped with its VUs (a service runs test after test).
  const g = globalThis as { __initTicks?: number };
  const ticks = g.__initTicks ?? 0;
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.equal(g.__initTicks ?? 0, ticks, "no init interval outlives its run");
  delete g.__initTicks;
});
