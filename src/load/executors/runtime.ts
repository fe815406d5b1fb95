/**
 * What an executor's run loop gets from the engine: a pool of VUs, an iteration runner, a precise
 * clock, and the stop signals. Run loops decide only *when* iterations start; the engine does the rest.
 *
 * @module
 */
import type { ScenarioHandle } from "../context.ts";
import type { Vu } from "../vu.ts";

/** The engine's side of one scenario. */
export interface ScenarioRuntime {
  readonly handle: ScenarioHandle;
  /** Aborted when the whole test stops (abortOnFail, `exec.test.abort()`, Ctrl-C). */
  readonly stopped: AbortSignal;
  /** `--queue-late`: an arrival-rate iteration with no free VU waits for one instead of being dropped. */
  readonly queueLate: boolean;
  /** Milliseconds since the scenario started (monotonic). */
  now(): number;
  /** Sleeps until `offsetMs` after the scenario's start (timers, then a short spin); false when stopped. */
  waitUntil(offsetMs: number): Promise<boolean>;
  /** A free initialised VU of this scenario, or undefined. */
  tryAcquire(): Vu | undefined;
  /** Waits for a free VU; undefined when the test stops first. */
  acquire(): Promise<Vu | undefined>;
  /** Returns a VU to the pool. */
  release(vu: Vu): void;
  /**
   * Counts VUs a scenario holds but keeps idle in or out of the active VUs (k6's `vus` metric):
   * ramping-vus holds all its VUs and parks those above the current target. +1 or −1 per VU.
   */
  changeActive(delta: number): void;
  /** Initialises one more VU for this scenario, up to its maximum; undefined when at the maximum. */
  grow(): Promise<Vu | undefined>;
  /** How many VUs this scenario has initialised. */
  initialised(): number;
  /**
   * Runs `fn` as `vu`: a loop that runs all of a VU's iterations inside it spares each iteration
   * entering the VU's context.
   */
  asVu<T>(vu: Vu, fn: () => T): T;
  /**
   * Runs one iteration on `vu`; `lagMs` is how late it starts compared with its schedule. Resolves with
   * the scenario time (as `now()`) at which it ended.
   */
  runIteration(vu: Vu, lagMs?: number): Promise<number>;
  /** Counts an iteration that could not start (no free VU). */
  dropIteration(): void;
  /**
   * Ends the scenario: no new iterations; running ones get `gracefulStopMs` to finish, then are
   * interrupted. Resolves when all have ended.
   */
  drain(running: Iterable<Promise<unknown>>, gracefulStopMs: number): Promise<void>;
}

/** A run loop: resolves when the scenario is over. */
export type ExecutorRun<C> = (config: C, runtime: ScenarioRuntime) => Promise<void>;
