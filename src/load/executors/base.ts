/**
 * What every executor config shares: the base options (`startTime`, `gracefulStop`, `exec`, `env`, `tags`),
 * stages, the execution steps that describe VU needs over time, and a reader that turns a script's raw
 * option values into typed ones the way k6's JSON decoding does, collecting every problem instead of
 * stopping at the first.
 *
 * Sources: k6 `lib/executor/base_config.go`, `lib/executor/helpers.go`, `lib/executors.go`, and the
 * `null.Int` / `types.NullDuration` decoders k6 uses (`gopkg.in/guregu/null.v3`, `lib/types/types.go`).
 *
 * @module
 */
import { formatGoDuration, parseK6Duration } from "../duration.ts";

/** A path inside a scenario's options, e.g. `["stages", 1, "duration"]`. */
export type IssuePath = (string | number)[];

/** One problem found in a scenario's (or the options') values. */
export interface ScenarioIssue {
  /** Where, relative to the object being read, e.g. `["stages", 1, "target"]`; empty for the object itself. */
  path: IssuePath;
  /** What is wrong, e.g. `must be more than 0, got -5`. */
  message: string;
}

/** The result of normalizing one scenario: a fully defaulted config and whatever was wrong with it. */
export interface NormalizeResult<T> {
  /** The config with defaults applied; only meaningful when `issues` is empty. */
  config: T;
  /** Every problem found, in field order. */
  issues: ScenarioIssue[];
}

/** One ramping stage, with its duration in milliseconds. */
export interface Stage {
  /** How long the stage lasts, in ms; 0 means an instant jump to `target`. */
  durationMs: number;
  /** The VU count (ramping-vus) or iteration rate (ramping-arrival-rate) reached at the end of the stage. */
  target: number;
}

/** A stage as read from options, before deciding whether its missing fields are errors. */
export interface ParsedStage {
  /** Position in the original list, for messages. */
  index: number;
  /** Duration in ms, or undefined when absent. */
  durationMs: number | undefined;
  /** Target, or undefined when absent. */
  target: number | undefined;
}

/**
 * From `atMs` on (relative to the scenario's start), the scenario needs `plannedVUs` initialized VUs and
 * may initialize up to `maxUnplannedVUs` more mid-test — k6's `lib.ExecutionStep`.
 */
export interface ExecutionStep {
  /** Offset from the scenario's (or, in a combined plan, the test's) start, in ms. */
  atMs: number;
  /** VUs that must be initialized from this moment. */
  plannedVUs: number;
  /** VUs the scenario may still initialize mid-test (arrival-rate executors above `preAllocatedVUs`). */
  maxUnplannedVUs: number;
}

/** The options every executor accepts, normalized. */
export interface BaseScenarioConfig {
  /** The scenario's name: its key in `options.scenarios`. */
  name: string;
  /** Delay from the test's start before the scenario begins, in ms (default 0). */
  startTimeMs: number;
  /** How long running iterations may finish after the scenario's regular end, in ms (default 30 s). */
  gracefulStopMs: number;
  /** The exported function VUs run (default `"default"`). */
  exec: string;
  /** Extra `__ENV` values for this scenario's VUs. */
  env: Record<string, string>;
  /** Tags added to every sample of this scenario. */
  tags: Record<string, string>;
  /** k6's per-scenario `options` object (browser settings), passed through untouched. */
  options?: Record<string, unknown>;
}

/** The option keys every executor accepts besides its own. */
export const BASE_OPTION_KEYS: readonly string[] = [
  "executor",
  "startTime",
  "gracefulStop",
  "env",
  "exec",
  "tags",
  "options",
];

/** k6's `DefaultGracefulStopValue` (base_config.go). */
export const DEFAULT_GRACEFUL_STOP_MS = 30_000;

/** k6's `minDuration` (constant_vus.go): the shortest `duration`/`maxDuration` an executor may have. */
export const MIN_DURATION_MS = 1_000;

/** k6's `maxConcurrentVUs` (helpers.go): a sanity limit on ramping-vus targets. */
export const MAX_CONCURRENT_VUS = 100_000_000;

// base_config.go: scenarioNameWhitelist.
const SCENARIO_NAME = /^[0-9a-zA-Z_-]+$/;
const INTEGER_TEXT = /^[+-]?\d+$/;

/**
 * Reads typed values out of a raw options object the way k6 decodes JSON (`null` means unset, integers
 * may be numeric strings, durations follow {@linkcode parseK6Duration}) and records every problem in
 * {@linkcode FieldReader.issues} instead of throwing.
 *
 * @example
 * ```ts
 * import { FieldReader } from "./base.ts";
 * import assert from "node:assert/strict";
 * const reader = new FieldReader({ vus: 10, duration: "30s", rate: 1.5 });
 * assert.equal(reader.int("vus", 1), 10);
 * assert.equal(reader.duration("duration", 0), 30_000);
 * reader.int("rate", 0);
 * assert.deepEqual(reader.issues, [{ path: ["rate"], message: "must be an integer, got 1.5" }]);
 * ```
 */
export class FieldReader {
  /** Every problem found so far, in reading order. */
  readonly issues: ScenarioIssue[] = [];
  readonly #fields: Record<string, unknown>;

  /**
   * Wraps a raw value; anything but a plain object is recorded as an issue at the empty path.
   *
   * @param raw the raw options object
   */
  constructor(raw: unknown) {
    if (isRecord(raw)) this.#fields = raw;
    else {
      this.#fields = {};
      this.issues.push({ path: [], message: `must be an object, got ${describeValue(raw)}` });
    }
  }

  /**
   * Records a problem.
   *
   * @param path where, relative to this object
   * @param message what is wrong
   */
  report(path: IssuePath, message: string): void {
    this.issues.push({ path, message });
  }

  /**
   * Tells whether a key is set; `null` counts as unset, as it does for k6's nullable types.
   *
   * @param key the option name
   * @returns true when the key has a non-null value
   */
  has(key: string): boolean {
    return this.raw(key) !== undefined;
  }

  /**
   * Returns a key's raw value, or undefined when it is absent or null.
   *
   * @param key the option name
   * @returns the raw value
   */
  raw(key: string): unknown {
    const value = Object.hasOwn(this.#fields, key) ? this.#fields[key] : undefined;
    return value === null ? undefined : value;
  }

  /**
   * Reads an integer option (k6's `null.Int`), or returns `fallback` when it is unset.
   *
   * @param key the option name
   * @param fallback the default
   * @returns the integer
   */
  int(key: string, fallback: number): number {
    return this.optionalInt(key) ?? fallback;
  }

  /**
   * Reads an integer option, or returns undefined when it is unset (or the empty string, as `null.Int` has it).
   *
   * @param key the option name
   * @returns the integer, or undefined
   */
  optionalInt(key: string): number | undefined {
    const result = readInteger(this.raw(key));
    if (typeof result === "string") {
      this.report([key], result);
      return undefined;
    }
    return result;
  }

  /**
   * Reads a duration option (k6's `types.NullDuration`) in ms, or returns `fallbackMs` when it is unset.
   *
   * @param key the option name
   * @param fallbackMs the default, in ms
   * @returns the duration in ms
   */
  duration(key: string, fallbackMs: number): number {
    return this.optionalDuration(key) ?? fallbackMs;
  }

  /**
   * Reads a duration option in ms, or returns undefined when it is unset.
   *
   * @param key the option name
   * @returns the duration in ms, or undefined
   */
  optionalDuration(key: string): number | undefined {
    const result = readDuration(this.raw(key));
    if (typeof result === "string") {
      this.report([key], result);
      return undefined;
    }
    return result;
  }

  /**
   * Reads a boolean option (k6's `null.Bool`), or returns `fallback` when it is unset.
   *
   * @param key the option name
   * @param fallback the default
   * @returns the boolean
   */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value === "boolean") return value;
    this.report([key], `must be a boolean, got ${describeValue(value)}`);
    return fallback;
  }

  /**
   * Reads a string option (k6's `null.String`), or returns undefined when it is unset.
   *
   * @param key the option name
   * @returns the string, or undefined
   */
  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === "string") return value;
    this.report([key], `must be a string, got ${describeValue(value)}`);
    return undefined;
  }

  /**
   * Reads an object of string values (k6's `map[string]string`, as `env` and `tags` are).
   *
   * @param key the option name
   * @returns the map; empty when unset
   */
  stringMap(key: string): Record<string, string> {
    const value = this.raw(key);
    const result: Record<string, string> = {};
    if (value === undefined) return result;
    if (!isRecord(value)) {
      this.report([key], `must be an object of strings, got ${describeValue(value)}`);
      return result;
    }
    for (const [name, item] of Object.entries(value)) {
      if (typeof item === "string") result[name] = item;
      else this.report([key, name], `must be a string, got ${describeValue(item)}`);
    }
    return result;
  }

  /**
   * Reads a list of `{ duration, target }` stages; missing fields stay undefined for the caller to judge.
   *
   * @param key the option name
   * @param options `strict` reports fields other than `duration` and `target`, as k6 does inside scenarios
   * @returns the stages, or undefined when unset
   */
  stages(key: string, options: { strict?: boolean } = {}): ParsedStage[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.report([key], `must be a list of stages, got ${describeValue(value)}`);
      return [];
    }
    return value.map((item: unknown, index) => {
      const stage = new FieldReader(item);
      const parsed = {
        index,
        durationMs: stage.optionalDuration("duration"),
        target: stage.optionalInt("target"),
      };
      if (options.strict) stage.rejectUnknown(["duration", "target"]);
      for (const issue of stage.issues) this.report([key, index, ...issue.path], issue.message);
      return parsed;
    });
  }

  /**
   * Reads a scenario's stages strictly and reports each missing `duration` or `target` (helpers.go
   * `validateStages`: "stage N doesn't have a duration/target").
   *
   * @param key the option name, e.g. `"stages"`
   * @returns the stages, with 0 standing in for missing values; empty when unset
   */
  requiredStages(key: string): Stage[] {
    return (this.stages(key, { strict: true }) ?? []).map((stage) => {
      this.require(stage.durationMs, [key, stage.index, "duration"]);
      this.require(stage.target, [key, stage.index, "target"]);
      return { durationMs: stage.durationMs ?? 0, target: stage.target ?? 0 };
    });
  }

  /**
   * Reports a required value as missing when it was not read and nothing else is wrong with it (a value
   * that failed to parse is already reported; "is required" would only repeat it).
   *
   * @param value what was read
   * @param path where, e.g. `["duration"]`
   */
  require(value: unknown, path: IssuePath): void {
    const reported = this.issues.some((issue) =>
      issue.path.length === path.length && issue.path.every((segment, i) => segment === path[i])
    );
    if (value === undefined && !reported) this.report(path, "is required");
  }

  /**
   * Lists the keys that are not in `allowed`.
   *
   * @param allowed the known option names
   * @returns the unknown keys, in object order
   */
  unknownKeys(allowed: readonly string[]): string[] {
    // Keys holding undefined vanish when k6 serializes the options to JSON, so they are not unknown either.
    return Object.keys(this.#fields).filter((key) =>
      this.#fields[key] !== undefined && !allowed.includes(key)
    );
  }

  /**
   * Reports every key that is not in `allowed`, as k6's strict decoding of scenarios does.
   *
   * @param allowed the known option names
   */
  rejectUnknown(allowed: readonly string[]): void {
    for (const key of this.unknownKeys(allowed)) this.report([key], "unknown option");
  }
}

/**
 * Reads the options every executor shares, with k6's defaults (`NewBaseConfig` in base_config.go).
 *
 * @param reader the scenario's raw options
 * @param name the scenario's name
 * @returns the base config
 * @example
 * ```ts
 * import { FieldReader, readBaseConfig } from "./base.ts";
 * import assert from "node:assert/strict";
 * const base = readBaseConfig(new FieldReader({ startTime: "10s", exec: "api" }), "api");
 * assert.deepEqual(base, {
 *   name: "api", startTimeMs: 10_000, gracefulStopMs: 30_000, exec: "api", env: {}, tags: {},
 * });
 * ```
 */
export function readBaseConfig(reader: FieldReader, name: string): BaseScenarioConfig {
  const config: BaseScenarioConfig = {
    name,
    startTimeMs: reader.duration("startTime", 0),
    gracefulStopMs: reader.duration("gracefulStop", DEFAULT_GRACEFUL_STOP_MS),
    exec: reader.string("exec") ?? "default",
    env: reader.stringMap("env"),
    tags: reader.stringMap("tags"),
  };
  const options = reader.raw("options");
  if (isRecord(options)) config.options = options;
  else if (options !== undefined) {
    reader.report(["options"], `must be an object, got ${describeValue(options)}`);
  }
  return config;
}

/**
 * Checks the shared options as k6's `BaseConfig.Validate` does: a valid name, a non-empty `exec`, and no
 * negative `startTime` or `gracefulStop`.
 *
 * @param config the base config
 * @returns the problems found; empty when valid
 * @example
 * ```ts
 * import { readBaseConfig, FieldReader, validateBaseConfig } from "./base.ts";
 * import assert from "node:assert/strict";
 * const base = readBaseConfig(new FieldReader({ gracefulStop: "-2s" }), "api");
 * assert.deepEqual(validateBaseConfig(base), [{ path: ["gracefulStop"], message: 'must not be negative, got "-2s"' }]);
 * ```
 */
export function validateBaseConfig(config: BaseScenarioConfig): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  if (config.name === "") issues.push({ path: [], message: "the scenario name must not be empty" });
  else if (!SCENARIO_NAME.test(config.name)) {
    issues.push({
      path: [],
      message: "the scenario name must contain only numbers, latin letters, underscores and dashes",
    });
  }
  if (config.exec === "") issues.push({ path: ["exec"], message: "must not be empty" });
  if (config.startTimeMs < 0) issues.push(notNegative(["startTime"], quotedDuration(config.startTimeMs)));
  if (config.gracefulStopMs < 0) {
    issues.push(notNegative(["gracefulStop"], quotedDuration(config.gracefulStopMs)));
  }
  return issues;
}

/**
 * Checks stages as k6's `validateStages` does: at least one, and no negative durations or targets.
 *
 * @param stages the stages
 * @returns the problems found, with paths under `stages`
 * @example
 * ```ts
 * import { validateStages } from "./base.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(validateStages([]), [{ path: ["stages"], message: "must have at least one stage" }]);
 * assert.deepEqual(validateStages([{ durationMs: 1_000, target: -1 }]), [
 *   { path: ["stages", 0, "target"], message: "must not be negative, got -1" },
 * ]);
 * ```
 */
export function validateStages(stages: readonly Stage[]): ScenarioIssue[] {
  if (stages.length === 0) return [{ path: ["stages"], message: "must have at least one stage" }];
  const issues: ScenarioIssue[] = [];
  stages.forEach((stage, index) => {
    if (stage.durationMs < 0) {
      issues.push(notNegative(["stages", index, "duration"], quotedDuration(stage.durationMs)));
    }
    if (stage.target < 0) issues.push(notNegative(["stages", index, "target"], stage.target));
  });
  return issues;
}

/**
 * Combines parse problems with validation problems, dropping validation problems about a field whose
 * value could not be read (so a missing `duration` is not also reported as "must be at least 1s").
 *
 * @param parsed problems found while reading
 * @param validated problems found while validating the typed config
 * @returns both lists, without the redundant validation problems
 * @example
 * ```ts
 * import { mergeIssues } from "./base.ts";
 * import assert from "node:assert/strict";
 * const merged = mergeIssues(
 *   [{ path: ["duration"], message: "is required" }],
 *   [{ path: ["duration"], message: 'must be at least 1s, got "0s"' }, { path: ["vus"], message: "must be more than 0, got 0" }],
 * );
 * assert.deepEqual(merged.map((issue) => issue.path[0]), ["duration", "vus"]);
 * ```
 */
export function mergeIssues(
  parsed: readonly ScenarioIssue[],
  validated: readonly ScenarioIssue[],
): ScenarioIssue[] {
  const covered = (path: IssuePath) =>
    parsed.some((issue) => issue.path.length > 0 && issue.path.every((segment, i) => path[i] === segment));
  return [...parsed, ...validated.filter((issue) => !covered(issue.path))];
}

/**
 * The end of a list of steps: the offset of the last step (k6's `lib.GetEndOffset`).
 *
 * @param steps execution steps in time order
 * @returns the last step's offset in ms, or 0 for no steps
 * @example
 * ```ts
 * import { endOffsetMs } from "./base.ts";
 * import assert from "node:assert/strict";
 * assert.equal(endOffsetMs([{ atMs: 0, plannedVUs: 5, maxUnplannedVUs: 0 }, { atMs: 90_000, plannedVUs: 0, maxUnplannedVUs: 0 }]), 90_000);
 * ```
 */
export function endOffsetMs(steps: readonly ExecutionStep[]): number {
  return steps.at(-1)?.atMs ?? 0;
}

/**
 * The most VUs initialized at any moment (k6's `lib.GetMaxPlannedVUs`).
 *
 * @param steps execution steps
 * @returns the largest `plannedVUs`
 * @example
 * ```ts
 * import { maxPlannedVUs } from "./base.ts";
 * import assert from "node:assert/strict";
 * assert.equal(maxPlannedVUs([{ atMs: 0, plannedVUs: 20, maxUnplannedVUs: 10 }]), 20);
 * ```
 */
export function maxPlannedVUs(steps: readonly ExecutionStep[]): number {
  return steps.reduce((max, step) => Math.max(max, step.plannedVUs), 0);
}

/**
 * The most VUs that may exist at any moment, planned plus unplanned (k6's `lib.GetMaxPossibleVUs`).
 *
 * @param steps execution steps
 * @returns the largest `plannedVUs + maxUnplannedVUs`
 * @example
 * ```ts
 * import { maxPossibleVUs } from "./base.ts";
 * import assert from "node:assert/strict";
 * assert.equal(maxPossibleVUs([{ atMs: 0, plannedVUs: 20, maxUnplannedVUs: 10 }]), 30);
 * ```
 */
export function maxPossibleVUs(steps: readonly ExecutionStep[]): number {
  return steps.reduce((max, step) => Math.max(max, step.plannedVUs + step.maxUnplannedVUs), 0);
}

/**
 * Describes a value for a message: numbers bare, strings and everything else as JSON.
 *
 * @param value any value
 * @returns the description, e.g. `-5`, `"5x"` or `true`
 * @example
 * ```ts
 * import { describeValue } from "./base.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describeValue(-5), "-5");
 * assert.equal(describeValue("5x"), '"5x"');
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Reports a negative value.
 *
 * @param path where
 * @param shown the value as the message shows it: a count, or a {@linkcode quotedDuration}
 * @returns the issue
 * @example
 * ```ts
 * import { notNegative, quotedDuration } from "./base.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(notNegative(["startTime"], quotedDuration(-10_000)), {
 *   path: ["startTime"],
 *   message: 'must not be negative, got "-10s"',
 * });
 * ```
 */
export function notNegative(path: IssuePath, shown: string | number): ScenarioIssue {
  return { path, message: `must not be negative, got ${shown}` };
}

/**
 * The problem of a count or rate that must be positive (k6: "must be more than 0").
 *
 * @param path where the value is
 * @param shown the value as the message shows it
 * @returns the issue
 */
export function notPositive(path: IssuePath, shown: string | number): ScenarioIssue {
  return { path, message: `must be more than 0, got ${shown}` };
}

/**
 * The problem of a duration shorter than k6's minimum of 1 s, or null when it is long enough.
 *
 * @param path where the duration is
 * @param ms the duration in ms
 * @returns the issue, or null
 */
export function tooShort(path: IssuePath, ms: number): ScenarioIssue | null {
  return ms < MIN_DURATION_MS ? { path, message: `must be at least 1s, got ${quotedDuration(ms)}` } : null;
}

/**
 * The execution steps of a fixed set of VUs held from the start until `endMs` (k6's
 * `GetExecutionRequirements` for shared-iterations, per-vu-iterations and constant-vus).
 *
 * @param vus the VUs
 * @param endMs when they are released: the regular end plus gracefulStop
 * @returns the steps
 */
export function fixedVusSteps(vus: number, endMs: number): ExecutionStep[] {
  return [
    { atMs: 0, plannedVUs: Math.max(vus, 0), maxUnplannedVUs: 0 },
    { atMs: endMs, plannedVUs: 0, maxUnplannedVUs: 0 },
  ];
}

/**
 * Formats milliseconds as a quoted Go duration for messages, e.g. `"1m0s"`.
 *
 * @param ms the duration in ms
 * @returns the quoted text
 * @example
 * ```ts
 * import { quotedDuration } from "./base.ts";
 * import assert from "node:assert/strict";
 * assert.equal(quotedDuration(500), '"500ms"');
 * ```
 */
export function quotedDuration(ms: number): string {
  return JSON.stringify(formatGoDuration(ms));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// guregu null.Int: numbers must be integral, strings are base-10 integers and "" means unset.
function readInteger(value: unknown): number | undefined | string {
  if (value === undefined || value === "") return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && INTEGER_TEXT.test(value) && Number.isSafeInteger(Number(value))) {
    return Number(value);
  }
  return `must be an integer, got ${describeValue(value)}`;
}

function readDuration(value: unknown): number | undefined | string {
  if (value === undefined) return undefined;
  try {
    return parseK6Duration(value);
  } catch (error) {
    if (error instanceof SyntaxError) return error.message;
    return `must be a duration, got ${describeValue(value)}`;
  }
}
