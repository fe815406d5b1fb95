/**
 * Spike: a baseline, a sudden 10x burst (a launch, a retry storm), and the return to baseline — does the
 * endpoint absorb it, shed it cleanly, or fall over and stay down?
 *
 *   deno task load scenarios/spike.ts --target $URL -e BASE=20
 */
import http from "k6/http";
import { check } from "k6";
import exec from "k6/execution";
import type { Options } from "k6/options";

const TARGET = __ENV.TARGET || "http://127.0.0.1:8081";
const BASE = Number(__ENV.BASE || 20);

export const options: Options = {
  scenarios: {
    spike: {
      executor: "ramping-arrival-rate",
      startRate: BASE,
      timeUnit: "1s",
      preAllocatedVUs: 20,
      maxVUs: BASE * 20,
      stages: [
        { duration: "30s", target: BASE },
        { duration: "5s", target: BASE * 10 },
        { duration: "30s", target: BASE * 10 },
        { duration: "5s", target: BASE },
        { duration: "30s", target: BASE },
      ],
    },
  },
  thresholds: {
    http_req_failed: ["rate<0.05"],
    // After the spike the endpoint must recover: the tail of the run is judged on its own.
    "http_req_duration{phase:recovery}": ["p(95)<250"],
  },
};

export default function () {
  // The last 30 s stage, after baseline (30 s), spike (5+30 s) and return (5 s), is the recovery.
  const phase = exec.instance.currentTestRunDuration >= 70_000 ? "recovery" : "load";
  const res = http.post(`${TARGET}/predict`, JSON.stringify({ text: "Great, fast and reliable" }), {
    headers: { "Content-Type": "application/json" },
    tags: { name: "predict", phase },
  });
  check(res, { "status is 200": (r) => r.status === 200 });
}
