/**
 * Durations the way k6 reads them. k6 options differ from vigil.yaml durations (`src/config/duration.ts`):
 * a bare number means milliseconds, units go down to `ns`, and days are only allowed as a whole-number
 * prefix (`"1d12h"`, not `"1.5d"` or `"12h1d"`). Values are parsed to integer nanoseconds first, as Go's
 * `time.Duration` holds them, and returned as (possibly fractional) milliseconds.
 *
 * Sources: k6 `lib/types/types.go` (`ParseExtendedDuration`, `Duration.UnmarshalJSON`) and Go's
 * `time.ParseDuration` / `Duration.String`, which k6 calls.
 *
 * @module
 */

const MAX_NS = (1n << 63n) - 1n;
const NS_PER_MS = 1_000_000;

// Go's time.unitMap; "µ" (U+00B5) and "μ" (U+03BC) are both accepted for micro.
const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n,
  "\u03bcs": 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

// The forms strconv.ParseFloat accepts in base 10; k6 tries it first and reads a success as milliseconds.
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE_TEXT = /^[+-]?(?:inf|infinity|nan)$/i;
const DAYS_TEXT = /^[+-]?\d+$/;

/**
 * Parses a k6 duration option value into milliseconds, as k6 reads `duration`, `startTime`, `timeUnit` and
 * the other duration options of a script.
 *
 * A number, or a string that is only a number, means milliseconds (`1500`, `"1500"`); otherwise the text is
 * a Go duration (`"1m30s"`, `"250ms"`, `"1.5s"`, `"10us"`) with an optional whole-number day prefix
 * (`"2d12h"`).
 *
 * @param value the option value, a number or a string
 * @returns the duration in milliseconds, exact to the nanosecond k6 would keep
 * @throws {SyntaxError} for text that is not a duration, e.g. `Cannot parse duration "5x": unknown unit "x"`
 * @throws {TypeError} for values that are neither numbers nor strings
 * @example
 * ```ts
 * import { parseK6Duration } from "./duration.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseK6Duration("1m30s"), 90_000);
 * assert.equal(parseK6Duration(500), 500);
 * assert.equal(parseK6Duration("1d2h"), 93_600_000);
 * assert.throws(() => parseK6Duration("5x"), SyntaxError);
 * ```
 */
export function parseK6Duration(value: unknown): number {
  if (typeof value === "number") return nsToMs(millisecondsToNs(value, String(value)));
  if (typeof value !== "string") {
    throw new TypeError(`Cannot parse duration ${describe(value)}: expected a string or a number`);
  }
  return nsToMs(parseExtendedDurationNs(value));
}

/**
 * Parses a Go duration such as `"30s"` or `"1h2m3.5s"` into milliseconds, as k6 reads the `--duration` and
 * `--stage` command-line flags (no bare numbers and no days there).
 *
 * @param text the duration text
 * @returns the duration in milliseconds
 * @throws {SyntaxError} for text that is not a Go duration, e.g. `Cannot parse duration "1000": missing unit after 1000`
 * @example
 * ```ts
 * import { parseGoDuration } from "./duration.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseGoDuration("1h2m3.5s"), 3_723_500);
 * assert.equal(parseGoDuration("1.5us"), 0.0015);
 * assert.throws(() => parseGoDuration("1000"), /missing unit/);
 * ```
 */
export function parseGoDuration(text: string): number {
  return nsToMs(parseGoDurationNs(text, text));
}

/**
 * Formats milliseconds the way Go's `time.Duration.String` does, which is how k6 prints durations in its
 * messages (`"1m0s"`, `"1.5s"`, `"250ms"`, `"0s"`).
 *
 * @param ms the duration in milliseconds; sub-nanosecond parts are truncated
 * @returns Go's text for the duration
 * @throws {RangeError} when `ms` is not finite
 * @example
 * ```ts
 * import { formatGoDuration } from "./duration.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatGoDuration(60_000), "1m0s");
 * assert.equal(formatGoDuration(3_723_500), "1h2m3.5s");
 * assert.equal(formatGoDuration(0.0015), "1.5µs");
 * assert.equal(formatGoDuration(0), "0s");
 * ```
 */
export function formatGoDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`Cannot format duration ${ms}: not a finite number`);
  let ns = BigInt(Math.round(ms * NS_PER_MS));
  if (ns === 0n) return "0s";
  const sign = ns < 0n ? "-" : "";
  if (ns < 0n) ns = -ns;
  if (ns < 1_000_000_000n) {
    // Under a second Go picks the largest unit that keeps an integer part.
    if (ns < 1_000n) return `${sign}${ns}ns`;
    if (ns < 1_000_000n) return `${sign}${withFraction(ns, 3)}µs`;
    return `${sign}${withFraction(ns, 6)}ms`;
  }
  const seconds = withFraction(ns % 60_000_000_000n, 9);
  const totalMinutes = ns / 60_000_000_000n;
  if (totalMinutes === 0n) return `${sign}${seconds}s`;
  const minutes = totalMinutes % 60n;
  const hours = totalMinutes / 60n;
  // Go always writes the smaller units once a larger one is present: "1h0m0s".
  return hours === 0n ? `${sign}${minutes}m${seconds}s` : `${sign}${hours}h${minutes}m${seconds}s`;
}

function withFraction(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const fraction = (value % scale).toString().padStart(digits, "0").replace(/0+$/, "");
  return fraction === "" ? `${value / scale}` : `${value / scale}.${fraction}`;
}

function nsToMs(ns: bigint): number {
  return Number(ns) / NS_PER_MS;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}`;
  return JSON.stringify(value) ?? String(value);
}

// k6: time.Duration(t * float64(time.Millisecond)) — a float product truncated toward zero.
function millisecondsToNs(value: number, original: string): bigint {
  const ns = Math.trunc(value * NS_PER_MS);
  if (!Number.isFinite(ns) || Math.abs(ns) >= 2 ** 63) {
    throw new SyntaxError(`Cannot parse duration ${JSON.stringify(original)}: out of range`);
  }
  return BigInt(ns);
}

// k6 lib/types/types.go ParseExtendedDuration.
function parseExtendedDurationNs(text: string): bigint {
  if (FLOAT_TEXT.test(text)) return millisecondsToNs(Number(text), text);
  if (NON_FINITE_TEXT.test(text)) invalid(text, "out of range");
  const dPos = text.indexOf("d");
  if (dPos < 0) return parseGoDurationNs(text, text);
  let rest = 0n;
  if (dPos + 1 < text.length) {
    rest = parseGoDurationNs(text.slice(dPos + 1), text);
    if (rest < 0n) invalid(text, `negative duration after the days: ${JSON.stringify(text.slice(dPos + 1))}`);
  }
  const daysText = text.slice(0, dPos);
  if (!DAYS_TEXT.test(daysText)) invalid(text, `expected a whole number of days before "d"`);
  const days = BigInt(daysText);
  // A negative day count makes the whole duration negative: "-1d2h" is -26h.
  const ns = days * 86_400_000_000_000n + (days < 0n ? -rest : rest);
  if (ns > MAX_NS || ns < -MAX_NS - 1n) invalid(text, "out of range");
  return ns;
}

// Go's time.ParseDuration, in BigInt so overflow and fractions behave exactly as in Go.
function parseGoDurationNs(text: string, original: string): bigint {
  let rest = text;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest[0] === "-";
    rest = rest.slice(1);
  }
  if (rest === "0") return 0n;
  if (rest === "") invalid(original, "empty");
  let total = 0n;
  while (rest !== "") {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const whole = number?.[1] ?? "";
    const fraction = number?.[2];
    if (number === null || (whole === "" && (fraction === undefined || fraction === ""))) {
      invalid(original, `expected a number at ${JSON.stringify(rest)}`);
    }
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]*/.exec(rest)?.[0] ?? "";
    if (unit === "") invalid(original, `missing unit after ${number[0]}`);
    rest = rest.slice(unit.length);
    const scale = Object.hasOwn(UNIT_NS, unit) ? UNIT_NS[unit] : undefined;
    if (scale === undefined) invalid(original, `unknown unit ${JSON.stringify(unit)}`);
    let value = BigInt(whole === "" ? "0" : whole) * scale;
    if (fraction !== undefined && fraction !== "") value += fractionNs(fraction, scale);
    total += value;
    if (total > MAX_NS + 1n) invalid(original, "out of range");
  }
  if (!negative && total > MAX_NS) invalid(original, "out of range");
  return negative ? -total : total;
}

// Go's leadingFraction + `uint64(float64(f) * (float64(unit) / scale))`: digits beyond int64 are dropped,
// and the product is computed in float64 and truncated, so "1.1s" is exactly 1100ms.
function fractionNs(digits: string, unit: bigint): bigint {
  let f = 0n;
  let scale = 1;
  for (const digit of digits) {
    if (f > MAX_NS / 10n) break;
    const next = f * 10n + BigInt(digit);
    if (next > MAX_NS + 1n) break;
    f = next;
    scale *= 10;
  }
  return BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
}

function invalid(text: string, detail: string): never {
  throw new SyntaxError(`Cannot parse duration ${JSON.stringify(text)}: ${detail}`);
}
