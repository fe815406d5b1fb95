import assert from "assert";
import { CORPUS, type Sentiment } from "../../src/demo/corpus.ts";
import { demoModel } from "../../src/demo/model.ts";
import { type Example, predict, train } from "../../src/demo/naive_bayes.ts";

// Every fifth example of each class is held out: a fixed, stratified 80/20 split.
function split(examples: readonly Example<Sentiment>[]) {
  const seen = new Map<Sentiment, number>();
  const trainSet: Example<Sentiment>[] = [];
  const testSet: Example<Sentiment>[] = [];
  for (const example of examples) {
    const n = seen.get(example.label) ?? 0;
    seen.set(example.label, n + 1);
    (n % 5 === 0 ? testSet : trainSet).push(example);
  }
  return { trainSet, testSet };
}

Deno.test("the demo corpus is balanced, unique and large enough", () => {
  const positive = CORPUS.filter((example) => example.label === "positive").length;
  const negative = CORPUS.filter((example) => example.label === "negative").length;
  assert.ok(CORPUS.length >= 300, `only ${CORPUS.length} examples`);
  assert.equal(positive, negative);
  assert.equal(new Set(CORPUS.map((example) => example.text.toLowerCase())).size, CORPUS.length);
});

Deno.test("the demo model classifies held-out reviews with accuracy above 0.8", () => {
  const { trainSet, testSet } = split(CORPUS);
  assert.ok(testSet.length >= 60);
  const model = train(trainSet);
  const correct = testSet.filter((example) => predict(model, example.text).label === example.label).length;
  const accuracy = correct / testSet.length;
  assert.ok(accuracy > 0.8, `held-out accuracy ${accuracy.toFixed(3)} (${correct}/${testSet.length})`);
});

Deno.test("the demo model gets each class right on held-out reviews", () => {
  const { trainSet, testSet } = split(CORPUS);
  const model = train(trainSet);
  for (const label of ["positive", "negative"] as const) {
    const subset = testSet.filter((example) => example.label === label);
    const recall = subset.filter((example) => predict(model, example.text).label === label).length /
      subset.length;
    assert.ok(recall > 0.75, `${label} recall ${recall.toFixed(3)}`);
  }
});

const GOLDEN: { text: string; label: Sentiment; minConfidence: number }[] = [
  { text: "I absolutely love this, it works perfectly", label: "positive", minConfidence: 0.8 },
  { text: "terrible, broke after one day, waste of money", label: "negative", minConfidence: 0.8 },
  { text: "Fast shipping and excellent quality, highly recommend", label: "positive", minConfidence: 0.8 },
  { text: "The staff were rude and the room was dirty", label: "negative", minConfidence: 0.8 },
  { text: "Not worth the money", label: "negative", minConfidence: 0.6 },
  { text: "No complaints at all, great value", label: "positive", minConfidence: 0.6 },
];

for (const golden of GOLDEN) {
  Deno.test(`the demo model answers ${golden.label} for "${golden.text}"`, () => {
    const prediction = predict(demoModel(), golden.text);
    assert.equal(prediction.label, golden.label);
    assert.ok(
      prediction.confidence >= golden.minConfidence,
      `confidence ${prediction.confidence.toFixed(3)} < ${golden.minConfidence}`,
    );
  });
}

Deno.test("the demo model is trained once and keeps a stable version", () => {
  assert.equal(demoModel(), demoModel());
  assert.equal(demoModel().version, train(CORPUS).version);
});
