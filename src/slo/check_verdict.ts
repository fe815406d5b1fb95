/**
 * The verdicts of `deno task check`: every probe and every SLO judged from one batch of results.
 * Pure: the same results always give the same verdict.
 *
 * @module
 */
import type { Config, SliConfig, SloConfig } from "../config/types.ts";
import type { ProbeResult } from "../store/store.ts";
import { quantile } from "../stats/quantile.ts";
import { ratio } from "./budget.ts";
import { isProbeSli, type ProbeSli } from "./sli.ts";

/** A probe's figures and verdict. */
export interface ProbeVerdict {
  probe: string;
  target: string;
  runs: number;
  successes: number;
  p50Ms: number;
  p95Ms: number;
  /** The SLOs this probe was held against; empty means "every run must succeed". */
  slos: string[];
  pass: boolean;
  /** Distinct failure reasons with how often each occurred, most frequent first. */
  failures: { reason: string; count: number }[];
}

/** An SLO's figures and verdict over the batch. */
export interface SloVerdict {
  name: string;
  sli: SliConfig;
  objective: number;
  good: number;
  total: number;
  /** good / total; null when no probe covered the SLO (which fails it: silence is not compliance). */
  ratio: number | null;
  /**
   * False for SLIs `check` cannot measure (request, accuracy, drift: only Prometheus sees those); such an
   * SLO neither passes nor fails the gate, and `pass` is true.
   */
  measured: boolean;
  pass: boolean;
}

/** The whole verdict. */
export interface CheckVerdict {
  probes: ProbeVerdict[];
  slos: SloVerdict[];
  pass: boolean;
}

function isGood(sli: ProbeSli, result: ProbeResult): boolean {
  switch (sli.type) {
    case "probe_availability":
      return result.success;
    case "probe_latency":
      return result.success && result.durationMs <= sli.thresholdMs;
  }
}

function judge(
  slo: SloConfig,
  results: ProbeResult[],
): { good: number; total: number; ratio: number | null; measured: boolean; pass: boolean } {
  const sli = slo.sli;
  if (!isProbeSli(sli)) return { good: 0, total: 0, ratio: null, measured: false, pass: true };
  const covered = results.filter((result) => result.target === sli.target);
  const good = covered.filter((result) => isGood(sli, result)).length;
  const value = ratio(good, covered.length);
  return {
    good,
    total: covered.length,
    ratio: value,
    measured: true,
    pass: value !== null && value >= slo.objective,
  };
}

/** The SLOs a probe's runs count towards: probe SLIs on its target. */
function probeSlos(slos: SloConfig[], target: string): SloConfig[] {
  return slos.filter((slo) => isProbeSli(slo.sli) && slo.sli.target === target);
}

/**
 * Judges a batch of probe results against the config's SLOs.
 *
 * @param config probes and SLOs
 * @param results every run of the batch
 * @returns per-probe and per-SLO verdicts; `pass` only when all pass
 * @example
 * ```ts
 * import { checkVerdict } from "./check_verdict.ts";
 * import assert from "node:assert/strict";
 * const config = {
 *   probes: [{ name: "p", target: "t" }],
 *   slos: [{ name: "avail", objective: 0.99, periodMs: 1, sli: { type: "probe_availability", target: "t" } }],
 * } as const;
 * const run = { probe: "p", target: "t", time: 0, durationMs: 5, status: 200, success: true, failure: null };
 * const verdict = checkVerdict(config as never, [run, { ...run, success: false, status: 503, failure: "status 503" }]);
 * assert.equal(verdict.pass, false);
 * assert.equal(verdict.slos[0]?.ratio, 0.5);
 * ```
 */
export function checkVerdict(config: Pick<Config, "probes" | "slos">, results: ProbeResult[]): CheckVerdict {
  const probes = config.probes.map((probe): ProbeVerdict => {
    const runs = results.filter((result) => result.probe === probe.name);
    const durations = runs.map((result) => result.durationMs);
    const applicable = probeSlos(config.slos, probe.target);
    // A probe meets its target's SLOs on its own runs; a probe no SLO covers must succeed every time.
    const pass = runs.length > 0 &&
      (applicable.length === 0
        ? runs.every((result) => result.success)
        : applicable.every((slo) => judge(slo, runs).pass));
    const reasons = new Map<string, number>();
    for (const result of runs) {
      if (result.failure !== null) reasons.set(result.failure, (reasons.get(result.failure) ?? 0) + 1);
    }
    return {
      probe: probe.name,
      target: probe.target,
      runs: runs.length,
      successes: runs.filter((result) => result.success).length,
      p50Ms: quantile(durations, 0.5),
      p95Ms: quantile(durations, 0.95),
      slos: applicable.map((slo) => slo.name),
      pass,
      failures: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
    };
  });
  const slos = config.slos.map((slo): SloVerdict => ({
    name: slo.name,
    sli: slo.sli,
    objective: slo.objective,
    ...judge(slo, results),
  }));
  return { probes, slos, pass: probes.every((probe) => probe.pass) && slos.every((slo) => slo.pass) };
}
