/**
 * Sub-millisecond waits without burning a core, for the arrival-rate schedulers.
 *
 * `setTimeout` fires 1.5–2 ms late here, so an open model at 1000/s cannot wait for the next start
 * with it; spinning on `setImmediate` is on time but keeps a whole core busy at any rate (measured:
 * 5.4 s of CPU in a 5 s run at 1000/s), CPU the target on the same machine then lacks. Instead a
 * worker sleeps in `Atomics.wait` (which takes fractional milliseconds) and wakes this thread through
 * `Atomics.waitAsync`: measured here 0.09 ms late at p50 and 0.17 ms at p99, at a few microseconds of
 * CPU per wake.
 *
 * @module
 */

/** `Atomics.waitAsync`, which Deno has and the TypeScript lib it uses does not declare. */
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

interface Pending {
  at: number;
  resolve: () => void;
}

/**
 * Resolves waits at `performance.now()` deadlines, about 0.1 ms late; any number of waits may be
 * pending. The worker takes ~15 ms to start: `start()` it before the waits that must be on time (the
 * first wait starts it otherwise, and is late by that much). `close()` it when done: a live worker
 * keeps the process running.
 *
 * @example
 * ```ts
 * import { PreciseTimer } from "./precise_timer.ts";
 * import assert from "node:assert/strict";
 * const timer = new PreciseTimer();
 * await timer.wait(performance.now() + 1); // start-up
 * const at = performance.now() + 0.5;
 * await timer.wait(at);
 * assert.ok(performance.now() >= at);
 * timer.close();
 * ```
 */
export class PreciseTimer {
  // Int32 slots: [0] wake count (worker → here), [1] request count (here → worker), [2] stop; then the
  // deadline. The counts may wrap around: only changes matter. Layout in wake_worker.ts.
  readonly #shared = new SharedArrayBuffer(24);
  readonly #slots = new Int32Array(this.#shared, 0, 4);
  readonly #deadline = new Float64Array(this.#shared, 16, 1);
  #worker: Worker | null = null;
  #ready: PromiseWithResolvers<void> | null = null;
  #giveUp: ReturnType<typeof setTimeout> | undefined;
  /** Pending waits, earliest first; a run has one per arrival-rate scenario, so a sorted array does. */
  readonly #pending: Pending[] = [];
  #armedFor = Infinity;
  #listening = false;
  #closed = false;
  readonly #workerUrl: URL;
  readonly #startTimeoutMs: number;

  /**
   * Creates a timer; no worker starts until `start()` or the first wait.
   *
   * @param workerUrl the worker module (tests swap in one that never gets ready)
   * @param startTimeoutMs a worker not ready by then is given up: the timer closes, and its callers
   *   fall back to timer precision rather than wait forever
   */
  constructor(workerUrl: URL = new URL("./wake_worker.ts", import.meta.url), startTimeoutMs = 10_000) {
    this.#workerUrl = workerUrl;
    this.#startTimeoutMs = startTimeoutMs;
  }

  /** Whether this runtime has what the timer needs; without it, callers spin instead. */
  static get supported(): boolean {
    return typeof waitAsync === "function" && typeof SharedArrayBuffer === "function";
  }

  /**
   * Starts the worker now rather than on the first wait, which would then be late by its start-up.
   *
   * @returns when the worker waits for deadlines, or the timer is closed (by `close()`, or because
   *   the worker failed or was not ready in time)
   */
  start(): Promise<void> {
    this.#startWorker();
    return this.#ready?.promise ?? Promise.resolve();
  }

  /**
   * Waits until `performance.now()` reaches `at` (or a little after).
   *
   * @param at the deadline, on this thread's `performance.now()` clock
   * @returns when the deadline has passed; once the timer is closed, after a macrotask (so a caller's
   *   loop that retries cannot spin on microtasks)
   */
  wait(at: number): Promise<void> {
    if (this.#closed) return new Promise((resolve) => setTimeout(resolve, 0));
    return new Promise((resolve) => {
      const pending = this.#pending;
      let index = pending.length;
      while (index > 0 && pending[index - 1]!.at > at) index--;
      pending.splice(index, 0, { at, resolve });
      if (at < this.#armedFor) this.#arm(at);
    });
  }

  /** Stops the worker and resolves every pending wait. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#giveUp);
    this.#ready?.resolve();
    if (this.#worker !== null) {
      Atomics.store(this.#slots, 2, 1);
      Atomics.add(this.#slots, 1, 1);
      Atomics.notify(this.#slots, 1);
      this.#worker.terminate();
      this.#worker = null;
    }
    // The wake count moves, so a pending waitAsync settles instead of holding the event loop.
    Atomics.add(this.#slots, 0, 1);
    Atomics.notify(this.#slots, 0);
    for (const pending of this.#pending.splice(0)) pending.resolve();
  }

  #arm(at: number): void {
    // Listen before asking: the wake the worker may send at once must find the listener counting.
    this.#listen();
    this.#armedFor = at;
    this.#deadline[0] = performance.timeOrigin + at;
    Atomics.add(this.#slots, 1, 1);
    Atomics.notify(this.#slots, 1);
    this.#startWorker();
  }

  #startWorker(): void {
    if (this.#worker !== null || this.#closed) return;
    let worker: Worker;
    try {
      worker = new Worker(this.#workerUrl, { type: "module" });
    } catch {
      // No worker (permissions, runtime): waits fall back to timer precision.
      this.close();
      return;
    }
    const ready = Promise.withResolvers<void>();
    this.#ready = ready;
    this.#giveUp = setTimeout(() => this.close(), this.#startTimeoutMs);
    worker.onmessage = () => {
      clearTimeout(this.#giveUp);
      ready.resolve();
    };
    // A worker that fails ends the timer: pending waits resolve, later ones yield a macrotask, so a
    // caller's loop degrades to timer precision instead of hanging.
    worker.onerror = (event) => {
      event.preventDefault();
      this.close();
    };
    worker.postMessage(this.#shared);
    this.#worker = worker;
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    const result = (waitAsync as WaitAsync)(this.#slots, 0, Atomics.load(this.#slots, 0));
    const woken = result.async ? result.value : Promise.resolve();
    woken.then(() => {
      this.#listening = false;
      if (!this.#closed) this.#fire();
    });
  }

  /** Resolves the waits that are due and asks for a wake at the next one. */
  #fire(): void {
    const now = performance.now();
    const pending = this.#pending;
    let due = 0;
    while (due < pending.length && pending[due]!.at <= now) due++;
    for (const wait of pending.splice(0, due)) wait.resolve();
    this.#armedFor = Infinity;
    // Woken a hair early (the two threads' clocks differ by rounding) or for a later wait: re-arm.
    if (pending.length > 0) this.#arm(pending[0]!.at);
  }
}
