import assert from "assert";
import { CONFIDENCE_BUCKETS, confidenceBucket, LabelCap, RollingAccuracy } from "../../src/drift/quality.ts";

Deno.test("LabelCap keeps declared names, admits new ones up to its cap, then answers other", () => {
  const cap = new LabelCap(3, ["positive", "negative"]);
  assert.equal(cap.get("positive"), "positive");
  assert.equal(cap.get("neutral"), "neutral");
  assert.equal(cap.get("mixed"), "other");
  assert.equal(cap.get("other"), "other");
  for (let i = 0; i < 10_000; i++) cap.get(`id-${i}`);
  assert.deepEqual(cap.names(), ["positive", "negative", "neutral"]);
});

Deno.test("RollingAccuracy covers exactly the last N outcomes", () => {
  const accuracy = new RollingAccuracy(4);
  const outcomes = [true, true, false, false, false, true, true, true];
  const values = outcomes.map((correct) => {
    accuracy.add(correct);
    return accuracy.value();
  });
  assert.deepEqual(values, [1, 1, 2 / 3, 0.5, 0.25, 0.25, 0.5, 0.75]);
});

Deno.test("confidenceBucket() puts each confidence under the first bound it does not exceed", () => {
  assert.equal(CONFIDENCE_BUCKETS.at(-1), 1);
  assert.deepEqual([0, 0.1, 0.100001, 0.69, 0.999, 1].map(confidenceBucket), [0, 0, 1, 6, 11, 11]);
});
