import assert from "assert";
import { CORPUS } from "../../src/demo/corpus.ts";
import { predictDrifted } from "../../src/demo/drift.ts";
import { demoModel } from "../../src/demo/model.ts";
import { predict } from "../../src/demo/naive_bayes.ts";
import { seededRandom } from "../../src/stats/random.ts";

Deno.test("predictDrifted() shifts the predicted classes toward negative and lowers confidence", () => {
  const model = demoModel();
  const random = seededRandom(7);
  let healthyNegative = 0, driftedNegative = 0, healthyConfidence = 0, driftedConfidence = 0;
  for (const { text } of CORPUS) {
    const healthy = predict(model, text);
    const drifted = predictDrifted(model, text, { random });
    if (healthy.label === "negative") healthyNegative++;
    if (drifted.label === "negative") driftedNegative++;
    healthyConfidence += healthy.confidence;
    driftedConfidence += drifted.confidence;
  }
  const n = CORPUS.length;
  assert.ok(
    driftedNegative / n > healthyNegative / n + 0.08,
    `${healthyNegative} -> ${driftedNegative} negative`,
  );
  assert.ok(driftedConfidence / n < healthyConfidence / n - 0.15);
});

Deno.test("predictDrifted() makes a golden positive probe fail its confidence floor", () => {
  const text = "I absolutely love this, it works perfectly";
  assert.ok(predict(demoModel(), text).confidence >= 0.8);
  const random = seededRandom(1);
  for (let i = 0; i < 20; i++) {
    const drifted = predictDrifted(demoModel(), text, { random });
    assert.ok(drifted.label === "negative" || drifted.confidence < 0.8, JSON.stringify(drifted));
  }
});

Deno.test("predictDrifted() with every knob neutral matches predict()", () => {
  const text = "The battery died after a week";
  const neutral = predictDrifted(demoModel(), text, { dropRate: 0, bias: 0, temperature: 1 });
  assert.deepEqual(neutral, predict(demoModel(), text));
});

Deno.test("predictDrifted() is deterministic for a seeded random source", () => {
  const text = "Great coffee but the staff were rude";
  const a = predictDrifted(demoModel(), text, { random: seededRandom(3) });
  const b = predictDrifted(demoModel(), text, { random: seededRandom(3) });
  assert.deepEqual(a, b);
});
