import assert from "assert";
import type { SloConfig } from "../../src/config/types.ts";
import { createMetrics } from "../../src/metrics/registry.ts";
import { publishSloReport, sloReport } from "../../src/slo/probe_slo.ts";
import { openSqliteStore } from "../../src/store/sqlite_store.ts";
import type { ProbeResult } from "../../src/store/store.ts";
import { makeTarget } from "../_helpers/probes.ts";
import { makeSlo } from "../_helpers/slos.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 10, 26, 12);
const slos: SloConfig[] = [
  makeSlo({
    name: "avail",
    objective: 0.9,
    periodMs: 30 * DAY,
    sli: { type: "probe_availability", target: "model" },
  }),
  makeSlo({
    name: "fast",
    objective: 0.5,
    periodMs: 30 * DAY,
    sli: { type: "probe_latency", target: "model", thresholdMs: 100 },
  }),
];
const config = { slos, targets: { model: makeTarget("http://x"), other: makeTarget("http://y", "other") } };

function run(ageMs: number, success: boolean, durationMs: number): ProbeResult {
  return {
    probe: "p",
    target: "model",
    time: now - ageMs,
    success,
    durationMs,
    status: success ? 200 : 503,
    failure: success ? null : "status 503",
  };
}

function seeded() {
  const store = openSqliteStore(":memory:");
  // Last hour: 4 runs, 3 ok (2 of them fast). Earlier today: 4 more, all ok and fast. Ten days ago: 2 failures.
  for (const r of [run(1000, true, 50), run(2000, true, 100), run(3000, true, 150), run(4000, false, 5)]) {
    store.recordProbeResult(r);
  }
  for (let i = 0; i < 4; i++) store.recordProbeResult(run(2 * HOUR + i, true, 10));
  store.recordProbeResult(run(10 * DAY, false, 1));
  store.recordProbeResult(run(10 * DAY + 1, false, 1));
  return store;
}

Deno.test("sloReport() counts each rolling window from stored results", () => {
  const store = seeded();
  const report = sloReport(config, store, now);
  store.close();
  const avail = report.slos[0]!;
  assert.deepEqual([avail.windows["1h"]!.good, avail.windows["1h"]!.total], [3, 4]);
  assert.deepEqual([avail.windows["1d"]!.good, avail.windows["1d"]!.total], [7, 8]);
  assert.deepEqual([avail.windows["30d"]!.good, avail.windows["30d"]!.total], [7, 10]);
  assert.equal(avail.windows["1h"]!.met, false);
  assert.equal(avail.windows["1d"]!.met, false); // 0.875 < 0.9
  assert.equal(avail.windows["1h"]!.burnRate, 2.5);
});

Deno.test("sloReport() counts a latency SLI's good events as successes within the threshold", () => {
  const store = seeded();
  const fast = sloReport(config, store, now).slos[1]!;
  store.close();
  // 50 and 100 ms are within 100 ms (inclusive); 150 ms is slow; the 5 ms failure is not good.
  assert.deepEqual([fast.windows["1h"]!.good, fast.windows["1h"]!.total], [2, 4]);
  assert.equal(fast.windows["1h"]!.met, true);
});

Deno.test("sloReport() says the period is not yet covered and reports no data as null", () => {
  const store = seeded();
  const report = sloReport(config, store, now);
  const avail = report.slos[0]!;
  assert.equal(avail.budget.periodComplete, false);
  assert.equal(avail.windows["1h"]!.coverage, 1);
  assert.ok(Math.abs(avail.windows["30d"]!.coverage - (10 * DAY + 1) / (30 * DAY)) < 1e-9);
  // 3 bad of 10 against a 10% budget: overspent threefold.
  assert.equal(avail.budget.remaining, -2);
  const other = report.targets.find((t) => t.target === "other")!;
  assert.deepEqual(other.windows["1h"], { runs: 0, successes: 0, ratio: null });
  const empty = sloReport(config, openSqliteStore(":memory:"), now).slos[0]!;
  assert.equal(empty.windows["1h"]!.ratio, null);
  assert.equal(empty.windows["1h"]!.met, null);
  assert.equal(empty.budget.remaining, null);
  store.close();
});

Deno.test("publishSloReport() exposes ratios as gauges and omits windows without data", async () => {
  const store = seeded();
  const metrics = createMetrics({ latencyThresholdsMs: [100], version: "test" });
  publishSloReport(sloReport(config, store, now), metrics);
  store.close();
  const text = await metrics.render();
  assert.match(text, /vigil_slo_sli_ratio\{slo="avail",window="1h"\} 0.75/);
  assert.match(text, /vigil_slo_window_events\{slo="avail",window="30d",kind="total"\} 10/);
  assert.match(text, /vigil_slo_objective_ratio\{slo="fast"\} 0.5/);
  assert.match(text, /vigil_slo_error_budget_remaining_ratio\{slo="avail"\} -2/);
  assert.match(text, /vigil_target_probe_success_ratio\{target="model",window="1d"\} 0.875/);
  assert.doesNotMatch(text, /vigil_target_probe_success_ratio\{target="other"/);
});

Deno.test("sloReport() reports burn rates over every workbook window, and the alerts they imply", () => {
  const store = seeded();
  const avail = sloReport(config, store, now).slos[0]!;
  store.close();
  assert.deepEqual(Object.keys(avail.windows), ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"]);
  assert.equal(avail.measured, true);
  // 1 bad in 4 over 5m..1h against a 10% budget: 2.5x. The 10-day-old failures reach only the 30d window.
  assert.equal(avail.windows["5m"]!.burnRate, 2.5);
  assert.equal(avail.windows["3d"]!.burnRate, 1.25);
  // 2.5x: over 1x in 3d and 6h (ticket), under 6x (no page).
  assert.deepEqual(avail.alerts, { page: false, ticket: true, reasons: ["ticket 1x 3d/6h"], noData: false });
});

Deno.test("sloReport() says no data when the SLI is silent for no_data_for", () => {
  const store = openSqliteStore(":memory:");
  store.recordProbeResult(run(HOUR, true, 10));
  const avail = sloReport(config, store, now).slos[0]!;
  store.close();
  assert.equal(avail.alerts!.noData, true);
  assert.equal(avail.alerts!.page, false);
});

Deno.test("sloReport() lists SLIs Vigil does not measure without windows or alerts", () => {
  const store = seeded();
  const report = sloReport(
    {
      ...config,
      slos: [
        makeSlo({
          name: "acc",
          objective: 0.9,
          sli: { type: "accuracy", model: "m", labelFreshnessMs: DAY },
        }),
      ],
    },
    store,
    now,
  );
  store.close();
  const acc = report.slos[0]!;
  assert.equal(acc.measured, false);
  assert.deepEqual(acc.windows, {});
  assert.equal(acc.alerts, null);
  assert.deepEqual(acc.budget, { remaining: null, periodComplete: false });
});
