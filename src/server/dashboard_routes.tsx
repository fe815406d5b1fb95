/**
 * The dashboard's routes: the page at `GET /` and its live updates at `GET /dashboard/events`, a stream
 * of server-sent events carrying the sections whose markup changed. One render per refresh serves every
 * open page; streams end when the service stops being ready, so a shutdown never waits on a browser.
 *
 * @module
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { Config } from "../config/types.ts";
import { assembleDashboard, type Dashboard } from "./dashboard_data.ts";
import { collectDashboardInputs, type DashboardSources } from "./dashboard_inputs.ts";
import { DashboardPage, EVENTS_PATH, pageIcon, pageTitle, renderSections } from "./pages/dashboard_page.tsx";
import { clock as timeOfDay } from "./pages/ui.tsx";

/** Fastest and slowest refresh: no faster than a browser can usefully redraw, no slower than a glance. */
export const MIN_REFRESH_MS = 500;
export const MAX_REFRESH_MS = 2_000;
/** How often a waiting stream checks whether the service is stopping. */
const STOP_CHECK_MS = 250;

/** Options of {@linkcode dashboardRoutes}. */
export interface DashboardRoutesOptions extends DashboardSources {
  /** Wall clock, epoch ms (default Date.now). */
  clock?: () => number;
  /** Whether the service is up; streams end once it turns false (default: always up). */
  ready?: () => boolean;
  /** Refresh interval, ms (default {@linkcode dashboardRefreshMs} of the config). */
  refreshMs?: number;
  /** Where render failures of the stream are reported (default console.error). */
  log?: (line: string) => void;
}

/**
 * The dashboard's refresh interval: as often as the most frequent probe runs, within 0.5 to 2 seconds.
 *
 * @param config the configuration
 * @returns milliseconds
 * @example
 * ```ts
 * import { dashboardRefreshMs } from "./dashboard_routes.tsx";
 * import assert from "node:assert/strict";
 * const probe = (intervalMs: number) => ({ intervalMs });
 * assert.equal(dashboardRefreshMs({ probes: [probe(5_000), probe(30_000)] }), 2_000);
 * assert.equal(dashboardRefreshMs({ probes: [probe(400)] }), 500);
 * assert.equal(dashboardRefreshMs({ probes: [] }), 2_000);
 * ```
 */
export function dashboardRefreshMs(
  config: { probes: readonly Pick<Config["probes"][number], "intervalMs">[] },
): number {
  const shortest = Math.min(Infinity, ...config.probes.map((probe) => probe.intervalMs));
  return Math.min(MAX_REFRESH_MS, Math.max(MIN_REFRESH_MS, shortest));
}

interface Rendered {
  at: number;
  dashboard: Dashboard;
  sections: Record<string, string>;
}

/**
 * Builds the dashboard routes, to mount with `app.route("/", dashboardRoutes(...))`.
 *
 * @param options the sources, clock, readiness and refresh interval
 * @returns the routes
 */
export function dashboardRoutes(options: DashboardRoutesOptions): Hono {
  const clock = options.clock ?? Date.now;
  const ready = options.ready ?? (() => true);
  const refreshMs = options.refreshMs ?? dashboardRefreshMs(options.config);
  const log = options.log ?? ((line: string) => console.error(line));
  const app = new Hono();

  const build = (now: number) => assembleDashboard(collectDashboardInputs(options, now, refreshMs));

  // Every open page shares one render per refresh.
  let latest: Promise<Rendered> | null = null;
  let latestAt = -Infinity;
  const rendered = (): Promise<Rendered> => {
    const now = clock();
    if (latest === null || now - latestAt >= refreshMs / 2) {
      latestAt = now;
      latest = (async () => {
        const dashboard = build(now);
        return { at: now, dashboard, sections: await renderSections(dashboard) };
      })();
      // A failed render is not kept: the next tick tries again.
      latest.catch(() => (latest = null));
    }
    return latest;
  };

  app.get("/", (c) => {
    c.header("cache-control", "no-store");
    return c.html(<DashboardPage dashboard={build(clock())} />);
  });

  app.get(EVENTS_PATH, (c) => {
    if (!ready()) return c.json({ error: "the service is shutting down" }, 503);
    return streamSSE(c, async function dashboardEvents(stream) {
      const stop = new AbortController();
      stream.onAbort(() => stop.abort());
      const sent = new Map<string, string>();
      let id = 0;
      while (!stop.signal.aborted && ready()) {
        try {
          const { dashboard, sections } = await rendered();
          const changed: Record<string, string> = {};
          for (const [section, html] of Object.entries(sections)) {
            if (sent.get(section) === html) continue;
            changed[section] = html;
            sent.set(section, html);
          }
          await stream.writeSSE({
            event: "sections",
            id: String(++id),
            retry: 3_000,
            data: JSON.stringify({
              sections: changed,
              status: dashboard.overall.status,
              title: pageTitle(dashboard),
              icon: pageIcon(dashboard.overall.status),
              time: timeOfDay(dashboard.generatedAt),
            }),
          });
        } catch (error) {
          log(`dashboard events: ${error instanceof Error ? error.message : String(error)}`);
        }
        await pause(refreshMs, stop.signal, ready);
      }
    });
  });

  return app;
}

/** Waits `ms`, or less once the stream is aborted or the service stops. */
async function pause(ms: number, signal: AbortSignal, ready: () => boolean): Promise<void> {
  const until = performance.now() + ms;
  while (!signal.aborted && ready()) {
    const left = until - performance.now();
    if (left <= 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(left, STOP_CHECK_MS));
      signal.addEventListener("abort", done, { once: true });
    });
  }
}
