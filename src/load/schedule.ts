/**
 * When things happen in a load test, as pure functions of the scenario config: the start offsets of
 * arrival-rate iterations, the VU count of ramping-vus over time, and the combined VU needs of all
 * scenarios. No timers and no I/O: the runtime walks these plans against its own clock.
 *
 * Times are computed in integer nanoseconds, as k6 does with Go's `time.Duration` (including where Go
 * truncates), and returned in milliseconds. Sources: k6 `lib/executor/ramping_arrival_rate.go` (`cal`),
 * `constant_arrival_rate.go` (`Run`), `ramping_vus.go` (`getRawExecutionSteps`,
 * `reserveVUsForGracefulRampDowns`, `GetExecutionRequirements`), `helpers.go` (`getTickerPeriod`) and
 * `lib/executors.go` (`GetFullExecutionRequirements`).
 *
 * @module
 */
import type { ExecutionStep, Stage } from "./executors/base.ts";

const NS_PER_MS = 1_000_000;

/** A VU count that holds from `atMs` until the next step. */
export interface VuStep {
  /** Offset from the scenario's start, in ms. */
  atMs: number;
  /** VUs from this moment on. */
  vus: number;
}

/** What the ramping-vus VU curve depends on. */
export interface RampingVusShape {
  /** VUs at the start, before the first stage (k6 default 1). */
  startVUs: number;
  /** Linear ramps to each stage's target VU count. */
  stages: readonly Stage[];
}

/** What ramping-vus needs, besides its shape, to plan graceful ramp-downs and the graceful stop. */
export interface RampingVusPlanShape extends RampingVusShape {
  /** How long VUs ramped down may finish their iteration, in ms (k6 default 30 s). */
  gracefulRampDownMs: number;
  /** How long iterations may finish after the last stage, in ms (k6 default 30 s). */
  gracefulStopMs: number;
}

/** What ramping-arrival-rate start times depend on. */
export interface RampingArrivalRateShape {
  /** Iterations per `timeUnit` at the start. */
  startRate: number;
  /** The period `startRate` and stage targets are counted over, in ms. */
  timeUnitMs: number;
  /** Linear ramps of the rate to each stage's target. */
  stages: readonly Stage[];
}

/** What constant-rate (and Poisson) start times depend on. */
export interface ArrivalRateShape {
  /** Iterations per `timeUnit`. */
  rate: number;
  /** The period `rate` is counted over, in ms. */
  timeUnitMs: number;
  /** How long iterations keep starting, in ms. */
  durationMs: number;
}

/** Execution steps of one scenario, to be combined into the test's plan. */
export interface ScenarioSteps {
  /** The scenario's name; ties in start time are broken by name, as k6 does. */
  name: string;
  /** When the scenario starts, in ms from the test's start. */
  startTimeMs: number;
  /** The scenario's steps, relative to its own start. */
  steps: readonly ExecutionStep[];
}

/**
 * The ramping-vus VU count over time without graceful ramp-downs (k6's `getRawExecutionSteps` on a whole,
 * unsegmented test): one step each time the linearly interpolated target crosses a whole VU, rounded the
 * way k6 rounds (VUs are added at the moment the line reaches them and removed one VU later).
 *
 * @param shape `startVUs` and `stages`
 * @param options `zeroEnd` adds a step to 0 VUs at the end of the last stage, as the runtime needs
 * @returns the steps in time order; several may share an offset when a stage lasts 0 s
 * @example
 * ```ts
 * import { rampingVUsSteps } from "./schedule.ts";
 * import assert from "node:assert/strict";
 * const stages = [{ durationMs: 2_000, target: 2 }, { durationMs: 2_000, target: 0 }];
 * assert.deepEqual(rampingVUsSteps({ startVUs: 0, stages }), [
 *   { atMs: 0, vus: 0 }, { atMs: 1_000, vus: 1 }, { atMs: 2_000, vus: 2 }, { atMs: 3_000, vus: 1 }, { atMs: 4_000, vus: 0 },
 * ]);
 * ```
 */
export function rampingVUsSteps(shape: RampingVusShape, options: { zeroEnd?: boolean } = {}): VuStep[] {
  return rawStepsNs(shape, options.zeroEnd ?? false).map(toVuStep);
}

/**
 * The VUs ramping-vus keeps reserved over time, graceful ramp-downs and the graceful stop included (k6's
 * `GetExecutionRequirements`): a VU being ramped down stays counted for `gracefulRampDown` so it can finish
 * its iteration, and the plan ends with 0 VUs at the sum of the stages plus `gracefulStop`.
 *
 * @param shape the VU curve, `gracefulRampDownMs` and `gracefulStopMs`
 * @returns the steps in time order, ending with 0 VUs
 * @example
 * ```ts
 * import { rampingVUsGracefulSteps } from "./schedule.ts";
 * import assert from "node:assert/strict";
 * const stages = [{ durationMs: 2_000, target: 6 }, { durationMs: 5_000, target: 1 }];
 * // Each VU ramped down 3–7s in is kept 30s more, but not past the end at 7s + 30s.
 * assert.deepEqual(rampingVUsGracefulSteps({ startVUs: 4, stages, gracefulRampDownMs: 30_000, gracefulStopMs: 30_000 }), [
 *   { atMs: 0, vus: 4 }, { atMs: 1_000, vus: 5 }, { atMs: 2_000, vus: 6 }, { atMs: 33_000, vus: 5 },
 *   { atMs: 34_000, vus: 4 }, { atMs: 35_000, vus: 3 }, { atMs: 36_000, vus: 2 }, { atMs: 37_000, vus: 0 },
 * ]);
 * ```
 */
export function rampingVUsGracefulSteps(shape: RampingVusPlanShape): VuStep[] {
  let steps = rawStepsNs(shape, false);
  const endNs = sumStagesNs(shape.stages) + msToNs(shape.gracefulStopMs);
  if (shape.gracefulRampDownMs > 0) {
    steps = reserveForGracefulRampDowns(steps, endNs, msToNs(shape.gracefulRampDownMs));
  }
  if (steps.at(-1)?.vus !== 0) steps.push({ ns: endNs, vus: 0 });
  return steps.map(toVuStep);
}

/**
 * The VU count a list of steps gives at a moment: the last step at or before it.
 *
 * @param steps steps in time order, as {@linkcode rampingVUsSteps} returns them
 * @param atMs the moment, in ms from the scenario's start
 * @returns the VU count, 0 before the first step
 * @example
 * ```ts
 * import { rampingVUsSteps, vusAt } from "./schedule.ts";
 * import assert from "node:assert/strict";
 * const steps = rampingVUsSteps({ startVUs: 0, stages: [{ durationMs: 10_000, target: 10 }] }, { zeroEnd: true });
 * assert.equal(vusAt(steps, 4_500), 4);
 * assert.equal(vusAt(steps, 10_000), 0);
 * ```
 */
export function vusAt(steps: readonly VuStep[], atMs: number): number {
  let low = 0;
  let high = steps.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (steps[mid]!.atMs <= atMs) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? 0 : steps[low - 1]!.vus;
}

/**
 * The start offsets of ramping-arrival-rate iterations, by k6's closed form (`cal` in
 * ramping_arrival_rate.go): iteration n starts when the area under the linearly ramping rate reaches n.
 * Offsets are truncated to whole nanoseconds as Go's `time.Duration(x)` does, then given in ms. The last
 * offset can equal the end of the last stage; the runtime starts only those before its regular end.
 *
 * @param shape `startRate`, `timeUnitMs` and `stages`
 * @param options `start` and `offsets` select every n-th iteration the way k6's execution-segment striping
 *   does (`GetStripedOffsets`); the default, start 0 with offsets `[1]`, is every iteration
 * @returns a generator of start offsets in ms from the scenario's start, ascending
 * @example
 * ```ts
 * import { rampingArrivalRateStarts } from "./schedule.ts";
 * import assert from "node:assert/strict";
 * const stages = [{ durationMs: 5_000, target: 1 }, { durationMs: 1_000, target: 1 }, { durationMs: 5_000, target: 0 }];
 * const starts = [...rampingArrivalRateStarts({ startRate: 0, timeUnitMs: 1_000, stages })];
 * // k6's table: 3162, 4472, 5500, 6527, 7837 and 11000 ms; the first is √10 s, truncated to the nanosecond.
 * assert.equal(starts.length, 6);
 * assert.equal(starts[0], 3162.27766);
 * assert.equal(starts[5], 11_000);
 * ```
 */
export function* rampingArrivalRateStarts(
  shape: RampingArrivalRateShape,
  options: { start?: number; offsets?: readonly number[] } = {},
): Generator<number, void, undefined> {
  const offsets = options.offsets ?? [1];
  if (offsets.length === 0 || offsets.some((offset) => !(offset > 0))) {
    throw new RangeError(`Invalid offsets ${JSON.stringify(offsets)}: expected positive numbers`);
  }
  let li = -1;
  const next = () => offsets[++li % offsets.length]!;
  // The float arithmetic below follows cal() operation by operation, so the results match k6's bit for bit.
  const timeUnit = msToNs(shape.timeUnitMs);
  let stageStart = 0;
  let doneSoFar = 0;
  let endCount = 0;
  let from = shape.startRate / timeUnit;
  // The algorithm works with areas, so the first iteration is at area 1, not 0.
  let i = (options.start ?? 0) + 1;
  for (const stage of shape.stages) {
    const to = stage.target / timeUnit;
    const dur = msToNs(stage.durationMs);
    if (from !== to) {
      endCount += dur * ((to - from) / 2 + from);
      for (; i <= endCount; i += next()) {
        const x =
          (from * dur - noNegativeSqrt(dur * (from * from * dur + 2 * (i - doneSoFar) * (to - from)))) /
          (from - to);
        yield (Math.trunc(x) + stageStart) / NS_PER_MS;
      }
    } else {
      endCount += dur * to;
      for (; i <= endCount; i += next()) yield (Math.trunc((i - doneSoFar) / to) + stageStart) / NS_PER_MS;
    }
    doneSoFar = endCount;
    from = to;
    stageStart += dur;
  }
}

/**
 * The start offsets of constant-arrival-rate iterations: iteration i at i × (timeUnit / rate), the period
 * truncated to whole nanoseconds first as k6's `getTickerPeriod` does, for as long as the offset is before
 * `duration` (the first at 0).
 *
 * @param shape `rate`, `timeUnitMs` and `durationMs`
 * @returns a generator of start offsets in ms from the scenario's start, ascending
 * @throws {RangeError} when the rate gives a period under 1 ns, which k6 cannot schedule either
 * @example
 * ```ts
 * import { constantArrivalRateStarts } from "./schedule.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([...constantArrivalRateStarts({ rate: 4, timeUnitMs: 1_000, durationMs: 1_000 })], [0, 250, 500, 750]);
 * ```
 */
export function* constantArrivalRateStarts(shape: ArrivalRateShape): Generator<number, void, undefined> {
  const periodNs = Math.trunc(msToNs(shape.timeUnitMs) / shape.rate);
  if (!(periodNs >= 1)) {
    throw new RangeError(
      `Cannot schedule ${shape.rate} iterations per ${shape.timeUnitMs}ms: the period is under 1ns`,
    );
  }
  // A start that the period's truncation puts a hair before the end (33/s: the 34th at 999.99999 ms) is
  // not made: in k6 the scenario's end fires with it, and the end wins, so 33/s for 1 s is 33 iterations.
  const lastNs = msToNs(shape.durationMs) - END_TOLERANCE_NS;
  for (let i = 0; i * periodNs < lastNs; i++) yield (i * periodNs) / NS_PER_MS;
}

/** How close to a scenario's end a scheduled start is taken to coincide with it (see above). */
const END_TOLERANCE_NS = 1000;

/**
 * The start offsets of a Poisson arrival process: exponentially distributed gaps with mean
 * timeUnit / rate, for as long as the offset is before `duration`. The first arrival is one gap after 0.
 * Deterministic for a given random source.
 *
 * @param shape `rate`, `timeUnitMs` and `durationMs`
 * @param random uniform numbers in [0, 1), e.g. {@linkcode seededRandom}
 * @returns a generator of start offsets in ms from the scenario's start, ascending
 * @example
 * ```ts
 * import { poissonArrivalStarts, seededRandom } from "./schedule.ts";
 * import assert from "node:assert/strict";
 * const shape = { rate: 100, timeUnitMs: 1_000, durationMs: 60_000 };
 * const starts = [...poissonArrivalStarts(shape, seededRandom(7))];
 * assert.ok(starts.length > 5_400 && starts.length < 6_600);
 * assert.deepEqual(starts, [...poissonArrivalStarts(shape, seededRandom(7))]);
 * ```
 */
export function* poissonArrivalStarts(
  shape: ArrivalRateShape,
  random: () => number,
): Generator<number, void, undefined> {
  const meanGapMs = shape.timeUnitMs / shape.rate;
  if (!(meanGapMs > 0) || !Number.isFinite(meanGapMs)) {
    throw new RangeError(
      `Cannot schedule ${shape.rate} iterations per ${shape.timeUnitMs}ms: expected a positive rate`,
    );
  }
  let t = 0;
  for (;;) {
    // 1 - u is in (0, 1], so the logarithm is finite.
    t += -Math.log(1 - random()) * meanGapMs;
    if (t >= shape.durationMs) return;
    yield t;
  }
}

/**
 * A seeded pseudo-random source (xoshiro128**, seeded through splitmix32) for reproducible schedules.
 *
 * @param seed any safe integer
 * @returns a function giving uniform numbers in [0, 1)
 * @example
 * ```ts
 * import { seededRandom } from "./schedule.ts";
 * import assert from "node:assert/strict";
 * const a = seededRandom(42);
 * const b = seededRandom(42);
 * assert.equal(a(), b());
 * assert.ok(a() >= 0 && a() < 1);
 * ```
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`Invalid seed ${seed}: expected a safe integer`);
  // Fold the high bits in so seeds that differ only above 2^32 still differ.
  let mix = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) | 0, 0x85ebca6b);
  const splitmix32 = () => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix ^ (mix >>> 16);
    z = Math.imul(z, 0x21f0aaad);
    z ^= z >>> 15;
    z = Math.imul(z, 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  const s = new Uint32Array([splitmix32(), splitmix32(), splitmix32(), splitmix32()]);
  return function xoshiro128ss() {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result / 2 ** 32;
  };
}

/**
 * Combines the execution steps of all scenarios into the test's, counting each scenario's start time (k6's
 * `GetFullExecutionRequirements`): at every offset where any scenario's needs change, the sum of what each
 * scenario needs at that moment.
 *
 * @param scenarios each scenario's name, start time and steps
 * @returns the combined steps in time order, offsets from the test's start
 * @example
 * ```ts
 * import { combineRequirements } from "./schedule.ts";
 * import assert from "node:assert/strict";
 * const steps = combineRequirements([
 *   { name: "a", startTimeMs: 0, steps: [{ atMs: 0, plannedVUs: 10, maxUnplannedVUs: 0 }, { atMs: 60_000, plannedVUs: 0, maxUnplannedVUs: 0 }] },
 *   { name: "b", startTimeMs: 30_000, steps: [{ atMs: 0, plannedVUs: 5, maxUnplannedVUs: 5 }, { atMs: 60_000, plannedVUs: 0, maxUnplannedVUs: 0 }] },
 * ]);
 * assert.deepEqual(steps.map((step) => [step.atMs, step.plannedVUs, step.maxUnplannedVUs]), [
 *   [0, 10, 0], [30_000, 15, 5], [60_000, 5, 5], [90_000, 0, 0],
 * ]);
 * ```
 */
export function combineRequirements(scenarios: readonly ScenarioSteps[]): ExecutionStep[] {
  // Sorted by (start time, name) as k6's GetSortedConfigs; names are ASCII, so < matches Go's byte order.
  const sorted = [...scenarios].sort((a, b) =>
    a.startTimeMs !== b.startTimeMs
      ? a.startTimeMs - b.startTimeMs
      : a.name < b.name
      ? -1
      : a.name > b.name
      ? 1
      : 0
  );
  const tracked = sorted.flatMap((scenario, id) =>
    scenario.steps.map((step) => ({
      ns: msToNs(scenario.startTimeMs) + msToNs(step.atMs),
      id,
      plannedVUs: step.plannedVUs,
      maxUnplannedVUs: step.maxUnplannedVUs,
    }))
  );
  // Array.prototype.sort is stable, as k6's sort.SliceStable: same-time steps of one scenario keep their order.
  tracked.sort((a, b) => (a.ns !== b.ns ? a.ns - b.ns : a.id - b.id));
  const planned = new Array<number>(sorted.length).fill(0);
  const unplanned = new Array<number>(sorted.length).fill(0);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const result: ExecutionStep[] = [];
  for (const step of tracked) {
    planned[step.id] = step.plannedVUs;
    unplanned[step.id] = step.maxUnplannedVUs;
    const plannedVUs = sum(planned);
    const maxUnplannedVUs = sum(unplanned);
    const last = result.at(-1);
    if (last === undefined || last.plannedVUs !== plannedVUs || last.maxUnplannedVUs !== maxUnplannedVUs) {
      result.push({ atMs: step.ns / NS_PER_MS, plannedVUs, maxUnplannedVUs });
    }
  }
  return result;
}

interface NsStep {
  ns: number;
  vus: number;
}

function toVuStep(step: NsStep): VuStep {
  return { atMs: step.ns / NS_PER_MS, vus: step.vus };
}

// Durations reach here as ms derived from whole nanoseconds, so rounding recovers the nanoseconds exactly.
function msToNs(ms: number): number {
  return Math.round(ms * NS_PER_MS);
}

function sumStagesNs(stages: readonly Stage[]): number {
  return stages.reduce((total, stage) => total + msToNs(stage.durationMs), 0);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// ramping_arrival_rate.go noNegativeSqrt: float noise can make a 0 radicand slightly negative.
function noNegativeSqrt(f: number): number {
  return f < 0 || Object.is(f, -0) ? 0 : Math.sqrt(f);
}

// Go's int64 `a * b / c`: integer product, quotient truncated toward zero. BigInt when the product is
// beyond 2^53, where a float product would lose the low digits.
function mulDivTrunc(a: number, b: number, c: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return Math.trunc(product / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

// ramping_vus.go getRawExecutionSteps for the whole test (no execution segment), where k6's
// SegmentedIndex maps every VU number to itself.
function rawStepsNs(shape: RampingVusShape, zeroEnd: boolean): NsStep[] {
  let timeTillEnd = 0;
  let fromVUs = shape.startVUs;
  // The last VU number the index reached; after a ramp up it is one past the target, as in k6.
  let index = shape.startVUs;
  const steps: NsStep[] = [{ ns: 0, vus: shape.startVUs }];
  const addStep = (ns: number, vus: number) => {
    if (steps[steps.length - 1]!.vus !== vus) steps.push({ ns, vus });
  };
  for (const stage of shape.stages) {
    const stageEndVUs = stage.target;
    const stageDuration = msToNs(stage.durationMs);
    timeTillEnd += stageDuration;
    const stageVUDiff = stageEndVUs - fromVUs;
    if (stageVUDiff === 0) continue;
    if (stageDuration === 0) {
      index = stageEndVUs;
      addStep(timeTillEnd, stageEndVUs);
      fromVUs = stageEndVUs;
      continue;
    }
    if (index > stageEndVUs) {
      // Ramping down, a VU stops when the line reaches the VU number below it, so it is not stopped early.
      for (; index > stageEndVUs; index--) {
        addStep(timeTillEnd - mulDivTrunc(stageDuration, stageEndVUs - index + 1, stageVUDiff), index - 1);
      }
    } else {
      for (; index <= stageEndVUs; index++) {
        addStep(timeTillEnd - mulDivTrunc(stageDuration, stageEndVUs - index, stageVUDiff), index);
      }
    }
    fromVUs = stageEndVUs;
  }
  if (zeroEnd && steps[steps.length - 1]!.vus !== 0) steps.push({ ns: timeTillEnd, vus: 0 });
  return steps;
}

// ramping_vus.go reserveVUsForGracefulRampDowns: on a downward slope, keep the higher VU count for
// gracefulRampDown unless the count climbs back within that window; add nothing at or after the end.
function reserveForGracefulRampDowns(
  rawSteps: readonly NsStep[],
  endNs: number,
  gracefulRampDownNs: number,
): NsStep[] {
  const newSteps: NsStep[] = [];
  let lastPlannedVUs = 0;
  let lastDownwardSlopeStepNum = 0;
  for (let rawStepNum = 0; rawStepNum < rawSteps.length; rawStepNum++) {
    const rawStep = rawSteps[rawStepNum]!;
    if (rawStepNum === 0 || rawStep.vus > lastPlannedVUs) {
      newSteps.push(rawStep);
      lastPlannedVUs = rawStep.vus;
      continue;
    }
    if (rawStep.vus === lastPlannedVUs) continue;
    let skippedToNewRawStep = false;
    const timeOffsetWithTimeout = rawStep.ns + gracefulRampDownNs;
    const advStepStart = Math.max(rawStepNum + 1, lastDownwardSlopeStepNum);
    let wasRampingDown = true;
    for (let advStepNum = advStepStart; advStepNum < rawSteps.length; advStepNum++) {
      const advStep = rawSteps[advStepNum]!;
      if (advStep.ns > timeOffsetWithTimeout) break;
      if (advStep.vus >= lastPlannedVUs) {
        rawStepNum = advStepNum - 1;
        skippedToNewRawStep = true;
        break;
      }
      if (wasRampingDown) {
        if (rawSteps[advStepNum - 1]!.vus > advStep.vus) lastDownwardSlopeStepNum = advStepNum;
        else wasRampingDown = false;
      }
    }
    if (skippedToNewRawStep) continue;
    if (timeOffsetWithTimeout >= endNs) break;
    newSteps.push({ ns: timeOffsetWithTimeout, vus: rawStep.vus });
    lastPlannedVUs = rawStep.vus;
  }
  return newSteps;
}
