/**
 * The JSON shapes of the HTTP API (snake_case, ISO times), kept apart from the internal types so the
 * API stays stable while the code moves.
 *
 * @module
 */
import type { SloReport } from "../slo/probe_slo.ts";
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
      sli: slo.sli.type === "probe_latency"
        ? { type: slo.sli.type, target: slo.sli.target, threshold_ms: slo.sli.thresholdMs }
        : { type: slo.sli.type, target: slo.sli.target },
      objective: slo.objective,
      period_ms: slo.periodMs,
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
