/**
 * Soak: a steady arrival rate for a long time — leaks, creeping latency and connection churn show up
 * here, not in a 1-minute test. (Vigil's poisson-arrival-rate is more realistic but k6 lacks it, and this
 * file must run on k6 too.)
 *
 *   deno task load scenarios/soak.ts --target $URL -e RATE=50 -e DURATION=30m
 */
import http from "k6/http";
import { check } from "k6";
import type { Options } from "k6/options";

const TARGET = __ENV.TARGET || "http://127.0.0.1:8081";

export const options: Options = {
  scenarios: {
    soak: {
      executor: "constant-arrival-rate",
      rate: Number(__ENV.RATE || 50),
      timeUnit: "1s",
      duration: __ENV.DURATION || "30m",
      preAllocatedVUs: 20,
      maxVUs: 200,
    },
  },
  thresholds: {
    http_req_duration: ["p(95)<250", "p(99)<1000"],
    http_req_failed: ["rate<0.01"],
    checks: ["rate>0.99"],
  },
};

export default function () {
  const res = http.post(`${TARGET}/predict`, JSON.stringify({ text: "Works fine, nothing special" }), {
    headers: { "Content-Type": "application/json" },
    tags: { name: "predict" },
  });
  check(res, {
    "status is 200": (r) => r.status === 200,
    "has a label": (r) => typeof (r.json() as { label?: unknown }).label === "string",
  });
}
