/**
 * `k6/execution` details a script can see: scenario progress as k6's executors compute it, `__ITER`
 * across scenarios, what exec.vu.tags accepts, and what setup() may not ask.
 */
import assert from "assert";
import { runScript } from "../_helpers/load.ts";
import { renderSummary } from "../../src/load/summary.ts";

const quiet = { env: {}, log: () => {} };

Deno.test("exec.scenario.progress: iterations done of the total, or time spent of the duration", async () => {
  const source = `import exec from "k6/execution";\nimport { sleep } from "k6";\n` +
    `import { Trend } from "k6/metrics";\nconst progress = new Trend("progress");\n` +
    `export const options = { scenarios: {\n` +
    `  shared: { executor: "shared-iterations", vus: 1, iterations: 4, tags: { p: "shared" } },\n` +
    `  pervu: { executor: "per-vu-iterations", vus: 2, iterations: 2, tags: { p: "pervu" } },\n` +
    `  timed: { executor: "constant-vus", vus: 1, duration: "1s", tags: { p: "timed" } },\n` +
    `}, thresholds: { "progress{p:shared}": ["min>=0"], "progress{p:pervu}": ["min>=0"], "progress{p:timed}": ["min>=0"] } };\n` +
    `export default function () {\n` +
    `  progress.add(exec.scenario.progress);\n` +
    `  if (exec.scenario.name === "timed") sleep(0.2);\n` +
    `}\n`;
  const result = await runScript(source, quiet);
  assert.equal(result.exitCode, 0, result.error ?? "");
  const values = (p: string) => result.summary!.metrics[`progress{p:${p}}`]!.values;
  // Read as each iteration starts: 0, 1/4, 2/4, 3/4 of four iterations.
  assert.deepEqual([values("shared").min, values("shared").max, values("shared").avg], [0, 0.75, 0.375]);
  // Two VUs side by side: their second iterations start once one or both first ones are done.
  assert.equal(values("pervu").min, 0);
  assert.ok([0.25, 0.5].includes(values("pervu").max!), String(values("pervu").max));
  assert.ok(values("timed").max! > 0.5 && values("timed").max! < 1, String(values("timed").max));
});

Deno.test("__ITER counts a VU's iterations across scenarios, like exec.vu.iterationInInstance", async () => {
  const source = `import exec from "k6/execution";\nimport { Trend } from "k6/metrics";\n` +
    `const iter = new Trend("iter");\n` +
    `export const options = { scenarios: {\n` +
    `  first: { executor: "per-vu-iterations", vus: 1, iterations: 2 },\n` +
    `  second: { executor: "per-vu-iterations", vus: 1, iterations: 2, startTime: "300ms" },\n` +
    `}, thresholds: { "iter{scenario:second}": ["min==2", "max==3"] } };\n` +
    `export default function () {\n` +
    `  if (__ITER !== exec.vu.iterationInInstance) throw new Error("__ITER " + __ITER);\n` +
    `  iter.add(__ITER);\n` +
    `}\n`;
  const result = await runScript(source, quiet);
  assert.equal(result.exitCode, 0, result.error ?? "");
});

Deno.test("exec.vu.tags refuses objects, as k6 does; exec.scenario is not there in setup()", async () => {
  const source = `import exec from "k6/execution";\nimport { Counter } from "k6/metrics";\n` +
    `const refused = new Counter("refused");\n` +
    `export const options = { iterations: 1, thresholds: { refused: ["count==2"] } };\n` +
    `export function setup() {\n` +
    `  try { exec.scenario.name; } catch (e) { refused.add(1); }\n` +
    `}\n` +
    `export default function () {\n` +
    `  exec.vu.tags.ok = 1;\n` +
    `  try { exec.vu.tags.bad = { a: 1 }; } catch (e) { if (e instanceof TypeError) refused.add(1); }\n` +
    `  if (exec.vu.tags.ok !== "1" || "bad" in exec.vu.tags) throw new Error("tags " + JSON.stringify(exec.vu.tags));\n` +
    `}\n`;
  const result = await runScript(source, quiet);
  assert.equal(result.exitCode, 0, result.error ?? "");
});

Deno.test("summaryTimeUnit shows every duration in one unit, as k6's summary does", async () => {
  const source = `import { sleep } from "k6";\n` +
    `export const options = { iterations: 2, summaryTimeUnit: "ms" };\n` +
    `export default function () { sleep(0.05); }\n` +
    `export function handleSummary(data) { return { stdout: data.options.summaryTimeUnit }; }\n`;
  const result = await runScript(source, quiet);
  assert.equal(result.exitCode, 0, result.error ?? "");
  assert.deepEqual(result.handleSummary, { stdout: "ms" });
  const line = renderSummary(result.summary!).split("\n").find((l) => l.includes("iteration_duration"))!;
  assert.match(line, /avg=\d+\.\d\dms min=\d+\.\d\dms med=/, line);
});
