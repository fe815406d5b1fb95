import assert from "assert";
import { defineModel } from "../../src/drift/model.ts";
import { ProfileBuilder, type ReferenceProfile } from "../../src/drift/profile.ts";
import { seededRandom } from "../../src/stats/random.ts";
import { evaluateWindow } from "../../src/drift/report.ts";
import { WindowAccumulator, type WindowData } from "../../src/drift/window.ts";
import type { ModelConfig } from "../../src/config/types.ts";
import { normal, record } from "./_setup.ts";

function reference(model: ModelConfig, seed: number, rows = 10_000): ReferenceProfile {
  const z = normal(seededRandom(seed));
  const builder = new ProfileBuilder(model);
  for (let i = 0; i < rows; i++) {
    const features = Object.fromEntries(
      model.features.map((f) => [f.name, f.type === "numeric" ? z() : String(i % 4)]),
    );
    builder.add({ features, label: i % 3 ? "a" : "b", value: null, confidence: 0.5 + Math.abs(z()) / 8 });
  }
  return builder.finish(0);
}

function window(
  model: ModelConfig,
  n: number,
  seed: number,
  shift: Record<string, number> = {},
  missing: Record<string, number> = {},
): WindowData {
  const z = normal(seededRandom(seed));
  const random = seededRandom(seed + 1);
  const accumulator = new WindowAccumulator({ ...model, window: { ...model.window, size: n } });
  for (let i = 0; i < n; i++) {
    const features = Object.fromEntries(model.features.map((f) => {
      if (random() < (missing[f.name] ?? 0)) return [f.name, null];
      return [f.name, f.type === "numeric" ? z() + (shift[f.name] ?? 0) : String(i % 4)];
    }));
    accumulator.add(
      record(model.name, features, {
        prediction: { label: i % 3 ? "a" : "b", confidence: 0.5 + Math.abs(z()) / 8 },
      }),
      i + 1,
      i,
    );
  }
  return accumulator.close(n, "size").data;
}

Deno.test("evaluateWindow() never raises a severity for a window under its minimum size", () => {
  const model = defineModel("m", { x: "numeric" }, { window: { size: 1000, min_samples: 500 } });
  const profile = reference(model, 1);
  const small = evaluateWindow(model, profile, window(model, 100, 2, { x: 3 }));
  const x = small.features[0]!;
  assert.equal(x.status, "insufficient");
  assert.equal(x.severity, "none");
  // The tests still ran and are reported: the shift is plain to see, just not trusted on 100 values.
  assert.ok(x.tests.find((t) => t.test === "ks")!.statistic > 0.8);
  assert.equal(small.window.sufficient, false);
  assert.equal(small.dataset.severity, "none");
  const large = evaluateWindow(model, profile, window(model, 500, 2, { x: 3 }));
  assert.equal(large.features[0]?.severity, "critical");
});

Deno.test("evaluateWindow() keeps 20 stable features at none in window after window, and finds the one that moved", () => {
  const names = Array.from({ length: 20 }, (_, i) => `f${i}`);
  const model = defineModel(
    "m",
    Object.fromEntries(names.map((n, i) => [n, i % 5 === 4 ? "categorical" : "numeric"])),
  );
  const profile = reference(model, 7);
  for (let w = 0; w < 20; w++) {
    const report = evaluateWindow(model, profile, window(model, 1000, 100 + w));
    const raised = report.features.filter((f) => f.severity !== "none").map((f) => `${f.name} ${f.severity}`);
    assert.deepEqual(raised, [], `window ${w}`);
    assert.equal(report.dataset.drift, false);
  }
  const drifted = evaluateWindow(model, profile, window(model, 1000, 999, { f3: 0.5 }));
  assert.deepEqual(drifted.features.filter((f) => f.severity !== "none").map((f) => f.name), ["f3"]);
  assert.equal(drifted.dataset.drifted, 1);
  assert.equal(drifted.dataset.driftShare, 1 / 20);
  assert.equal(drifted.dataset.drift, false);
  assert.equal(drifted.dataset.significant, 1);
});

Deno.test("evaluateWindow() leaves at none a distance over its threshold when the test cannot tell the samples apart", () => {
  // Two numeric values only: tiny proportion noise moves the normed Wasserstein distance, not the KS test.
  const model = defineModel("m", { flag: "numeric" }, { thresholds: { wasserstein: [0.01, 0.02, 0.03] } });
  const builder = new ProfileBuilder(model);
  for (let i = 0; i < 10_000; i++) {
    builder.add({ features: { flag: i % 10 === 0 ? 1 : 0 }, label: null, value: null, confidence: null });
  }
  const accumulator = new WindowAccumulator(model);
  for (let i = 0; i < 1000; i++) accumulator.add(record("m", { flag: i % 9 === 0 ? 1 : 0 }), i + 1, 0);
  const report = evaluateWindow(model, builder.finish(0), accumulator.close(0, "size").data);
  const flag = report.features[0]!;
  assert.ok(flag.tests.find((t) => t.test === "wasserstein")!.severity !== "none");
  assert.equal(flag.significant, false);
  assert.equal(flag.severity, "none");
});

Deno.test("evaluateWindow() drops missing values, reports their share, and tests what is left", () => {
  const model = defineModel("m", { x: "numeric", y: "numeric" });
  const report = evaluateWindow(model, reference(model, 3), window(model, 1000, 4, {}, { x: 0.3, y: 1 }));
  const [x, y] = report.features;
  assert.equal(x!.n + x!.missing, 1000);
  assert.ok(x!.missingRatio > 0.25 && x!.missingRatio < 0.35, String(x!.missingRatio));
  assert.equal(x!.status, "ok");
  assert.equal(y!.status, "no_values");
  assert.equal(y!.missingRatio, 1);
  assert.equal(report.dataset.tested, 1);
});

Deno.test("evaluateWindow() makes a feature with every value missing critical, and a window missing all of them drifted", () => {
  const model = defineModel("m", { x: "numeric", y: "numeric" });
  const some = evaluateWindow(model, reference(model, 3), window(model, 1000, 4, {}, { y: 1 }));
  const y = some.features[1]!;
  assert.equal(y.status, "no_values");
  assert.equal(y.severity, "critical");
  assert.equal(some.dataset.missing, 1);
  assert.equal(some.dataset.tested, 1);
  assert.equal(some.dataset.severity, "critical");

  const none = evaluateWindow(model, reference(model, 3), window(model, 1000, 4, {}, { x: 1, y: 1 }));
  assert.deepEqual(none.features.map((c) => [c.status, c.severity]), [
    ["no_values", "critical"],
    ["no_values", "critical"],
  ]);
  assert.deepEqual(
    { tested: none.dataset.tested, missing: none.dataset.missing, drifted: none.dataset.drifted },
    { tested: 0, missing: 2, drifted: 2 },
  );
  assert.equal(none.dataset.drift, true);

  // Under the minimum size nothing is raised, missing or not: a few records say little.
  const small = evaluateWindow(model, reference(model, 3), window(model, 100, 4, {}, { x: 1, y: 1 }));
  assert.deepEqual(small.features.map((c) => c.severity), ["none", "none"]);
  assert.equal(small.dataset.drift, false);
});

Deno.test("evaluateWindow() tests the outputs and reports the confidence PSI as concept drift", () => {
  const model = defineModel("m", { x: "numeric" });
  const profile = reference(model, 5);
  const data = window(model, 1000, 6);
  const confidence = data.columns.get("output:confidence");
  assert.ok(confidence?.type === "numeric");
  confidence.values = confidence.values.map((c) => c - 0.2);
  const report = evaluateWindow(model, profile, data);
  const output = report.outputs.find((o) => o.name === "output:confidence")!;
  assert.deepEqual(output.tests.map((t) => t.test), ["ks", "psi"]);
  assert.equal(output.severity, "critical");
  assert.equal(report.conceptDriftPsi, output.tests[1]!.statistic);
  assert.equal(report.outputs.find((o) => o.name === "output:class")?.severity, "none");
  // A reference without predictions: the outputs are reported as such, not as drift.
  const bare = evaluateWindow(model, { ...profile, outputs: {} }, data);
  assert.deepEqual(bare.outputs.map((o) => o.status), ["no_reference", "no_reference"]);
  assert.equal(bare.conceptDriftPsi, null);
});
