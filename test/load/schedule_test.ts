import assert from "assert";
import type { Stage } from "../../src/load/executors/base.ts";
import {
  combineRequirements,
  constantArrivalRateStarts,
  poissonArrivalStarts,
  rampingArrivalRateStarts,
  rampingVUsGracefulSteps,
  rampingVUsSteps,
  seededRandom,
  vusAt,
  type VuStep,
} from "../../src/load/schedule.ts";

/** Stages from (target, seconds) pairs. */
function stages(...pairs: [target: number, seconds: number][]): Stage[] {
  return pairs.map(([target, seconds]) => ({ target, durationMs: seconds * 1_000 }));
}

/** Steps from (seconds, VUs) pairs. */
function steps(...pairs: [seconds: number, vus: number][]): VuStep[] {
  return pairs.map(([seconds, vus]) => ({ atMs: seconds * 1_000, vus }));
}

// k6 lib/executor/ramping_arrival_rate_test.go TestRampingArrivalRateCal: startRate 0, stages
// 5s → 1, 1s → 1, 5s → 0.
const CAL_STAGES = stages([1, 5], [1, 1], [0, 5]);

// Every case of that table. k6 runs the segmented cases through lib.ExecutionTuple.GetStripedOffsets; Vigil
// has no execution segments, so each case gives the (start, offsets) striping that segment gets — read off
// the expected times (three equal parts take every third iteration; `start` is which one).
const CAL_CASES: {
  name: string;
  timeUnitMs: number;
  start: number;
  offsets: number[];
  expectedMs: number[];
}[] = [
  {
    name: "whole test",
    timeUnitMs: 1_000,
    start: 0,
    offsets: [1],
    expectedMs: [3162, 4472, 5500, 6527, 7837, 11000],
  },
  { name: "segment 0:1/3", timeUnitMs: 1_000, start: 1, offsets: [3], expectedMs: [4472, 7837] },
  { name: "segment 0:1/3 in 0,1/3,1", timeUnitMs: 1_000, start: 1, offsets: [3], expectedMs: [4472, 7837] },
  { name: "segment 1/3:2/3", timeUnitMs: 1_000, start: 1, offsets: [3], expectedMs: [4472, 7837] },
  { name: "segment 2/3:1", timeUnitMs: 1_000, start: 1, offsets: [3], expectedMs: [4472, 7837] },
  {
    name: "segment 0:1/3 in 0,1/3,2/3,1",
    timeUnitMs: 1_000,
    start: 0,
    offsets: [3],
    expectedMs: [3162, 6527],
  },
  {
    name: "segment 1/3:2/3 in 0,1/3,2/3,1",
    timeUnitMs: 1_000,
    start: 1,
    offsets: [3],
    expectedMs: [4472, 7837],
  },
  {
    name: "segment 2/3:1 in 0,1/3,2/3,1",
    timeUnitMs: 1_000,
    start: 2,
    offsets: [3],
    expectedMs: [5500, 11000],
  },
  {
    name: "timeUnit 1/3 s (three times as fast)",
    // time.Second / 3 in Go: 333333333 ns.
    timeUnitMs: 333.333333,
    start: 0,
    offsets: [1],
    expectedMs: [
      1825,
      2581,
      3162,
      3651,
      4082,
      4472,
      4830,
      5166,
      5499,
      5833,
      6169,
      6527,
      6917,
      7348,
      7837,
      8418,
      9174,
      10999,
    ],
  },
];

for (const testCase of CAL_CASES) {
  Deno.test(`rampingArrivalRateStarts() matches k6's cal() table: ${testCase.name}`, () => {
    const starts = [
      ...rampingArrivalRateStarts(
        { startRate: 0, timeUnitMs: testCase.timeUnitMs, stages: CAL_STAGES },
        { start: testCase.start, offsets: testCase.offsets },
      ),
    ];
    assert.equal(starts.length, testCase.expectedMs.length);
    testCase.expectedMs.forEach((expected, i) => {
      // k6's assert.InEpsilon(expected, got, 0.001): relative error under 0.1%.
      const got = starts[i]!;
      assert.ok(
        Math.abs(got - expected) / expected < 0.001,
        `start ${i}: expected about ${expected}, got ${got}`,
      );
    });
  });
}

Deno.test("rampingArrivalRateStarts() reproduces the whole-test vector to the nanosecond", () => {
  const starts = [...rampingArrivalRateStarts({ startRate: 0, timeUnitMs: 1_000, stages: CAL_STAGES })];
  // The closed form in exact arithmetic: area t²/10 over the first stage, then rate 1, then a ramp to 0.
  const exactMs = [Math.sqrt(10), Math.sqrt(20), 5.5, 11 - Math.sqrt(20), 11 - Math.sqrt(10), 11].map((s) =>
    s * 1_000
  );
  starts.forEach((got, i) =>
    assert.ok(Math.abs(got - exactMs[i]!) < 1e-5, `start ${i}: ${got} vs ${exactMs[i]}`)
  );
  // And k6's own float64 arithmetic, truncated by time.Duration(x): 5.5 s comes out 1 ns early, which
  // is why k6's 1/3 s case lists 5499 and 10999 ms.
  assert.deepEqual(starts.map((ms) => Math.round(ms * 1e6)), [
    3_162_277_660,
    4_472_135_954,
    5_499_999_999,
    6_527_864_045,
    7_837_722_339,
    11_000_000_000,
  ]);
});

Deno.test("rampingArrivalRateStarts() counts the area under the rate (k6 TestRampingArrivalRateGlobalIters)", () => {
  // timeUnit 950ms, 0 → 20 over 1s, → 0 over 1s: k6's three segments together see iterations 0..20.
  const starts = [
    ...rampingArrivalRateStarts({ startRate: 0, timeUnitMs: 950, stages: stages([20, 1], [0, 1]) }),
  ];
  assert.equal(starts.length, 21);
  assert.ok(starts.every((t, i) => i === 0 || t > starts[i - 1]!));
});

Deno.test("rampingArrivalRateStarts() holds a constant rate evenly and skips stages at rate 0", () => {
  const starts = [
    ...rampingArrivalRateStarts({ startRate: 4, timeUnitMs: 1_000, stages: stages([4, 1], [0, 0], [0, 5]) }),
  ];
  // (i - done) / (4 / 1e9) is a hair under the exact value in float64, and time.Duration(x) truncates.
  assert.deepEqual(starts, [249.999999, 499.999999, 750, 999.999999]);
});

Deno.test("rampingArrivalRateStarts() jumps on 0-duration stages", () => {
  const starts = [
    ...rampingArrivalRateStarts({ startRate: 0, timeUnitMs: 1_000, stages: stages([10, 0], [10, 1]) }),
  ];
  assert.equal(starts.length, 10);
  assert.equal(starts[0], 100);
});

Deno.test("rampingArrivalRateStarts() rejects offsets that would never advance", () => {
  assert.throws(
    () => [
      ...rampingArrivalRateStarts({ startRate: 1, timeUnitMs: 1_000, stages: stages([1, 1]) }, {
        offsets: [0],
      }),
    ],
    RangeError,
  );
});

Deno.test("constantArrivalRateStarts() starts iteration i at i × timeUnit/rate, before the duration", () => {
  assert.deepEqual([...constantArrivalRateStarts({ rate: 2, timeUnitMs: 1_000, durationMs: 2_000 })], [
    0,
    500,
    1_000,
    1_500,
  ]);
  // k6 TestConstantArrivalRateRunCorrectRate: 50/s for 5s is 250 iterations.
  assert.equal(
    [...constantArrivalRateStarts({ rate: 50, timeUnitMs: 1_000, durationMs: 5_000 })].length,
    250,
  );
  // k6 TestConstantArrivalRateDroppedIterations: 10/s for 950ms is 10 iterations (5 run, 5 dropped).
  assert.equal([...constantArrivalRateStarts({ rate: 10, timeUnitMs: 1_000, durationMs: 950 })].length, 10);
  // k6 TestConstantArrivalRateGlobalIters: 20 per 950ms for 1s is iterations 0..21.
  assert.equal([...constantArrivalRateStarts({ rate: 20, timeUnitMs: 950, durationMs: 1_000 })].length, 22);
  // A rate that does not divide the time unit: the truncated period puts a 34th start 10 ns before the end,
  // which k6's end-of-scenario deadline beats. 33/s for 1 s is 33 iterations; 90/s is 90.
  assert.equal([...constantArrivalRateStarts({ rate: 33, timeUnitMs: 1_000, durationMs: 1_000 })].length, 33);
  assert.equal([...constantArrivalRateStarts({ rate: 90, timeUnitMs: 1_000, durationMs: 1_000 })].length, 90);
});

Deno.test("constantArrivalRateStarts() truncates the period to whole nanoseconds first, as getTickerPeriod", () => {
  // The period is 333333333 ns. A fourth start would come 1 ns before the end: k6 takes its end-of-scenario
  // deadline before its ticker starts counting, so the deadline wins and k6 makes three (QA, 2026-11-26).
  const starts = [...constantArrivalRateStarts({ rate: 3, timeUnitMs: 1_000, durationMs: 1_000 })];
  assert.deepEqual(starts, [0, 333.333333, 666.666666]);
  const longer = [...constantArrivalRateStarts({ rate: 3, timeUnitMs: 1_000, durationMs: 2_000 })];
  assert.equal(longer.at(-1), 1666.666665, "starts keep the truncated period");
});

Deno.test("constantArrivalRateStarts() refuses a period under 1 ns", () => {
  assert.throws(
    () => [...constantArrivalRateStarts({ rate: 2e9, timeUnitMs: 1_000, durationMs: 1_000 })],
    RangeError,
  );
});

Deno.test("poissonArrivalStarts() is deterministic for a seed and differs between seeds", () => {
  const shape = { rate: 20, timeUnitMs: 1_000, durationMs: 10_000 };
  const a = [...poissonArrivalStarts(shape, seededRandom(1))];
  assert.deepEqual(a, [...poissonArrivalStarts(shape, seededRandom(1))]);
  assert.notDeepEqual(a, [...poissonArrivalStarts(shape, seededRandom(2))]);
  assert.ok(a.every((t, i) => t > 0 && t < 10_000 && (i === 0 || t >= a[i - 1]!)));
});

Deno.test("poissonArrivalStarts() has the mean rate and exponential gaps", () => {
  const shape = { rate: 100, timeUnitMs: 1_000, durationMs: 600_000 };
  for (const seed of [1, 2, 3]) {
    const starts = [...poissonArrivalStarts(shape, seededRandom(seed))];
    // 60,000 expected; the count is Poisson with sd ≈ 245, so ±1,500 is over 6 sd.
    assert.ok(Math.abs(starts.length - 60_000) < 1_500, `seed ${seed}: ${starts.length} arrivals`);
    const gaps = starts.map((t, i) => t - (starts[i - 1] ?? 0));
    const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
    assert.ok(Math.abs(mean - 10) < 0.3, `seed ${seed}: mean gap ${mean}`);
    // Exponential: the standard deviation equals the mean, and 1 - 1/e of gaps are below the mean.
    const sd = Math.sqrt(gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / gaps.length);
    assert.ok(Math.abs(sd / mean - 1) < 0.05, `seed ${seed}: cv ${sd / mean}`);
    const belowMean = gaps.filter((gap) => gap < mean).length / gaps.length;
    assert.ok(Math.abs(belowMean - (1 - Math.exp(-1))) < 0.01, `seed ${seed}: ${belowMean} below the mean`);
  }
});

Deno.test("poissonArrivalStarts() counts within a sane band over many short windows", () => {
  // 5 per second over 1,000 one-second windows: per-window counts average 5 with variance 5.
  const starts = [
    ...poissonArrivalStarts({ rate: 5, timeUnitMs: 1_000, durationMs: 1_000_000 }, seededRandom(11)),
  ];
  const counts = new Array<number>(1_000).fill(0);
  for (const t of starts) counts[Math.floor(t / 1_000)]! += 1;
  const mean = counts.reduce((sum, count) => sum + count, 0) / counts.length;
  const variance = counts.reduce((sum, count) => sum + (count - mean) ** 2, 0) / counts.length;
  assert.ok(Math.abs(mean - 5) < 0.25, `mean ${mean}`);
  assert.ok(Math.abs(variance - 5) < 0.75, `variance ${variance}`);
});

Deno.test("seededRandom() is uniform on [0, 1) and seeds that differ only in high bits differ", () => {
  const random = seededRandom(123);
  const values = Array.from({ length: 100_000 }, () => random());
  assert.ok(values.every((value) => value >= 0 && value < 1));
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  const deciles = new Array<number>(10).fill(0);
  for (const value of values) deciles[Math.floor(value * 10)]! += 1;
  assert.ok(deciles.every((count) => Math.abs(count - 10_000) < 500), `deciles ${deciles}`);
  assert.notEqual(seededRandom(1)(), seededRandom(1 + 2 ** 32)());
  assert.throws(() => seededRandom(1.5), RangeError);
});

// k6 lib/executor/ramping_vus_test.go TestRampingVUsConfigExecutionPlanExample.
const PLAN_EXAMPLE = {
  startVUs: 4,
  stages: stages([6, 2], [1, 5], [5, 4], [1, 4], [4, 3], [4, 2], [1, 0], [1, 3]),
};
const PLAN_EXAMPLE_RAW = steps(
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 5],
  [4, 4],
  [5, 3],
  [6, 2],
  [7, 1],
  [8, 2],
  [9, 3],
  [10, 4],
  [11, 5],
  [12, 4],
  [13, 3],
  [14, 2],
  [15, 1],
  [16, 2],
  [17, 3],
  [18, 4],
  [20, 1],
);

Deno.test("rampingVUsSteps() matches k6's execution plan example, with and without the zero end", () => {
  assert.deepEqual(rampingVUsSteps(PLAN_EXAMPLE), PLAN_EXAMPLE_RAW);
  assert.deepEqual(rampingVUsSteps(PLAN_EXAMPLE, { zeroEnd: true }), [
    ...PLAN_EXAMPLE_RAW,
    ...steps([23, 0]),
  ]);
});

Deno.test("rampingVUsGracefulSteps() matches k6's execution plan example for each graceful setting", () => {
  const plan = (gracefulStopS: number, gracefulRampDownS = 30) =>
    rampingVUsGracefulSteps({
      ...PLAN_EXAMPLE,
      gracefulStopMs: gracefulStopS * 1_000,
      gracefulRampDownMs: gracefulRampDownS * 1_000,
    });
  // Defaults: gracefulStop and gracefulRampDown 30s.
  assert.deepEqual(plan(30), steps([0, 4], [1, 5], [2, 6], [33, 5], [42, 4], [50, 1], [53, 0]));
  // A longer gracefulStop than gracefulRampDown.
  assert.deepEqual(plan(80), steps([0, 4], [1, 5], [2, 6], [33, 5], [42, 4], [50, 1], [103, 0]));
  // A much shorter gracefulStop.
  assert.deepEqual(plan(3), steps([0, 4], [1, 5], [2, 6], [26, 0]));
  // No gracefulStop.
  assert.deepEqual(plan(0), steps([0, 4], [1, 5], [2, 6], [23, 0]));
  // Neither: the raw steps with the zero end.
  assert.deepEqual(plan(0, 0), rampingVUsSteps(PLAN_EXAMPLE, { zeroEnd: true }));
});

Deno.test("rampingVUsSteps() matches k6's TestRampingVUsExecutionTupleTests for the whole test", () => {
  const shape = {
    startVUs: 4,
    stages: stages(
      [6, 2],
      [1, 5],
      [5, 4],
      [1, 4],
      [4, 3],
      [4, 2],
      [1, 0],
      [1, 3],
      [5, 0],
      [5, 3],
      [0, 0],
      [2, 2],
      [0, 2],
      [4, 4],
    ),
  };
  assert.deepEqual(
    rampingVUsSteps(shape),
    steps(
      [0, 4],
      [1, 5],
      [2, 6],
      [3, 5],
      [4, 4],
      [5, 3],
      [6, 2],
      [7, 1],
      [8, 2],
      [9, 3],
      [10, 4],
      [11, 5],
      [12, 4],
      [13, 3],
      [14, 2],
      [15, 1],
      [16, 2],
      [17, 3],
      [18, 4],
      [20, 1],
      [23, 5],
      [26, 0],
      [27, 1],
      [28, 2],
      [29, 1],
      [30, 0],
      [31, 1],
      [32, 2],
      [33, 3],
      [34, 4],
    ),
  );
});

// k6 TestRampingVUsGetRawExecutionStepsCornerCases, the cases without execution segments.
const CORNER_CASES: { name: string; start: number; stages: Stage[]; expected: VuStep[] }[] = [
  {
    name: "going up then down straight away",
    start: 2,
    stages: stages([5, 0], [3, 2]),
    expected: steps([0, 2], [0, 5], [1, 4], [2, 3]),
  },
  {
    name: "jump up then go up again",
    start: 3,
    stages: stages([5, 2]),
    expected: steps([0, 3], [1, 4], [2, 5]),
  },
  {
    name: "up down up down",
    start: 0,
    stages: stages([2, 2], [0, 2], [2, 2], [0, 2]),
    expected: steps([0, 0], [1, 1], [2, 2], [3, 1], [4, 0], [5, 1], [6, 2], [7, 1], [8, 0]),
  },
  {
    name: "more up and down",
    start: 0,
    stages: stages([5, 5], [0, 5]),
    expected: steps([0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 4], [7, 3], [8, 2], [9, 1], [10, 0]),
  },
];

for (const testCase of CORNER_CASES) {
  Deno.test(`rampingVUsSteps() handles k6's corner case: ${testCase.name}`, () => {
    assert.deepEqual(
      rampingVUsSteps({ startVUs: testCase.start, stages: testCase.stages }),
      testCase.expected,
    );
  });
}

Deno.test("rampingVUsSteps() rounds like k6 on uneven ramps: up when the line reaches a VU, down one VU late", () => {
  // 0 → 3 over 10s: VU n starts at n × 10/3 s; k6 truncates the time *left* in the stage, so starts round up.
  assert.deepEqual(rampingVUsSteps({ startVUs: 0, stages: stages([3, 10]) }), [
    { atMs: 0, vus: 0 },
    { atMs: 3_333.333334, vus: 1 },
    { atMs: 6_666.666667, vus: 2 },
    { atMs: 10_000, vus: 3 },
  ]);
  // 3 → 0 over 10s: the VU above each crossing stops when the line reaches the next one down.
  assert.deepEqual(rampingVUsSteps({ startVUs: 3, stages: stages([0, 10]) }), [
    { atMs: 0, vus: 3 },
    { atMs: 3_333.333334, vus: 2 },
    { atMs: 6_666.666667, vus: 1 },
    { atMs: 10_000, vus: 0 },
  ]);
});

Deno.test("rampingVUsSteps() keeps exact nanoseconds on long, large ramps", () => {
  // 2h × 50,000 VUs in ns exceeds 2^53: the product must not lose its low digits.
  const raw = rampingVUsSteps({ startVUs: 0, stages: [{ durationMs: 7_200_000, target: 50_000 }] });
  assert.equal(raw.length, 50_001);
  assert.equal(raw[1]!.atMs, 144);
  assert.equal(raw[3]!.atMs, 432);
  assert.equal(raw.at(-1)!.atMs, 7_200_000);
});

Deno.test("vusAt() follows k6's TestRampingVUsRun samples", () => {
  // startVUs 5; 1s at 5, jump to 3, 1s at 3; no graceful periods. k6 samples at 0.5s, 1.5s and 2.4s.
  const raw = rampingVUsSteps({ startVUs: 5, stages: stages([5, 1], [3, 0], [3, 1]) }, { zeroEnd: true });
  assert.equal(vusAt(raw, 500), 5);
  assert.equal(vusAt(raw, 1_500), 3);
  assert.equal(vusAt(raw, 2_400), 0);
  assert.equal(vusAt(raw, -1), 0);
});

Deno.test("vusAt() takes the last of several steps at the same moment", () => {
  const raw = rampingVUsSteps({ startVUs: 2, stages: stages([5, 0], [3, 2]) });
  assert.equal(vusAt(raw, 0), 5);
});

Deno.test("rampingVUsSteps() ramps down one VU at a time (k6 TestRampingVUsRampDownNoWobble)", () => {
  const raw = rampingVUsSteps({ startVUs: 0, stages: stages([10, 3], [0, 2]) });
  const down = raw.filter((step) => step.atMs > 3_000).map((step) => step.vus);
  assert.deepEqual(down, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  assert.equal(vusAt(raw, 3_000), 10);
});

Deno.test("rampingVUsGracefulSteps() keeps VUs for gracefulRampDown only within the executor's end", () => {
  // k6 executors_test.go "varloops": 20 → 30 over 60s, → 10 over 130s, gracefulRampDown 10s, gracefulStop 15s.
  const plan = rampingVUsGracefulSteps({
    startVUs: 20,
    stages: stages([30, 60], [10, 130]),
    gracefulRampDownMs: 10_000,
    gracefulStopMs: 15_000,
  });
  assert.equal(plan.at(-1)!.atMs, 205_000);
  assert.equal(Math.max(...plan.map((step) => step.vus)), 30);
  // k6 TestRampingVUsGracefulRampDown: 2 VUs for 1s, down to 0 over 1s, 5s graceful ramp-down and stop.
  // The second VU stops at 1.5s and is kept 5s more; the first, stopping at 2s, is covered by the end at 7s.
  assert.deepEqual(
    rampingVUsGracefulSteps({
      startVUs: 2,
      stages: stages([2, 1], [0, 1]),
      gracefulRampDownMs: 5_000,
      gracefulStopMs: 5_000,
    }),
    steps([0, 2], [6.5, 1], [7, 0]),
  );
});

Deno.test("rampingVUsGracefulSteps() needs no more VUs than the highest target (k6 executors_test.go)", () => {
  const max = (shape: Stage[]) =>
    Math.max(
      ...rampingVUsGracefulSteps({ startVUs: 1, stages: shape, gracefulRampDownMs: 0, gracefulStopMs: 0 })
        .map((s) => s.vus),
    );
  assert.equal(max(stages([10, 10], [1, 0], [5, 10])), 10);
  assert.equal(max(stages([10, 10], [11, 0], [1, 0], [5, 10])), 11);
  assert.equal(
    Math.max(
      ...rampingVUsGracefulSteps({
        startVUs: 1,
        stages: stages([10, 10]),
        gracefulRampDownMs: 10_000,
        gracefulStopMs: 0,
      })
        .map((s) => s.vus),
    ),
    10,
  );
});

Deno.test("combineRequirements() adds scenarios up by start time (k6 GetFullExecutionRequirements)", () => {
  // k6 executors_test.go: constant-vus, 10 VUs, 60s, gracefulStop 10s, startTime 70s ends at 140s.
  const combined = combineRequirements([
    {
      name: "someKey",
      startTimeMs: 70_000,
      steps: [{ atMs: 0, plannedVUs: 10, maxUnplannedVUs: 0 }, {
        atMs: 70_000,
        plannedVUs: 0,
        maxUnplannedVUs: 0,
      }],
    },
  ]);
  assert.deepEqual(combined, [
    { atMs: 70_000, plannedVUs: 10, maxUnplannedVUs: 0 },
    { atMs: 140_000, plannedVUs: 0, maxUnplannedVUs: 0 },
  ]);
});

Deno.test("combineRequirements() does not add up scenarios that run one after the other", () => {
  // lib/execution.go GetMaxPossibleVUs: 20 planned, then 10 planned + 10 unplanned, needs 20 VUs, not 30.
  const combined = combineRequirements([
    {
      name: "b",
      startTimeMs: 10_000,
      steps: [{ atMs: 0, plannedVUs: 10, maxUnplannedVUs: 10 }, {
        atMs: 10_000,
        plannedVUs: 0,
        maxUnplannedVUs: 0,
      }],
    },
    {
      name: "a",
      startTimeMs: 0,
      steps: [{ atMs: 0, plannedVUs: 20, maxUnplannedVUs: 0 }, {
        atMs: 10_000,
        plannedVUs: 0,
        maxUnplannedVUs: 0,
      }],
    },
  ]);
  // k6 keeps both steps at 10s: "a" ending (configID 0) is applied before "b" starting.
  assert.deepEqual(combined, [
    { atMs: 0, plannedVUs: 20, maxUnplannedVUs: 0 },
    { atMs: 10_000, plannedVUs: 0, maxUnplannedVUs: 0 },
    { atMs: 10_000, plannedVUs: 10, maxUnplannedVUs: 10 },
    { atMs: 20_000, plannedVUs: 0, maxUnplannedVUs: 0 },
  ]);
  assert.equal(Math.max(...combined.map((step) => step.plannedVUs + step.maxUnplannedVUs)), 20);
});

Deno.test("combineRequirements() returns nothing for no scenarios", () => {
  assert.deepEqual(combineRequirements([]), []);
});
