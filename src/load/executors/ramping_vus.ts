/**
 * The ramping-vus executor's config: a VU count that ramps linearly from `startVUs` through `stages`,
 * with graceful ramp-downs. Source: k6 `lib/executor/ramping_vus.go` and `helpers.go`.
 *
 * @module
 */
import type { ScenarioRuntime } from "./runtime.ts";
import { rampingVUsSteps } from "../schedule.ts";
import type { Vu } from "../vu.ts";
import { rampingVUsGracefulSteps } from "../schedule.ts";
import {
  BASE_OPTION_KEYS,
  type BaseScenarioConfig,
  DEFAULT_GRACEFUL_STOP_MS,
  type ExecutionStep,
  FieldReader,
  MAX_CONCURRENT_VUS,
  mergeIssues,
  type NormalizeResult,
  readBaseConfig,
  type ScenarioIssue,
  type Stage,
  validateBaseConfig,
  validateStages,
} from "./base.ts";

/** A normalized ramping-vus scenario. */
export interface RampingVusConfig extends BaseScenarioConfig {
  /** The executor's name. */
  executor: "ramping-vus";
  /** VUs at the start (default 1). */
  startVUs: number;
  /** Linear ramps to each stage's target VU count (required, at least one). */
  stages: Stage[];
  /** How long a VU being ramped down may finish its iteration, in ms (default 30 s). */
  gracefulRampDownMs: number;
}

/** k6's defaults (`NewRampingVUsConfig`): 1 start VU, a 30 s graceful ramp-down; `stages` has none. */
export const RAMPING_VUS_DEFAULTS = { startVUs: 1, gracefulRampDownMs: DEFAULT_GRACEFUL_STOP_MS } as const;

const KEYS = [...BASE_OPTION_KEYS, "startVUs", "stages", "gracefulRampDown"];

/**
 * Reads and validates a ramping-vus scenario from a script's raw options.
 *
 * @param raw the scenario's options object
 * @param name the scenario's name
 * @returns the config with k6's defaults, and every problem found
 * @example
 * ```ts
 * import { normalizeRampingVus } from "./ramping_vus.ts";
 * import assert from "node:assert/strict";
 * const raw = { executor: "ramping-vus", stages: [{ duration: "30s", target: 20 }, { duration: "10s", target: 0 }] };
 * const { config, issues } = normalizeRampingVus(raw, "ramp");
 * assert.deepEqual(issues, []);
 * assert.equal(config.startVUs, 1);
 * assert.deepEqual(config.stages[0], { durationMs: 30_000, target: 20 });
 * ```
 */
export function normalizeRampingVus(raw: unknown, name: string): NormalizeResult<RampingVusConfig> {
  const reader = new FieldReader(raw);
  const base = readBaseConfig(reader, name);
  const startVUs = reader.int("startVUs", RAMPING_VUS_DEFAULTS.startVUs);
  const stages = reader.requiredStages("stages");
  const gracefulRampDownMs = reader.duration("gracefulRampDown", RAMPING_VUS_DEFAULTS.gracefulRampDownMs);
  reader.rejectUnknown(KEYS);
  const config: RampingVusConfig = { ...base, executor: "ramping-vus", startVUs, stages, gracefulRampDownMs };
  return { config, issues: mergeIssues(reader.issues, validateRampingVus(config)) };
}

/**
 * Checks a ramping-vus config as k6's `RampingVUsConfig.Validate` does: no negative `startVUs`, some VUs
 * at some point, valid stages, and no target above k6's 100,000,000 VU limit.
 *
 * @param config the config
 * @returns the problems found; empty when valid
 * @example
 * ```ts
 * import { normalizeRampingVus, validateRampingVus } from "./ramping_vus.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeRampingVus({ startVUs: 0, stages: [{ duration: "60s", target: 0 }] }, "ramp");
 * assert.deepEqual(validateRampingVus(config), [
 *   { path: [], message: "either startVUs or one of the stage targets must be more than 0" },
 * ]);
 * ```
 */
export function validateRampingVus(config: RampingVusConfig): ScenarioIssue[] {
  const issues = validateBaseConfig(config);
  if (config.startVUs < 0) {
    issues.push({ path: ["startVUs"], message: `must not be negative, got ${config.startVUs}` });
  }
  const maxTarget = config.stages.reduce((max, stage) => Math.max(max, stage.target), config.startVUs);
  if (maxTarget <= 0) {
    issues.push({ path: [], message: "either startVUs or one of the stage targets must be more than 0" });
  }
  issues.push(...validateStages(config.stages));
  // helpers.go validateTargetShifts.
  if (config.startVUs > MAX_CONCURRENT_VUS) {
    issues.push({
      path: ["startVUs"],
      message: `must not exceed ${MAX_CONCURRENT_VUS}, got ${config.startVUs}`,
    });
  }
  config.stages.forEach((stage, index) => {
    if (stage.target > MAX_CONCURRENT_VUS) {
      issues.push({
        path: ["stages", index, "target"],
        message: `must not exceed ${MAX_CONCURRENT_VUS}, got ${stage.target}`,
      });
    }
  });
  return issues;
}

/**
 * The VUs the scenario needs over time, graceful ramp-downs and stop included (k6's
 * `GetExecutionRequirements`; see {@linkcode rampingVUsGracefulSteps}).
 *
 * @param config the config
 * @returns the execution steps, relative to the scenario's start
 * @example
 * ```ts
 * import { normalizeRampingVus, rampingVusRequirements } from "./ramping_vus.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeRampingVus({ startVUs: 20, gracefulStop: "15s", gracefulRampDown: "10s",
 *   stages: [{ duration: "60s", target: 30 }, { duration: "130s", target: 10 }] }, "varloops");
 * const steps = rampingVusRequirements(config);
 * assert.equal(steps.at(-1)?.atMs, 205_000);
 * assert.equal(Math.max(...steps.map((step) => step.plannedVUs)), 30);
 * ```
 */
export function rampingVusRequirements(config: RampingVusConfig): ExecutionStep[] {
  return rampingVUsGracefulSteps(config).map((step) => ({
    atMs: step.atMs,
    plannedVUs: step.vus,
    maxUnplannedVUs: 0,
  }));
}

/**
 * Runs ramping-vus: the number of looping VUs follows k6's raw execution steps. A VU ramped down
 * finishes its iteration, or is interrupted after `gracefulRampDown`; at the end, `gracefulStop` applies.
 *
 * @param config the scenario
 * @param runtime the engine side
 */
export async function runRampingVus(config: RampingVusConfig, runtime: ScenarioRuntime): Promise<void> {
  const steps = rampingVUsSteps(config, { zeroEnd: true });
  const endMs = config.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  const vus: Vu[] = [];
  for (let vu = runtime.tryAcquire(); vu !== undefined; vu = runtime.tryAcquire()) vus.push(vu);
  vus.sort((a, b) => a.idInScenario - b.idInScenario);
  // Held, but active (k6's `vus`) only while above the target's ramp: running or finishing an iteration.
  const active: boolean[] = vus.map(() => false);
  runtime.changeActive(-vus.length);
  const activate = (i: number, on: boolean) => {
    if (active[i] === on) return;
    active[i] = on;
    runtime.changeActive(on ? 1 : -1);
  };
  let target = 0;
  let wake: () => void = () => {};
  let changed = new Promise<void>((resolve) => (wake = resolve));
  // By VU index; not a Set, which an insert and delete per iteration churns (src/load/http/slot_bag.ts).
  const busy: boolean[] = vus.map(() => false);
  const rampDownTimers = new Set<ReturnType<typeof setTimeout>>();
  const setTarget = (value: number) => {
    const previous = target;
    target = value;
    // VUs above the new target may finish their iteration within gracefulRampDown, then are interrupted.
    for (let index = value + 1; index <= previous; index++) {
      const vu = vus[index - 1];
      if (vu === undefined || !busy[index - 1]) continue;
      // Only the iteration running now may be cut: if the VU was ramped up again and is in a later one
      // when this fires, that one has its own grace.
      const iteration = vu.iterationInInstance;
      const handle = setTimeout(() => {
        rampDownTimers.delete(handle);
        if (busy[index - 1] && index > target && vu.iterationInInstance === iteration) vu.interrupt();
      }, config.gracefulRampDownMs);
      rampDownTimers.add(handle);
    }
    const resolve = wake;
    changed = new Promise<void>((r) => (wake = r));
    resolve();
  };
  const loops = vus.map((vu, i) =>
    runtime.asVu(vu, async () => {
      const index = i + 1;
      while (!runtime.stopped.aborted && runtime.now() < endMs) {
        if (index > target) {
          activate(i, false);
          // Woken by the next change of target; the controller sets 0 at the end (or when stopped), so no
          // timer of its own is needed (one per park, never cleared, grew the heap ~24 KB a park).
          await changed;
          continue;
        }
        activate(i, true);
        busy[index - 1] = true;
        try {
          await runtime.runIteration(vu);
        } finally {
          busy[index - 1] = false;
        }
      }
      activate(i, false);
    })
  );
  const controller = (async () => {
    for (const step of steps) {
      if (step.atMs >= endMs) break;
      if (!(await runtime.waitUntil(step.atMs))) break;
      setTarget(step.vus);
    }
    await runtime.waitUntil(endMs);
    setTarget(0);
  })();
  await controller;
  for (const handle of rampDownTimers) clearTimeout(handle);
  await runtime.drain(loops, config.gracefulStopMs);
  // release() counts each VU out of the active ones: count the parked ones back in first.
  vus.forEach((_, i) => activate(i, true));
  for (const vu of vus) runtime.release(vu);
}
