import assert from "assert";
import type { SloConfig } from "../../src/config/types.ts";
import { checkVerdict } from "../../src/slo/check_verdict.ts";
import type { ProbeResult } from "../../src/store/store.ts";
import { makeProbe } from "../_helpers/probes.ts";
import { makeSlo } from "../_helpers/slos.ts";

const slos: SloConfig[] = [
  makeSlo({
    name: "avail",
    objective: 0.75,
    periodMs: 1,
    sli: { type: "probe_availability", target: "model" },
  }),
  makeSlo({
    name: "fast",
    objective: 0.5,
    periodMs: 1,
    sli: { type: "probe_latency", target: "model", thresholdMs: 100 },
  }),
];
const probes = [
  makeProbe({ name: "a" }),
  makeProbe({ name: "b" }),
  makeProbe({ name: "lone", target: "spare" }),
];

function run(probe: string, success: boolean, durationMs: number, target = "model"): ProbeResult {
  return {
    probe,
    target,
    time: 0,
    success,
    durationMs,
    status: success ? 200 : 503,
    failure: success ? null : "status 503 not in [200]",
  };
}

Deno.test("checkVerdict() passes when every probe and SLO meets its objective", () => {
  const results = [
    run("a", true, 10),
    run("a", true, 20),
    run("a", true, 30),
    run("a", false, 200),
    run("b", true, 50),
    run("lone", true, 1, "spare"),
  ];
  const verdict = checkVerdict({ probes, slos }, results);
  assert.equal(verdict.pass, true);
  const a = verdict.probes[0]!;
  assert.deepEqual([a.runs, a.successes, a.p50Ms, a.slos], [4, 3, 25, ["avail", "fast"]]);
  assert.equal(a.p95Ms, 174.49999999999994); // numpy.percentile([10, 20, 30, 200], 95), bit for bit
  assert.deepEqual(a.failures, [{ reason: "status 503 not in [200]", count: 1 }]);
  assert.deepEqual(verdict.slos.map((s) => [s.name, s.good, s.total, s.pass]), [["avail", 4, 5, true], [
    "fast",
    4,
    5,
    true,
  ]]);
});

Deno.test("checkVerdict() fails an SLO below objective and the probe that missed it", () => {
  const results = [
    run("a", false, 1),
    run("a", false, 1),
    run("a", true, 10),
    run("b", true, 10),
    run("lone", true, 1, "spare"),
  ];
  const verdict = checkVerdict({ probes, slos }, results);
  assert.equal(verdict.pass, false);
  assert.deepEqual(verdict.probes.map((p) => p.pass), [false, true, true]);
  assert.equal(verdict.slos[0]!.pass, false);
  assert.equal(verdict.slos[0]!.ratio, 0.5);
});

Deno.test("checkVerdict() fails a latency SLO on slow successes", () => {
  const results = [
    run("a", true, 101),
    run("a", true, 150),
    run("b", true, 100),
    run("lone", true, 1, "spare"),
  ];
  const fast = checkVerdict({ probes, slos }, results).slos[1]!;
  assert.deepEqual([fast.good, fast.total, fast.pass], [1, 3, false]);
});

Deno.test("checkVerdict() demands every run of a probe no SLO covers", () => {
  const results = [
    run("a", true, 1),
    run("b", true, 1),
    run("lone", true, 1, "spare"),
    run("lone", false, 1, "spare"),
  ];
  const verdict = checkVerdict({ probes, slos }, results);
  assert.equal(verdict.probes[2]!.pass, false);
  assert.equal(verdict.pass, false);
});

Deno.test("checkVerdict() fails an SLO with no data rather than reading silence as compliance", () => {
  const verdict = checkVerdict({ probes: [], slos }, []);
  assert.equal(verdict.slos[0]!.ratio, null);
  assert.equal(verdict.slos[0]!.pass, false);
  assert.equal(verdict.pass, false);
});

Deno.test("checkVerdict() lists SLIs check cannot measure as not measured, without failing the gate", () => {
  const request = makeSlo({ name: "req", objective: 0.99, sli: { type: "request_success", model: "m" } });
  const verdict = checkVerdict({ probes, slos: [...slos, request] }, [
    run("a", true, 10),
    run("b", true, 20),
  ]);
  const measured = verdict.slos.find((slo) => slo.name === "req")!;
  assert.deepEqual([measured.measured, measured.pass, measured.total, measured.ratio], [
    false,
    true,
    0,
    null,
  ]);
  assert.equal(verdict.slos.find((slo) => slo.name === "avail")!.measured, true);
  // The probes still meet the probe SLOs of their target only.
  assert.deepEqual(verdict.probes[0]!.slos, ["avail", "fast"]);
});
