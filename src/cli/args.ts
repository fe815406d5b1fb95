/**
 * The one seam over the argument parser (`node:util` parseArgs, since `@std/cli` on JSR is unreachable).
 * Swapping parsers touches this file only.
 *
 * @module
 */
import { parseArgs } from "parse-args";

/** A command-line usage mistake; main.ts maps it to exit code 2 with the command's help. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Option spec: string options may repeat (`multiple`), booleans are flags. */
export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
}

/** Parsed options and positional arguments. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** How `parse` treats positional arguments. */
export interface ParseOptions {
  /** How many positional arguments the command reads (default 0); any more are a UsageError. */
  positionals?: number;
}

/**
 * Parses `argv` strictly against `options`; unknown options, missing values and positional arguments
 * beyond what the command reads become a UsageError, so a forgotten `--config` is never silently ignored.
 *
 * @param argv the arguments after the command name
 * @param options the accepted options
 * @param parseOptions how many positional arguments the command reads
 * @returns the parsed values and positionals
 * @example
 * ```ts
 * import { parse } from "./args.ts";
 * import assert from "node:assert/strict";
 * const { values } = parse(["--rounds", "3"], { rounds: { type: "string" } });
 * assert.equal(values.rounds, "3");
 * assert.throws(() => parse(["vigil.yaml"], { config: { type: "string" } }), /did you mean --config/);
 * ```
 */
export function parse(
  argv: string[],
  options: Record<string, OptionSpec>,
  parseOptions: ParseOptions = {},
): ParsedArgs {
  let parsed: ParsedArgs;
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    parsed = { values: values as ParsedArgs["values"], positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const allowed = parseOptions.positionals ?? 0;
  const extra = parsed.positionals.slice(allowed);
  if (extra.length > 0) {
    throw new UsageError(unexpectedMessage(extra, options, { allowed, afterDash: argv.includes("--") }));
  }
  return parsed;
}

const DATA_FILE = /\.(csv|ndjson|jsonl|json)$/i;

function unexpectedMessage(
  extra: string[],
  options: Record<string, OptionSpec>,
  context: { allowed: number; afterDash: boolean },
): string {
  const quoted = extra.map((arg) => `"${arg}"`).join(" ");
  const head = extra.length === 1 ? `Unexpected argument ${quoted}` : `Unexpected arguments ${quoted}`;
  const [first, second] = extra;
  // An npm habit: `deno task check -- --config x.yaml`. Deno passes the "--" on, and what follows it is
  // never read as an option.
  if (context.afterDash && extra.some((arg) => arg.startsWith("-"))) {
    return `${head}: options after "--" are not read as options; drop the "--" (deno task passes arguments on as they are)`;
  }
  // The likeliest slip: a config file given as `check staging.yaml`.
  if (options.config !== undefined && first !== undefined && /\.ya?ml$/i.test(first)) {
    return `${head}: did you mean --config ${first}?`;
  }
  // `drift ref.csv cur.csv`: the two datasets are named by their options.
  if (
    options.reference !== undefined && options.current !== undefined && context.allowed === 0 &&
    first !== undefined && extra.length <= 2 && extra.every((arg) => DATA_FILE.test(arg))
  ) {
    return `${head}: did you mean --reference ${first}${second === undefined ? "" : ` --current ${second}`}?`;
  }
  if (context.allowed === 0) return `${head}: expected options only`;
  return `${head}: expected at most ${context.allowed} argument${
    context.allowed === 1 ? "" : "s"
  } besides options, got ${context.allowed + extra.length}`;
}

/** Reads a string option, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

/** Reads a repeatable string option as a list. */
export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
}

/** Reads an integer option within [min, max], or the fallback when absent. */
export function intOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`Invalid --${name} "${raw}": expected a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Reads a number option within [min, max], or the fallback when absent. */
export function numberOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min = -Infinity,
  max = Infinity,
): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`Invalid --${name} "${raw}": expected a number from ${min} to ${max}`);
  }
  return value;
}
