/**
 * Runs each probe at its interval, with jitter, never overlapping two runs of one probe, and hands every
 * result to the sinks (store, metrics). The run itself is injected, so tests drive slow and hanging runs.
 *
 * @module
 */
import type { ProbeConfig, TargetConfig } from "../config/types.ts";
import type { ProbeResult } from "../store/store.ts";

/** Runs one probe; must resolve (never reject) within the probe's timeout. */
export type ProbeRunner = (probe: ProbeConfig, target: TargetConfig) => Promise<ProbeResult>;

/** Options of a scheduler. */
export interface SchedulerOptions {
  probes: ProbeConfig[];
  targets: Record<string, TargetConfig>;
  run: ProbeRunner;
  /** Called with every result, in completion order. A sink that throws is reported, not fatal. */
  onResult: (result: ProbeResult) => void;
  /** Called when a sink or runner throws, so the loop keeps going and the cause is still seen. */
  onError?: (error: unknown, probe: ProbeConfig) => void;
  /** Uniform random source in [0, 1); seed it in tests. */
  random?: () => number;
  /** Monotonic clock in ms. */
  now?: () => number;
}

/** What the scheduler knows about one probe, for /v1/probes and tests. */
export interface ProbeState {
  name: string;
  running: boolean;
  runs: number;
  /** Slots passed over because the previous run was still going. */
  skipped: number;
  /** Monotonic ms of the next planned start, or null once stopped. */
  nextRunAt: number | null;
}

interface Slot {
  probe: ProbeConfig;
  state: ProbeState;
  timer: ReturnType<typeof setTimeout> | undefined;
  inFlight: Promise<void> | null;
  /** The unjittered slot time the next run belongs to; jitter never accumulates into drift. */
  slotAt: number;
}

/** Schedules probes; `start()` once, `stop()` once. */
export class ProbeScheduler {
  readonly #options: SchedulerOptions;
  readonly #slots: Slot[];
  readonly #random: () => number;
  readonly #now: () => number;
  #stopped = false;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? (() => performance.now());
    this.#slots = options.probes.map((probe) => ({
      probe,
      state: { name: probe.name, running: false, runs: 0, skipped: 0, nextRunAt: null },
      timer: undefined,
      inFlight: null,
      slotAt: 0,
    }));
  }

  /** Plans each probe's first run within its jitter window, so a fresh start shows results at once. */
  start(): void {
    const now = this.#now();
    for (const slot of this.#slots) {
      slot.slotAt = now;
      this.#plan(slot, now + this.#random() * slot.probe.jitter * slot.probe.intervalMs);
    }
  }

  /** A snapshot of every probe's scheduling state. */
  states(): ProbeState[] {
    return this.#slots.map((slot) => ({ ...slot.state }));
  }

  /**
   * Stops planning runs and waits for in-flight ones, at most `graceMs`.
   *
   * @param graceMs how long in-flight runs may take to finish
   * @returns true when every in-flight run finished in time
   */
  async stop(graceMs = 5000): Promise<boolean> {
    this.#stopped = true;
    for (const slot of this.#slots) {
      clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.state.nextRunAt = null;
    }
    const inFlight = this.#slots.flatMap((slot) => (slot.inFlight ? [slot.inFlight] : []));
    if (inFlight.length === 0) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    const finished = Promise.all(inFlight).then(() => true as const);
    const outcome = await Promise.race([finished, expired]);
    clearTimeout(timer);
    return outcome;
  }

  #plan(slot: Slot, at: number): void {
    if (this.#stopped) return;
    slot.state.nextRunAt = at;
    slot.timer = setTimeout(() => this.#fire(slot), Math.max(0, at - this.#now()));
  }

  #fire(slot: Slot): void {
    slot.timer = undefined;
    if (this.#stopped || slot.inFlight !== null) return;
    const target = this.#options.targets[slot.probe.target];
    slot.state.running = true;
    slot.inFlight = (async () => {
      try {
        if (target === undefined) {
          throw new Error(`Probe "${slot.probe.name}" names unknown target "${slot.probe.target}"`);
        }
        const result = await this.#options.run(slot.probe, target);
        slot.state.runs++;
        this.#options.onResult(result);
      } catch (error) {
        this.#options.onError?.(error, slot.probe);
      } finally {
        slot.state.running = false;
        slot.inFlight = null;
        this.#planNext(slot);
      }
    })();
  }

  /**
   * The next run goes to the next slot that is still ahead: a run that overran its interval makes the
   * scheduler skip (and count) the missed slots instead of firing a burst to catch up.
   */
  #planNext(slot: Slot): void {
    if (this.#stopped) return;
    const { intervalMs, jitter } = slot.probe;
    const now = this.#now();
    slot.slotAt += intervalMs;
    while (slot.slotAt + jitter * intervalMs < now) {
      slot.slotAt += intervalMs;
      slot.state.skipped++;
    }
    const offset = (this.#random() * 2 - 1) * jitter * intervalMs;
    this.#plan(slot, Math.max(now, slot.slotAt + offset));
  }
}
