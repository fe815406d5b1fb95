/**
 * Every metric Vigil exposes, declared once: names, help, label sets and bucket boundaries. Nothing else
 * in the code base constructs a prom-client metric. Engines call the small recording methods below.
 *
 * @module
 */
import process from "node:process";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ProbeResult } from "../store/store.ts";
import { latencyBuckets } from "./buckets.ts";
import { createDriftMetrics, type DriftMetrics } from "./drift_metrics.ts";

/** The content type Prometheus expects for the text exposition format. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export { DEFAULT_LATENCY_BUCKETS_SECONDS, latencyBuckets } from "./buckets.ts";

/** Options of the metric set. */
export interface MetricsOptions {
  /** Every latency threshold in the config, in ms (see `latencyThresholdsMs` in config). */
  latencyThresholdsMs: number[];
  /** Vigil's version, for `vigil_build_info`. */
  version: string;
  /** Low-confidence thresholds of the watched models, made exact `ml_prediction_confidence` buckets. */
  confidenceThresholds?: number[];
}

/** Counts of one SLI window, as gauges. `ratio` null means no data: the series is removed, not faked. */
export interface WindowFigures {
  good: number;
  total: number;
  ratio: number | null;
  /** How many times faster than sustainable the budget burns in this window; null without data. */
  burnRate?: number | null;
}

/** Which of an SLO's alerts Vigil's own evaluation says fire. */
export interface SloAlertFigures {
  page: boolean;
  ticket: boolean;
  noData: boolean;
}

/** The metric set of one Vigil process. */
export interface VigilMetrics {
  registry: Registry;
  /** Records a probe result in the blackbox-style gauges and the SLI counter and histogram. */
  observeProbe(result: ProbeResult): void;
  /** Publishes one SLO's figures over one window. */
  setSloWindow(slo: string, window: string, figures: WindowFigures): void;
  /** Publishes an SLO's objective and, when known, its error budget remaining over its period. */
  setSloObjective(slo: string, objective: number, budgetRemaining: number | null): void;
  /** Publishes which of an SLO's alerts fire by Vigil's own evaluation. */
  setSloAlerts(slo: string, alerts: SloAlertFigures): void;
  /** Starts a probe's run counters and histogram at zero, so the first failure is a visible increase. */
  initProbe(probe: string, target: string): void;
  /** Publishes a target's probe success ratio over a window. */
  setTargetAvailability(target: string, window: string, ratio: number | null): void;
  /** The drift engine's `ml_*` metrics (drift_metrics.ts). */
  drift: DriftMetrics;
  /** Renders the exposition text. */
  render(): Promise<string>;
}

/**
 * Creates Vigil's metric set on its own registry (never prom-client's global one, so tests and
 * several apps in one process do not collide).
 *
 * @param options bucket thresholds and version
 * @returns the metric set
 * @example
 * ```ts
 * import { createMetrics } from "./registry.ts";
 * import assert from "node:assert/strict";
 * const metrics = createMetrics({ latencyThresholdsMs: [250], version: "0.0.0" });
 * metrics.observeProbe({ probe: "p", target: "t", time: 0, success: true, durationMs: 12, status: 200, failure: null });
 * assert.match(await metrics.render(), /probe_success\{probe="p",target="t"\} 1/);
 * ```
 */
export function createMetrics(options: MetricsOptions): VigilMetrics {
  const registry = new Registry();
  const registers = [registry];
  const probeLabels = ["probe", "target"] as const;

  const probeSuccess = new Gauge({
    name: "probe_success",
    help: "Whether the last run of the probe succeeded (1) or failed (0), as blackbox_exporter reports it.",
    labelNames: probeLabels,
    registers,
  });
  const probeDuration = new Gauge({
    name: "probe_duration_seconds",
    help: "How long the last run of the probe took, connect to last body byte.",
    labelNames: probeLabels,
    registers,
  });
  const probeStatus = new Gauge({
    name: "probe_http_status_code",
    help: "HTTP status of the last run of the probe; 0 when no response arrived.",
    labelNames: probeLabels,
    registers,
  });
  const probeRuns = new Counter({
    name: "vigil_probe_runs_total",
    help: "Probe runs by result (success or failure); the availability SLI.",
    labelNames: [...probeLabels, "result"],
    registers,
  });
  const probeHistogram = new Histogram({
    name: "vigil_probe_duration_seconds",
    help: "Probe run durations by result; buckets include every latency threshold in the config.",
    labelNames: [...probeLabels, "result"],
    buckets: latencyBuckets(options.latencyThresholdsMs),
    registers,
  });
  const sloRatio = new Gauge({
    name: "vigil_slo_sli_ratio",
    help: "Share of good events of an SLO over a rolling window, from stored results.",
    labelNames: ["slo", "window"],
    registers,
  });
  const sloEvents = new Gauge({
    name: "vigil_slo_window_events",
    help: "Events of an SLO over a rolling window, by kind (good or total).",
    labelNames: ["slo", "window", "kind"],
    registers,
  });
  const sloObjective = new Gauge({
    name: "vigil_slo_objective_ratio",
    help: "Objective of an SLO as a ratio of good events.",
    labelNames: ["slo"],
    registers,
  });
  const sloBudget = new Gauge({
    name: "vigil_slo_error_budget_remaining_ratio",
    help: "Share of an SLO's error budget left over its period (negative when overspent).",
    labelNames: ["slo"],
    registers,
  });
  const sloBurnRate = new Gauge({
    name: "vigil_slo_burn_rate",
    help: "How many times faster than sustainable an SLO's error budget burns over a rolling window.",
    labelNames: ["slo", "window"],
    registers,
  });
  const sloAlert = new Gauge({
    name: "vigil_slo_alert_firing",
    help: "Whether an SLO's burn-rate or no-data alert fires by Vigil's own evaluation (1) or not (0).",
    labelNames: ["slo", "alert"],
    registers,
  });
  const targetAvailability = new Gauge({
    name: "vigil_target_probe_success_ratio",
    help: "Share of successful probe runs of a target over a rolling window.",
    labelNames: ["target", "window"],
    registers,
  });

  new Gauge({
    name: "vigil_build_info",
    help: "Vigil build information; always 1.",
    labelNames: ["version", "deno"],
    registers,
  }).set({ version: options.version, deno: Deno.version.deno }, 1);
  // Curated process metrics: prom-client's defaults report wrong event-loop and GC series under Deno.
  const startSeconds = Math.floor(Date.now() / 1000 - process.uptime());
  new Gauge({
    name: "process_start_time_seconds",
    help: "Start time of the process since the epoch.",
    registers,
  })
    .set(startSeconds);
  new Gauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes.",
    registers,
    collect() {
      this.set(Deno.memoryUsage().rss);
    },
  });
  new Counter({
    name: "process_cpu_seconds_total",
    help: "Total user and system CPU time spent in seconds.",
    registers,
    collect() {
      const usage = process.cpuUsage();
      this.reset();
      this.inc((usage.user + usage.system) / 1e6);
    },
  });

  return {
    registry,
    drift: createDriftMetrics(registers, { confidenceThresholds: options.confidenceThresholds ?? [] }),
    observeProbe(result) {
      const labels = { probe: result.probe, target: result.target };
      const seconds = result.durationMs / 1000;
      const outcome = result.success ? "success" : "failure";
      probeSuccess.set(labels, result.success ? 1 : 0);
      probeDuration.set(labels, seconds);
      probeStatus.set(labels, result.status ?? 0);
      probeRuns.inc({ ...labels, result: outcome });
      probeHistogram.observe({ ...labels, result: outcome }, seconds);
    },
    setSloWindow(slo, window, figures) {
      sloEvents.set({ slo, window, kind: "good" }, figures.good);
      sloEvents.set({ slo, window, kind: "total" }, figures.total);
      if (figures.ratio === null) sloRatio.remove({ slo, window });
      else sloRatio.set({ slo, window }, figures.ratio);
      if (figures.burnRate === undefined || figures.burnRate === null) sloBurnRate.remove({ slo, window });
      else sloBurnRate.set({ slo, window }, figures.burnRate);
    },
    setSloAlerts(slo, alerts) {
      sloAlert.set({ slo, alert: "page" }, alerts.page ? 1 : 0);
      sloAlert.set({ slo, alert: "ticket" }, alerts.ticket ? 1 : 0);
      sloAlert.set({ slo, alert: "no_data" }, alerts.noData ? 1 : 0);
    },
    initProbe(probe, target) {
      // A series born at its first failure would hide that failure from rate(): Prometheus sees 1, not 0→1.
      for (const result of ["success", "failure"]) {
        probeRuns.inc({ probe, target, result }, 0);
        probeHistogram.zero({ probe, target, result });
      }
    },
    setSloObjective(slo, objective, budgetRemaining) {
      sloObjective.set({ slo }, objective);
      if (budgetRemaining === null) sloBudget.remove({ slo });
      else sloBudget.set({ slo }, budgetRemaining);
    },
    setTargetAvailability(target, window, ratio) {
      if (ratio === null) targetAvailability.remove({ target, window });
      else targetAvailability.set({ target, window }, ratio);
    },
    render() {
      return registry.metrics();
    },
  };
}
