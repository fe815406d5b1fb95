/**
 * The service dashboard at `GET /`: five server-rendered sections that read without JavaScript, kept live
 * by server-sent events when it is available. `renderSections` renders the sections alone, as the event
 * stream sends them.
 *
 * @module
 */
import { raw } from "hono/html";
import type { Dashboard, Health } from "../dashboard_data.ts";
import { DASHBOARD_SCRIPT } from "./dashboard_script.ts";
import { DASHBOARD_STYLE } from "./dashboard_style.ts";
import { DriftSection } from "./drift_section.tsx";
import { HealthSection } from "./health_section.tsx";
import { LoadRunsSection } from "./load_runs_section.tsx";
import { ProbesSection } from "./probes_section.tsx";
import { QualitySection } from "./quality_section.tsx";
import { clock, icon } from "./ui.tsx";

/** Where the page's events come from. */
export const EVENTS_PATH = "/dashboard/events";

/** The sections, by element id, in page order. */
const SECTIONS = {
  health: HealthSection,
  probes: ProbesSection,
  quality: QualitySection,
  drift: DriftSection,
  "load-runs": LoadRunsSection,
} as const;

/**
 * The page title: the verdict first, so a browser tab says it.
 *
 * @param dashboard the dashboard
 * @returns e.g. `✓ Healthy · Vigil`
 */
export function pageTitle(dashboard: Dashboard): string {
  return `${icon(dashboard.overall.status)} ${dashboard.overall.headline} · Vigil`;
}

const ICON_COLORS: Record<Health, string> = {
  ok: "#1a7f37",
  warn: "#9a6700",
  fail: "#cf222e",
  none: "#6e7781",
};

/**
 * The page icon: a dot in the colour of the verdict, so a background tab shows it too.
 *
 * @param status the overall health
 * @returns a data URL of an SVG
 */
export function pageIcon(status: Health): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="${
      ICON_COLORS[status]
    }"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * Renders each section alone.
 *
 * @param dashboard the dashboard
 * @returns markup by section id
 */
export async function renderSections(dashboard: Dashboard): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [id, Section] of Object.entries(SECTIONS)) {
    out[id] = String(await (<Section dashboard={dashboard} />).toString());
  }
  return out;
}

/** Seconds between reloads when scripting is off: slower than live, a full page each time. */
function reloadSeconds(dashboard: Dashboard): number {
  return Math.max(10, Math.ceil(dashboard.refreshMs / 1000));
}

/** The whole page. */
export function DashboardPage({ dashboard }: { dashboard: Dashboard }) {
  const reload = reloadSeconds(dashboard);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <noscript>
          <meta http-equiv="refresh" content={String(reload)} />
        </noscript>
        <title>{pageTitle(dashboard)}</title>
        <link rel="icon" id="favicon" href={pageIcon(dashboard.overall.status)} />
        <style>{raw(DASHBOARD_STYLE)}</style>
      </head>
      <body>
        <main>
          <header class="top">
            <div>
              <h1>Vigil</h1>
              <p class="meta">
                <span>{dashboard.source}</span>
                <span>
                  <a href="/metrics">/metrics</a> · <a href="/v1/slo">/v1/slo</a> ·{" "}
                  <a href="/v1/probes">/v1/probes</a>
                </span>
              </p>
            </div>
            <p class="live" id="live" data-events={EVENTS_PATH} data-state="static" aria-live="polite">
              Updated {clock(dashboard.generatedAt)} · reloads every {reload} s · <a href="/">reload now</a>
            </p>
          </header>
          <nav class="toc" aria-label="Sections">
            <a href="#health">System health</a>
            <a href="#probes">Probes</a>
            <a href="#quality">Model quality</a>
            <a href="#drift">Drift</a>
            <a href="#load-runs">Load runs</a>
          </nav>
          {Object.entries(SECTIONS).map(([id, Section]) => <Section key={id} dashboard={dashboard} />)}
          <footer>
            Vigil watches the targets in{" "}
            {dashboard.source}. Probe figures come from its own store; request, latency and accuracy SLOs of
            the model service are measured by Prometheus with the generated rules.
          </footer>
        </main>
        <script>{raw(DASHBOARD_SCRIPT)}</script>
      </body>
    </html>
  );
}
