// Open model at a fixed rate: does the generator hold 1000 iterations/s, and how late do they start?
import http from "k6/http";
export const options = {
  scenarios: {
    bench: {
      executor: "constant-arrival-rate",
      rate: Number(__ENV.RATE || 1000),
      timeUnit: "1s",
      duration: __ENV.DURATION || "10s",
      preAllocatedVUs: 50,
      maxVUs: 200,
    },
  },
  summaryTrendStats: ["avg", "med", "p(95)", "p(99)", "max"],
};
export default function () {
  http.get(__ENV.TARGET);
}
