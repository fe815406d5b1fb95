/** k6's check(): a predicate that throws is a failed check, recorded before the error goes on. */
import assert from "assert";
import { EXIT } from "../../src/load/engine.ts";
import { runScript, serveTarget } from "../_helpers/load.ts";

Deno.test("a check whose predicate throws counts as failed, fails a checks threshold, and ends the iteration", async () => {
  const target = serveTarget(() => new Response("not json"));
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { once: { executor: "shared-iterations", vus: 1, iterations: 2 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `export default function () {\n` +
    `  const res = http.get(__ENV.TARGET);\n` +
    `  check(res, { "status": (r) => r.status === 200, "json ok": (r) => r.json().ok, "never run": () => true });\n` +
    `  http.get(__ENV.TARGET + "after");\n` +
    `}\n`;
  const logged: string[] = [];
  const checks: string[] = [];
  try {
    const result = await runScript(source, {
      env: { TARGET: target.url },
      log: (line) => logged.push(line),
      onSample: (metric, value, tags) => {
        if (metric === "checks") checks.push(`${tags.check}=${value}`);
      },
    });
    assert.equal(result.exitCode, EXIT.thresholdsFailed, result.error ?? "");
    // Per iteration: "status" passed, "json ok" failed and threw, so "never run" never ran.
    assert.deepEqual(checks, ["status=1", "json ok=0", "status=1", "json ok=0"]);
    assert.equal(result.summary!.metrics.http_reqs!.values.count, 2, "the request after the check never ran");
    assert.ok(
      logged.some((line) => /Uncaught exception in VU 1/.test(line) && /json/i.test(line)),
      logged.join("\n"),
    );
  } finally {
    await target.close();
  }
});
