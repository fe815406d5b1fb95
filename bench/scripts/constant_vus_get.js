// The benchmark script: constant VUs, one GET and one check per iteration, as the issue specifies.
import http from "k6/http";
import { check } from "k6";
export const options = {
  scenarios: {
    bench: { executor: "constant-vus", vus: Number(__ENV.VUS || 50), duration: __ENV.DURATION || "10s" },
  },
};
export default function () {
  const res = http.get(__ENV.TARGET);
  check(res, { "status is 200": (r) => r.status === 200 });
}
