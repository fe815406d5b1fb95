import assert from "assert";
import { formatGoDuration, parseGoDuration, parseK6Duration } from "../../src/load/duration.ts";

// k6 lib/types/types_test.go TestParseExtendedDuration, every case.
const EXTENDED_CASES: [text: string, expectedMs: number | null][] = [
  ["", null],
  ["d", null],
  ["d2h", null],
  ["2.1d", null],
  ["2d-2h", null],
  ["-2d-2h", null],
  ["2+d", null],
  ["2da", null],
  ["2-d", null],
  ["1.12s", 1_120],
  ["0d1.12s", 1_120],
  ["10d1.12s", 240 * 3_600_000 + 1_120],
  ["1s", 1_000],
  ["1d", 24 * 3_600_000],
  ["20d", 480 * 3_600_000],
  ["1d23h", 47 * 3_600_000],
  ["1d24h15m", 48 * 3_600_000 + 15 * 60_000],
  ["1d25h80m", 50 * 3_600_000 + 20 * 60_000],
  ["0d25h120m80s", 27 * 3_600_000 + 80_000],
  ["-1d2h", -26 * 3_600_000],
  ["-1d24h", -48 * 3_600_000],
  ["2d1ns", 48 * 3_600_000 + 1e-6],
  // ±(2^63 - 1) ns, Go's time.Duration limits; as ms these round to the nearest double.
  ["-2562047h47m16.854775807s", -9_223_372_036_854.775],
  ["-106751d23h47m16.854775807s", -9_223_372_036_854.775],
  ["2562047h47m16.854775807s", 9_223_372_036_854.775],
  ["106751d23h47m16.854775807s", 9_223_372_036_854.775],
];

for (const [text, expected] of EXTENDED_CASES) {
  Deno.test(`parseK6Duration() follows k6's ParseExtendedDuration for ${JSON.stringify(text)}`, () => {
    if (expected === null) assert.throws(() => parseK6Duration(text), SyntaxError);
    else assert.equal(parseK6Duration(text), expected);
  });
}

Deno.test("parseK6Duration() reads numbers and numeric text as milliseconds (k6 TestGetDurationValue)", () => {
  assert.equal(parseK6Duration(1000), 1_000);
  assert.equal(parseK6Duration(75000), 75_000);
  assert.equal(parseK6Duration("1000"), 1_000);
  assert.equal(parseK6Duration(1000.001), 1_000.001);
  assert.equal(parseK6Duration("1000.001"), 1_000.001);
  assert.equal(parseK6Duration(1000.5), 1_000.5);
  assert.equal(parseK6Duration("1d3h1s"), 27 * 3_600_000 + 1_000);
  assert.equal(parseK6Duration("1e3"), 1_000);
});

Deno.test("parseK6Duration() reads every Go unit, micro in both spellings", () => {
  assert.equal(parseK6Duration("1500ns"), 0.0015);
  assert.equal(parseK6Duration("15us"), 0.015);
  assert.equal(parseK6Duration("15µs"), 0.015);
  assert.equal(parseK6Duration("15μs"), 0.015);
  assert.equal(parseK6Duration("1h1m1s1ms"), 3_661_001);
  assert.equal(parseK6Duration(".5m"), 30_000);
  assert.equal(parseK6Duration("1.s"), 1_000);
  assert.equal(parseK6Duration("0"), 0);
});

Deno.test("parseK6Duration() says what is wrong", () => {
  assert.throws(() => parseK6Duration("5x"), {
    name: "SyntaxError",
    message: 'Cannot parse duration "5x": unknown unit "x"',
  });
  assert.throws(() => parseK6Duration("1h30"), {
    message: 'Cannot parse duration "1h30": missing unit after 30',
  });
  assert.throws(() => parseK6Duration("2d-2h"), /negative duration after the days/);
  assert.throws(() => parseK6Duration("1.5d"), /whole number of days/);
  assert.throws(() => parseK6Duration("Infinity"), /out of range/);
  assert.throws(() => parseK6Duration("3000000h"), /out of range/);
  assert.throws(() => parseK6Duration(Number.POSITIVE_INFINITY), /out of range/);
  assert.throws(() => parseK6Duration(true), {
    name: "TypeError",
    message: "Cannot parse duration true: expected a string or a number",
  });
});

Deno.test("parseGoDuration() reads what k6's --duration flag reads: no bare numbers, no days", () => {
  assert.equal(parseGoDuration("123s"), 123_000);
  assert.equal(parseGoDuration("1m6s"), 66_000);
  assert.equal(parseGoDuration("0"), 0);
  assert.equal(parseGoDuration("-1.5h"), -5_400_000);
  // internal/cmd/config_consolidation_test.go: "--duration 1000" is intentionally unsupported.
  assert.throws(() => parseGoDuration("1000"), /missing unit/);
  assert.throws(() => parseGoDuration("1d"), /unknown unit "d"/);
  assert.throws(() => parseGoDuration("blah"), SyntaxError);
  assert.throws(() => parseGoDuration("-"), /empty/);
});

Deno.test("formatGoDuration() writes Go's Duration.String (k6 TestDuration)", () => {
  assert.equal(formatGoDuration(75_000), "1m15s");
  assert.equal(formatGoDuration(3_600_000), "1h0m0s");
  assert.equal(formatGoDuration(26 * 3_600_000 + 75_000), "26h1m15s");
  assert.equal(formatGoDuration(1_500), "1.5s");
  assert.equal(formatGoDuration(999), "999ms");
  assert.equal(formatGoDuration(0.5), "500µs");
  assert.equal(formatGoDuration(0.000001), "1ns");
  assert.equal(formatGoDuration(-10_000), "-10s");
  assert.equal(formatGoDuration(0), "0s");
  assert.throws(() => formatGoDuration(Number.NaN), RangeError);
});

Deno.test("formatGoDuration() reads back through parseK6Duration", () => {
  for (const ms of [1, 1_120, 90_000, 3_723_500, 0.0015, 86_400_000]) {
    assert.equal(parseK6Duration(formatGoDuration(ms)), ms);
  }
});
