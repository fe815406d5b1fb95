/**
 * The `k6` module: check, group, sleep, fail, randomSeed — k6's semantics on Vigil's engine. `sleep`
 * and `group` return promises; the script transform awaits them, so scripts keep k6's blocking style.
 *
 * @module
 */
import { currentRun, currentVu, halted } from "../load/context.ts";
import { seededRandom } from "../stats/random.ts";

/** A check callback, or a plain value whose truthiness is the result (as k6 allows). */
export type Checker<T> = ((value: T) => unknown) | unknown;

function validateName(kind: string, name: string): void {
  if (typeof name !== "string" || name === "") {
    throw new TypeError(`Invalid ${kind} name ${JSON.stringify(name)}: expected a non-empty string`);
  }
  // k6 joins group paths with "::", so a name containing it would corrupt the path.
  if (name.includes("::")) throw new TypeError(`Invalid ${kind} name "${name}": it may not contain "::"`);
}

/**
 * Runs each check against `value`, records it in the `checks` rate, and returns whether all passed.
 *
 * @param value what the checks look at (usually a response)
 * @param sets check names mapped to predicates
 * @param tags extra tags for the `checks` samples
 * @returns true when every check passed
 */
export function check<T>(
  value: T,
  sets: Record<string, Checker<T>>,
  tags: object = {},
): boolean {
  const run = currentRun();
  const vu = currentVu();
  const group = vu?.groupPath ?? "";
  let plain = true;
  for (const _ in tags) {
    plain = false;
    break;
  }
  let all = true;
  // A promise here is a request the script transform could not await: judged, it would read as a
  // response that passed (`r.body !== null`). It fails every check instead, and says why once.
  const unawaited = isThenable(value);
  if (unawaited) warnUnawaited(run, "a check was handed a promise");
  for (const name in sets) {
    validateName("check", name);
    const predicate = sets[name];
    // As in k6: a predicate that throws is a failed check, recorded, and then the error goes on up
    // (the checks after it do not run).
    let thrown: { error: unknown } | null = null;
    let result: unknown;
    try {
      result = typeof predicate === "function" ? predicate(value) : predicate;
    } catch (error) {
      thrown = { error };
      result = false;
    }
    if (isThenable(result)) warnUnawaited(run, `check "${name}" returned a promise`);
    const pass = !unawaited && !isThenable(result) && Boolean(result);
    // The common case (no extra tags, inside a VU) reuses one tag set per check instead of building one.
    if (plain && vu !== undefined) {
      vu.recordCheck(group, name, pass);
    } else {
      run.emit("checks", pass ? 1 : 0, { ...stringTags(tags), check: name }, vu);
      run.recordCheck(group, name, pass);
    }
    if (thrown !== null) throw thrown.error;
    if (!pass) all = false;
  }
  return all;
}

function isThenable(value: unknown): boolean {
  return value !== null && typeof value === "object" &&
    typeof (value as { then?: unknown }).then === "function";
}

const warnedRuns = new WeakSet<object>();

/** Says once per run that a blocking call was not awaited, and what to do about it. */
function warnUnawaited(run: ReturnType<typeof currentRun>, what: string): void {
  if (warnedRuns.has(run)) return;
  warnedRuns.add(run);
  run.log(
    `Warning: ${what}: a request or sleep the script transform could not await (a method, or a function ` +
      `of another module, that calls the callback it is given, say; see "Callbacks" in the README). The ` +
      `check counts as failed. Call http.* where the script can await it.`,
  );
}

/** Tag values are strings in k6's samples; other values are converted as k6 converts them. */
function stringTags(tags: object): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, String(value)]));
}

/**
 * Runs `fn` inside a named group: its samples carry `group=::name`, and `group_duration` measures it.
 *
 * @param name the group name
 * @param fn the group body
 * @returns what `fn` returned
 */
export async function group<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  validateName("group", name);
  if (typeof fn !== "function") {
    throw new TypeError(`Invalid group "${name}": expected a function as the second argument`);
  }
  const run = currentRun();
  const vu = currentVu();
  // A VU runs one iteration at a time, so the group path is the VU's, set and restored around `fn`.
  const parent = vu?.groupPath ?? "";
  const path = `${parent}::${name}`;
  const started = performance.now();
  if (vu !== undefined) vu.groupPath = path;
  try {
    return await fn();
  } finally {
    if (vu !== undefined) vu.groupPath = parent;
    run.emit("group_duration", performance.now() - started, { group: path }, vu);
  }
}

/**
 * Suspends the VU for `seconds` (fractions allowed); ends early when the VU must stop.
 *
 * @param seconds how long to sleep
 * @returns a promise that resolves after the sleep
 */
export function sleep(seconds: number): Promise<void> {
  const ms = Number(seconds) * 1000;
  const signal = currentVu()?.signal;
  // A VU being stopped (gracefulStop, ramp-down, exec.test.abort(), a setup() past its timeout) does not
  // run on: k6 interrupts its runtime, so nothing after the sleep runs and the iteration is not counted.
  // The sleep never ends; the engine stops waiting for the iteration (see halted()).
  if (signal?.aborted) return halted();
  if (!Number.isFinite(ms) || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", stopped);
      resolve();
    }
    function stopped() {
      clearTimeout(timer); // and never resolve
    }
    signal?.addEventListener("abort", stopped, { once: true });
  });
}

/**
 * Fails the current iteration with `message`, as k6's `fail()` does.
 *
 * @param message why
 * @returns never
 */
export function fail(message = ""): never {
  throw new Error(message);
}

/**
 * Seeds `Math.random`. k6 seeds per VU; here VUs share one runtime, so the seed applies to all of them.
 *
 * @param seed an integer seed
 */
export function randomSeed(seed: number): void {
  Math.random = seededRandom(Math.trunc(seed));
}

export default { check, group, sleep, fail, randomSeed };
