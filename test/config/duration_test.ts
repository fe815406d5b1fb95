import assert from "assert";
import { formatDuration, parseDuration } from "../../src/config/duration.ts";

Deno.test("parseDuration() reads each unit", () => {
  assert.equal(parseDuration("500ms"), 500);
  assert.equal(parseDuration("5s"), 5_000);
  assert.equal(parseDuration("1m"), 60_000);
  assert.equal(parseDuration("2h"), 7_200_000);
  assert.equal(parseDuration("30d"), 2_592_000_000);
});

Deno.test("parseDuration() adds up compound durations like 1h30m", () => {
  assert.equal(parseDuration("1h30m"), 5_400_000);
  assert.equal(parseDuration("1m30s250ms"), 90_250);
  assert.equal(parseDuration("1d12h"), 129_600_000);
});

Deno.test("parseDuration() reads decimals without binary noise", () => {
  assert.equal(parseDuration("1.5s"), 1_500);
  assert.equal(parseDuration("1.1s"), 1_100);
  assert.equal(parseDuration(".5m"), 30_000);
  assert.equal(parseDuration("0.25ms"), 0.25);
});

Deno.test("parseDuration() accepts a bare 0 and a sign, like Go", () => {
  assert.equal(parseDuration("0"), 0);
  assert.equal(parseDuration("-5s"), -5_000);
  assert.equal(parseDuration("+5s"), 5_000);
});

Deno.test('parseDuration() rejects "5x" with unknown unit "x"', () => {
  assert.throws(() => parseDuration("5x"), {
    name: "SyntaxError",
    message: 'Cannot parse duration "5x": unknown unit "x"',
  });
});

Deno.test("parseDuration() rejects a number without a unit", () => {
  assert.throws(() => parseDuration("5"), {
    name: "SyntaxError",
    message: 'Cannot parse duration "5": missing unit after 5',
  });
  assert.throws(() => parseDuration("1h30"), /missing unit after 30/);
});

Deno.test("parseDuration() rejects empty text, upper-case units and inherited names", () => {
  assert.throws(() => parseDuration(""), /Cannot parse duration "": empty/);
  assert.throws(() => parseDuration("5S"), /unknown unit "S"/);
  assert.throws(() => parseDuration("5constructor"), /unknown unit "constructor"/);
  assert.throws(() => parseDuration("s"), /expected a number/);
  assert.throws(() => parseDuration("1h 30m"), SyntaxError);
});

Deno.test("formatDuration() writes the shortest compound form", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(250), "250ms");
  assert.equal(formatDuration(1_500), "1.5s");
  assert.equal(formatDuration(60_500), "1m500ms");
  assert.equal(formatDuration(5_400_000), "1h30m");
  assert.equal(formatDuration(2_592_000_000), "30d");
  assert.equal(formatDuration(-5_000), "-5s");
});

Deno.test("formatDuration() output parses back to the same milliseconds", () => {
  for (const ms of [1, 999, 1_000, 1_001, 59_999, 61_500, 3_723_004, 90_061_001, 0.5, 12.25]) {
    assert.equal(parseDuration(formatDuration(ms)), ms, `${ms} -> ${formatDuration(ms)}`);
  }
});

Deno.test("formatDuration() rejects a non-finite number with RangeError", () => {
  assert.throws(() => formatDuration(Number.NaN), RangeError);
  assert.throws(() => formatDuration(Infinity), RangeError);
});
