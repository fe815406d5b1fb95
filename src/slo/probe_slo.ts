/**
 * Vigil's own view of its SLOs: compliance, error budget, burn rate over every workbook window and the
 * burn-rate alerts those imply, from stored probe results. SLIs Vigil does not measure itself (request,
 * accuracy, drift: Prometheus scrapes those) are listed as not measured. Later stores of predictions add
 * a branch to `sliCounts`, not a new module.
 *
 * @module
 */
import type { Config, SliConfig, SloConfig } from "../config/types.ts";
import type { VigilMetrics } from "../metrics/registry.ts";
import type { Store } from "../store/store.ts";
import { budgetRemaining, burnRate, ratio } from "./budget.ts";
import { BURN_WINDOWS, type BurnAlertState, evaluateBurnAlerts } from "./burn_rate.ts";
import { isProbeSli, type ProbeSli } from "./sli.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The short window of the no-data alert, as in the generated rules. */
const NO_DATA_WINDOW_MS = 5 * 60_000;

/** The rolling windows reported for every SLO and target: the burn-rate windows and 30 days. */
export const WINDOWS: readonly { name: string; ms: number }[] = [...BURN_WINDOWS, {
  name: "30d",
  ms: 30 * DAY,
}];

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

/** The alerts Vigil's own evaluation says would fire, with the same logic as the generated rules. */
export interface SloAlertStatus extends BurnAlertState {
  /** No events in the no-data window (the last `no_data_for` plus 5 minutes). */
  noData: boolean;
}

/** One SLO's status. */
export interface SloStatus {
  name: string;
  description?: string;
  sli: SliConfig;
  objective: number;
  periodMs: number;
  /** False for SLIs only Prometheus measures: windows are then empty and the budget unknown. */
  measured: boolean;
  windows: Record<string, WindowStatus>;
  /** Burn-rate and no-data alerts by Vigil's evaluation; null when not measured. */
  alerts: SloAlertStatus | null;
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
  sli: ProbeSli,
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
    const status: SloStatus = {
      name: slo.name,
      sli: slo.sli,
      objective: slo.objective,
      periodMs: slo.periodMs,
      measured: false,
      windows: {},
      alerts: null,
      budget: { remaining: null, periodComplete: false },
    };
    if (slo.description !== undefined) status.description = slo.description;
    const sli = slo.sli;
    if (!isProbeSli(sli)) return status;
    const first = store.firstProbeResultTime({ target: sli.target });
    for (const window of WINDOWS) {
      status.windows[window.name] = windowStatus(
        store,
        slo,
        sli,
        now - window.ms,
        until,
        window.ms,
        first,
        now,
      );
    }
    const period = sliCounts(store, sli, now - slo.periodMs, until);
    const silence = sliCounts(store, sli, now - slo.alerting.noDataForMs - NO_DATA_WINDOW_MS, until);
    status.measured = true;
    status.alerts = {
      ...evaluateBurnAlerts(status.windows, slo.objective, {
        minTraffic: slo.minTraffic,
        page: slo.alerting.page,
        ticket: slo.alerting.ticket,
      }),
      noData: silence.total === 0,
    };
    status.budget = {
      remaining: budgetRemaining(period.good, period.total, slo.objective),
      periodComplete: coverage(first, now, slo.periodMs) >= 1,
    };
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
  sli: ProbeSli,
  since: number,
  until: number,
  windowMs: number,
  first: number | null,
  now: number,
): WindowStatus {
  const { good, total } = sliCounts(store, sli, since, until);
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
    if (slo.alerts !== null) metrics.setSloAlerts(slo.name, slo.alerts);
  }
  for (const target of report.targets) {
    for (const [window, status] of Object.entries(target.windows)) {
      metrics.setTargetAvailability(target.target, window, status.ratio);
    }
  }
}
