/**
 * The constant-arrival-rate executor's config: `rate` iterations per `timeUnit` for `duration`, on up to
 * `maxVUs` VUs of which `preAllocatedVUs` are initialized up front. Source: k6
 * `lib/executor/constant_arrival_rate.go`.
 *
 * @module
 */
import type { ScenarioRuntime } from "./runtime.ts";
import { arrivals } from "./loops.ts";
import { constantArrivalRateStarts } from "../schedule.ts";
import {
  BASE_OPTION_KEYS,
  type BaseScenarioConfig,
  type ExecutionStep,
  FieldReader,
  mergeIssues,
  type NormalizeResult,
  notPositive,
  quotedDuration,
  readBaseConfig,
  type ScenarioIssue,
  tooShort,
  validateBaseConfig,
} from "./base.ts";

/** A normalized constant-arrival-rate scenario. */
export interface ConstantArrivalRateConfig extends BaseScenarioConfig {
  /** The executor's name. */
  executor: "constant-arrival-rate";
  /** Iterations started per `timeUnit` (required). */
  rate: number;
  /** The period `rate` is counted over, in ms (default 1 s). */
  timeUnitMs: number;
  /** How long iterations keep starting, in ms (required). */
  durationMs: number;
  /** VUs initialized before the scenario starts (required). */
  preAllocatedVUs: number;
  /** The most VUs the scenario may use (default `preAllocatedVUs`). */
  maxVUs: number;
}

/** k6's defaults (`NewConstantArrivalRateConfig`): a 1 s time unit; `maxVUs` defaults to `preAllocatedVUs`. */
export const CONSTANT_ARRIVAL_RATE_DEFAULTS = { timeUnitMs: 1_000 } as const;

const KEYS = [...BASE_OPTION_KEYS, "rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs"];

/**
 * Reads and validates a constant-arrival-rate scenario from a script's raw options.
 *
 * @param raw the scenario's options object
 * @param name the scenario's name
 * @returns the config with k6's defaults, and every problem found
 * @example
 * ```ts
 * import { normalizeConstantArrivalRate } from "./constant_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * const raw = { executor: "constant-arrival-rate", rate: 10, duration: "10m", preAllocatedVUs: 20 };
 * const { config, issues } = normalizeConstantArrivalRate(raw, "carrival");
 * assert.deepEqual(issues, []);
 * assert.equal(config.maxVUs, 20);
 * assert.equal(config.timeUnitMs, 1_000);
 * ```
 */
export function normalizeConstantArrivalRate(
  raw: unknown,
  name: string,
): NormalizeResult<ConstantArrivalRateConfig> {
  const reader = new FieldReader(raw);
  const base = readBaseConfig(reader, name);
  const rate = reader.optionalInt("rate");
  const timeUnitMs = reader.duration("timeUnit", CONSTANT_ARRIVAL_RATE_DEFAULTS.timeUnitMs);
  const durationMs = reader.optionalDuration("duration");
  const preAllocatedVUs = reader.optionalInt("preAllocatedVUs");
  const maxVUs = reader.optionalInt("maxVUs");
  // k6: "the iteration rate isn't specified", "the duration is unspecified", "... preAllocatedVUs isn't specified".
  reader.require(rate, ["rate"]);
  reader.require(durationMs, ["duration"]);
  reader.require(preAllocatedVUs, ["preAllocatedVUs"]);
  reader.rejectUnknown(KEYS);
  const config: ConstantArrivalRateConfig = {
    ...base,
    executor: "constant-arrival-rate",
    rate: rate ?? 0,
    timeUnitMs,
    durationMs: durationMs ?? 0,
    preAllocatedVUs: preAllocatedVUs ?? 0,
    maxVUs: maxVUs ?? preAllocatedVUs ?? 0,
  };
  return { config, issues: mergeIssues(reader.issues, validateConstantArrivalRate(config)) };
}

/**
 * Checks a constant-arrival-rate config as k6's `ConstantArrivalRateConfig.Validate` does.
 *
 * @param config the config
 * @returns the problems found; empty when valid
 * @example
 * ```ts
 * import { normalizeConstantArrivalRate, validateConstantArrivalRate } from "./constant_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeConstantArrivalRate({ rate: -5, duration: "1m", preAllocatedVUs: 20, maxVUs: 15 }, "api");
 * assert.deepEqual(validateConstantArrivalRate(config), [
 *   { path: ["rate"], message: "must be more than 0, got -5" },
 *   { path: ["maxVUs"], message: "must not be less than preAllocatedVUs (20), got 15" },
 * ]);
 * ```
 */
export function validateConstantArrivalRate(config: ConstantArrivalRateConfig): ScenarioIssue[] {
  return [...validateBaseConfig(config), ...validateArrivalRate(config)];
}

/**
 * The checks constant-arrival-rate and its Poisson sibling share: a positive rate and time unit, a
 * `duration` of at least 1 s, and a VU range that makes sense.
 *
 * @param config the rate, time unit, duration and VU range
 * @returns the problems found; empty when valid
 * @example
 * ```ts
 * import { validateArrivalRate } from "./constant_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * const issues = validateArrivalRate({ rate: 10, timeUnitMs: -1_000, durationMs: 60_000, preAllocatedVUs: 1, maxVUs: 1 });
 * assert.deepEqual(issues, [{ path: ["timeUnit"], message: 'must be more than 0, got "-1s"' }]);
 * ```
 */
export function validateArrivalRate(
  config: Pick<
    ConstantArrivalRateConfig,
    "rate" | "timeUnitMs" | "durationMs" | "preAllocatedVUs" | "maxVUs"
  >,
): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  if (config.rate <= 0) issues.push(notPositive(["rate"], config.rate));
  if (config.timeUnitMs <= 0) {
    issues.push({
      path: ["timeUnit"],
      message: `must be more than 0, got ${quotedDuration(config.timeUnitMs)}`,
    });
  }
  const short = tooShort(["duration"], config.durationMs);
  if (short) issues.push(short);
  issues.push(...validateVuRange(config));
  return issues;
}

/**
 * Checks `preAllocatedVUs` and `maxVUs` as both k6 arrival-rate executors do.
 *
 * @param config the VU range
 * @returns the problems found; empty when valid
 * @example
 * ```ts
 * import { validateVuRange } from "./constant_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(validateVuRange({ preAllocatedVUs: -2, maxVUs: 25 }), [
 *   { path: ["preAllocatedVUs"], message: "must not be negative, got -2" },
 * ]);
 * ```
 */
export function validateVuRange(config: { preAllocatedVUs: number; maxVUs: number }): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  if (config.preAllocatedVUs < 0) {
    issues.push({
      path: ["preAllocatedVUs"],
      message: `must not be negative, got ${config.preAllocatedVUs}`,
    });
  }
  if (config.maxVUs < config.preAllocatedVUs) {
    issues.push({
      path: ["maxVUs"],
      message: `must not be less than preAllocatedVUs (${config.preAllocatedVUs}), got ${config.maxVUs}`,
    });
  }
  return issues;
}

/**
 * The VUs an arrival-rate scenario needs: `preAllocatedVUs` planned and up to `maxVUs` in total, until the
 * end plus `gracefulStop` (k6's `GetExecutionRequirements` of both arrival-rate executors).
 *
 * @param config the VU range, `gracefulStopMs`, and the regular duration
 * @param durationMs how long iterations keep starting, in ms
 * @returns the execution steps, relative to the scenario's start
 * @example
 * ```ts
 * import { arrivalRateRequirements } from "./constant_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(arrivalRateRequirements({ preAllocatedVUs: 20, maxVUs: 30, gracefulStopMs: 30_000 }, 600_000), [
 *   { atMs: 0, plannedVUs: 20, maxUnplannedVUs: 10 },
 *   { atMs: 630_000, plannedVUs: 0, maxUnplannedVUs: 0 },
 * ]);
 * ```
 */
export function arrivalRateRequirements(
  config: { preAllocatedVUs: number; maxVUs: number; gracefulStopMs: number },
  durationMs: number,
): ExecutionStep[] {
  const planned = Math.max(config.preAllocatedVUs, 0);
  return [
    { atMs: 0, plannedVUs: planned, maxUnplannedVUs: Math.max(config.maxVUs - planned, 0) },
    { atMs: durationMs + config.gracefulStopMs, plannedVUs: 0, maxUnplannedVUs: 0 },
  ];
}

/**
 * The VUs the scenario needs over time (see {@linkcode arrivalRateRequirements}).
 *
 * @param config the config
 * @returns the execution steps, relative to the scenario's start
 * @example
 * ```ts
 * import { constantArrivalRateRequirements, normalizeConstantArrivalRate } from "./constant_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeConstantArrivalRate(
 *   { rate: 30, timeUnit: "1m", duration: "10m", preAllocatedVUs: 20, maxVUs: 30 }, "carrival");
 * assert.equal(constantArrivalRateRequirements(config).at(-1)?.atMs, 630_000);
 * ```
 */
export function constantArrivalRateRequirements(config: ConstantArrivalRateConfig): ExecutionStep[] {
  return arrivalRateRequirements(config, config.durationMs);
}

/**
 * Runs constant-arrival-rate: iterations start at `rate` per `timeUnit`, whatever the target's latency.
 *
 * @param config the scenario
 * @param runtime the engine side
 */
export async function runConstantArrivalRate(
  config: ConstantArrivalRateConfig,
  runtime: ScenarioRuntime,
): Promise<void> {
  await arrivals(runtime, constantArrivalRateStarts(config), config.durationMs, config.gracefulStopMs);
}
