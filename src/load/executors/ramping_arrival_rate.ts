/**
 * The ramping-arrival-rate executor's config: an iteration rate that ramps linearly from `startRate`
 * through `stages`, on up to `maxVUs` VUs of which `preAllocatedVUs` are initialized up front. Source: k6
 * `lib/executor/ramping_arrival_rate.go`.
 *
 * @module
 */
import type { ScenarioRuntime } from "./runtime.ts";
import { arrivals } from "./loops.ts";
import { rampingArrivalRateStarts } from "../schedule.ts";
import {
  BASE_OPTION_KEYS,
  type BaseScenarioConfig,
  type ExecutionStep,
  FieldReader,
  mergeIssues,
  type NormalizeResult,
  quotedDuration,
  readBaseConfig,
  type ScenarioIssue,
  type Stage,
  validateBaseConfig,
  validateStages,
} from "./base.ts";
import { arrivalRateRequirements, validateVuRange } from "./constant_arrival_rate.ts";

/** A normalized ramping-arrival-rate scenario. */
export interface RampingArrivalRateConfig extends BaseScenarioConfig {
  /** The executor's name. */
  executor: "ramping-arrival-rate";
  /** Iterations per `timeUnit` at the start (default 0). */
  startRate: number;
  /** The period rates are counted over, in ms (default 1 s). */
  timeUnitMs: number;
  /** Linear ramps of the rate to each stage's target (required, at least one). */
  stages: Stage[];
  /** VUs initialized before the scenario starts (required). */
  preAllocatedVUs: number;
  /** The most VUs the scenario may use (default `preAllocatedVUs`). */
  maxVUs: number;
}

/** k6's defaults (`NewRampingArrivalRateConfig`): start rate 0, a 1 s time unit. */
export const RAMPING_ARRIVAL_RATE_DEFAULTS = { startRate: 0, timeUnitMs: 1_000 } as const;

const KEYS = [...BASE_OPTION_KEYS, "startRate", "timeUnit", "stages", "preAllocatedVUs", "maxVUs"];

/**
 * Reads and validates a ramping-arrival-rate scenario from a script's raw options.
 *
 * @param raw the scenario's options object
 * @param name the scenario's name
 * @returns the config with k6's defaults, and every problem found
 * @example
 * ```ts
 * import { normalizeRampingArrivalRate } from "./ramping_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * const raw = { executor: "ramping-arrival-rate", preAllocatedVUs: 20, stages: [{ duration: "5m", target: 10 }] };
 * const { config, issues } = normalizeRampingArrivalRate(raw, "varrival");
 * assert.deepEqual(issues, []);
 * assert.equal(config.startRate, 0);
 * assert.equal(config.maxVUs, 20);
 * ```
 */
export function normalizeRampingArrivalRate(
  raw: unknown,
  name: string,
): NormalizeResult<RampingArrivalRateConfig> {
  const reader = new FieldReader(raw);
  const base = readBaseConfig(reader, name);
  const startRate = reader.int("startRate", RAMPING_ARRIVAL_RATE_DEFAULTS.startRate);
  const timeUnitMs = reader.duration("timeUnit", RAMPING_ARRIVAL_RATE_DEFAULTS.timeUnitMs);
  const stages = reader.requiredStages("stages");
  const preAllocatedVUs = reader.optionalInt("preAllocatedVUs");
  const maxVUs = reader.optionalInt("maxVUs");
  reader.require(preAllocatedVUs, ["preAllocatedVUs"]);
  reader.rejectUnknown(KEYS);
  const config: RampingArrivalRateConfig = {
    ...base,
    executor: "ramping-arrival-rate",
    startRate,
    timeUnitMs,
    stages,
    preAllocatedVUs: preAllocatedVUs ?? 0,
    maxVUs: maxVUs ?? preAllocatedVUs ?? 0,
  };
  return { config, issues: mergeIssues(reader.issues, validateRampingArrivalRate(config)) };
}

/**
 * Checks a ramping-arrival-rate config as k6's `RampingArrivalRateConfig.Validate` does, except that a
 * `timeUnit` of 0 is rejected too (k6 only rejects negative ones and would then divide by zero).
 *
 * @param config the config
 * @returns the problems found; empty when valid
 * @example
 * ```ts
 * import { normalizeRampingArrivalRate, validateRampingArrivalRate } from "./ramping_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeRampingArrivalRate({ startRate: -1, preAllocatedVUs: 20, stages: [{ duration: "5m", target: 10 }] }, "varrival");
 * assert.deepEqual(validateRampingArrivalRate(config), [{ path: ["startRate"], message: "must not be negative, got -1" }]);
 * ```
 */
export function validateRampingArrivalRate(config: RampingArrivalRateConfig): ScenarioIssue[] {
  const issues = validateBaseConfig(config);
  if (config.startRate < 0) {
    issues.push({ path: ["startRate"], message: `must not be negative, got ${config.startRate}` });
  }
  if (config.timeUnitMs <= 0) {
    issues.push({
      path: ["timeUnit"],
      message: `must be more than 0, got ${quotedDuration(config.timeUnitMs)}`,
    });
  }
  issues.push(...validateStages(config.stages), ...validateVuRange(config));
  return issues;
}

/**
 * The VUs the scenario needs over time: `preAllocatedVUs` planned and up to `maxVUs` in total until the
 * sum of the stages plus `gracefulStop` (k6's `GetExecutionRequirements`).
 *
 * @param config the config
 * @returns the execution steps, relative to the scenario's start
 * @example
 * ```ts
 * import { normalizeRampingArrivalRate, rampingArrivalRateRequirements } from "./ramping_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeRampingArrivalRate({ startRate: 10, timeUnit: "30s", preAllocatedVUs: 20, maxVUs: 50,
 *   stages: [{ duration: "3m", target: 30 }, { duration: "5m", target: 10 }] }, "varrival");
 * assert.deepEqual(rampingArrivalRateRequirements(config), [
 *   { atMs: 0, plannedVUs: 20, maxUnplannedVUs: 30 },
 *   { atMs: 510_000, plannedVUs: 0, maxUnplannedVUs: 0 },
 * ]);
 * ```
 */
export function rampingArrivalRateRequirements(config: RampingArrivalRateConfig): ExecutionStep[] {
  const durationMs = config.stages.reduce((total, stage) => total + stage.durationMs, 0);
  return arrivalRateRequirements(config, durationMs);
}

/**
 * Runs ramping-arrival-rate: iteration starts follow k6's closed form for linear rate ramps.
 *
 * @param config the scenario
 * @param runtime the engine side
 */
export async function runRampingArrivalRate(
  config: RampingArrivalRateConfig,
  runtime: ScenarioRuntime,
): Promise<void> {
  const endMs = config.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  await arrivals(runtime, rampingArrivalRateStarts(config), endMs, config.gracefulStopMs);
}
