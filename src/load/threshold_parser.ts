/**
 * The k6 threshold expression grammar (`p(95)<500`, `rate<0.01`, `count>=100`), ported from k6's Go source so
 * that an expression k6 accepts is accepted here and one k6 rejects is rejected here:
 *
 * - metrics/thresholds_parser.go: operator scan, aggregation methods, `p(N)`;
 * - grafana/k6#6013: `p(N)` outside [0, 100] (or NaN, ±Inf) is rejected;
 * - Go's `strconv.ParseFloat` and `strings.TrimSpace`, which k6 applies to both sides of an expression.
 *
 * @module
 */

/** An aggregation method of a threshold expression: the left-hand side (`p` for `p(N)`). */
export type AggregationMethod = "count" | "rate" | "value" | "avg" | "min" | "max" | "med" | "p";

/** A comparison operator of a threshold expression. `==` and `===` both mean numeric equality, as in k6. */
export type ThresholdOperator = "<" | "<=" | ">" | ">=" | "==" | "===" | "!=";

/** The left-hand side of a threshold expression. */
export interface ThresholdAggregation {
  /** The method, e.g. `"avg"`, or `"p"` for a percentile. */
  method: AggregationMethod;
  /** For `p(N)` only: N, in [0, 100]. */
  percentile?: number;
}

/** A parsed threshold expression such as `p(95)<500`. */
export interface ThresholdExpression {
  /** What is compared: a sink value such as `avg` or `p(95)`. */
  aggregation: ThresholdAggregation;
  /** How it is compared. */
  operator: ThresholdOperator;
  /** What it is compared with (the right-hand side). */
  value: number;
  /** The expression as written. */
  source: string;
}

// k6 metrics/thresholds_parser.go operatorTokens: the scan splits at the first occurrence of each token in this
// order, so "<=" must come before "<" and "===" before "==". The order decides what "a<b>=c" means; keep it.
const OPERATORS: readonly ThresholdOperator[] = ["<=", "<", ">=", ">", "===", "==", "!="];

// k6 metrics/thresholds_parser.go aggregationMethodTokens (p(N) is matched separately).
const METHODS: ReadonlySet<string> = new Set(["value", "count", "rate", "avg", "min", "med", "max"]);

const OPERATOR_RUN_BEFORE = /[<>=!][\s<>=!]*$/;
const OPERATOR_RUN_AFTER = /^[\s<>=!]*[<>=!]/;

/**
 * Parses a threshold expression exactly as k6 does: `method operator value`, where method is `count`, `rate`,
 * `value`, `avg`, `min`, `max`, `med` or `p(N)` with N in [0, 100], operator is one of `<`, `<=`, `>`, `>=`,
 * `==`, `===`, `!=`, and value is a Go float. Whitespace around the three parts is ignored; inside `p( )` it is not.
 *
 * @param expression the expression, e.g. `"p(99.9) < 1000"`
 * @returns the parsed expression
 * @throws {SyntaxError} for anything k6 rejects, e.g. `Cannot parse threshold "p(95)<<500": unknown operator "<<"`
 * @example
 * ```ts
 * import { parseThreshold } from "./threshold_parser.ts";
 * import assert from "node:assert/strict";
 * const parsed = parseThreshold("p(99.9) < 1000");
 * assert.deepEqual(parsed.aggregation, { method: "p", percentile: 99.9 });
 * assert.equal(parsed.operator, "<");
 * assert.equal(parsed.value, 1000);
 * assert.throws(() => parseThreshold("p(101)<5"), SyntaxError);
 * ```
 */
export function parseThreshold(expression: string): ThresholdExpression {
  const fail = (detail: string): never => {
    throw new SyntaxError(`Cannot parse threshold ${JSON.stringify(expression)}: ${detail}`);
  };
  if (typeof expression !== "string") fail("expected a string");

  // k6 scanThresholdExpression: split at the first occurrence of the first operator token found.
  let operator: ThresholdOperator | undefined;
  let at = -1;
  for (const token of OPERATORS) {
    at = expression.indexOf(token);
    if (at !== -1) {
      operator = token;
      break;
    }
  }
  if (operator === undefined) {
    const stray = /[<>=!]+/.exec(expression)?.[0];
    return fail(
      stray === undefined
        ? "missing operator, expected one of <, <=, >, >=, ==, ===, !="
        : `unknown operator ${JSON.stringify(stray)}`,
    );
  }
  const left = expression.slice(0, at);
  const right = expression.slice(at + operator.length);
  // k6 would report these as an unparsable method or value; naming the operator says what is actually wrong.
  const before = OPERATOR_RUN_BEFORE.exec(left)?.[0] ?? "";
  const after = OPERATOR_RUN_AFTER.exec(right)?.[0] ?? "";
  if (before !== "" || after !== "") fail(`unknown operator ${JSON.stringify(before + operator + after)}`);

  const aggregation = parseAggregation(goTrimSpace(left), fail);

  const valueText = goTrimSpace(right);
  if (valueText === "") fail("missing value");
  const value = parseGoFloat(valueText);
  if (value === undefined) fail(`invalid value ${JSON.stringify(valueText)}`);
  if (value === RANGE_ERROR) fail(`value ${JSON.stringify(valueText)} is out of range`);

  return { aggregation, operator, value: value as number, source: expression };
}

function parseAggregation(text: string, fail: (detail: string) => never): ThresholdAggregation {
  if (METHODS.has(text)) return { method: text as AggregationMethod };
  if (text === "") fail("missing aggregation method");
  if (text.startsWith("p(")) {
    if (!text.endsWith(")")) fail(`malformed percentile ${JSON.stringify(text)}, expected p(N)`);
    const inner = text.slice(2, -1);
    const percentile = parseGoFloat(inner);
    if (percentile === undefined) fail(`invalid percentile ${JSON.stringify(inner)}`);
    // grafana/k6#6013: TrendSink.P is only defined on [0, 1]; NaN fails this test too.
    if (!(typeof percentile === "number" && percentile >= 0 && percentile <= 100)) {
      fail(`percentile ${inner} is outside [0, 100]`);
    }
    return { method: "p", percentile: percentile as number };
  }
  return fail(
    `unknown aggregation method ${
      JSON.stringify(text)
    }, expected count, rate, value, avg, min, max, med or p(N)`,
  );
}

/**
 * Formats an aggregation the way k6 keys its sinks and prints its summary: `avg`, `p(95)`, `p(99.9)`.
 *
 * @param aggregation a parsed left-hand side
 * @returns the key, e.g. `"p(95)"`
 * @example
 * ```ts
 * import { formatAggregation, parseThreshold } from "./threshold_parser.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatAggregation(parseThreshold("p(99.90) < 5").aggregation), "p(99.9)");
 * assert.equal(formatAggregation({ method: "avg" }), "avg");
 * ```
 */
export function formatAggregation(aggregation: ThresholdAggregation): string {
  // k6 thresholdExpression.SinkKey: fmt.Sprintf("p(%g)"), which prints the shortest form, as String() does.
  return aggregation.method === "p" ? `p(${String(aggregation.percentile)})` : aggregation.method;
}

// Returned by parseGoFloat for syntactically valid numbers that overflow float64 (Go: ErrRange).
const RANGE_ERROR = "range" as const;

const DIGITS = String.raw`\d(?:_?\d)*`;
const HEX_DIGITS = String.raw`[0-9a-fA-F](?:_?[0-9a-fA-F])*`;
// Go strconv.ParseFloat syntax, underscores only between digits (and after 0x) as underscoreOK allows.
const GO_DECIMAL = new RegExp(
  String.raw`^[+-]?(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`,
);
const GO_HEX = new RegExp(
  String
    .raw`^([+-]?)0[xX](?:_?(${HEX_DIGITS})(?:\.(${HEX_DIGITS})?)?|\.(${HEX_DIGITS}))[pP]([+-]?${DIGITS})$`,
);
const GO_INFINITY = /^([+-]?)(?:inf|infinity)$/i;
const GO_NAN = /^nan$/i;

/**
 * Go's strconv.ParseFloat(text, 64): decimal or hexadecimal (`0x1p-2`) floats, `Inf`/`Infinity` with an
 * optional sign and `NaN` (any case), `_` between digits. Returns undefined for a syntax error and
 * RANGE_ERROR when the value overflows.
 */
function parseGoFloat(text: string): number | typeof RANGE_ERROR | undefined {
  const infinity = GO_INFINITY.exec(text);
  if (infinity) return infinity[1] === "-" ? -Infinity : Infinity;
  if (GO_NAN.test(text)) return NaN;
  let value: number;
  if (GO_DECIMAL.test(text)) {
    value = Number(text.replaceAll("_", ""));
  } else {
    const hex = GO_HEX.exec(text);
    if (hex === null) return undefined;
    const [, sign, whole = "", fraction = "", bareFraction, exponent] = hex;
    const fractionDigits = (bareFraction ?? fraction).replaceAll("_", "");
    const mantissa = BigInt(`0x${whole.replaceAll("_", "") || "0"}${fractionDigits}`);
    value = Number(mantissa) * 2 ** (Number(exponent!.replaceAll("_", "")) - 4 * fractionDigits.length);
    if (sign === "-") value = -value;
  }
  return Number.isFinite(value) ? value : RANGE_ERROR;
}

// Go unicode.IsSpace, which strings.TrimSpace uses: unlike JS trim() it includes U+0085 and excludes U+FEFF.
const GO_SPACE = String.raw`[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]`;
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, "g");

/**
 * Trims white space as Go's strings.TrimSpace does, which k6 applies to threshold expressions and sub-metric tags.
 *
 * @param text the text to trim
 * @returns the text without leading and trailing Unicode white space (U+0085 included, U+FEFF not)
 * @example
 * ```ts
 * import { goTrimSpace } from "./threshold_parser.ts";
 * import assert from "node:assert/strict";
 * assert.equal(goTrimSpace("\u0085 p(95) \t"), "p(95)");
 * assert.equal(goTrimSpace("\ufeffavg"), "\ufeffavg");
 * ```
 */
export function goTrimSpace(text: string): string {
  return text.replace(GO_TRIM, "");
}
