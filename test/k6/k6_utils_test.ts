/** jslib's k6-utils, served locally: the stage helpers over a real ramping-vus run, and the stage maths. */
import assert from "assert";
import { normalDistributionStages } from "../../src/k6/jslib/k6_utils.ts";
import { runScript } from "../_helpers/load.ts";

Deno.test("normalDistributionStages gives k6-utils' curve: a sixth up, four sixths over the stages, a sixth down", () => {
  const stages = normalDistributionStages(100, 60, 4);
  assert.deepEqual(stages.map((s) => s.duration), ["10s", "10s", "10s", "10s", "10s", "10s"]);
  // Density at -2, -1, 0, 1, 2 scaled to a peak of 100, then 0 to come down.
  assert.deepEqual(stages.map((s) => s.target), [14, 61, 100, 61, 14, 0]);
});

Deno.test("tagWithCurrentStageIndex and tagWithCurrentStageProfile tag samples with the stage the run is in", async () => {
  const source = `import { tagWithCurrentStageIndex, tagWithCurrentStageProfile } from\n` +
    `  "https://jslib.k6.io/k6-utils/1.4.0/index.js";\nimport { sleep } from "k6";\n` +
    `import { Counter } from "k6/metrics";\nconst seen = new Counter("seen");\n` +
    `export const options = { scenarios: { r: { executor: "ramping-vus", startVUs: 1, gracefulRampDown: "0s",\n` +
    `  stages: [{ duration: "600ms", target: 1 }, { duration: "600ms", target: 2 }] } } };\n` +
    `export default function () {\n` +
    `  tagWithCurrentStageIndex();\n  tagWithCurrentStageProfile();\n  seen.add(1);\n  sleep(0.1);\n` +
    `}\n`;
  const tags: string[] = [];
  const result = await runScript(source, {
    env: {},
    log: () => {},
    onSample: (metric, _value, sampleTags) => {
      if (metric === "seen") tags.push(`${sampleTags.stage}:${sampleTags.stage_profile}`);
    },
  });
  assert.equal(result.exitCode, 0, result.error ?? "");
  const kinds = new Set(tags);
  assert.ok(kinds.has("0:steady"), [...kinds].join());
  assert.ok(kinds.has("1:ramp-up"), [...kinds].join());
  assert.deepEqual([...kinds].filter((k) => !["0:steady", "1:ramp-up"].includes(k)), []);
});
