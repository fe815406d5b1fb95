import assert from "assert";
import { PreciseTimer } from "../../src/load/precise_timer.ts";

Deno.test("precise timer: concurrent waits never resolve before their deadline, and all resolve", async () => {
  const timer = new PreciseTimer();
  try {
    await timer.start();
    const early: string[] = [];
    let resolved = 0;
    // Deadlines in mixed order: a later wait armed first, then earlier ones that must re-arm the worker.
    const offsets = [2.5, 0.3, 1.7, 0.9, 0.2, 2.9, 0.6, 1.2, 0.4, 2.0];
    await Promise.all(
      Array.from({ length: 20 }, async (_, round) => {
        for (const offset of offsets) {
          const at = performance.now() + offset * ((round % 3) + 1) / 3;
          await timer.wait(at);
          const now = performance.now();
          if (now < at) early.push(`${(at - now).toFixed(4)} ms early`);
          resolved++;
        }
      }),
    );
    assert.deepEqual(early, []);
    assert.equal(resolved, 200);
  } finally {
    timer.close();
  }
});

Deno.test("precise timer: waits resolve in deadline order", async () => {
  const timer = new PreciseTimer();
  try {
    await timer.start();
    const order: number[] = [];
    const base = performance.now() + 1;
    const offsets = [1.5, 0.25, 1.0, 0.5, 2.0, 0.75];
    await Promise.all(offsets.map((offset) => timer.wait(base + offset).then(() => order.push(offset))));
    assert.deepEqual(order, [...offsets].sort((a, b) => a - b));
  } finally {
    timer.close();
  }
});

Deno.test("precise timer: close() resolves pending waits, and later waits yield a macrotask", async () => {
  const timer = new PreciseTimer();
  await timer.start();
  const far = timer.wait(performance.now() + 60_000);
  timer.close();
  await far; // would take a minute if close() left it pending
  // After close a wait must not resolve as a microtask: a caller's retry loop would then never yield.
  let macrotaskRan = false;
  setTimeout(() => (macrotaskRan = true), 0);
  await timer.wait(performance.now() + 1);
  assert.equal(macrotaskRan, true);
  timer.close(); // twice is fine
});

Deno.test("precise timer: a wait made before start() starts the worker itself", async () => {
  const timer = new PreciseTimer();
  try {
    const at = performance.now() + 0.5;
    await timer.wait(at);
    assert.ok(performance.now() >= at);
  } finally {
    timer.close();
  }
});

Deno.test("precise timer: a worker not ready in time is given up, and waits still resolve", async () => {
  // A worker that never says it is ready.
  const silent = URL.createObjectURL(new Blob(["self.onmessage = () => {};"], { type: "text/javascript" }));
  const timer = new PreciseTimer(new URL(silent), 50);
  try {
    await timer.start();
    let macrotaskRan = false;
    setTimeout(() => (macrotaskRan = true), 0);
    await timer.wait(performance.now() + 60_000);
    assert.equal(macrotaskRan, true, "a given-up timer yields like a closed one");
  } finally {
    timer.close();
  }
});

Deno.test("precise timer: close() before the worker is ready ends start() at once, with no timer left", async () => {
  const silent = URL.createObjectURL(new Blob(["self.onmessage = () => {};"], { type: "text/javascript" }));
  // A start deadline far beyond the test: start() must not wait for it, and the test's sanitizer
  // fails it if the deadline's timer is left running.
  const timer = new PreciseTimer(new URL(silent), 600_000);
  const started = timer.start();
  timer.close();
  const outcome = await Promise.race([
    started.then(() => "resolved"),
    new Promise((resolve) => setTimeout(() => resolve("still waiting"), 1000)),
  ]);
  assert.equal(outcome, "resolved");
});
