/**
 * The functions of jslib.k6.io's `k6-utils` that scripts import most, served locally: scripts that
 * import `https://jslib.k6.io/k6-utils/<version>/index.js` run offline unchanged.
 *
 * @module
 */
import exec from "../execution.ts";
import { parseK6Duration } from "../../load/duration.ts";

/**
 * A random integer in [min, max], inclusive.
 *
 * @param min lower bound
 * @param max upper bound
 * @returns the integer
 */
export function randomIntBetween(min: number, max: number): number {
  return Math.floor(Math.random() * (max - min + 1) + min);
}

/**
 * A random element of an array.
 *
 * @param items the array
 * @returns one element
 */
export function randomItem<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

/**
 * A random string of `length` characters from `charset`.
 *
 * @param length how many characters
 * @param charset the alphabet (default a–z, 0–9)
 * @returns the string
 */
export function randomString(length: number, charset = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
  let text = "";
  for (let i = 0; i < length; i++) text += charset[Math.floor(Math.random() * charset.length)];
  return text;
}

/**
 * A random version-4 UUID.
 *
 * @returns the UUID
 */
export function uuidv4(): string {
  return crypto.randomUUID();
}

/**
 * The text between `left` and `right` in `content` (the first match, or all with `repeat`).
 *
 * @param content the text to search
 * @param left what comes before
 * @param right what comes after
 * @param repeat return every match
 * @returns the match, or every match
 */
export function findBetween(content: string, left: string, right: string, repeat = false): string | string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const start = content.indexOf(left, from);
    if (start < 0) break;
    const end = content.indexOf(right, start + left.length);
    if (end < 0) break;
    found.push(content.slice(start + left.length, end));
    if (!repeat) return found[0]!;
    from = end + right.length;
  }
  return repeat ? found : "";
}

/**
 * Stages following a normal curve up to `maxVus` and back, for `ramping-vus` (k6-utils'
 * `normalDistributionStages`, same arithmetic): a sixth of the time to climb, four sixths over
 * `numberOfStages` stages, a sixth to come down.
 *
 * @param maxVus the peak
 * @param durationSeconds the whole profile's length
 * @param numberOfStages the stages between the first and the last
 * @returns k6 stages
 */
export function normalDistributionStages(
  maxVus: number,
  durationSeconds: number,
  numberOfStages = 10,
): { duration: string; target: number }[] {
  const density = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const curve = new Array<number>(numberOfStages + 2).fill(0);
  const durations = new Array<number>(numberOfStages + 2).fill(Math.ceil(durationSeconds / 6));
  for (let i = 0; i <= numberOfStages; i++) curve[i] = density(-2 + (4 * i) / numberOfStages);
  const peak = Math.max(...curve);
  const vus = curve.map((x) => Math.round((x * maxVus) / peak));
  for (let j = 1; j <= numberOfStages; j++) {
    durations[j] = Math.ceil((4 * durationSeconds) / (6 * numberOfStages));
  }
  return durations.map((seconds, k) => ({ duration: `${seconds}s`, target: vus[k]! }));
}

/** The current scenario's stages (ramping-vus, ramping-arrival-rate), with what it starts from. */
function currentStages(): { stages: { duration: string; target: number }[]; start: number } {
  const name = exec.scenario.name;
  const scenario = (exec.test.options.scenarios as Record<string, Record<string, unknown>> | undefined)
    ?.[name];
  if (scenario === undefined) {
    throw new Error(`the exec.test.options object doesn't contain the current scenario ${name}`);
  }
  const stages = scenario.stages as { duration: string; target: number }[] | undefined;
  if (stages === undefined) {
    throw new Error(
      "only ramping-vus or ramping-arrival-rate supports stages, it is not possible to get a stage index on other executors.",
    );
  }
  if (stages.length < 1) throw new Error(`the current scenario ${name} doesn't contain any stage`);
  return { stages, start: Number(scenario.startVUs ?? scenario.startRate ?? 0) };
}

/**
 * The index of the stage the current scenario is in now (k6-utils' `getCurrentStageIndex`): from the
 * time since the scenario started and its stages' durations; the last stage once they are over.
 *
 * @returns the 0-based index
 */
export function getCurrentStageIndex(): number {
  const { stages } = currentStages();
  const elapsed = Date.now() - exec.scenario.startTime;
  let sum = 0;
  for (let i = 0; i < stages.length; i++) {
    sum += parseK6Duration(stages[i]!.duration);
    if (elapsed < sum) return i;
  }
  return stages.length - 1;
}

/** Tags the VU's samples with `stage` = the current stage's index (k6-utils' helper). */
export function tagWithCurrentStageIndex(): void {
  exec.vu.tags["stage"] = String(getCurrentStageIndex());
}

/**
 * Tags the VU's samples with `stage_profile`: `ramp-up` while the current stage's target is above the
 * previous one's (or the scenario's start), `ramp-down` while below, `steady` when equal.
 */
export function tagWithCurrentStageProfile(): void {
  const { stages, start } = currentStages();
  const index = getCurrentStageIndex();
  const previous = index === 0 ? start : stages[index - 1]!.target;
  const target = stages[index]!.target;
  exec.vu.tags["stage_profile"] = target > previous ? "ramp-up" : target < previous ? "ramp-down" : "steady";
}
