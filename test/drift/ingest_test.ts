import assert from "assert";
import { MAX_BATCH_RECORDS, validatePredictions } from "../../src/drift/ingest.ts";
import { defineModel } from "../../src/drift/model.ts";

const now = Date.UTC(2026, 10, 26, 12);
const models = {
  clf: defineModel("clf", { age: "numeric", plan: "categorical" }),
  reg: defineModel("reg", { age: "numeric" }, { prediction: { kind: "regression" } }),
};

const good = { model: "clf", features: { age: 31, plan: "pro" }, prediction: { label: "stay" } };

function problemOf(body: unknown) {
  const result = validatePredictions(body, models, { now });
  assert.equal(result.ok, false, JSON.stringify(body));
  return result.ok ? undefined! : result.problem;
}

Deno.test("validatePredictions() types a valid record: missing features are null, categories are strings", () => {
  const result = validatePredictions(
    [
      {
        model: "clf",
        model_version: "1.2",
        request_id: "r1",
        timestamp: "2026-11-26T11:00:00Z",
        features: { plan: 3 },
        prediction: { label: "stay", probabilities: { stay: 0.8, churn: 0.2 } },
        segment: "eu",
      },
      { model: "reg", features: { age: null }, prediction: { value: 12.5 } },
    ],
    models,
    { now },
  );
  assert.ok(result.ok);
  assert.deepEqual(result.records[0], {
    model: "clf",
    modelVersion: "1.2",
    requestId: "r1",
    time: Date.UTC(2026, 10, 26, 11),
    features: { age: null, plan: "3" },
    // The confidence of a classifier that sent only probabilities is the probability of its answer.
    prediction: { label: "stay", probabilities: { stay: 0.8, churn: 0.2 }, confidence: 0.8 },
    segment: "eu",
  });
  assert.deepEqual(result.records[1]?.prediction, { value: 12.5 });
  assert.equal(result.records[1]?.time, now);
});

Deno.test("validatePredictions() names the index and field of the first bad record", () => {
  const cases: [unknown, number, string | undefined, RegExp][] = [
    [
      [good, { ...good, features: { age: "31" } }],
      400,
      "features.age",
      /^Invalid records\[1\]\.features\.age: expected a finite number or null, got "31"$/,
    ],
    [[{ ...good, features: { age: "NaN" } }], 400, "features.age", /got "NaN"/],
    [[{ ...good, features: { age: Infinity } }], 400, "features.age", /got Infinity/],
    [[{ ...good, features: { age: -Infinity } }], 400, "features.age", /got -Infinity/],
    [[{ ...good, features: { age: NaN } }], 400, "features.age", /got NaN/],
    [[{ ...good, features: { plan: { tier: 1 } } }], 400, "features.plan", /expected a category/],
    [[{ ...good, features: { plan: "x".repeat(300) } }], 400, "features.plan", /at most 256 characters/],
    [[{ ...good, features: { tenure: 1 } }], 400, "features.tenure", /unknown feature of model "clf"/],
    [[{ ...good, features: [1] }], 400, "features", /expected an object of feature values, got an array/],
    [[{ ...good, prediction: { value: 1 } }], 400, "prediction.label", /expected the predicted class/],
    [
      [{ ...good, prediction: { label: "a", confidence: -0.1 } }],
      400,
      "prediction.confidence",
      /from 0 to 1/,
    ],
    [
      [{ ...good, prediction: { label: "a", probabilities: { a: 2 } } }],
      400,
      "prediction.probabilities.a",
      /from 0 to 1/,
    ],
    [[{ ...good, prediction: { label: "a", score: 1 } }], 400, "prediction.score", /unknown field/],
    [[{ model: "reg", features: {}, prediction: { value: "1" } }], 400, "prediction.value", /finite number/],
    [[{ ...good, timestamp: 1_700_000_000 }], 400, "timestamp", /\(seconds\?\)/],
    [[{ ...good, timestamp: "yesterday" }], 400, "timestamp", /ISO 8601/],
    [[{ ...good, timestamp: now + 3_600_000 }], 400, "timestamp", /no later than the server clock/],
    [[{ ...good, request_id: 42 }], 400, "request_id", /non-empty string/],
    [[{ ...good, extra: 1 }], 400, "extra", /unknown field \(allowed: model, /],
    [
      [{ ...good, model: "fraud" }],
      404,
      "model",
      /^Unknown model "fraud" \(declared: clf, reg\) at records\[0\]\.model$/,
    ],
    [[{ ...good, model: 7 }], 400, "model", /expected a model name/],
    [[null], 400, undefined, /^Invalid records\[0\]: expected an object, got null$/],
  ];
  for (const [body, status, field, message] of cases) {
    const problem = problemOf(body);
    assert.equal(problem.status, status, problem.message);
    assert.equal(problem.field, field, problem.message);
    assert.match(problem.message, message);
  }
});

Deno.test("validatePredictions() refuses bodies that are not batches, and batches over the cap", () => {
  assert.match(
    problemOf({ model: "clf" }).message,
    /expected a JSON array of records or \{ "records": \[\.\.\.\] \}/,
  );
  assert.match(problemOf({ records: 1 }).message, /^Invalid field "records": expected an array/);
  assert.match(problemOf([]).message, /expected at least one record/);
  const big = Array.from({ length: MAX_BATCH_RECORDS + 1 }, () => good);
  assert.match(problemOf(big).message, /expected at most 10000 records, got 10001/);
});
