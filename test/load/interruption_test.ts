/**
 * An iteration stopped by the engine (gracefulStop, ramp-down, `exec.test.abort()`) runs no further code,
 * even where the script was not waiting on a request, and is not counted as an iteration, as in k6 (its
 * runtime is interrupted; lib/netext/dialer.go counts full iterations only). And iterations that never
 * wait on anything still let the thresholds' timer run, so abortOnFail stops them.
 */
import assert from "assert";
import { runScript } from "../_helpers/load.ts";

Deno.test("an iteration interrupted in sleep() runs nothing after it and is not counted", async () => {
  // Two VUs, 0.7 s per iteration, 1 s of test and no gracefulStop: each completes one iteration and is
  // stopped in its second one's sleep.
  const source = `import { sleep } from "k6";\nimport { Counter } from "k6/metrics";\n` +
    `const after = new Counter("after_sleep");\n` +
    `export const options = { scenarios: { s: { executor: "constant-vus", vus: 2, duration: "1s",` +
    ` gracefulStop: "0s" } } };\n` +
    `export default function () { sleep(0.7); after.add(1); }\n`;
  const result = await runScript(source, { env: {}, log: () => {} });
  assert.equal(result.exitCode, 0, result.error ?? "");
  const metrics = result.summary!.metrics;
  assert.equal(metrics.iterations?.values.count, 2);
  assert.equal(metrics.after_sleep?.values.count, 2, "no code ran after the interrupted sleeps");
  assert.ok((metrics.iteration_duration?.values.min ?? 0) >= 690, "only full iterations are timed");
});

Deno.test("exec.test.abort() by one VU stops another VU's sleep, and nothing after it runs", async () => {
  const source = `import { sleep } from "k6";\nimport exec from "k6/execution";\n` +
    `import { Counter } from "k6/metrics";\nconst after = new Counter("after_sleep");\n` +
    `export const options = { scenarios: { s: { executor: "per-vu-iterations", vus: 2, iterations: 1 } } };\n` +
    `export default function () {\n` +
    `  if (__VU === 1) { sleep(0.2); exec.test.abort("enough"); }\n` +
    `  sleep(5); after.add(1);\n` +
    `}\n`;
  const result = await runScript(source, { env: {}, log: () => {} });
  assert.equal(result.exitCode, 108);
  assert.equal(result.summary!.metrics.after_sleep, undefined, "VU 2 did not go on after its sleep");
  assert.equal(result.summary!.metrics.iterations, undefined, "neither iteration completed");
});

Deno.test("abortOnFail stops iterations that never wait on anything, about 2 s in", async () => {
  const source = `export const options = {\n` +
    `  scenarios: { s: { executor: "constant-vus", vus: 1, duration: "60s", gracefulStop: "0s" } },\n` +
    `  thresholds: { iterations: [{ threshold: "count<1000", abortOnFail: true }] },\n` +
    `};\n` +
    `export default function () { let x = 0; for (let i = 0; i < 100; i++) x += i; return x; }\n`;
  const started = performance.now();
  const result = await runScript(source, { env: {}, log: () => {} });
  assert.equal(result.exitCode, 99);
  // Not a speed assertion: without the thresholds' timer getting a turn the run lasts its full 60 s.
  assert.ok(performance.now() - started < 30_000, `ran ${Math.round(performance.now() - started)} ms`);
});

Deno.test("an iteration waiting on its own timer when its VU is stopped does not hold the run", async () => {
  // Stopping the VU clears its timers, so the script's promise never settles: the engine must not wait.
  const source =
    `export const options = { scenarios: { a: { executor: "constant-vus", vus: 1, duration: "1s",` +
    ` gracefulStop: "0s" } } };\n` +
    `export default async function () { await new Promise((r) => setTimeout(r, 700)); }\n`;
  const started = performance.now();
  const result = await runScript(source, { env: {}, log: () => {} });
  assert.equal(result.exitCode, 0, result.error ?? "");
  assert.equal(result.summary!.metrics.iterations?.values.count, 1);
  // Not a speed assertion: a run that waited on the cleared timer would never end.
  assert.ok(performance.now() - started < 20_000);
});

Deno.test("a stopped VU's code stops in place: a catch around its sleep() does not run on, nor the group end", async () => {
  const source = `import { sleep, group } from "k6";\nimport http from "k6/http";\n` +
    `import { Counter } from "k6/metrics";\nconst after = new Counter("after");\n` +
    `export const options = { scenarios: { s: { executor: "constant-vus", vus: 1, duration: "1s",` +
    ` gracefulStop: "0s" } } };\n` +
    `export default function () {\n` +
    `  try { group("g", () => { sleep(5); }); } catch (e) { after.add(1); }\n` +
    `  after.add(1);\n` +
    `}\n`;
  const result = await runScript(source, { env: {}, log: () => {} });
  assert.equal(result.exitCode, 0, result.error ?? "");
  const metrics = result.summary!.metrics;
  assert.equal(metrics.after, undefined, "nothing after the stopped sleep ran, caught or not");
  assert.equal(metrics.group_duration, undefined, "the cut-off group records no duration, as in k6");
});

Deno.test("a stopped sleep() inside a timer callback is not reported as an uncaught exception", async () => {
  const source = `import { sleep } from "k6";\n` +
    `export const options = { scenarios: { s: { executor: "constant-vus", vus: 1, duration: "1s",` +
    ` gracefulStop: "0s" } } };\n` +
    `export default function () { setTimeout(() => { sleep(5); }, 10); sleep(5); }\n`;
  const logs: string[] = [];
  const result = await runScript(source, { env: {}, log: (line) => logs.push(line) });
  assert.equal(result.exitCode, 0, result.error ?? "");
  assert.deepEqual(logs.filter((line) => /Uncaught|IterationInterrupted/.test(line)), []);
});

Deno.test("a ramp-down's grace timer cuts only the iteration it was set for, not a later one", async () => {
  // Ramped down at 0.5 s (iteration 1 gets until 1.5 s), up at 0.6 s, down again at 1.4 s: the iteration
  // running then has until 2.4 s and ends at ~1.7 s. The first timer, firing at 1.5 s, must leave it be.
  const source = `import { sleep } from "k6";\nimport { Counter } from "k6/metrics";\n` +
    `const done = new Counter("done");\n` +
    `export const options = { scenarios: { r: { executor: "ramping-vus", startVUs: 1, gracefulRampDown: "1s",\n` +
    `  stages: [{ duration: "0.5s", target: 1 }, { duration: "0s", target: 0 }, { duration: "0.1s", target: 0 },\n` +
    `    { duration: "0s", target: 1 }, { duration: "0.8s", target: 1 }, { duration: "0s", target: 0 },\n` +
    `    { duration: "2s", target: 0 }] } } };\n` +
    `export default function () { sleep(0.85); done.add(1); }\n`;
  const result = await runScript(source, { env: {}, log: () => {} });
  assert.equal(result.exitCode, 0, result.error ?? "");
  assert.equal(result.summary!.metrics.done?.values.count, 2, "both iterations ran to their end");
});
