/**
 * Durations as config files write them: Go-style compound strings such as `500ms`, `5s`, `1h30m` or `30d`,
 * resolved to milliseconds so nothing downstream parses text.
 *
 * @module
 */

const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
} as const;

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)/;
const UNIT = /^[^\d.]+/;

/**
 * Parses a duration such as `"500ms"`, `"5s"`, `"1h30m"` or `"30d"` into milliseconds.
 *
 * Units are `ms`, `s`, `m`, `h` and `d` (case matters); parts may carry decimals (`1.5s`) and combine in any order, as in
 * Go's `time.ParseDuration`. A bare `"0"` is accepted too, as Go does.
 *
 * @param text the duration, e.g. `"1h30m"`
 * @returns the duration in milliseconds
 * @throws {SyntaxError} when the text is not a duration, e.g. `Cannot parse duration "5x": unknown unit "x"`
 * @example
 * ```ts
 * import { parseDuration } from "./duration.ts";
 * import assert from "assert";
 * assert.equal(parseDuration("1h30m"), 5_400_000);
 * assert.equal(parseDuration("250ms"), 250);
 * assert.throws(() => parseDuration("5x"), SyntaxError);
 * ```
 */
export function parseDuration(text: string): number {
  let rest = text.trim();
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    if (rest[0] === "-") sign = -1;
    rest = rest.slice(1);
  }
  if (rest === "") invalid(text, "empty");
  if (rest === "0") return 0;
  let total = 0;
  while (rest !== "") {
    const number = NUMBER.exec(rest)?.[0];
    if (number === undefined) invalid(text, `expected a number at ${JSON.stringify(rest)}`);
    rest = rest.slice(number.length);
    const unit = UNIT.exec(rest)?.[0];
    if (unit === undefined) invalid(text, `missing unit after ${number}`);
    // hasOwn, so "constructor" is an unknown unit rather than an inherited property.
    const scale = Object.hasOwn(UNIT_MS, unit) ? UNIT_MS[unit as keyof typeof UNIT_MS] : undefined;
    if (scale === undefined) invalid(text, `unknown unit ${JSON.stringify(unit)}`);
    total += Number(number) * scale;
    rest = rest.slice(unit.length);
  }
  if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) invalid(text, "out of range");
  // Decimal parts like "1.1s" would otherwise leave binary noise (1100.0000000000002); keep microseconds.
  return sign * Math.round(total * 1_000) / 1_000;
}

function invalid(text: string, detail: string): never {
  throw new SyntaxError(`Cannot parse duration ${JSON.stringify(text)}: ${detail}`);
}

/**
 * Formats milliseconds as the shortest duration string `parseDuration` reads back, e.g. `"1h30m"`.
 *
 * @param ms the duration in milliseconds
 * @returns the duration as text, e.g. `"1h30m"`, `"1.5s"`, `"250ms"` or `"0s"`
 * @throws {RangeError} when `ms` is not a finite number
 * @example
 * ```ts
 * import { formatDuration } from "./duration.ts";
 * import assert from "assert";
 * assert.equal(formatDuration(5_400_000), "1h30m");
 * assert.equal(formatDuration(1_500), "1.5s");
 * assert.equal(formatDuration(250), "250ms");
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`Cannot format duration ${ms}: not a finite number`);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return "0s";
  let rest = Math.round(ms * 1_000) / 1_000;
  let text = "";
  for (const unit of ["d", "h", "m"] as const) {
    const scale = UNIT_MS[unit];
    const count = Math.floor(rest / scale);
    if (count > 0) text += `${count}${unit}`;
    rest = Math.round((rest - count * scale) * 1_000) / 1_000;
  }
  // Under a second reads better in ms ("250ms"); with whole seconds, as a decimal ("1.5s") like Go.
  if (rest >= 1_000) text += `${rest / 1_000}s`;
  else if (rest > 0) text += `${rest}ms`;
  return text;
}
