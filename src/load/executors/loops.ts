/**
 * The two run loops every executor is built from: closed-model loops (a fixed set of VUs iterating
 * until told to stop) and open-model arrivals (iterations started on a schedule, whatever the target's
 * latency — the only honest way to measure a service under a given request rate).
 *
 * @module
 */
import type { Vu } from "../vu.ts";
import type { ScenarioRuntime } from "./runtime.ts";

/** Resolves after `ms`, or at once when `signal` aborts; the returned cancel frees the timer early. */
function timer(ms: number, signal: AbortSignal): { done: Promise<void>; cancel(): void } {
  let resolve: () => void = () => {};
  const done = new Promise<void>((r) => (resolve = r));
  const handle = setTimeout(finish, Math.max(0, ms));
  function finish() {
    clearTimeout(handle);
    signal.removeEventListener("abort", finish);
    resolve();
  }
  signal.addEventListener("abort", finish, { once: true });
  if (signal.aborted) finish();
  return { done, cancel: finish };
}

/**
 * Runs `vus` in closed loops until `endMs` (scenario time) or until `more(vu)` says no, then gives
 * running iterations `gracefulStopMs` to finish.
 *
 * @param runtime the scenario's engine side
 * @param vus how many VUs loop
 * @param endMs when loops stop starting iterations
 * @param gracefulStopMs how long running iterations may finish after `endMs`
 * @param more whether a VU should start another iteration (iteration budgets)
 */
export async function closedLoops(
  runtime: ScenarioRuntime,
  vus: number,
  endMs: number,
  gracefulStopMs: number,
  more: (vu: Vu) => boolean = () => true,
): Promise<void> {
  const taken: Vu[] = [];
  for (let i = 0; i < vus; i++) {
    const vu = runtime.tryAcquire();
    if (vu !== undefined) taken.push(vu);
  }
  const loops = taken.map((vu) =>
    runtime.asVu(vu, async () => {
      try {
        // Each iteration reports when it ended: one clock read per iteration fewer.
        let now = runtime.now();
        while (!runtime.stopped.aborted && now < endMs && more(vu)) now = await runtime.runIteration(vu);
      } finally {
        runtime.release(vu);
      }
    })
  );
  const end = timer(endMs - runtime.now(), runtime.stopped);
  await Promise.race([Promise.all(loops), end.done]);
  end.cancel();
  await runtime.drain(loops, gracefulStopMs);
}

/**
 * Starts an iteration at each offset of `starts` (scenario time) on a free VU. With no free VU the
 * iteration is dropped and counted, as k6 does, while one more VU is initialised in the background (up
 * to the maximum); with `--queue-late` it waits for a VU instead, and its lateness is measured.
 *
 * @param runtime the scenario's engine side
 * @param starts ascending start offsets in ms
 * @param endMs no iteration starts at or after this offset
 * @param gracefulStopMs how long running iterations may finish after the last start
 */
export async function arrivals(
  runtime: ScenarioRuntime,
  starts: Iterable<number>,
  endMs: number,
  gracefulStopMs: number,
): Promise<void> {
  // The runtime counts iterations in flight for drain(); a Set of their promises here would cost an
  // insert and a delete per iteration, and churns the GC (see src/load/http/slot_bag.ts).
  let failure: { error: unknown } | undefined;
  let growing: Promise<void> | null = null;
  const grow = () => {
    growing ??= runtime.grow().then((vu) => {
      if (vu !== undefined) runtime.release(vu);
    }).catch(() => {}).finally(() => (growing = null));
  };
  for (const at of starts) {
    if (at >= endMs) break;
    if (!(await runtime.waitUntil(at))) break;
    let vu = runtime.tryAcquire();
    if (vu === undefined) {
      grow();
      if (!runtime.queueLate) {
        runtime.dropIteration();
        continue;
      }
      vu = await runtime.acquire();
      if (vu === undefined) break;
    }
    const chosen = vu;
    const lagMs = Math.max(0, runtime.now() - at);
    runtime.runIteration(chosen, lagMs).then(() => runtime.release(chosen), (error) => {
      runtime.release(chosen);
      failure ??= { error };
    });
  }
  // The scenario lasts its full duration even when the last start came early, as in k6.
  await runtime.waitUntil(endMs);
  if (growing !== null) await growing;
  await runtime.drain([], gracefulStopMs);
  if (failure !== undefined) throw failure.error;
}
