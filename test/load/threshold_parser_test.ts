import assert from "assert";
import {
  formatAggregation,
  goTrimSpace,
  parseThreshold,
  type ThresholdAggregation,
  type ThresholdOperator,
} from "../../src/load/threshold_parser.ts";

// Ported from k6 metrics/thresholds_parser_test.go (TestParseThresholdExpression,
// TestParseThresholdAggregationMethod, TestScanThresholdExpression; the p(N) range cases from grafana/k6#6013),
// run through the whole expression parser, plus the edge cases of the Go functions k6 relies on.
const VALID: [string, ThresholdAggregation, ThresholdOperator, number][] = [
  // TestParseThresholdExpression
  ["count>20", { method: "count" }, ">", 20],
  // TestParseThresholdAggregationMethod
  ["count<1", { method: "count" }, "<", 1],
  ["rate<1", { method: "rate" }, "<", 1],
  ["value<1", { method: "value" }, "<", 1],
  ["avg<1", { method: "avg" }, "<", 1],
  ["min<1", { method: "min" }, "<", 1],
  ["max<1", { method: "max" }, "<", 1],
  ["med<1", { method: "med" }, "<", 1],
  ["p(99)<1", { method: "p", percentile: 99 }, "<", 1],
  ["p(99.9)<1", { method: "p", percentile: 99.9 }, "<", 1],
  ["p(0)<1", { method: "p", percentile: 0 }, "<", 1],
  ["p(100)<1", { method: "p", percentile: 100 }, "<", 1],
  // TestScanThresholdExpression: each operator, and trimming of either side
  ["avg<=5", { method: "avg" }, "<=", 5],
  ["avg<5", { method: "avg" }, "<", 5],
  ["avg>=5", { method: "avg" }, ">=", 5],
  ["avg>5", { method: "avg" }, ">", 5],
  ["avg===5", { method: "avg" }, "===", 5],
  ["avg==5", { method: "avg" }, "==", 5],
  ["avg!=5", { method: "avg" }, "!=", 5],
  ["  avg  <=5", { method: "avg" }, "<=", 5],
  ["avg<=  5  ", { method: "avg" }, "<=", 5],
  // Whitespace is Go's strings.TrimSpace: any Unicode space, on both sides of the operator only
  [" p(95) < 500 ", { method: "p", percentile: 95 }, "<", 500],
  ["\tp(95)\n<\r\n500\u0085", { method: "p", percentile: 95 }, "<", 500],
  ["p(95)\u00a0<\u3000500", { method: "p", percentile: 95 }, "<", 500],
  // The value (and N) is Go's strconv.ParseFloat
  ["avg<1e3", { method: "avg" }, "<", 1000],
  ["avg>-5", { method: "avg" }, ">", -5],
  ["avg<+5", { method: "avg" }, "<", 5],
  ["avg<.5", { method: "avg" }, "<", 0.5],
  ["avg<5.", { method: "avg" }, "<", 5],
  ["avg<1_000.000_1", { method: "avg" }, "<", 1000.0001],
  ["avg<0x1p-2", { method: "avg" }, "<", 0.25],
  ["avg<0x_1.8P1", { method: "avg" }, "<", 3],
  ["avg<Inf", { method: "avg" }, "<", Infinity],
  ["avg>-infinity", { method: "avg" }, ">", -Infinity],
  ["avg<1e-400", { method: "avg" }, "<", 0],
  ["p(1e1)<5", { method: "p", percentile: 10 }, "<", 5],
  ["p(99.90)<5", { method: "p", percentile: 99.9 }, "<", 5],
  ["p(-0)<5", { method: "p", percentile: -0 }, "<", 5],
];

for (const [expression, aggregation, operator, value] of VALID) {
  Deno.test(`parseThreshold() accepts ${JSON.stringify(expression)}`, () => {
    assert.deepEqual(parseThreshold(expression), { aggregation, operator, value, source: expression });
  });
}

Deno.test('parseThreshold() reads "avg!=NaN" as k6 does: a NaN value', () => {
  assert.ok(Number.isNaN(parseThreshold("avg!=NaN").value));
});

const INVALID: [string, string][] = [
  // TestParseThresholdExpression
  ["count!20", 'unknown operator "!"'],
  ["foo>20", 'unknown aggregation method "foo", expected count, rate, value, avg, min, max, med or p(N)'],
  ["count>abc", 'invalid value "abc"'],
  // TestParseThresholdAggregationMethod
  ["foo<1", 'unknown aggregation method "foo", expected count, rate, value, avg, min, max, med or p(N)'],
  ["p()<1", 'invalid percentile ""'],
  ["p(99<1", 'malformed percentile "p(99", expected p(N)'],
  ["p(foo)<1", 'invalid percentile "foo"'],
  ["p(-1)<1", "percentile -1 is outside [0, 100]"],
  ["p(101)<1", "percentile 101 is outside [0, 100]"],
  ["p(NaN)<1", "percentile NaN is outside [0, 100]"],
  ["p(+Inf)<1", "percentile +Inf is outside [0, 100]"],
  // TestScanThresholdExpression
  ["foo!bar", 'unknown operator "!"'],
  // No operator, or an operator k6 does not have
  ["count", "missing operator, expected one of <, <=, >, >=, ==, ===, !="],
  ["", "missing operator, expected one of <, <=, >, >=, ==, ===, !="],
  ["count=20", 'unknown operator "="'],
  ["p(95)<<500", 'unknown operator "<<"'],
  ["p(95)=<500", 'unknown operator "=<"'],
  ["count=>20", 'unknown operator "=>"'],
  ["count>>=20", 'unknown operator ">>="'],
  ["count!==20", 'unknown operator "!=="'],
  ["count == = 5", 'unknown operator "== ="'],
  ["count<>5", 'unknown operator "<>"'],
  // Missing or malformed sides
  ["<500", "missing aggregation method"],
  ["  <500", "missing aggregation method"],
  ["avg<", "missing value"],
  ["avg<  ", "missing value"],
  ["P(95)<1", 'unknown aggregation method "P(95)", expected count, rate, value, avg, min, max, med or p(N)'],
  ["AVG<1", 'unknown aggregation method "AVG", expected count, rate, value, avg, min, max, med or p(N)'],
  ["p 95<1", 'unknown aggregation method "p 95", expected count, rate, value, avg, min, max, med or p(N)'],
  ["p( 95 )<1", 'invalid percentile " 95 "'],
  ["p(95ms)<1", 'invalid percentile "95ms"'],
  ["p(1_)<1", 'invalid percentile "1_"'],
  // Trailing garbage and numbers Go does not read
  ["avg<5 ms", 'invalid value "5 ms"'],
  ["avg<500ms", 'invalid value "500ms"'],
  ["avg<5;", 'invalid value "5;"'],
  ["avg < 5 < 6", 'invalid value "5 < 6"'],
  ["avg<1__0", 'invalid value "1__0"'],
  ["avg<_1", 'invalid value "_1"'],
  ["avg<1_.5", 'invalid value "1_.5"'],
  ["avg<0x1", 'invalid value "0x1"'],
  ["avg<.", 'invalid value "."'],
  ["avg<1e", 'invalid value "1e"'],
  ["avg<+NaN", 'invalid value "+NaN"'],
  ["avg<infin", 'invalid value "infin"'],
  ["avg<\ufeff5", 'invalid value "\ufeff5"'],
  ["avg<1e400", 'value "1e400" is out of range'],
  ["avg<-1e400", 'value "-1e400" is out of range'],
];

for (const [expression, detail] of INVALID) {
  Deno.test(`parseThreshold() rejects ${JSON.stringify(expression)}: ${detail}`, () => {
    assert.throws(() => parseThreshold(expression), {
      name: "SyntaxError",
      message: `Cannot parse threshold ${JSON.stringify(expression)}: ${detail}`,
    });
  });
}

Deno.test("parseThreshold() splits at the first operator in k6's scan order", () => {
  // "<=" is looked for before "<" anywhere in the text, and "===" before "==".
  assert.equal(parseThreshold("count<=5").operator, "<=");
  assert.equal(parseThreshold("count===5").operator, "===");
  assert.throws(() => parseThreshold("p(95)>=500<3"), /malformed percentile "p\(95\)>=500"/);
});

Deno.test("formatAggregation() prints k6's sink keys", () => {
  assert.equal(formatAggregation({ method: "p", percentile: 95 }), "p(95)");
  assert.equal(formatAggregation({ method: "p", percentile: 99.9 }), "p(99.9)");
  assert.equal(formatAggregation({ method: "med" }), "med");
});

Deno.test("goTrimSpace() trims what Go's strings.TrimSpace trims", () => {
  assert.equal(goTrimSpace(" \t\n\v\f\r\u0085\u00a0\u2000x y\u2028\u3000"), "x y");
  assert.equal(goTrimSpace("\ufeffx"), "\ufeffx");
  assert.equal(goTrimSpace(""), "");
});
