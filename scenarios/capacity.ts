/**
 * Capacity: ramp the arrival rate up until the SLO thresholds break — the pre-deploy question "how much
 * traffic does this model endpoint take within its latency and error budget?". An open model
 * (ramping-arrival-rate), so a slow target cannot slow the test down and hide its own slowness.
 *
 *   deno task load scenarios/capacity.ts --target $STAGING_URL            # ramp to MAX_RATE, stop on breach
 *   deno task load scenarios/capacity.ts --target $STAGING_URL --find-max # bisect the highest passing rate
 *   k6 run -e TARGET=$STAGING_URL scenarios/capacity.ts                   # the same file on k6
 */
import http from "k6/http";
import { check } from "k6";
import type { Options } from "k6/options";

const TARGET = __ENV.TARGET || "http://127.0.0.1:8081";
const MAX_RATE = Number(__ENV.MAX_RATE || 400);
const RAMP = __ENV.RAMP || "2m";

const TEXTS = [
  "I absolutely love this, it works perfectly",
  "Terrible product, it broke after one day",
  "Decent value for the price, shipping was quick",
  "The support team never answered my emails",
];

export const options: Options = {
  scenarios: {
    capacity: {
      executor: "ramping-arrival-rate",
      startRate: Math.max(1, Math.round(MAX_RATE / 20)),
      timeUnit: "1s",
      preAllocatedVUs: 20,
      maxVUs: Math.max(50, MAX_RATE),
      stages: [{ duration: RAMP, target: MAX_RATE }, { duration: "30s", target: MAX_RATE }],
    },
  },
  thresholds: {
    // The SLOs from vigil.example.yaml: 95% under 250 ms, under 1% errors. Abort once breached.
    http_req_duration: [{ threshold: "p(95)<250", abortOnFail: true, delayAbortEval: "10s" }],
    http_req_failed: [{ threshold: "rate<0.01", abortOnFail: true, delayAbortEval: "10s" }],
    dropped_iterations: ["count<1"],
  },
  summaryTrendStats: ["avg", "med", "p(95)", "p(99)", "max"],
};

export default function () {
  const text = TEXTS[Math.floor(Math.random() * TEXTS.length)];
  const res = http.post(`${TARGET}/predict`, JSON.stringify({ text }), {
    headers: { "Content-Type": "application/json" },
    tags: { name: "predict" },
  });
  check(res, { "status is 200": (r) => r.status === 200 });
}
