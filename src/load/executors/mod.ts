/**
 * The executors by name: each one's run loop, and how many VUs it needs before and during the run.
 *
 * @module
 */
import type { ScenarioConfig } from "../options.ts";
import { maxPlannedVUs, maxPossibleVUs } from "./base.ts";
import { scenarioRequirements } from "../options.ts";
import { runConstantArrivalRate } from "./constant_arrival_rate.ts";
import { runConstantVus } from "./constant_vus.ts";
import { runPerVuIterations } from "./per_vu_iterations.ts";
import { runPoissonArrivalRate } from "./poisson_arrival_rate.ts";
import { runRampingArrivalRate } from "./ramping_arrival_rate.ts";
import { runRampingVus } from "./ramping_vus.ts";
import type { ExecutorRun } from "./runtime.ts";
import { runSharedIterations } from "./shared_iterations.ts";

/** Run loops by executor name. */
export const EXECUTOR_RUNS: Record<ScenarioConfig["executor"], ExecutorRun<never>> = {
  "shared-iterations": runSharedIterations as ExecutorRun<never>,
  "per-vu-iterations": runPerVuIterations as ExecutorRun<never>,
  "constant-vus": runConstantVus as ExecutorRun<never>,
  "ramping-vus": runRampingVus as ExecutorRun<never>,
  "constant-arrival-rate": runConstantArrivalRate as ExecutorRun<never>,
  "ramping-arrival-rate": runRampingArrivalRate as ExecutorRun<never>,
  "poisson-arrival-rate": runPoissonArrivalRate as ExecutorRun<never>,
};

/**
 * How many VUs a scenario initialises before the test (`planned`) and may have at most (`max`).
 *
 * @param config the scenario
 * @returns the two counts
 */
export function scenarioVus(config: ScenarioConfig): { planned: number; max: number } {
  const steps = scenarioRequirements(config);
  return { planned: maxPlannedVUs(steps), max: maxPossibleVUs(steps) };
}
