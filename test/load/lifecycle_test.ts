/**
 * setup() and teardown() as k6 runs them (js/runner.go): setup's data reaches each VU as its own copy,
 * teardown runs on a VU of its own, a failed or aborted setup still gives the summary, and both are
 * bounded by setupTimeout/teardownTimeout (exit 100/101). Also k6's exit codes for an abort in init code
 * (108) and for `exec.test.fail()` (110).
 */
import assert from "assert";
import { runScript, serveTarget } from "../_helpers/load.ts";

const quiet = { env: {}, log: () => {} };

Deno.test("each VU gets its own copy of setup()'s data, and teardown() and handleSummary the original", async () => {
  // k6's TestMetricTagAndSetupDataIsolation, in small: a VU that changes its data never shows it to
  // another VU or to teardown().
  const source = `import exec from "k6/execution";\n` +
    `export const options = { scenarios: { s: { executor: "per-vu-iterations", vus: 2, iterations: 3 } } };\n` +
    `export function setup() { return { v: 0, list: [1, 2, 3] }; }\n` +
    `export default function (data) {\n` +
    `  if (data.v !== __ITER) throw new Error("VU " + __VU + " iteration " + __ITER + " saw v=" + data.v);\n` +
    `  data.v++; data.list.pop();\n` +
    `}\n` +
    `export function teardown(data) {\n` +
    `  if (data.v !== 0 || data.list.length !== 3) throw new Error("teardown saw " + JSON.stringify(data));\n` +
    `}\n` +
    `export function handleSummary(data) { return { stdout: JSON.stringify(data.setup_data) }; }\n`;
  const logs: string[] = [];
  const result = await runScript(source, { env: {}, log: (line) => logs.push(line) });
  assert.equal(result.exitCode, 0, [result.error, ...logs].join("\n"));
  assert.deepEqual(logs.filter((line) => /saw/.test(line)), []);
  assert.equal(result.summary?.metrics.iterations?.values.count, 6);
  assert.deepEqual(JSON.parse((result.handleSummary as { stdout: string }).stdout), {
    v: 0,
    list: [1, 2, 3],
  });
});

Deno.test("teardown() runs on a VU of its own: setup()'s tags and module state do not reach it", async () => {
  const source = `import exec from "k6/execution";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
    `let touched = false;\n` +
    `export function setup() { exec.vu.tags.phase = "setup"; touched = true; }\n` +
    `export default function () {}\n` +
    `export function teardown() {\n` +
    `  if (touched || exec.vu.tags.phase !== undefined) throw new Error("teardown saw setup's state");\n` +
    `}\n`;
  const result = await runScript(source, quiet);
  assert.equal(result.exitCode, 0, result.error ?? "");
});

Deno.test("exec.test.abort() in setup() exits 108 and still gives the summary, without teardown()", async () => {
  const seen: string[] = [];
  const target = serveTarget((request) => {
    seen.push(new URL(request.url).pathname);
    return new Response("ok");
  });
  const source = `import http from "k6/http";\nimport exec from "k6/execution";\n` +
    `export function setup() { http.get(__ENV.TARGET + "/setup"); exec.test.abort("the app is down"); }\n` +
    `export default function () { http.get(__ENV.TARGET + "/iteration"); }\n` +
    `export function teardown() { http.get(__ENV.TARGET + "/teardown"); }\n` +
    `export function handleSummary(data) { return { stdout: String(data.metrics.http_reqs.values.count) }; }\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 108);
    assert.equal(result.abortReason, "the app is down");
    assert.deepEqual(seen, ["/setup"], "no iteration and no teardown() after setup() aborted");
    assert.equal(result.summary?.metrics.http_reqs?.values.count, 1, "setup()'s request is in the summary");
    assert.deepEqual(result.handleSummary, { stdout: "1" }, "handleSummary() still ran");
  } finally {
    await target.close();
  }
});

Deno.test("a setup() that throws exits 107 with the summary and handleSummary(), and teardown() does not run", async () => {
  const source = `export const options = { thresholds: { iterations: ["count>0"] } };\n` +
    `export function setup() { throw new Error("no token"); }\n` +
    `export default function () {}\n` +
    `export function teardown() { throw new Error("teardown ran"); }\n` +
    `export function handleSummary(data) { return { stdout: "summary" }; }\n`;
  const logs: string[] = [];
  const result = await runScript(source, { env: {}, log: (line) => logs.push(line) });
  assert.equal(result.exitCode, 107);
  assert.match(result.error ?? "", /no token/);
  assert.ok(result.summary !== null, "the summary is still made");
  assert.deepEqual(result.handleSummary, { stdout: "summary" });
  assert.ok(!logs.some((line) => /teardown ran/.test(line)), logs.join("\n"));
});

Deno.test("exec.test.abort() in init code exits 108, in the first init context and in a VU's", async () => {
  const first =
    `import exec from "k6/execution";\nexec.test.abort("no config");\nexport default function () {}\n`;
  assert.equal((await runScript(first, quiet)).exitCode, 108);
  const inVu = `import exec from "k6/execution";\n` +
    `export const options = { vus: 2, iterations: 2 };\n` +
    `if (__VU === 2) exec.test.abort("VU 2 cannot start");\nexport default function () {}\n`;
  assert.equal((await runScript(inVu, quiet)).exitCode, 108);
});

Deno.test("setupTimeout and teardownTimeout stop a hung setup() (exit 100) or teardown() (exit 101)", async () => {
  const setup = `import { sleep } from "k6";\n` +
    `export const options = { setupTimeout: "300ms" };\n` +
    `export function setup() { sleep(30); }\nexport default function () {}\n`;
  const started = performance.now();
  const hung = await runScript(setup, quiet);
  assert.equal(hung.exitCode, 100);
  assert.equal(hung.error, "setup() execution timed out after 0.3 seconds");
  assert.equal(hung.summary?.metrics.iterations, undefined, "no iteration ran");
  // Not a timing assertion on speed: a setup() that was not stopped would hold the run for 30 s.
  assert.ok(performance.now() - started < 20_000);

  const teardown = `import { sleep } from "k6";\n` +
    `export const options = { teardownTimeout: "300ms", iterations: 1 };\n` +
    `export default function () {}\nexport function teardown() { sleep(30); }\n`;
  const late = await runScript(teardown, quiet);
  assert.equal(late.exitCode, 101);
  assert.equal(late.error, "teardown() execution timed out after 0.3 seconds");
  assert.equal(late.summary?.metrics.iterations?.values.count, 1, "the summary has the run's figures");
});

Deno.test("exec.test.fail() lets the test run to its end and exits 110; an abort still exits 108", async () => {
  const marked = `import exec from "k6/execution";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 5 } },\n` +
    `  thresholds: { iterations: ["count<1"] } };\n` +
    `export default function () { if (__ITER === 1) exec.test.fail("bad answer"); }\n`;
  const logs: string[] = [];
  const result = await runScript(marked, { env: {}, log: (line) => logs.push(line) });
  // k6 returns MarkedAsFailed before the thresholds' 99 is considered (internal/cmd/run.go).
  assert.equal(result.exitCode, 110);
  assert.equal(result.summary?.metrics.iterations?.values.count, 5, "the test went on");
  assert.ok(logs.some((line) => /marked as failed: bad answer/.test(line)), logs.join("\n"));

  const aborted = `import exec from "k6/execution";\n` +
    `export const options = { iterations: 3 };\n` +
    `export default function () { exec.test.fail("x"); exec.test.abort("y"); }\n`;
  assert.equal((await runScript(aborted, quiet)).exitCode, 108);
});

Deno.test("a setup() retrying in a loop that catches everything is still stopped by setupTimeout (exit 100)", async () => {
  const target = serveTarget(() => new Response("down", { status: 503 }));
  const source = `import http from "k6/http";\nimport { sleep } from "k6";\n` +
    `export const options = { setupTimeout: "500ms" };\n` +
    `export function setup() {\n` +
    `  for (;;) { try { if (http.get(__ENV.TARGET).status === 200) return; sleep(0.1); } catch (e) {} }\n` +
    `}\nexport default function () {}\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 100);
  } finally {
    await target.close();
  }
});

Deno.test("setupTimeout longer than a timer can hold does not fire at once", async () => {
  const source = `export const options = { setupTimeout: "600h", iterations: 1 };\n` +
    `export function setup() { return 1; }\nexport default function () {}\n`;
  const result = await runScript(source, quiet);
  assert.equal(result.exitCode, 0, result.error ?? "");
});

Deno.test("Ctrl-C during setup() stops it: exit 105 with the summary", async () => {
  const stop = new AbortController();
  const source = `import { sleep } from "k6";\n` +
    `export function setup() { sleep(30); }\nexport default function () {}\n` +
    `export function handleSummary() { return { stdout: "summary" }; }\n`;
  setTimeout(() => stop.abort(), 300);
  const result = await runScript(source, { env: {}, log: () => {}, signal: stop.signal });
  assert.equal(result.exitCode, 105);
  assert.deepEqual(result.handleSummary, { stdout: "summary" });
});

Deno.test("exec.test.abort() in a later VU's init code exits 108 with the summary", async () => {
  const source = `import exec from "k6/execution";\n` +
    `export const options = { vus: 2, iterations: 2 };\n` +
    `if (__VU === 2) exec.test.abort("VU 2 cannot start");\nexport default function () {}\n` +
    `export function handleSummary() { return { stdout: "summary" }; }\n`;
  const result = await runScript(source, quiet);
  assert.equal(result.exitCode, 108);
  assert.deepEqual(result.handleSummary, { stdout: "summary" });
});

Deno.test("setup() and teardown() record in the groups ::setup and ::teardown; handleSummary() has a fresh copy", async () => {
  const target = serveTarget(() => new Response("ok"));
  const source = `import http from "k6/http";\n` +
    `export const options = { iterations: 1, thresholds: {\n` +
    `  "http_reqs{group:::setup}": ["count==1"], "http_reqs{group:::teardown}": ["count==1"] } };\n` +
    `let state = "fresh";\n` +
    `export function setup() { state = "set by setup"; http.get(__ENV.TARGET); }\n` +
    `export default function () {}\n` +
    `export function teardown() { state = "set by teardown"; http.get(__ENV.TARGET); }\n` +
    `export function handleSummary() { return { stdout: state }; }\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.deepEqual(result.handleSummary, { stdout: "fresh" });
  } finally {
    await target.close();
  }
});
