/**
 * The precise timer's worker (see precise_timer.ts): sleeps in `Atomics.wait`, which takes a timeout
 * in fractions of a millisecond, and wakes the main thread through the shared memory.
 *
 * Shared memory layout (Int32 slots, then one Float64): [0] wake count, bumped and notified when a
 * deadline passes; [1] request count from 0, bumped by the main thread for a new deadline; [2] set
 * to 1 to stop (with a bump of [1], which wakes this worker); bytes 16..23: the deadline, in epoch milliseconds
 * (`performance.timeOrigin + performance.now()`, which both threads share).
 *
 * @module
 */

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<SharedArrayBuffer>) => void) | null;
  postMessage(message: string): void;
  close(): void;
};

scope.onmessage = ({ data }) => {
  const slots = new Int32Array(data, 0, 4);
  const deadline = new Float64Array(data, 16, 1);
  const stopped = () => Atomics.load(slots, 2) !== 0;
  // From 0, not from the slot: a request made before this worker started is then still seen as new.
  let seen = 0;
  scope.postMessage("ready");
  while (!stopped()) {
    // Wait for a request; the main thread bumps slot 1 and notifies.
    if (Atomics.load(slots, 1) === seen) {
      Atomics.wait(slots, 1, seen);
      continue;
    }
    seen = Atomics.load(slots, 1);
    // Sleep until the deadline; a newer request (an earlier deadline) interrupts and starts over.
    for (;;) {
      const remaining = (deadline[0] as number) - (performance.timeOrigin + performance.now());
      if (remaining <= 0 || stopped()) break;
      if (Atomics.wait(slots, 1, seen, remaining) !== "timed-out") seen = Atomics.load(slots, 1);
    }
    if (stopped()) break;
    Atomics.add(slots, 0, 1);
    Atomics.notify(slots, 0);
  }
  scope.close();
};
