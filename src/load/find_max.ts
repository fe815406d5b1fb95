/**
 * Capacity search: the highest arrival rate at which the script's thresholds hold — the one number a
 * pre-deploy capacity gate wants. Each step runs the script's default function under a
 * constant-arrival-rate scenario; a step passes when every threshold holds and no iteration was dropped
 * (a dropped iteration means that rate was never actually offered). The rate doubles until a step fails,
 * then bisects between the last pass and the first failure.
 *
 * @module
 */
import { EXIT, type LoadRunOptions, type LoadRunResult, runLoad } from "./engine.ts";

/** How the search runs. */
export interface FindMaxOptions {
  /** First rate tried, iterations per second (default 10). */
  fromRate?: number;
  /** Highest rate tried (default 5000). */
  toRate?: number;
  /** How long each step runs, ms (default 10 s). */
  stepMs?: number;
  /** Stop bisecting when the gap is within this share of the passing rate (default 0.05). */
  precision?: number;
  /** At most this many steps (default 14). */
  maxSteps?: number;
  /** Called after each step, for progress output. */
  onStep?: (step: FindMaxStep) => void;
}

/** One step of the search. */
export interface FindMaxStep {
  rate: number;
  pass: boolean;
  /** Why it failed: the thresholds that failed, dropped iterations, or the run's exit code. */
  reason: string;
  p95Ms: number | null;
  errorRate: number | null;
  achievedRate: number | null;
}

/** The outcome. */
export interface FindMaxResult {
  /** Highest passing rate, or null when even `fromRate` failed. */
  maxRate: number | null;
  /** Lowest failing rate seen, or null when `toRate` still passed. */
  failedAt: number | null;
  steps: FindMaxStep[];
  /**
   * Exit code: 0 found, 99 nothing passed, 105 stopped (Ctrl-C) before the search ended, or the run's own
   * code (104, 107) when the script is broken.
   */
  exitCode: number;
  /** Whether the search was stopped before its end: `maxRate` is then only the best so far. */
  interrupted: boolean;
  error: string | null;
}

function stepScenario(rate: number, durationMs: number): Record<string, unknown> {
  return {
    find_max: {
      executor: "constant-arrival-rate",
      rate,
      timeUnit: "1s",
      duration: `${durationMs}ms`,
      // Enough VUs for a 1 s response at this rate: the generator must never be the bottleneck.
      preAllocatedVUs: Math.min(1000, Math.max(10, Math.ceil(rate / 4))),
      maxVUs: Math.max(20, rate),
      gracefulStop: "5s",
    },
  };
}

function judge(rate: number, result: LoadRunResult, durationMs: number): FindMaxStep {
  const metrics = result.summary?.metrics ?? {};
  const failed = Object.entries(metrics).flatMap(([name, m]) =>
    m.thresholds.filter((t) => !t.ok).map((t) => `${name} ${t.source}`)
  );
  const dropped = metrics.dropped_iterations?.values.count ?? 0;
  const p95 = metrics.http_req_duration?.values["p(95)"] ?? null;
  const errorRate = metrics.http_req_failed?.values.rate ?? null;
  const iterations = metrics.iterations?.values.count ?? 0;
  const reasons = [...failed];
  if (dropped > 0) reasons.push(`${dropped} iterations dropped`);
  if (result.exitCode !== EXIT.ok && result.exitCode !== EXIT.thresholdsFailed) {
    reasons.push(`exit code ${result.exitCode}`);
  }
  return {
    rate,
    pass: reasons.length === 0,
    reason: reasons.join("; "),
    p95Ms: p95,
    errorRate,
    achievedRate: iterations / (durationMs / 1000),
  };
}

/**
 * Searches for the highest passing rate.
 *
 * @param run how to run the script (path, env)
 * @param options the search's bounds and step length
 * @returns the steps and the answer
 */
export async function findMaxRate(
  run: Pick<LoadRunOptions, "scriptPath" | "env" | "log" | "signal">,
  options: FindMaxOptions = {},
): Promise<FindMaxResult> {
  const from = options.fromRate ?? 10;
  const to = options.toRate ?? 5000;
  const stepMs = options.stepMs ?? 10_000;
  const precision = options.precision ?? 0.05;
  const maxSteps = options.maxSteps ?? 14;
  if (!(from >= 1 && to >= from)) {
    throw new RangeError(`Invalid rate range ${from}..${to}: expected 1 <= from <= to`);
  }
  const steps: FindMaxStep[] = [];
  const tryRate = async (rate: number): Promise<FindMaxStep | LoadRunResult> => {
    const result = await runLoad({
      ...run,
      timeline: false, // a step is judged by its summary; nothing draws it
      // Thresholds, setup and the default function stay the script's; only the traffic shape changes.
      // k6's shortcuts go: they may not be combined with scenarios.
      transformOptions: ({ vus: _v, duration: _d, iterations: _i, stages: _s, ...scriptOptions }) => ({
        ...scriptOptions,
        scenarios: stepScenario(rate, stepMs),
      }),
    });
    if (result.summary === null) return result;
    // A step cut short by Ctrl-C says nothing about its rate.
    if (run.signal?.aborted) return result;
    const step = judge(rate, result, stepMs);
    steps.push(step);
    options.onStep?.(step);
    return step;
  };

  let pass: number | null = null;
  let fail: number | null = null;
  // A step that gave no verdict: stopped by Ctrl-C (what passed so far), or a broken script (its code).
  const ended = (result: LoadRunResult, maxRate: number | null, failedAt: number | null): FindMaxResult =>
    run.signal?.aborted ? interrupted(pass, fail, steps) : {
      maxRate,
      failedAt,
      steps,
      exitCode: result.exitCode,
      error: result.error,
      interrupted: false,
    };
  for (let rate = from; steps.length < maxSteps; rate = Math.min(to, rate * 2)) {
    const outcome = await tryRate(rate);
    if (!("pass" in outcome)) return ended(outcome, null, null);
    if (outcome.pass) pass = rate;
    else {
      fail = rate;
      break;
    }
    if (run.signal?.aborted) break;
    if (rate >= to) break;
  }
  while (
    pass !== null && fail !== null && (fail - pass) / pass > precision && steps.length < maxSteps &&
    !run.signal?.aborted
  ) {
    const rate = Math.round((pass + fail) / 2);
    if (rate === pass || rate === fail) break;
    const outcome = await tryRate(rate);
    if (!("pass" in outcome)) return ended(outcome, pass, fail);
    if (outcome.pass) pass = rate;
    else fail = rate;
  }
  if (run.signal?.aborted) return interrupted(pass, fail, steps);
  return {
    maxRate: pass,
    failedAt: fail,
    steps,
    exitCode: pass === null ? EXIT.thresholdsFailed : EXIT.ok,
    error: null,
    interrupted: false,
  };
}

/** A search stopped by Ctrl-C: exit 105 as any stopped run, with what was learnt so far. */
function interrupted(pass: number | null, fail: number | null, steps: FindMaxStep[]): FindMaxResult {
  return {
    maxRate: pass,
    failedAt: fail,
    steps,
    exitCode: EXIT.externalAbort,
    error: null,
    interrupted: true,
  };
}
