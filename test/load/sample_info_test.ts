/** What runLoad's onSample says of each metric, for k6's JSON output's Metric lines (output/json). */
import assert from "assert";
import type { SampleMetricInfo } from "../../src/load/engine.ts";
import { runScript } from "../_helpers/load.ts";

Deno.test("--out json's Metric line lists a tagged threshold under its sub-metric, as k6's output/json does", async () => {
  const infos = new Map<string, SampleMetricInfo>();
  const source = `import { Trend } from "k6/metrics";\nconst t = new Trend("my_trend");\n` +
    `export const options = { iterations: 1, thresholds: { my_trend: ["avg<1000"], "my_trend{kind:slow}": ["p(95)<500"] } };\n` +
    `export default function () { t.add(1, { kind: "slow" }); }\n`;
  const result = await runScript(source, {
    env: {},
    log: () => {},
    onSample: (metric, _value, _tags, info) => void infos.set(metric, info),
  });
  assert.equal(result.exitCode, 0, result.error ?? "");
  const info = infos.get("my_trend")!;
  assert.deepEqual(info.thresholds, ["avg<1000"]);
  assert.deepEqual(info.submetrics, [{
    name: "my_trend{kind:slow}",
    suffix: "kind:slow",
    tags: { kind: "slow" },
  }]);
  assert.equal(infos.get("iterations")?.submetrics, null);
});
