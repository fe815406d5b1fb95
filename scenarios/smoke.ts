/**
 * Smoke: one VU, a few iterations — does the endpoint answer correctly at all? Run it before anything
 * heavier: `deno task load scenarios/smoke.ts --target http://127.0.0.1:8081` (or `k6 run -e TARGET=...`).
 */
import http from "k6/http";
import { check, sleep } from "k6";
import type { Options } from "k6/options";

const TARGET = __ENV.TARGET || "http://127.0.0.1:8081";

export const options: Options = {
  vus: 1,
  iterations: 10,
  thresholds: {
    http_req_failed: ["rate==0"],
    http_req_duration: ["p(95)<500"],
    checks: ["rate==1"],
  },
};

export default function () {
  const res = http.post(
    `${TARGET}/predict`,
    JSON.stringify({ text: "I absolutely love this, it works perfectly" }),
    {
      headers: { "Content-Type": "application/json" },
      tags: { name: "predict" },
    },
  );
  check(res, {
    "status is 200": (r) => r.status === 200,
    "label is positive": (r) => (r.json() as { label?: string }).label === "positive",
  });
  sleep(0.1);
}
