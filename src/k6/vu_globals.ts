/**
 * k6's `__VU`, `__ITER` and `__ENV` for one VU. The script loader imports this module once per VU
 * (`vu_globals.ts?run=R&vu=7`) into every module of that VU's copy of the script that reads the names:
 * an imported binding is live, so the engine's `setIteration` shows in the script at once, and reading
 * them costs no lookup of the current VU.
 *
 * @module
 */

/** The VU's number: 1-based; 0 in the init context that reads the options and runs setup/teardown. */
export const __VU: number = vuNumber(import.meta.url);

/**
 * The VU's environment: the run's while its init code runs, then (as in k6) with its scenario's `env`
 * over it for its iterations.
 */
export let __ENV: Record<string, string> = (globalThis as { __ENV?: Record<string, string> }).__ENV ?? {};

/**
 * Sets `__ENV` (the engine calls it once the VU's init code has run, for a scenario with an `env`).
 *
 * @param env the environment
 */
export function setEnv(env: Record<string, string>): void {
  __ENV = env;
}

/** The VU's current iteration in its scenario, 0-based (k6's `__ITER`). */
export let __ITER = 0;

/**
 * Sets `__ITER` (the engine calls it as an iteration starts).
 *
 * @param iteration the 0-based iteration number
 */
export function setIteration(iteration: number): void {
  __ITER = iteration;
}

/** The `vu` parameter of this module's URL; 0 without one. */
function vuNumber(moduleUrl: string): number {
  const id = Number(new URL(moduleUrl).searchParams.get("vu") ?? 0);
  return Number.isInteger(id) && id >= 0 ? id : 0;
}

/**
 * The helper the transform calls for an array or collection callback that makes a blocking k6 call
 * (see each_async.ts): imported from here, beside the per-VU globals, so a script module has one import
 * of Vigil's own.
 */
export { eachAsync as __vigil_each } from "./each_async.ts";
