/**
 * The `vus` metric counts active VUs, as k6 samples GetCurrentlyActiveVUsCount: a ramping-vus scenario
 * holds all its VUs but only those within the ramp are active.
 */
import assert from "assert";
import { runScript } from "../_helpers/load.ts";

Deno.test("vus follows a ramping-vus ramp up and down, not the scenario's maximum", async () => {
  const seen: number[] = [];
  const source = `import { sleep } from "k6";\nimport exec from "k6/execution";\n` +
    `import { Trend } from "k6/metrics";\nconst active = new Trend("active_seen");\n` +
    `export const options = { scenarios: { r: { executor: "ramping-vus", startVUs: 0,\n` +
    `  stages: [{ duration: "1s", target: 5 }, { duration: "1500ms", target: 1 }], gracefulRampDown: "0s" } } };\n` +
    `export default function () { active.add(exec.instance.vusActive); sleep(0.1); }\n`;
  const result = await runScript(source, {
    env: {},
    log: () => {},
    onSample: (metric, value) => {
      if (metric === "vus") seen.push(value);
    },
  });
  assert.equal(result.exitCode, 0, result.error ?? "");
  const metrics = result.summary!.metrics;
  assert.equal(metrics.vus_max?.values.value, 5);
  // Sampled each second, so the peak (reached at 1 s) may fall just before or after a sample.
  assert.ok(Math.max(...seen) >= 4, `vus samples ${seen}`);
  assert.ok(seen.some((v) => v < 5 && v > 0), `the ramp shows in the samples: ${seen}`);
  assert.ok((metrics.active_seen?.values.min ?? 0) >= 1 && (metrics.active_seen?.values.min ?? 9) < 5);
  assert.equal(metrics.active_seen?.values.max, 5);
});
