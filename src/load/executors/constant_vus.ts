/**
 * The constant-vus executor's config: `vus` VUs loop iterations for `duration`. Source: k6
 * `lib/executor/constant_vus.go`.
 *
 * @module
 */
import type { ScenarioRuntime } from "./runtime.ts";
import { closedLoops } from "./loops.ts";
import {
  BASE_OPTION_KEYS,
  type BaseScenarioConfig,
  type ExecutionStep,
  FieldReader,
  fixedVusSteps,
  mergeIssues,
  type NormalizeResult,
  notPositive,
  readBaseConfig,
  type ScenarioIssue,
  tooShort,
  validateBaseConfig,
} from "./base.ts";

/** A normalized constant-vus scenario. */
export interface ConstantVusConfig extends BaseScenarioConfig {
  /** The executor's name. */
  executor: "constant-vus";
  /** VUs looping iterations (default 1). */
  vus: number;
  /** How long the VUs loop, in ms (required). */
  durationMs: number;
}

/** k6's defaults (`NewConstantVUsConfig`): 1 VU; `duration` has none. */
export const CONSTANT_VUS_DEFAULTS = { vus: 1 } as const;

const KEYS = [...BASE_OPTION_KEYS, "vus", "duration"];

/**
 * Reads and validates a constant-vus scenario from a script's raw options.
 *
 * @param raw the scenario's options object
 * @param name the scenario's name
 * @returns the config with k6's defaults, and every problem found
 * @example
 * ```ts
 * import { normalizeConstantVus } from "./constant_vus.ts";
 * import assert from "node:assert/strict";
 * const { config, issues } = normalizeConstantVus({ executor: "constant-vus", vus: 10, duration: "1m" }, "api");
 * assert.deepEqual(issues, []);
 * assert.equal(config.durationMs, 60_000);
 * assert.deepEqual(normalizeConstantVus({ vus: 10 }, "api").issues, [{ path: ["duration"], message: "is required" }]);
 * ```
 */
export function normalizeConstantVus(raw: unknown, name: string): NormalizeResult<ConstantVusConfig> {
  const reader = new FieldReader(raw);
  const base = readBaseConfig(reader, name);
  const vus = reader.int("vus", CONSTANT_VUS_DEFAULTS.vus);
  const durationMs = reader.optionalDuration("duration");
  // k6: "the duration is unspecified".
  reader.require(durationMs, ["duration"]);
  reader.rejectUnknown(KEYS);
  const config: ConstantVusConfig = { ...base, executor: "constant-vus", vus, durationMs: durationMs ?? 0 };
  return { config, issues: mergeIssues(reader.issues, validateConstantVus(config)) };
}

/**
 * Checks a constant-vus config as k6's `ConstantVUsConfig.Validate` does.
 *
 * @param config the config
 * @returns the problems found; empty when valid
 * @example
 * ```ts
 * import { normalizeConstantVus, validateConstantVus } from "./constant_vus.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeConstantVus({ vus: 0, duration: "0s" }, "api");
 * assert.deepEqual(validateConstantVus(config), [
 *   { path: ["vus"], message: "must be more than 0, got 0" },
 *   { path: ["duration"], message: 'must be at least 1s, got "0s"' },
 * ]);
 * ```
 */
export function validateConstantVus(config: ConstantVusConfig): ScenarioIssue[] {
  const issues = validateBaseConfig(config);
  if (config.vus <= 0) issues.push(notPositive(["vus"], config.vus));
  const short = tooShort(["duration"], config.durationMs);
  if (short) issues.push(short);
  return issues;
}

/**
 * The VUs the scenario needs over time: all of them until `duration + gracefulStop` (k6's
 * `GetExecutionRequirements`).
 *
 * @param config the config
 * @returns the execution steps, relative to the scenario's start
 * @example
 * ```ts
 * import { constantVusRequirements, normalizeConstantVus } from "./constant_vus.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeConstantVus({ vus: 10, duration: "60s", gracefulStop: "10s" }, "someKey");
 * assert.deepEqual(constantVusRequirements(config), [
 *   { atMs: 0, plannedVUs: 10, maxUnplannedVUs: 0 },
 *   { atMs: 70_000, plannedVUs: 0, maxUnplannedVUs: 0 },
 * ]);
 * ```
 */
export function constantVusRequirements(config: ConstantVusConfig): ExecutionStep[] {
  return fixedVusSteps(config.vus, config.durationMs + config.gracefulStopMs);
}

/**
 * Runs constant-vus: `vus` VUs loop for `duration`.
 *
 * @param config the scenario
 * @param runtime the engine side
 */
export async function runConstantVus(config: ConstantVusConfig, runtime: ScenarioRuntime): Promise<void> {
  await closedLoops(runtime, config.vus, config.durationMs, config.gracefulStopMs);
}
