/**
 * Vigil's own poisson-arrival-rate executor (not in k6): iterations arrive as a Poisson process with a
 * mean of `rate` per `timeUnit` for `duration` — exponentially distributed gaps instead of
 * constant-arrival-rate's even spacing, so bursts and lulls happen as they do in real traffic. Options,
 * defaults and checks mirror constant-arrival-rate's, plus an optional `seed` for a reproducible sequence.
 *
 * @module
 */
import type { ScenarioRuntime } from "./runtime.ts";
import { arrivals } from "./loops.ts";
import { poissonArrivalStarts, seededRandom } from "../schedule.ts";
import {
  BASE_OPTION_KEYS,
  type BaseScenarioConfig,
  type ExecutionStep,
  FieldReader,
  mergeIssues,
  type NormalizeResult,
  readBaseConfig,
  type ScenarioIssue,
  validateBaseConfig,
} from "./base.ts";
import { arrivalRateRequirements, validateArrivalRate } from "./constant_arrival_rate.ts";

/** A normalized poisson-arrival-rate scenario. */
export interface PoissonArrivalRateConfig extends BaseScenarioConfig {
  /** The executor's name. */
  executor: "poisson-arrival-rate";
  /** Mean iterations started per `timeUnit` (required). */
  rate: number;
  /** The period `rate` is counted over, in ms (default 1 s). */
  timeUnitMs: number;
  /** How long iterations keep starting, in ms (required). */
  durationMs: number;
  /** VUs initialized before the scenario starts (required). */
  preAllocatedVUs: number;
  /** The most VUs the scenario may use (default `preAllocatedVUs`). */
  maxVUs: number;
  /** Seed of the arrival sequence; absent means a different sequence every run. */
  seed?: number;
}

/** Defaults, as constant-arrival-rate's: a 1 s time unit; `maxVUs` defaults to `preAllocatedVUs`. */
export const POISSON_ARRIVAL_RATE_DEFAULTS = { timeUnitMs: 1_000 } as const;

const KEYS = [...BASE_OPTION_KEYS, "rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs", "seed"];

/**
 * Reads and validates a poisson-arrival-rate scenario from a script's raw options.
 *
 * @param raw the scenario's options object
 * @param name the scenario's name
 * @returns the config with defaults, and every problem found
 * @example
 * ```ts
 * import { normalizePoissonArrivalRate } from "./poisson_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * const raw = { executor: "poisson-arrival-rate", rate: 50, duration: "5m", preAllocatedVUs: 10, maxVUs: 100, seed: 7 };
 * const { config, issues } = normalizePoissonArrivalRate(raw, "bursty");
 * assert.deepEqual(issues, []);
 * assert.equal(config.seed, 7);
 * ```
 */
export function normalizePoissonArrivalRate(
  raw: unknown,
  name: string,
): NormalizeResult<PoissonArrivalRateConfig> {
  const reader = new FieldReader(raw);
  const base = readBaseConfig(reader, name);
  const rate = reader.optionalInt("rate");
  const timeUnitMs = reader.duration("timeUnit", POISSON_ARRIVAL_RATE_DEFAULTS.timeUnitMs);
  const durationMs = reader.optionalDuration("duration");
  const preAllocatedVUs = reader.optionalInt("preAllocatedVUs");
  const maxVUs = reader.optionalInt("maxVUs");
  const seed = reader.optionalInt("seed");
  reader.require(rate, ["rate"]);
  reader.require(durationMs, ["duration"]);
  reader.require(preAllocatedVUs, ["preAllocatedVUs"]);
  reader.rejectUnknown(KEYS);
  const config: PoissonArrivalRateConfig = {
    ...base,
    executor: "poisson-arrival-rate",
    rate: rate ?? 0,
    timeUnitMs,
    durationMs: durationMs ?? 0,
    preAllocatedVUs: preAllocatedVUs ?? 0,
    maxVUs: maxVUs ?? preAllocatedVUs ?? 0,
  };
  if (seed !== undefined) config.seed = seed;
  return { config, issues: mergeIssues(reader.issues, validatePoissonArrivalRate(config)) };
}

/**
 * Checks a poisson-arrival-rate config: constant-arrival-rate's rules.
 *
 * @param config the config
 * @returns the problems found; empty when valid
 * @example
 * ```ts
 * import { normalizePoissonArrivalRate, validatePoissonArrivalRate } from "./poisson_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizePoissonArrivalRate({ rate: 0, duration: "1m", preAllocatedVUs: 1 }, "bursty");
 * assert.deepEqual(validatePoissonArrivalRate(config), [{ path: ["rate"], message: "must be more than 0, got 0" }]);
 * ```
 */
export function validatePoissonArrivalRate(config: PoissonArrivalRateConfig): ScenarioIssue[] {
  return [...validateBaseConfig(config), ...validateArrivalRate(config)];
}

/**
 * The VUs the scenario needs over time, as constant-arrival-rate's.
 *
 * @param config the config
 * @returns the execution steps, relative to the scenario's start
 * @example
 * ```ts
 * import { normalizePoissonArrivalRate, poissonArrivalRateRequirements } from "./poisson_arrival_rate.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizePoissonArrivalRate({ rate: 50, duration: "1m", preAllocatedVUs: 10, maxVUs: 40 }, "bursty");
 * assert.deepEqual(poissonArrivalRateRequirements(config), [
 *   { atMs: 0, plannedVUs: 10, maxUnplannedVUs: 30 },
 *   { atMs: 90_000, plannedVUs: 0, maxUnplannedVUs: 0 },
 * ]);
 * ```
 */
export function poissonArrivalRateRequirements(config: PoissonArrivalRateConfig): ExecutionStep[] {
  return arrivalRateRequirements(config, config.durationMs);
}

/**
 * Runs poisson-arrival-rate: exponential gaps at a mean rate — bursts and lulls like real inference
 * traffic — seeded when `seed` is set.
 *
 * @param config the scenario
 * @param runtime the engine side
 */
export async function runPoissonArrivalRate(
  config: PoissonArrivalRateConfig,
  runtime: ScenarioRuntime,
): Promise<void> {
  const random = config.seed === undefined ? Math.random : seededRandom(config.seed);
  await arrivals(runtime, poissonArrivalStarts(config, random), config.durationMs, config.gracefulStopMs);
}
