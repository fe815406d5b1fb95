import assert from "assert";
import type { MetricType } from "../../src/load/metrics.ts";
import { runScript, serveTarget } from "../_helpers/load.ts";
import {
  evaluateMetricThresholds,
  evaluateThreshold,
  parseThreshold,
  parseThresholdsConfig,
  shouldAbort,
  SUPPORTED_METHODS,
  type Threshold,
  ThresholdsConfigError,
  type ThresholdSinkView,
} from "../../src/load/thresholds.ts";
import { Histogram } from "../../src/stats/histogram.ts";

const KNOWN = new Map<string, MetricType>([
  ["http_req_duration", "trend"],
  ["http_reqs", "counter"],
  ["http_req_failed", "rate"],
  ["checks", "rate"],
  ["vus", "gauge"],
  ["iterations", "counter"],
  ["test_counter", "counter"],
  ["test_gauge", "gauge"],
  ["test_rate", "rate"],
  ["test_trend", "trend"],
]);

function threshold(
  expression: string,
  abort: Partial<Pick<Threshold, "abortOnFail" | "delayAbortEvalMs">> = {},
) {
  return { ...parseThreshold(expression), abortOnFail: false, ...abort };
}

function configError(config: unknown): ThresholdsConfigError {
  try {
    parseThresholdsConfig(config, KNOWN);
  } catch (error: unknown) {
    if (error instanceof ThresholdsConfigError) return error;
    throw error;
  }
  assert.fail("expected a ThresholdsConfigError");
}

// ---- config ----

Deno.test("parseThresholdsConfig() reads k6's string and object forms", () => {
  const result = parseThresholdsConfig({
    http_req_duration: ["p(95)<500", { threshold: "p(99)<1000", abortOnFail: true, delayAbortEval: "10s" }],
    "http_req_duration{scenario:api,method:POST}": ["avg<200"],
    http_req_failed: [{ threshold: "rate<0.01" }],
    checks: [],
  }, KNOWN);
  assert.deepEqual(result, [
    {
      name: "http_req_duration",
      selector: { metric: "http_req_duration", tags: {} },
      type: "trend",
      thresholds: [
        { ...parseThreshold("p(95)<500"), abortOnFail: false },
        { ...parseThreshold("p(99)<1000"), abortOnFail: true, delayAbortEvalMs: 10_000 },
      ],
    },
    {
      name: "http_req_duration{scenario:api,method:POST}",
      selector: { metric: "http_req_duration", tags: { scenario: "api", method: "POST" } },
      type: "trend",
      thresholds: [{ ...parseThreshold("avg<200"), abortOnFail: false }],
    },
    {
      name: "http_req_failed",
      selector: { metric: "http_req_failed", tags: {} },
      type: "rate",
      thresholds: [{ ...parseThreshold("rate<0.01"), abortOnFail: false }],
    },
    { name: "checks", selector: { metric: "checks", tags: {} }, type: "rate", thresholds: [] },
  ]);
});

Deno.test("parseThresholdsConfig() reads delayAbortEval as k6 durations", () => {
  const cases: [unknown, number | undefined][] = [
    ["10s", 10_000],
    ["1m30s", 90_000],
    ["1d", 86_400_000],
    ["250", 250], // a numeric string is milliseconds in k6
    [1500, 1500], // so is a number
    ["1.5h", 5_400_000],
    ["-10s", -10_000],
    [null, undefined],
  ];
  for (const [delayAbortEval, expected] of cases) {
    const [metric] = parseThresholdsConfig({ checks: [{ threshold: "rate>0.9", delayAbortEval }] }, KNOWN);
    assert.equal(metric?.thresholds[0]?.delayAbortEvalMs, expected, JSON.stringify(delayAbortEval));
  }
});

Deno.test("parseThresholdsConfig() matches object keys case-insensitively and ignores unknown ones, as Go's JSON does", () => {
  const [metric] = parseThresholdsConfig({
    checks: [{ Threshold: "rate>0.9", ABORTONFAIL: true, delayaborteval: "1s", comment: "ignored" }],
  }, KNOWN);
  assert.deepEqual(metric?.thresholds, [{
    ...parseThreshold("rate>0.9"),
    abortOnFail: true,
    delayAbortEvalMs: 1000,
  }]);
});

Deno.test("parseThresholdsConfig() treats null as JSON does: no thresholds, no list, default settings", () => {
  assert.deepEqual(parseThresholdsConfig(undefined, KNOWN), []);
  assert.deepEqual(parseThresholdsConfig(null, KNOWN), []);
  assert.deepEqual(parseThresholdsConfig({ checks: null }, KNOWN)[0]?.thresholds, []);
  const [metric] = parseThresholdsConfig({ checks: [{ threshold: "rate>0.9", abortOnFail: null }] }, KNOWN);
  assert.equal(metric?.thresholds[0]?.abortOnFail, false);
  // A null entry is an empty expression, which does not parse.
  assert.equal(
    configError({ checks: [null] }).message,
    'thresholds["checks"][0]: Cannot parse threshold "": missing operator, expected one of <, <=, >, >=, ==, ===, !=',
  );
});

Deno.test("parseThresholdsConfig() accepts each method k6 allows for each metric type", () => {
  // k6 metrics/thresholds_test.go TestThresholdsValidate
  const valid: [string, string][] = [
    ["test_counter", "count==1"],
    ["test_counter", "rate==1"],
    ["test_counter{foo:bar}", "rate==1"],
    ["test_counter{abc:123,easyas:doremi}", "rate==1"],
    ["test_gauge", "value==1"],
    ["test_rate", "rate==1"],
    ["test_trend", "avg==1"],
    ["test_trend", "min==1"],
    ["test_trend", "max==1"],
    ["test_trend", "med==1"],
    ["test_trend", "p(99)==1"],
  ];
  for (const [name, expression] of valid) {
    assert.equal(parseThresholdsConfig({ [name]: [expression] }, KNOWN)[0]?.thresholds.length, 1, expression);
  }
});

Deno.test("parseThresholdsConfig() rejects methods a metric type does not support", () => {
  const all = ["count", "rate", "value", "avg", "min", "max", "med", "p(95)"];
  for (const type of ["counter", "gauge", "rate", "trend"] as const) {
    for (const lhs of all) {
      const method = lhs.startsWith("p(") ? "p" : lhs;
      const supported = (SUPPORTED_METHODS[type] as readonly string[]).includes(method);
      const run = () => parseThresholdsConfig({ [`test_${type}`]: [`${lhs}<1`] }, KNOWN);
      if (supported) run();
      else assert.throws(run, ThresholdsConfigError, `${lhs} on a ${type}`);
    }
  }
  assert.equal(
    configError({ http_req_duration: ["count<10"] }).message,
    'thresholds["http_req_duration"][0]: Cannot apply threshold "count<10" to trend metric "http_req_duration": ' +
      "count is not supported, use avg, min, max, med, p(N)",
  );
  assert.equal(
    configError({ "http_reqs{status:200}": ["p(95)<1"] }).message,
    'thresholds["http_reqs{status:200}"][0]: Cannot apply threshold "p(95)<1" to counter metric ' +
      '"http_reqs{status:200}": p(95) is not supported, use count, rate',
  );
});

Deno.test("parseThresholdsConfig() names unknown metrics, even with no thresholds", () => {
  const error = configError({ nope: [], "http_req_durations{status:200}": ["p(95)<1"], "vus ": ["value<5"] });
  assert.deepEqual(error.issues, [
    {
      path: 'thresholds["nope"]',
      message: 'Unknown metric "nope": not a built-in metric nor one the script creates',
    },
    {
      path: 'thresholds["http_req_durations{status:200}"]',
      message: 'Unknown metric "http_req_durations": not a built-in metric nor one the script creates',
    },
    {
      path: 'thresholds["vus "]',
      message: 'Unknown metric "vus ": not a built-in metric nor one the script creates',
    },
  ]);
});

Deno.test("parseThresholdsConfig() collects every problem into one ThresholdsConfigError", () => {
  const error = configError({
    http_req_duration: [
      "p(95)<500",
      "p(95)<<500",
      { threshold: "p(101)<1", abortOnFail: "yes", delayAbortEval: "10x" },
      { threshold: 5 },
      42,
    ],
    "http_req_duration{status}": ["p(95)<500"],
    http_reqs: "count>1",
    checks: [{ threshold: "rate>0.9", delayAbortEval: {} }],
  });
  assert.equal(error.name, "ThresholdsConfigError");
  assert.ok(error instanceof Error);
  assert.deepEqual(error.message.split("\n"), [
    'thresholds["http_req_duration"][1]: Cannot parse threshold "p(95)<<500": unknown operator "<<"',
    'thresholds["http_req_duration"][2].abortOnFail: Expected a boolean, got a string',
    'thresholds["http_req_duration"][2].delayAbortEval: Cannot parse duration "10x": unknown unit "x"',
    'thresholds["http_req_duration"][3].threshold: Expected a string, got a number',
    'thresholds["http_req_duration"][4]: Expected a threshold string or an object with a "threshold" string, ' +
    "got a number",
    'thresholds["http_req_duration{status}"]: Cannot parse metric selector "http_req_duration{status}": ' +
    'tag "status" is malformed, expected key:value',
    'thresholds["http_reqs"]: Expected an array of thresholds, got a string',
    'thresholds["checks"][0].delayAbortEval: Expected a duration such as "10s" or a number of milliseconds, ' +
    "got an object",
  ]);
  assert.equal(error.issues.length, 8);
});

Deno.test("parseThresholdsConfig() reports the expression when only it is wrong", () => {
  assert.equal(
    configError({ http_req_duration: [{ threshold: "p(101)<1", abortOnFail: true }] }).message,
    'thresholds["http_req_duration"][0]: Cannot parse threshold "p(101)<1": percentile 101 is outside [0, 100]',
  );
});

Deno.test("parseThresholdsConfig() rejects thresholds that are not an object of lists", () => {
  for (
    const [config, got] of [[["p(95)<1"], "an array"], ["p(95)<1", "a string"], [5, "a number"]] as const
  ) {
    assert.deepEqual(configError(config).issues, [{
      path: "thresholds",
      message: `Expected an object mapping metric names to arrays of thresholds, got ${got}`,
    }]);
  }
});

// ---- evaluation ----

Deno.test("evaluateThreshold() compares as k6's runNoTaint does", () => {
  // k6 metrics/thresholds_test.go TestThreshold_runNoTaint
  const cases: [string, ThresholdSinkView, boolean][] = [
    ["rate>0.01", { empty: false, rate: 1 }, true],
    ["rate>=0.01", { empty: false, rate: 0.01 }, true],
    ["rate<=0.01", { empty: false, rate: 0.01 }, true],
    ["rate<0.01", { empty: false, rate: 0.00001 }, true],
    ["rate==0.01", { empty: false, rate: 0.01 }, true],
    ["rate===0.01", { empty: false, rate: 0.01 }, true],
    ["rate!=0.01", { empty: false, rate: 0.02 }, true],
    ["rate>0.01", { empty: false, rate: 0.00001 }, false],
    // "valid expression over non-existing sink": a value the sink lacks passes
    ["rate>0.01", { empty: false, med: 27.2 }, true],
    ["rate<0.01", { empty: false, rate: 1 }, false],
  ];
  for (const [expression, sink, expected] of cases) {
    assert.equal(evaluateThreshold(parseThreshold(expression), sink), expected, expression);
  }
});

Deno.test("evaluateThreshold() reads each method from its own sink value", () => {
  const asked: number[] = [];
  const sink: ThresholdSinkView = {
    empty: false,
    count: 1,
    rate: 2,
    value: 3,
    avg: 4,
    min: 5,
    max: 6,
    med: 7,
    p: (percentile) => (asked.push(percentile), 8),
  };
  const methods = ["count", "rate", "value", "avg", "min", "max", "med", "p(99.9)"];
  methods.forEach((method, i) => {
    assert.equal(evaluateThreshold(parseThreshold(`${method}==${i + 1}`), sink), true, method);
    assert.equal(evaluateThreshold(parseThreshold(`${method}!=${i + 1}`), sink), false, method);
  });
  assert.deepEqual(asked, [99.9, 99.9]);
});

Deno.test("evaluateThreshold() treats == and === alike, and NaN as Go does", () => {
  const sink = { empty: false, avg: 0.1 + 0.2 };
  assert.equal(evaluateThreshold(parseThreshold("avg==0.30000000000000004"), sink), true);
  assert.equal(evaluateThreshold(parseThreshold("avg===0.3"), sink), false);
  const nan = { empty: false, rate: NaN }; // a counter's rate over 0 s
  for (const op of ["<", "<=", ">", ">=", "==", "==="]) {
    assert.equal(evaluateThreshold(parseThreshold(`rate${op}1`), nan), false, op);
  }
  assert.equal(evaluateThreshold(parseThreshold("rate!=1"), nan), true);
});

Deno.test("evaluateThreshold() over a k6-style trend sink built on the histogram", () => {
  // The values k6's TrendSink reports: 0 everywhere when empty (TestThresholdsRun).
  const trendView = (histogram: Histogram): ThresholdSinkView => {
    const empty = histogram.count === 0;
    return {
      empty,
      avg: empty ? 0 : histogram.mean,
      min: empty ? 0 : histogram.min,
      max: empty ? 0 : histogram.max,
      med: empty ? 0 : histogram.percentile(50),
      p: (n) => (empty ? 0 : histogram.percentile(n)),
    };
  };
  const empty = trendView(new Histogram());
  assert.equal(evaluateThreshold(parseThreshold("med<39"), empty), true);
  assert.equal(evaluateThreshold(parseThreshold("med>39"), empty), false);
  const histogram = new Histogram();
  [70, 80, 90].forEach((v) => histogram.record(v));
  assert.equal(evaluateThreshold(parseThreshold("med>39"), trendView(histogram)), true);
  assert.equal(evaluateThreshold(parseThreshold("med<39"), trendView(histogram)), false);
  assert.equal(evaluateThreshold(parseThreshold("p(100)==90"), trendView(histogram)), true);
});

Deno.test("evaluateMetricThresholds() follows k6's TestThresholdsRunAll", () => {
  const sink: ThresholdSinkView = { empty: false, rate: 0.0001, p: () => 500 };
  const runDuration = 1500;
  const cases: [string, string[], boolean, boolean, number | undefined, boolean][] = [
    // name, sources, passed, abortOnFail (first), delayAbortEval (first), aborts
    ["one passing", ["rate<0.01"], true, false, undefined, false],
    ["one failing", ["p(95)<200"], false, false, undefined, false],
    ["two passing", ["rate<0.1", "rate<0.01"], true, false, undefined, false],
    ["two failing", ["p(95)<200", "rate<0.1"], false, false, undefined, false],
    ["two mixed", ["rate<0.01", "p(95)<200"], false, false, undefined, false],
    ["one aborting", ["p(95)<200"], false, true, undefined, true],
    ["abort with grace period", ["p(95)<200"], false, true, 1000, true],
    ["no abort with grace period", ["p(95)<200"], false, true, 2000, false],
  ];
  for (const [name, sources, passed, abortOnFail, delayAbortEvalMs, aborts] of cases) {
    const thresholds = sources.map((source, i) =>
      i === 0
        ? threshold(
          source,
          delayAbortEvalMs === undefined ? { abortOnFail } : { abortOnFail, delayAbortEvalMs },
        )
        : threshold(source)
    );
    const result = evaluateMetricThresholds(thresholds, sink, { elapsedMs: runDuration });
    assert.equal(result.passed, passed, name);
    assert.equal(result.abort, aborts, name);
    assert.equal(result.skipped, false, name);
    assert.deepEqual(result.failed.map((t) => t.source), sources.filter((s) => s.startsWith("p(")), name);
  }
});

Deno.test("evaluateMetricThresholds() skips empty sinks during the run but not at the end", () => {
  const thresholds = [threshold("count>0", { abortOnFail: true })];
  const empty: ThresholdSinkView = { empty: true, count: 0, rate: 0 };
  assert.deepEqual(evaluateMetricThresholds(thresholds, empty, { elapsedMs: 2000 }), {
    passed: true,
    failed: [],
    abort: false,
    skipped: true,
  });
  // At the end an empty counter is evaluated (count 0 fails) but nothing aborts any more.
  assert.deepEqual(evaluateMetricThresholds(thresholds, empty, { elapsedMs: 60_000, final: true }), {
    passed: false,
    failed: thresholds,
    abort: false,
    skipped: false,
  });
  // An empty Rate has no rate in k6, so its thresholds pass even at the end.
  const rate = [threshold("rate>0.99")];
  assert.equal(
    evaluateMetricThresholds(rate, { empty: true }, { elapsedMs: 60_000, final: true }).passed,
    true,
  );
  // No thresholds: nothing to do.
  assert.equal(
    evaluateMetricThresholds([], { empty: false, rate: 1 }, { elapsedMs: 0, final: true }).skipped,
    true,
  );
});

Deno.test("shouldAbort() waits until the test has run longer than delayAbortEval", () => {
  const delayed = threshold("p(99)<1000", { abortOnFail: true, delayAbortEvalMs: 10_000 });
  assert.equal(shouldAbort(delayed, true, 9_999), false);
  assert.equal(shouldAbort(delayed, true, 10_000), false); // strictly longer, as k6's `<`
  assert.equal(shouldAbort(delayed, true, 10_001), true);
  assert.equal(shouldAbort(delayed, false, 60_000), false);
  const immediate = threshold("p(99)<1000", { abortOnFail: true });
  assert.equal(shouldAbort(immediate, true, 0), true);
  const zero = threshold("p(99)<1000", { abortOnFail: true, delayAbortEvalMs: 0 });
  assert.equal(shouldAbort(zero, true, 0), false);
  assert.equal(shouldAbort(zero, true, 1), true);
  const noAbort = threshold("p(99)<1000", { delayAbortEvalMs: 0 });
  assert.equal(shouldAbort(noAbort, true, 60_000), false);
});

Deno.test("a sub-metric threshold written with spaces and quotes is shown on its sub-metric, not the parent", async () => {
  const target = serveTarget(() => new Response("ok"));
  const source = `import http from "k6/http";\n` +
    `export const options = { scenarios: { once: { executor: "shared-iterations", vus: 1, iterations: 2 } },\n` +
    `  thresholds: { 'http_req_duration{ name : "fast" }': ["max<60000"] } };\n` +
    `export default function () { http.get(__ENV.TARGET, { tags: { name: "fast" } }); http.get(__ENV.TARGET); }\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    const metrics = result.summary!.metrics;
    assert.deepEqual(metrics["http_req_duration{name:fast}"]?.thresholds.map((t) => t.source), ["max<60000"]);
    assert.equal(typeof metrics["http_req_duration{name:fast}"]?.values.max, "number");
    assert.deepEqual(metrics.http_req_duration!.thresholds, [], "not on the parent");
  } finally {
    await target.close();
  }
});
