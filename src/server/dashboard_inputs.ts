/**
 * Gathers what the dashboard is assembled from: one pass over the store, the drift engine and the load
 * runs at a single instant. The judging happens in `dashboard_data.ts`.
 *
 * @module
 */
import type { Config } from "../config/types.ts";
import type { DriftEngine } from "../drift/engine.ts";
import { sloReport } from "../slo/probe_slo.ts";
import type { LoadRunRecord } from "../store/load_run_store.ts";
import type { Store } from "../store/store.ts";
import { chooseSpan, type DashboardInputs, type ModelInputs, RECENT_MS } from "./dashboard_data.ts";

/** Where the dashboard's figures come from. */
export interface DashboardSources {
  config: Config;
  store: Store;
  drift?: DriftEngine | undefined;
  /** The service's load runs, when it runs them. */
  loadRuns?: { list(limit?: number): LoadRunRecord[] } | undefined;
}

/** Load runs the dashboard lists. */
export const LOAD_RUNS_SHOWN = 20;
/** Most probe runs of the last minute read for the tiles; more only happen with hundreds of probes. */
const MAX_RECENT_RUNS = 10_000;

/**
 * Reads everything the dashboard shows.
 *
 * @param sources the config, store, drift engine and load runs
 * @param now the instant, epoch ms
 * @param refreshMs how often the page refreshes
 * @returns the inputs of `assembleDashboard`
 */
export function collectDashboardInputs(
  sources: DashboardSources,
  now: number,
  refreshMs: number,
): DashboardInputs {
  const { config, store, drift } = sources;
  const first = store.firstProbeResultTime();
  const span = chooseSpan(now, first, Math.max(0, ...config.probes.map((probe) => probe.intervalMs)));
  const models = drift === undefined ? [] : drift.models().map((name): ModelInputs => {
    const latest = drift.report(name);
    return {
      config: drift.model(name),
      stats: drift.stats(name),
      latest,
      // A preview costs a window evaluation: only until the first real report exists.
      preview: latest === null ? drift.previewOpenWindow(name, now) : null,
      openWindow: drift.openWindow(name),
      history: drift.predictionHistory(name, {
        since: span.since,
        until: span.until,
        bucketMs: span.bucketMs,
      }),
      reference: drift.reference(name),
    };
  });
  return {
    now,
    config,
    slo: sloReport(config, store, now),
    span,
    refreshMs,
    probes: {
      last: store.lastProbeResults(),
      timeline: store.probeTimeline({ since: span.since, until: span.until, bucketMs: span.bucketMs }),
      recent: store.listProbeResults({ since: now - RECENT_MS, until: now + 1, limit: MAX_RECENT_RUNS }),
      failures: store.probeFailures({ since: span.since, until: span.until, limit: 12 }),
      first,
    },
    models,
    loadRuns: sources.loadRuns === undefined ? null : sources.loadRuns.list(LOAD_RUNS_SHOWN),
  };
}
