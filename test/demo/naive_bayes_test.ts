import assert from "assert";
import { type Example, logScores, posterior, predict, train } from "../../src/demo/naive_bayes.ts";

const TOY: Example<"positive" | "negative">[] = [
  { text: "great great product", label: "positive" },
  { text: "love it, great", label: "positive" },
  { text: "awful product", label: "negative" },
];

Deno.test("train() estimates priors from document counts", () => {
  const model = train(TOY);
  assert.deepEqual(model.labels, ["negative", "positive"]);
  assert.ok(Math.abs(model.logPriors[0]! - Math.log(1 / 3)) < 1e-12);
  assert.ok(Math.abs(model.logPriors[1]! - Math.log(2 / 3)) < 1e-12);
});

Deno.test("train() applies Laplace smoothing over the vocabulary", () => {
  // Vocabulary: great, product, love, awful (4). Positive has 5 tokens, negative 2.
  const model = train(TOY);
  const great = model.logLikelihoods.get("great")!;
  assert.ok(Math.abs(great[1]! - Math.log((3 + 1) / (5 + 4))) < 1e-12);
  assert.ok(Math.abs(great[0]! - Math.log((0 + 1) / (2 + 4))) < 1e-12);
  const half = train(TOY, { alpha: 0.5 }).logLikelihoods.get("great")!;
  assert.ok(Math.abs(half[0]! - Math.log(0.5 / (2 + 2))) < 1e-12);
});

Deno.test("train() rejects an empty corpus and a non-positive alpha", () => {
  assert.throws(() => train([]), RangeError);
  assert.throws(() => train(TOY, { alpha: 0 }), /Invalid alpha "0"/);
});

Deno.test("logScores() ignores tokens never seen in training", () => {
  const model = train(TOY);
  assert.deepEqual(logScores(model, ["zebra"]), logScores(model, []));
});

Deno.test("posterior() sums to 1 and survives very negative log scores", () => {
  const model = train(TOY);
  const prediction = posterior(model, { positive: -5000, negative: -5003 });
  assert.equal(prediction.label, "positive");
  assert.ok(Math.abs(prediction.probabilities.positive + prediction.probabilities.negative - 1) < 1e-12);
  assert.ok(Number.isFinite(prediction.confidence));
});

Deno.test("posterior() flattens toward uniform as temperature rises", () => {
  const model = train(TOY);
  const scores = { positive: 0, negative: -3 };
  const confidences = [1, 2, 10, 1000].map((temperature) =>
    posterior(model, scores, { temperature }).confidence
  );
  for (let i = 1; i < confidences.length; i++) assert.ok(confidences[i]! < confidences[i - 1]!);
  assert.ok(confidences.at(-1)! < 0.51);
  assert.throws(() => posterior(model, scores, { temperature: 0 }), RangeError);
});

Deno.test("predict() reports the top probability as confidence", () => {
  const prediction = predict(train(TOY), "great");
  assert.equal(prediction.label, "positive");
  assert.equal(prediction.confidence, prediction.probabilities.positive);
  assert.ok(prediction.confidence > 0.5);
});

Deno.test("train() derives a stable version that changes with the corpus", () => {
  const version = train(TOY).version;
  assert.match(version, /^nb-[0-9a-f]{8}$/);
  assert.equal(train([...TOY]).version, version);
  assert.notEqual(train([...TOY, { text: "broke fast", label: "negative" }]).version, version);
  assert.notEqual(train(TOY, { alpha: 0.5 }).version, version);
});
