/**
 * The shared-iterations executor's config: `iterations` in total, shared by `vus` VUs, within
 * `maxDuration`. Source: k6 `lib/executor/shared_iterations.go`.
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

/** A normalized shared-iterations scenario. */
export interface SharedIterationsConfig extends BaseScenarioConfig {
  /** The executor's name. */
  executor: "shared-iterations";
  /** VUs sharing the iterations (default 1). */
  vus: number;
  /** Iterations in total across all VUs (default 1). */
  iterations: number;
  /** Hard limit on the scenario's run time before `gracefulStop`, in ms (default 10 min). */
  maxDurationMs: number;
}

/** k6's defaults (`NewSharedIterationsConfig`): 1 VU, 1 iteration, a 10-minute limit. */
export const SHARED_ITERATIONS_DEFAULTS = { vus: 1, iterations: 1, maxDurationMs: 600_000 } as const;

const KEYS = [...BASE_OPTION_KEYS, "vus", "iterations", "maxDuration"];

/**
 * Reads and validates a shared-iterations scenario from a script's raw options.
 *
 * @param raw the scenario's options object
 * @param name the scenario's name
 * @returns the config with k6's defaults, and every problem found
 * @example
 * ```ts
 * import { normalizeSharedIterations } from "./shared_iterations.ts";
 * import assert from "node:assert/strict";
 * const { config, issues } = normalizeSharedIterations({ executor: "shared-iterations", vus: 10, iterations: 200 }, "api");
 * assert.deepEqual(issues, []);
 * assert.equal(config.maxDurationMs, 600_000);
 * ```
 */
export function normalizeSharedIterations(
  raw: unknown,
  name: string,
): NormalizeResult<SharedIterationsConfig> {
  const reader = new FieldReader(raw);
  const config: SharedIterationsConfig = {
    ...readBaseConfig(reader, name),
    executor: "shared-iterations",
    vus: reader.int("vus", SHARED_ITERATIONS_DEFAULTS.vus),
    iterations: reader.int("iterations", SHARED_ITERATIONS_DEFAULTS.iterations),
    maxDurationMs: reader.duration("maxDuration", SHARED_ITERATIONS_DEFAULTS.maxDurationMs),
  };
  reader.rejectUnknown(KEYS);
  return { config, issues: mergeIssues(reader.issues, validateSharedIterations(config)) };
}

/**
 * Checks a shared-iterations config as k6's `SharedIterationsConfig.Validate` does.
 *
 * @param config the config
 * @returns the problems found; empty when valid
 * @example
 * ```ts
 * import { normalizeSharedIterations, validateSharedIterations } from "./shared_iterations.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeSharedIterations({ vus: 10, iterations: 5 }, "api");
 * assert.deepEqual(validateSharedIterations(config), [
 *   { path: ["iterations"], message: "must not be less than vus (10), got 5" },
 * ]);
 * ```
 */
export function validateSharedIterations(config: SharedIterationsConfig): ScenarioIssue[] {
  const issues = validateBaseConfig(config);
  if (config.vus <= 0) issues.push(notPositive(["vus"], config.vus));
  // k6: "the number of iterations (%d) can't be less than the number of VUs (%d)".
  if (config.iterations < config.vus) {
    issues.push({
      path: ["iterations"],
      message: `must not be less than vus (${config.vus}), got ${config.iterations}`,
    });
  }
  const short = tooShort(["maxDuration"], config.maxDurationMs);
  if (short) issues.push(short);
  return issues;
}

/**
 * The VUs the scenario needs over time: all of them from the start until `maxDuration + gracefulStop`
 * (k6's `GetExecutionRequirements`).
 *
 * @param config the config
 * @returns the execution steps, relative to the scenario's start
 * @example
 * ```ts
 * import { normalizeSharedIterations, sharedIterationsRequirements } from "./shared_iterations.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeSharedIterations({ vus: 12, iterations: 22, maxDuration: "100s" }, "ishared");
 * assert.deepEqual(sharedIterationsRequirements(config), [
 *   { atMs: 0, plannedVUs: 12, maxUnplannedVUs: 0 },
 *   { atMs: 130_000, plannedVUs: 0, maxUnplannedVUs: 0 },
 * ]);
 * ```
 */
export function sharedIterationsRequirements(config: SharedIterationsConfig): ExecutionStep[] {
  // Only reachable with execution segments in k6, kept so a 0-VU config never plans a stop step.
  if (config.vus <= 0) return [{ atMs: 0, plannedVUs: 0, maxUnplannedVUs: 0 }];
  return fixedVusSteps(config.vus, config.maxDurationMs + config.gracefulStopMs);
}

/**
 * Runs shared-iterations: `vus` VUs take iterations from one shared budget until it is spent or
 * `maxDuration` passes, as k6's SharedIterations.Run does.
 *
 * @param config the scenario
 * @param runtime the engine side
 */
export async function runSharedIterations(
  config: SharedIterationsConfig,
  runtime: ScenarioRuntime,
): Promise<void> {
  let left = config.iterations;
  await closedLoops(runtime, config.vus, config.maxDurationMs, config.gracefulStopMs, () => left-- > 0);
}
