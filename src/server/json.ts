/**
 * The JSON shapes of the HTTP API (snake_case, ISO times), kept apart from the internal types so the
 * API stays stable while the code moves.
 *
 * @module
 */
import type { SloReport } from "../slo/probe_slo.ts";
import { sliJson } from "../slo/sli.ts";
import type { ProbeResult } from "../store/store.ts";

/** A probe result as served by the API. */
export function probeResultJson(result: ProbeResult) {
  return {
    probe: result.probe,
    target: result.target,
    time: new Date(result.time).toISOString(),
    success: result.success,
    duration_ms: Number(result.durationMs.toFixed(3)),
    status: result.status,
    failure: result.failure,
  };
}

/** The SLO report as served at /v1/slo. */
export function sloReportJson(report: SloReport) {
  return {
    generated_at: new Date(report.generatedAt).toISOString(),
    slos: report.slos.map((slo) => ({
      name: slo.name,
      description: slo.description ?? null,
      sli: sliJson(slo.sli),
      objective: slo.objective,
      period_ms: slo.periodMs,
      measured: slo.measured,
      windows: Object.fromEntries(
        Object.entries(slo.windows).map(([name, w]) => [name, {
          good: w.good,
          total: w.total,
          ratio: w.ratio,
          met: w.met,
          burn_rate: w.burnRate,
          coverage: w.coverage,
        }]),
      ),
      error_budget: { remaining: slo.budget.remaining, period_complete: slo.budget.periodComplete },
      alerts: slo.alerts === null ? null : {
        page: slo.alerts.page,
        ticket: slo.alerts.ticket,
        no_data: slo.alerts.noData,
        reasons: slo.alerts.reasons,
      },
    })),
    targets: report.targets.map((target) => ({
      target: target.target,
      windows: Object.fromEntries(
        Object.entries(target.windows).map((
          [name, w],
        ) => [name, { runs: w.runs, successes: w.successes, success_ratio: w.ratio }]),
      ),
    })),
  };
}
