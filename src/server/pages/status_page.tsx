/**
 * The service's front page: probes and SLOs at a glance, server-rendered, no JavaScript. It refreshes
 * itself every few seconds so it can be left open on a screen.
 *
 * @module
 */
import type { FC } from "hono/jsx";
import type { Config } from "../../config/types.ts";
import type { SloReport } from "../../slo/probe_slo.ts";
import { describeSli } from "../../slo/sli.ts";
import type { ProbeResult } from "../../store/store.ts";

/** What the page shows. */
export interface StatusPageProps {
  config: Config;
  last: Map<string, ProbeResult>;
  report: SloReport;
  refreshSeconds: number;
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1f24; background: #fafbfc; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.1rem; margin-top: 1.75rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
th { font-weight: 600; color: #57606a; font-size: .85rem; }
.ok { color: #0a6b2d; font-weight: 600; } .bad { color: #b3261e; font-weight: 600; } .none { color: #6e7781; }
.reason { font-family: ui-monospace, monospace; font-size: .85rem; color: #b3261e; }
small { color: #6e7781; }`;

function percent(value: number | null): string {
  return value === null ? "no data" : `${(Math.floor(value * 10000) / 100).toFixed(2)}%`;
}

function Verdict({ met }: { met: boolean | null }) {
  if (met === null) return <span class="none">– no data</span>;
  return met ? <span class="ok">✓ met</span> : <span class="bad">✗ missed</span>;
}

/** The page. */
export const StatusPage: FC<StatusPageProps> = ({ config, last, report, refreshSeconds }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta http-equiv="refresh" content={String(refreshSeconds)} />
      <title>Vigil</title>
      <style>{STYLE}</style>
    </head>
    <body>
      <h1>Vigil</h1>
      <small>
        {config.probes.length} probes from {config.source} · {new Date(report.generatedAt).toISOString()}{" "}
        · refreshes every {refreshSeconds} s · <a href="/metrics">metrics</a> · <a href="/v1/slo">/v1/slo</a>
        {" "}
        · <a href="/v1/probes">/v1/probes</a>
      </small>
      <h2>Probes</h2>
      <table>
        <thead>
          <tr>
            <th>Probe</th>
            <th>Target</th>
            <th>Last run</th>
            <th>Status</th>
            <th>Duration</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {config.probes.map((probe) => {
            const result = last.get(probe.name);
            return (
              <tr>
                <td>{probe.name}</td>
                <td>{probe.target}</td>
                <td>{result ? new Date(result.time).toISOString() : "–"}</td>
                <td>{result ? (result.status ?? "no response") : "–"}</td>
                <td>{result ? `${result.durationMs.toFixed(1)} ms` : "–"}</td>
                <td>
                  {result === undefined
                    ? <span class="none">– not run yet</span>
                    : result.success
                    ? <span class="ok">✓ success</span>
                    : (
                      <>
                        <span class="bad">✗ failure</span> <span class="reason">{result.failure}</span>
                      </>
                    )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>SLOs</h2>
      <table>
        <thead>
          <tr>
            <th>SLO</th>
            <th>Objective</th>
            <th>1 hour</th>
            <th>1 day</th>
            <th>30 days</th>
            <th>Error budget left</th>
          </tr>
        </thead>
        <tbody>
          {report.slos.map((slo) => (
            <tr>
              <td>
                {slo.name}
                <br />
                <small>
                  {slo.measured
                    ? `probe ${describeSli(slo.sli)}`
                    : `${describeSli(slo.sli)}, measured by Prometheus`}
                </small>
              </td>
              <td>{percent(slo.objective)}</td>
              {["1h", "1d", "30d"].map((window) => {
                const status = slo.windows[window];
                return (
                  <td>
                    {percent(status?.ratio ?? null)} <Verdict met={status?.met ?? null} />
                    <br />
                    <small>{status ? `${status.good}/${status.total}` : ""}</small>
                  </td>
                );
              })}
              <td>
                {percent(slo.budget.remaining)}
                {slo.budget.periodComplete ? "" : <small>(period not yet covered)</small>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </body>
  </html>
);
