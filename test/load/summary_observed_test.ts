/** The summary lists the metrics a run observed, as k6's does: no HTTP lines for a run without requests. */
import assert from "assert";
import { renderSummary } from "../../src/load/summary.ts";
import { runScript } from "../_helpers/load.ts";

Deno.test("a run without requests has no http_* metrics in its summary, unless a threshold names one", async () => {
  const plain = await runScript(
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 2 } } };\n` +
      `export default function () {}\n`,
    { env: {}, log: () => {} },
  );
  assert.equal(plain.exitCode, 0, plain.error ?? "");
  const names = Object.keys(plain.summary!.metrics);
  assert.deepEqual(names.filter((name) => name.startsWith("http_")), [], names.join());
  assert.ok(names.includes("iterations"));
  assert.doesNotMatch(renderSummary(plain.summary!), /HTTP/);

  const thresholded = await runScript(
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 2 } },\n` +
      `  thresholds: { http_req_duration: ["p(95)<100"] } };\n` +
      `export default function () {}\n`,
    { env: {}, log: () => {} },
  );
  assert.ok("http_req_duration" in thresholded.summary!.metrics, "its threshold still shows, as in k6");
});
