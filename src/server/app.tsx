/**
 * The HTTP face of the service: a Hono app built from its dependencies, so tests build one over an
 * in-memory store and call `app.request()` without a socket.
 *
 * @module
 */
import { Hono } from "hono";
import type { Config } from "../config/types.ts";
import type { DriftEngine } from "../drift/engine.ts";
import { METRICS_CONTENT_TYPE, type VigilMetrics } from "../metrics/registry.ts";
import type { ProbeState } from "../probe/scheduler.ts";
import { probeUrl } from "../probe/run.ts";
import { cleanUrl } from "../config/clean_url.ts";
import { publishSloReport, sloReport } from "../slo/probe_slo.ts";
import type { Store } from "../store/store.ts";
import { dashboardRoutes } from "./dashboard_routes.tsx";
import { driftRoutes } from "./drift_routes.ts";
import { loadRoutes } from "./load_routes.ts";
import type { LoadRunService } from "./load_runs.ts";
import { probeResultJson, sloReportJson } from "./json.ts";

/** What the app needs; the server and the tests supply these. */
export interface AppDependencies {
  config: Config;
  store: Store;
  metrics: VigilMetrics;
  /** Scheduling state per probe, when a scheduler runs (absent in one-shot uses). */
  probeStates?: () => ProbeState[];
  /** Whether the service accepts work: false while starting or shutting down. */
  ready?: () => boolean;
  /** Wall clock, epoch ms. */
  clock?: () => number;
  /** The drift engine, when the config declares models: serves ingest, feedback and the drift reports. */
  drift?: DriftEngine;
  /** Load runs started from the service (listed on the dashboard, live metrics on /metrics). */
  loadRuns?: LoadRunService;
}

/**
 * Builds the service's Hono app.
 *
 * @param deps configuration, store, metrics and scheduler state
 * @returns the app; serve it with `Deno.serve(app.fetch)` or call `app.request()`
 */
export function createApp(deps: AppDependencies): Hono {
  const clock = deps.clock ?? Date.now;
  const app = new Hono();

  app.onError((error, c) => {
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return c.json(
      { error: "internal error", detail: error instanceof Error ? error.message : String(error) },
      500,
    );
  });
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", (c) => {
    const ready = deps.ready?.() ?? true;
    return c.json({ status: ready ? "ready" : "not ready" }, ready ? 200 : 503);
  });

  app.get("/metrics", async (c) => {
    // SLO gauges are computed at scrape time from the store, so they are never staler than the scrape.
    publishSloReport(sloReport(deps.config, deps.store, clock()), deps.metrics);
    // A load run started from the service is exposed too, so Prometheus can watch a soak test.
    const body = (await deps.metrics.render()) + (deps.loadRuns?.exposition() ?? "");
    return c.body(body, 200, { "content-type": METRICS_CONTENT_TYPE });
  });

  app.get("/v1/probes", (c) => {
    const last = deps.store.lastProbeResults();
    const states = new Map((deps.probeStates?.() ?? []).map((state) => [state.name, state]));
    const probes = deps.config.probes.map((probe) => {
      const target = deps.config.targets[probe.target];
      const state = states.get(probe.name);
      const result = last.get(probe.name);
      return {
        name: probe.name,
        target: probe.target,
        method: probe.method,
        url: target ? cleanUrl(probeUrl(target, probe.path)) : null,
        interval_ms: probe.intervalMs,
        timeout_ms: probe.timeoutMs,
        assert: probe.assert,
        schedule: state ? { running: state.running, runs: state.runs, skipped: state.skipped } : null,
        last: result ? probeResultJson(result) : null,
      };
    });
    return c.json({ probes });
  });

  app.get("/v1/probes/:name/results", (c) => {
    const name = c.req.param("name");
    if (!deps.config.probes.some((probe) => probe.name === name)) {
      return c.json({ error: `unknown probe "${name}"` }, 404);
    }
    const limitText = c.req.query("limit") ?? "100";
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      return c.json({
        error: `Invalid query "limit": expected a whole number from 1 to 10000, got "${limitText}"`,
      }, 400);
    }
    const results = deps.store.listProbeResults({ probe: name, since: 0, limit });
    return c.json({ probe: name, results: results.map(probeResultJson) });
  });

  // The dashboard: GET / and its live updates.
  app.route("/", dashboardRoutes({ ...deps, clock }));

  app.get("/v1/slo", (c) => c.json(sloReportJson(sloReport(deps.config, deps.store, clock()))));

  if (deps.loadRuns !== undefined) app.route("/", loadRoutes(deps.loadRuns, deps.config.server.token));

  if (deps.drift !== undefined) {
    app.route(
      "/",
      driftRoutes({
        engine: deps.drift,
        metrics: deps.metrics.drift,
        token: deps.config.server.token,
        clock,
      }),
    );
  }

  return app;
}
