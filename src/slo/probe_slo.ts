/**
 * Availability and latency status of targets and SLOs from stored probe results, over rolling windows.
 * Later SLI kinds (request success, accuracy, drift) add a branch to `sliCounts`, not a new module.
 *
 * @module
 */
import type { Config, SliConfig, SloConfig } from "../config/types.ts";
import type { VigilMetrics } from "../metrics/registry.ts";
import type { Store } from "../store/store.ts";
import { budgetRemaining, burnRate, ratio } from "./budget.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The rolling windows reported for every SLO and target. */
export const WINDOWS: readonly { name: string; ms: number }[] = [
  { name: "1h", ms: HOUR },
  { name: "1d", ms: DAY },
  { name: "30d", ms: 30 * DAY },
];

/** One window of an SLI. */
export interface WindowStatus {
  good: number;
  total: number;
  /** good / total, null without data. */
  ratio: number | null;
  /** ratio >= objective; null without data. */
  met: boolean | null;
  burnRate: number | null;
  /** Share of the window for which results exist (1 once the oldest result is older than the window). */
  coverage: number;
}

/** One SLO's status. */
export interface SloStatus {
  name: string;
  description?: string;
  sli: SliConfig;
  objective: number;
  periodMs: number;
  windows: Record<string, WindowStatus>;
  budget: {
    /** Remaining share of the error budget over the period, null without data. */
    remaining: number | null;
    /** False until results cover a whole period: until then `remaining` is a partial view. */
    periodComplete: boolean;
  };
}

/** One target's probe availability. */
export interface TargetStatus {
  target: string;
  windows: Record<string, { runs: number; successes: number; ratio: number | null }>;
}

/** The whole report served at /v1/slo. */
export interface SloReport {
  generatedAt: number;
  slos: SloStatus[];
  targets: TargetStatus[];
}

/** Good and total events of an SLI over [since, until). */
function sliCounts(
  store: Store,
  sli: SliConfig,
  since: number,
  until: number,
): { good: number; total: number } {
  switch (sli.type) {
    case "probe_availability": {
      const counts = store.countProbeResults({ target: sli.target, since, until });
      return { good: counts.successes, total: counts.total };
    }
    case "probe_latency": {
      // A run is good when it succeeded within the threshold; failures count against latency too,
      // so a hanging target cannot look fast by timing out.
      const counts = store.countProbeResults({
        target: sli.target,
        since,
        until,
        thresholdMs: sli.thresholdMs,
      });
      return { good: counts.fastSuccesses, total: counts.total };
    }
  }
}

function sliTarget(sli: SliConfig): string {
  return sli.target;
}

function coverage(first: number | null, now: number, windowMs: number): number {
  if (first === null) return 0;
  return Math.min(1, Math.max(0, (now - first) / windowMs));
}

/**
 * Computes the status of every SLO and every target at `now`.
 *
 * @param config the configuration (SLOs and targets)
 * @param store where probe results are
 * @param now the evaluation time, epoch ms
 * @returns the report
 */
export function sloReport(config: Pick<Config, "slos" | "targets">, store: Store, now: number): SloReport {
  const until = now + 1;
  const slos = config.slos.map((slo): SloStatus => {
    const first = store.firstProbeResultTime({ target: sliTarget(slo.sli) });
    const windows: Record<string, WindowStatus> = {};
    for (const window of WINDOWS) {
      windows[window.name] = windowStatus(store, slo, now - window.ms, until, window.ms, first, now);
    }
    const period = sliCounts(store, slo.sli, now - slo.periodMs, until);
    const status: SloStatus = {
      name: slo.name,
      sli: slo.sli,
      objective: slo.objective,
      periodMs: slo.periodMs,
      windows,
      budget: {
        remaining: budgetRemaining(period.good, period.total, slo.objective),
        periodComplete: coverage(first, now, slo.periodMs) >= 1,
      },
    };
    if (slo.description !== undefined) status.description = slo.description;
    return status;
  });
  const targets = Object.keys(config.targets).map((target): TargetStatus => {
    const windows: TargetStatus["windows"] = {};
    for (const window of WINDOWS) {
      const counts = store.countProbeResults({ target, since: now - window.ms, until });
      windows[window.name] = {
        runs: counts.total,
        successes: counts.successes,
        ratio: ratio(counts.successes, counts.total),
      };
    }
    return { target, windows };
  });
  return { generatedAt: now, slos, targets };
}

function windowStatus(
  store: Store,
  slo: SloConfig,
  since: number,
  until: number,
  windowMs: number,
  first: number | null,
  now: number,
): WindowStatus {
  const { good, total } = sliCounts(store, slo.sli, since, until);
  const value = ratio(good, total);
  return {
    good,
    total,
    ratio: value,
    met: value === null ? null : value >= slo.objective,
    burnRate: burnRate(good, total, slo.objective),
    coverage: coverage(first, now, windowMs),
  };
}

/**
 * Publishes a report as gauges.
 *
 * @param report the report from `sloReport`
 * @param metrics the metric set
 */
export function publishSloReport(report: SloReport, metrics: VigilMetrics): void {
  for (const slo of report.slos) {
    for (const [window, status] of Object.entries(slo.windows)) {
      metrics.setSloWindow(slo.name, window, status);
    }
    metrics.setSloObjective(slo.name, slo.objective, slo.budget.remaining);
  }
  for (const target of report.targets) {
    for (const [window, status] of Object.entries(target.windows)) {
      metrics.setTargetAvailability(target.target, window, status.ratio);
    }
  }
}
