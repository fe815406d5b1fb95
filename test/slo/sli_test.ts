import assert from "assert";
import type { SliConfig } from "../../src/config/types.ts";
import { describeSli, isProbeSli, sliJson, sliService } from "../../src/slo/sli.ts";

const SLIS: SliConfig[] = [
  { type: "probe_availability", target: "demo" },
  { type: "probe_latency", target: "demo", thresholdMs: 250 },
  { type: "request_success", model: "m" },
  { type: "request_latency", model: "m", endpoint: "/predict", thresholdMs: 300 },
  { type: "accuracy", model: "m", labelFreshnessMs: 3_600_000 },
  { type: "drift", model: "m", below: "critical" },
];

Deno.test("describeSli() says what each SLI counts in a few words", () => {
  assert.deepEqual(SLIS.map(describeSli), [
    "availability (demo)",
    "latency ≤ 250 ms (demo)",
    "request success (m)",
    "request latency ≤ 300 ms (m /predict)",
    "accuracy (m)",
    "drift below critical (m)",
  ]);
});

Deno.test("sliJson() keeps the probe SLIs' API shape and adds the others in snake_case", () => {
  assert.deepEqual(SLIS.map(sliJson), [
    { type: "probe_availability", target: "demo" },
    { type: "probe_latency", target: "demo", threshold_ms: 250 },
    { type: "request_success", model: "m" },
    { type: "request_latency", model: "m", endpoint: "/predict", threshold_ms: 300 },
    { type: "accuracy", model: "m", label_freshness_ms: 3_600_000 },
    { type: "drift", model: "m", below: "critical" },
  ]);
});

Deno.test("isProbeSli() and sliService() split Vigil-measured SLIs from model ones", () => {
  assert.deepEqual(SLIS.map(isProbeSli), [true, true, false, false, false, false]);
  assert.deepEqual(SLIS.map(sliService), ["demo", "demo", "m", "m", "m", "m"]);
});
