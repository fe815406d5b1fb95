/**
 * k6's `__VU`, `__ITER` and `__ENV` for one VU. The script loader imports this module once per VU
 * (`vu_globals.ts?run=R&vu=7`) into every module of that VU's copy of the script that reads the names:
 * an imported binding is live, so the engine's `setIteration` shows in the script at once, and reading
 * them costs no lookup of the current VU.
 *
 * @module
 */
import { currentRun, currentVu } from "../load/context.ts";

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
  timersStarted = 0;
}

/** Timers started since the iteration began (see `timersUsed`). */
let timersStarted = 0;

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

/*
 * k6's timers (global in k6, and `k6/timers`), this VU's own: k6 ends an iteration only once its event
 * loop is empty, so the engine waits for the timers a VU's code left pending (see `pendingTimers`). Script
 * modules that use the global names import these (the transform adds the import); Vigil's own code keeps
 * the runtime's timers.
 */
const timers = new Set<number>();
/** Timers init code started: waited for by nothing, cancelled when the VU closes (see `closeTimers`). */
const initTimers = new Set<number>();
let settledWaiters: (() => void)[] = [];

/**
 * Runs a timer's callback; an exception is the script's error, logged as k6 reports it, never the
 * process's (an uncaught one would end the run without its summary).
 */
function runCallback(callback: (...args: unknown[]) => unknown, args: unknown[]): void {
  try {
    const result = callback(...args);
    if (result instanceof Promise) result.catch(report);
  } catch (error) {
    report(error);
  }
}

function report(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  try {
    currentRun().log(`Uncaught exception in a timer callback: ${text}`);
  } catch {
    console.error(`Uncaught exception in a timer callback: ${text}`);
  }
}

function settle(id: number): void {
  if (timers.delete(id) && timers.size === 0 && settledWaiters.length > 0) {
    const waiters = settledWaiters;
    settledWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** k6's setTimeout: the callback runs after `ms`; the iteration waits for it. */
function vuSetTimeout(callback: (...args: unknown[]) => unknown, ms = 0, ...args: unknown[]): number {
  const id = globalThis.setTimeout(() => {
    settle(id);
    runCallback(callback, args);
  }, ms) as unknown as number;
  return track(id);
}

/**
 * Files a new timer: an iteration's (or setup's) is waited for; one set by init code belongs to no
 * iteration and is only cancelled when the VU closes.
 */
function track(id: number): number {
  if (currentVu() !== undefined) {
    timers.add(id);
    timersStarted++;
  } else {
    initTimers.add(id);
  }
  return id;
}

/** k6's setInterval: runs until cleared; the iteration waits for it to be cleared. */
function vuSetInterval(callback: (...args: unknown[]) => unknown, ms = 0, ...args: unknown[]): number {
  return track(globalThis.setInterval(() => runCallback(callback, args), ms) as unknown as number);
}

/** k6's clearTimeout. */
function vuClearTimeout(id: number | undefined): void {
  if (id === undefined) return;
  globalThis.clearTimeout(id);
  initTimers.delete(id);
  settle(id);
}

export {
  vuClearTimeout as clearInterval,
  vuClearTimeout as clearTimeout,
  vuSetInterval as setInterval,
  vuSetTimeout as setTimeout,
};

/** `import timers from "k6/timers"` (k6/timers resolves to this module). */
export default {
  setTimeout: vuSetTimeout,
  clearTimeout: vuClearTimeout,
  setInterval: vuSetInterval,
  clearInterval: vuClearTimeout,
};

/** How many timers this VU's code has pending (timeouts not yet fired, intervals not cleared). */
export function pendingTimers(): number {
  return timers.size;
}

/** Resolves once no timer of this VU is pending. */
export function timersSettled(): Promise<void> {
  return timers.size === 0 ? Promise.resolve() : new Promise((resolve) => settledWaiters.push(resolve));
}

/** Whether the current iteration started timers: requests its callbacks make are k6's own way, not stray. */
export function timersUsed(): boolean {
  return timersStarted > 0;
}

/** Cancels every pending timer of this VU (its iteration was interrupted). */
export function clearTimers(): void {
  for (const id of [...timers]) vuClearTimeout(id);
}

/** Cancels all of this VU's timers, its init code's too (the VU is closing with its run). */
export function closeTimers(): void {
  clearTimers();
  for (const id of [...initTimers]) vuClearTimeout(id);
}
