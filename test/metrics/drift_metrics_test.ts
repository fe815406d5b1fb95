import assert from "assert";
import { Registry } from "prom-client";
import { createDriftMetrics } from "../../src/metrics/drift_metrics.ts";

function series(text: string, model: string): string[] {
  return text.split("\n").filter((line) => /^ml_(drift_severity|data_drift_|feature_missing)/.test(line))
    .filter((line) => line.includes(`model="${model}"`)).sort();
}

Deno.test("publishWindow() removes the model's series a new window no longer has, and keeps other models'", async () => {
  const registry = new Registry();
  const metrics = createDriftMetrics([registry]);
  const ks = (statistic: number) => ({ test: "ks", statistic, pValue: 0.001 });
  metrics.publishWindow("m", 1000, [
    { feature: "a", tests: [ks(0.3)], severity: "critical", missingRatio: 0 },
    {
      feature: "b",
      tests: [ks(0.3), { test: "missing", statistic: 0.5, pValue: 0 }],
      severity: "critical",
      missingRatio: 0.6,
    },
  ], 0.1);
  metrics.publishWindow("other", 1000, [
    { feature: "b", tests: [ks(0.3)], severity: "critical", missingRatio: 0 },
  ], null);
  // The next window of "m": feature a is gone, b's missing test did not run.
  metrics.publishWindow("m", 1000, [
    { feature: "b", tests: [ks(0.01)], severity: "none", missingRatio: 0 },
  ], 0.1);
  const text = await registry.metrics();
  assert.deepEqual(series(text, "m"), [
    'ml_data_drift_pvalue{model="m",feature="b",test="ks"} 0.001',
    'ml_data_drift_score{model="m",feature="b",test="ks"} 0.01',
    'ml_drift_severity{model="m",feature="b"} 0',
    'ml_feature_missing_ratio{model="m",feature="b"} 0',
  ]);
  assert.ok(text.includes('ml_drift_severity{model="other",feature="b"} 3'));
});
