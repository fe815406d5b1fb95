import assert from "assert";
import type { ProbeConfig, TargetConfig } from "../../src/config/types.ts";
import { ProbeScheduler } from "../../src/probe/scheduler.ts";
import type { ProbeResult } from "../../src/store/store.ts";
import { makeProbe, makeTarget } from "../_helpers/probes.ts";

const targets = { model: makeTarget("http://127.0.0.1:1") };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function result(probe: ProbeConfig, target: TargetConfig, durationMs = 1): ProbeResult {
  return {
    probe: probe.name,
    target: target.name,
    time: Date.now(),
    success: true,
    durationMs,
    status: 200,
    failure: null,
  };
}

Deno.test("ProbeScheduler never overlaps two runs of one probe, even when a run outlasts its interval", async () => {
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  const scheduler = new ProbeScheduler({
    probes: [makeProbe({ intervalMs: 20, timeoutMs: 20 })],
    targets,
    async run(probe, target) {
      active++;
      maxActive = Math.max(maxActive, active);
      runs++;
      await sleep(65); // three intervals long
      active--;
      return result(probe, target);
    },
    onResult() {},
  });
  scheduler.start();
  await sleep(400);
  assert.equal(await scheduler.stop(1000), true);
  assert.equal(maxActive, 1);
  assert.ok(runs >= 3, `only ${runs} runs`);
  const [state] = scheduler.states();
  assert.ok(state!.skipped >= 2 * (runs - 1), `skipped ${state!.skipped} of ${runs} runs`);
});

Deno.test("ProbeScheduler runs each probe at its own interval and hands every result to onResult", async () => {
  const seen: string[] = [];
  const scheduler = new ProbeScheduler({
    probes: [makeProbe({ name: "fast", intervalMs: 25 }), makeProbe({ name: "slow", intervalMs: 200 })],
    targets,
    run: (probe, target) => Promise.resolve(result(probe, target)),
    onResult: (r) => seen.push(r.probe),
  });
  scheduler.start();
  await sleep(330);
  await scheduler.stop();
  const fast = seen.filter((name) => name === "fast").length;
  const slow = seen.filter((name) => name === "slow").length;
  // Timers on a busy machine only fire late, never early: bound the counts from above and loosely below.
  assert.ok(fast >= 5 && fast <= 14, `fast ran ${fast} times`);
  assert.ok(slow >= 1 && slow <= 2, `slow ran ${slow} times`);
});

Deno.test("ProbeScheduler starts every probe within its jitter window", async () => {
  const firstRun = new Map<string, number>();
  const begin = performance.now();
  const scheduler = new ProbeScheduler({
    probes: [
      makeProbe({ name: "a", intervalMs: 10_000, jitter: 0.01 }),
      makeProbe({ name: "b", intervalMs: 10_000, jitter: 0.01 }),
    ],
    targets,
    random: () => 0.99,
    run(probe, target) {
      firstRun.set(probe.name, performance.now() - begin);
      return Promise.resolve(result(probe, target));
    },
    onResult() {},
  });
  scheduler.start();
  await sleep(300);
  await scheduler.stop();
  assert.equal(firstRun.size, 2);
  for (const [name, at] of firstRun) {
    assert.ok(at >= 95, `${name} started at ${at} ms, before its jitter offset of 99 ms`);
  }
});

Deno.test("ProbeScheduler.stop() waits for an in-flight run and records its result", async () => {
  const recorded: ProbeResult[] = [];
  const scheduler = new ProbeScheduler({
    probes: [makeProbe({ intervalMs: 10_000 })],
    targets,
    async run(probe, target) {
      await sleep(120);
      return result(probe, target);
    },
    onResult: (r) => recorded.push(r),
  });
  scheduler.start();
  await sleep(20);
  assert.equal(scheduler.states()[0]!.running, true);
  assert.equal(await scheduler.stop(2000), true);
  assert.equal(recorded.length, 1);
  assert.equal(scheduler.states()[0]!.nextRunAt, null);
});

Deno.test("ProbeScheduler.stop() gives up on a hanging run after the grace period", async () => {
  let release: () => void = () => {};
  const scheduler = new ProbeScheduler({
    probes: [makeProbe({ intervalMs: 10_000 })],
    targets,
    run: (probe, target) => new Promise((resolve) => (release = () => resolve(result(probe, target)))),
    onResult() {},
  });
  scheduler.start();
  await sleep(20);
  const begin = performance.now();
  assert.equal(await scheduler.stop(100), false);
  assert.ok(performance.now() - begin < 2000);
  release();
});

Deno.test("ProbeScheduler keeps scheduling after a runner or sink throws, and reports the error", async () => {
  const errors: string[] = [];
  let calls = 0;
  const scheduler = new ProbeScheduler({
    probes: [makeProbe({ intervalMs: 20 })],
    targets,
    run(probe, target) {
      calls++;
      if (calls === 1) return Promise.reject(new Error("runner broke"));
      return Promise.resolve(result(probe, target));
    },
    onResult() {
      throw new Error("sink broke");
    },
    onError: (error) => errors.push((error as Error).message),
  });
  scheduler.start();
  await sleep(150);
  await scheduler.stop();
  assert.ok(calls >= 3, `only ${calls} calls`);
  assert.equal(errors[0], "runner broke");
  assert.equal(errors[1], "sink broke");
});

Deno.test("ProbeScheduler reports a probe whose target is missing instead of crashing", async () => {
  const errors: string[] = [];
  const scheduler = new ProbeScheduler({
    probes: [makeProbe({ target: "gone", intervalMs: 10_000 })],
    targets,
    run: (probe, target) => Promise.resolve(result(probe, target)),
    onResult() {},
    onError: (error) => errors.push((error as Error).message),
  });
  scheduler.start();
  await sleep(30);
  await scheduler.stop();
  assert.deepEqual(errors, ['Probe "p" names unknown target "gone"']);
});
