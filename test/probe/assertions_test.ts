import assert from "assert";
import type { ProbeAssertions } from "../../src/config/types.ts";
import { evaluateAssertions } from "../../src/probe/assertions.ts";

const body = JSON.stringify({
  label: "positive",
  confidence: 0.93,
  probabilities: { positive: 0.93, negative: 0.07 },
  model_version: "nb-1a2b",
  items: [{ id: 7 }],
  nothing: null,
});

function check(
  assertions: Partial<ProbeAssertions>,
  response: { status?: number; durationMs?: number; body?: string } = {},
) {
  return evaluateAssertions(
    { status: [200], json: [], ...assertions },
    { status: response.status ?? 200, durationMs: response.durationMs ?? 10, body: response.body ?? body },
  );
}

Deno.test("evaluateAssertions() passes a response that meets every assertion", () => {
  assert.deepEqual(
    check({
      maxDurationMs: 100,
      json: [
        { path: "label", equals: "positive" },
        { path: "label", oneOf: ["positive", "negative"] },
        { path: "confidence", range: { min: 0, max: 1 } },
        { path: "model_version", matches: "^nb-" },
        { path: "items[0].id", equals: 7 },
        { path: "$.probabilities.negative", range: { max: 0.5 } },
        { path: "request_id", exists: false },
        { path: "nothing", exists: true },
      ],
      model: { label: "positive", minConfidence: 0.9, labelPath: "label", confidencePath: "confidence" },
    }),
    [],
  );
});

Deno.test("evaluateAssertions() fails a status outside the allowed list and names the ranges", () => {
  assert.deepEqual(check({ status: [200, 201, 202, 204] }, { status: 503, body: "" }), [
    "status 503 not in [200-202, 204]",
  ]);
});

Deno.test("evaluateAssertions() shows the error body of a bad status instead of failing every body assertion", () => {
  const model = { label: "positive", labelPath: "label", confidencePath: "confidence" };
  const failures = check({ json: [{ path: "label", equals: "positive" }], model }, {
    status: 503,
    body: '{"error":"injected fault"}\n',
  });
  assert.deepEqual(failures, ['status 503 not in [200]: {"error":"injected fault"}']);
});

Deno.test("evaluateAssertions() fails a response over its latency budget", () => {
  assert.deepEqual(check({ maxDurationMs: 250 }, { durationMs: 250.01 }), [
    "duration 250.0 ms over budget 250 ms",
  ]);
  assert.deepEqual(check({ maxDurationMs: 250 }, { durationMs: 250 }), []);
});

Deno.test("evaluateAssertions() compares equals deeply and reports both values", () => {
  assert.deepEqual(
    check({ json: [{ path: "probabilities", equals: { positive: 0.93, negative: 0.07 } }] }),
    [],
  );
  assert.deepEqual(check({ json: [{ path: "label", equals: "negative" }] }), [
    'json label: expected "negative", got "positive"',
  ]);
  assert.deepEqual(check({ json: [{ path: "confidence", equals: "0.93" }] }), [
    'json confidence: expected "0.93", got 0.93',
  ]);
});

Deno.test("evaluateAssertions() checks one_of membership", () => {
  assert.deepEqual(check({ json: [{ path: "label", oneOf: ["neutral", "negative"] }] }), [
    'json label: expected one of ["neutral","negative"], got "positive"',
  ]);
});

Deno.test("evaluateAssertions() checks ranges, inclusive, and rejects non-numbers", () => {
  assert.deepEqual(check({ json: [{ path: "confidence", range: { min: 0.93, max: 0.93 } }] }), []);
  assert.deepEqual(check({ json: [{ path: "confidence", range: { min: 0.95 } }] }), [
    "json confidence: expected a number in [0.95, ∞], got 0.93",
  ]);
  assert.deepEqual(check({ json: [{ path: "label", range: { min: 0 } }] }), [
    'json label: expected a number in [0, ∞], got "positive"',
  ]);
});

Deno.test("evaluateAssertions() checks regex matches", () => {
  assert.deepEqual(check({ json: [{ path: "model_version", matches: "^v\\d+" }] }), [
    'json model_version: expected to match /^v\\d+/, got "nb-1a2b"',
  ]);
  assert.deepEqual(check({ json: [{ path: "confidence", matches: "^0\\.9" }] }), []);
});

Deno.test("evaluateAssertions() reports a missing path with the step that is missing", () => {
  assert.deepEqual(check({ json: [{ path: "probabilities.neutral", equals: 0 }] }), [
    "json probabilities.neutral: missing (no probabilities.neutral)",
  ]);
  assert.deepEqual(check({ json: [{ path: "items[3].id", equals: 0 }] }), [
    "json items[3].id: missing (no items[3])",
  ]);
  assert.deepEqual(check({ json: [{ path: "request_id", exists: true }] }), ["json request_id: missing"]);
});

Deno.test("evaluateAssertions() checks a golden example's label and minimum confidence", () => {
  const model = { labelPath: "label", confidencePath: "confidence" };
  assert.deepEqual(check({ model: { ...model, label: "negative", minConfidence: 0.95 } }), [
    'model label: expected "negative", got "positive"',
    "model confidence: 0.930 below minimum 0.95",
  ]);
  assert.deepEqual(check({ model: { ...model, labelPath: "prediction.label", label: "positive" } }), [
    "model label: missing (no prediction)",
  ]);
  assert.deepEqual(check({ model: { ...model, minConfidence: 0.5 } }, { body: '{"confidence":"high"}' }), [
    'model confidence: expected a number, got "high"',
  ]);
});

Deno.test("evaluateAssertions() fails a body that is not JSON when body assertions exist", () => {
  assert.deepEqual(check({ json: [{ path: "label", equals: "positive" }] }, { body: "<html>oops</html>" }), [
    'body is not JSON: "<html>oops</html>"',
  ]);
  // Without body assertions the body is not parsed at all.
  assert.deepEqual(check({}, { body: "<html>oops</html>" }), []);
});

Deno.test("evaluateAssertions() reports every failure, not only the first", () => {
  const json = [{ path: "label", equals: "x" }, { path: "confidence", range: { min: 0.99 } }];
  assert.equal(check({ maxDurationMs: 1, json }, { durationMs: 5 }).length, 3);
  // A bad status still reports the blown latency budget beside it.
  assert.equal(check({ maxDurationMs: 1, json }, { status: 500, durationMs: 5 }).length, 2);
});
