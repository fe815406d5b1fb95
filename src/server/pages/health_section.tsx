/**
 * The dashboard's first section: the verdict in one line, the four tiles, and every SLO with its budget
 * and burn rate.
 *
 * @module
 */
import { formatPercent } from "../../load/report/format.ts";
import type { Dashboard, SloRow, Tile } from "../dashboard_data.ts";
import { Badge, icon, percent, ShareBar } from "./ui.tsx";

function Reason({ text }: { text: string }) {
  return <li>{text}</li>;
}

function TileBox({ tile }: { tile: Tile }) {
  return (
    <div class={`htile h-${tile.status}`} id={`tile-${tile.id}`} data-status={tile.status}>
      <div class="label">{tile.label}</div>
      <div class="value">{tile.value}</div>
      <div class="state">
        <span class="icon" aria-hidden="true">{icon(tile.status)}</span>
        <span class="verdict-text">{tile.verdict}</span>
      </div>
      {tile.objective === null ? "" : <div class="sub">objective {tile.objective}</div>}
      <div class="sub">{tile.detail}</div>
    </div>
  );
}

function burn(value: number | null): string {
  if (value === null) return "–";
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}

function SloTableRow({ slo }: { slo: SloRow }) {
  const budget = slo.budgetRemaining;
  return (
    <tr data-slo={slo.name} data-status={slo.status}>
      <td class="name">
        <strong>{slo.name}</strong>
        <div class="muted small">{slo.description ?? slo.sli}</div>
      </td>
      <td>
        <Badge health={slo.status} />
      </td>
      <td class="num">{percent(slo.objective, slo.objective >= 0.99 ? 2 : 1)}</td>
      {slo.note === null
        ? (
          <>
            <td class="num">
              {slo.compliance === null ? "–" : formatPercent(slo.compliance)}
              <div class="muted small">
                {slo.events === null ? "" : `${slo.events.good}/${slo.events.total}`}
              </div>
            </td>
            <td class="budget">
              <span class="num-inline">
                {budget !== null && budget < 0 ? <strong class="spent">spent</strong> : percent(budget)}
              </span>
              <ShareBar
                value={budget === null ? null : Math.max(0, budget)}
                health={budget === null ? "none" : budget < 0 ? "fail" : budget < 0.25 ? "warn" : "ok"}
              />
              {budget !== null && budget < 0
                ? (
                  <div class="muted small">
                    overspent by {percent(-budget, 0)}
                    {slo.periodComplete ? "" : " (period not yet covered)"}
                  </div>
                )
                : slo.periodComplete || budget === null
                ? ""
                : <div class="muted small">period not yet covered</div>}
            </td>
            <td class="num">
              {burn(slo.burnRate1h)}
              <div class="muted small">5m {burn(slo.burnRate5m)}</div>
            </td>
            <td>{slo.alerts.length === 0 ? <span class="muted">none</span> : slo.alerts.join(", ")}</td>
          </>
        )
        : <td colspan={4} class="muted small">{slo.note}</td>}
    </tr>
  );
}

/** The System health section. */
export function HealthSection({ dashboard }: { dashboard: Dashboard }) {
  const { overall } = dashboard;
  return (
    <section id="health" class="panel" data-status={overall.status}>
      <h2>System health</h2>
      <div class={`overall h-${overall.status}`} id="overall" data-status={overall.status}>
        <span class="icon" aria-hidden="true">{icon(overall.status)}</span>
        <div>
          <div class="headline">{overall.headline}</div>
          {overall.reasons.length === 0
            ? (
              <div class="why">
                {overall.status === "ok"
                  ? "Every signal is within its objective."
                  : "No probe has reported yet."}
              </div>
            )
            : (
              <ul class="why">
                {overall.reasons.map((reason) => <Reason key={reason} text={reason} />)}
              </ul>
            )}
        </div>
      </div>
      <div class="health-tiles">
        {dashboard.tiles.map((tile) => <TileBox key={tile.id} tile={tile} />)}
      </div>
      <div class="table-wrap">
        <table id="slo-table">
          <caption>Service level objectives · compliance and burn rate over the last hour</caption>
          <thead>
            <tr>
              <th>SLO</th>
              <th>Status</th>
              <th class="num">Objective</th>
              <th class="num">1 h</th>
              <th>Budget left</th>
              <th class="num">Burn rate</th>
              <th>Alerts</th>
            </tr>
          </thead>
          <tbody>
            {dashboard.slos.length === 0
              ? (
                <tr>
                  <td colspan={7} class="muted">No SLOs are declared (slos: in the config).</td>
                </tr>
              )
              : dashboard.slos.map((slo) => <SloTableRow key={slo.name} slo={slo} />)}
          </tbody>
        </table>
      </div>
    </section>
  );
}
