/**
 * The per-vu-iterations executor's config: each of `vus` VUs runs `iterations` iterations, within
 * `maxDuration`. Source: k6 `lib/executor/per_vu_iterations.go`.
 *
 * @module
 */
import type { ScenarioRuntime } from "./runtime.ts";
import { closedLoops } from "./loops.ts";
import type { Vu } from "../vu.ts";
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

/** A normalized per-vu-iterations scenario. */
export interface PerVuIterationsConfig extends BaseScenarioConfig {
  /** The executor's name. */
  executor: "per-vu-iterations";
  /** VUs, each running `iterations` (default 1). */
  vus: number;
  /** Iterations per VU (default 1). */
  iterations: number;
  /** Hard limit on the scenario's run time before `gracefulStop`, in ms (default 10 min). */
  maxDurationMs: number;
}

/** k6's defaults (`NewPerVUIterationsConfig`): 1 VU, 1 iteration, a 10-minute limit. */
export const PER_VU_ITERATIONS_DEFAULTS = { vus: 1, iterations: 1, maxDurationMs: 600_000 } as const;

const KEYS = [...BASE_OPTION_KEYS, "vus", "iterations", "maxDuration"];

/**
 * Reads and validates a per-vu-iterations scenario from a script's raw options.
 *
 * @param raw the scenario's options object
 * @param name the scenario's name
 * @returns the config with k6's defaults, and every problem found
 * @example
 * ```ts
 * import { normalizePerVuIterations } from "./per_vu_iterations.ts";
 * import assert from "node:assert/strict";
 * const { config, issues } = normalizePerVuIterations({ executor: "per-vu-iterations", vus: 13, iterations: 23 }, "ipervu");
 * assert.deepEqual(issues, []);
 * assert.equal(config.gracefulStopMs, 30_000);
 * ```
 */
export function normalizePerVuIterations(raw: unknown, name: string): NormalizeResult<PerVuIterationsConfig> {
  const reader = new FieldReader(raw);
  const config: PerVuIterationsConfig = {
    ...readBaseConfig(reader, name),
    executor: "per-vu-iterations",
    vus: reader.int("vus", PER_VU_ITERATIONS_DEFAULTS.vus),
    iterations: reader.int("iterations", PER_VU_ITERATIONS_DEFAULTS.iterations),
    maxDurationMs: reader.duration("maxDuration", PER_VU_ITERATIONS_DEFAULTS.maxDurationMs),
  };
  reader.rejectUnknown(KEYS);
  return { config, issues: mergeIssues(reader.issues, validatePerVuIterations(config)) };
}

/**
 * Checks a per-vu-iterations config as k6's `PerVUIterationsConfig.Validate` does.
 *
 * @param config the config
 * @returns the problems found; empty when valid
 * @example
 * ```ts
 * import { normalizePerVuIterations, validatePerVuIterations } from "./per_vu_iterations.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizePerVuIterations({ vus: 1, iterations: -1 }, "ipervu");
 * assert.deepEqual(validatePerVuIterations(config), [{ path: ["iterations"], message: "must be more than 0, got -1" }]);
 * ```
 */
export function validatePerVuIterations(config: PerVuIterationsConfig): ScenarioIssue[] {
  const issues = validateBaseConfig(config);
  if (config.vus <= 0) issues.push(notPositive(["vus"], config.vus));
  if (config.iterations <= 0) {
    issues.push(notPositive(["iterations"], config.iterations));
  }
  const short = tooShort(["maxDuration"], config.maxDurationMs);
  if (short) issues.push(short);
  return issues;
}

/**
 * The VUs the scenario needs over time: all of them until `maxDuration + gracefulStop` (k6's
 * `GetExecutionRequirements`).
 *
 * @param config the config
 * @returns the execution steps, relative to the scenario's start
 * @example
 * ```ts
 * import { normalizePerVuIterations, perVuIterationsRequirements } from "./per_vu_iterations.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizePerVuIterations({ vus: 13, iterations: 23, gracefulStop: 0 }, "ipervu");
 * assert.deepEqual(perVuIterationsRequirements(config), [
 *   { atMs: 0, plannedVUs: 13, maxUnplannedVUs: 0 },
 *   { atMs: 600_000, plannedVUs: 0, maxUnplannedVUs: 0 },
 * ]);
 * ```
 */
export function perVuIterationsRequirements(config: PerVuIterationsConfig): ExecutionStep[] {
  return fixedVusSteps(config.vus, config.maxDurationMs + config.gracefulStopMs);
}

/**
 * Runs per-vu-iterations: each of `vus` VUs runs exactly `iterations`, unless `maxDuration` passes first.
 *
 * @param config the scenario
 * @param runtime the engine side
 */
export async function runPerVuIterations(
  config: PerVuIterationsConfig,
  runtime: ScenarioRuntime,
): Promise<void> {
  const done = new Map<Vu, number>();
  await closedLoops(runtime, config.vus, config.maxDurationMs, config.gracefulStopMs, (vu) => {
    const count = done.get(vu) ?? 0;
    done.set(vu, count + 1);
    return count < config.iterations;
  });
}
