/** jslib's k6-summary served locally: a handleSummary() using textSummary and jUnit runs offline. */
import assert from "assert";
import { runScript, serveTarget } from "../_helpers/load.ts";

Deno.test("handleSummary() with k6-summary's textSummary and jUnit, imported by their jslib URL", async () => {
  const target = serveTarget(() => new Response("ok"));
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `import { jUnit, textSummary } from "https://jslib.k6.io/k6-summary/0.0.2/index.js";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 3 } },\n` +
    `  thresholds: { http_req_duration: ["p(95)<5000"], checks: ["rate>2"] } };\n` +
    `export default function () { check(http.get(__ENV.TARGET), { ok: (r) => r.status === 200 }); }\n` +
    `export function handleSummary(data) {\n` +
    `  return { stdout: textSummary(data, { indent: " ", enableColors: true }), "junit.xml": jUnit(data) };\n` +
    `}\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 99, "checks rate>2 cannot hold");
    const outputs = result.handleSummary as Record<string, string>;
    assert.match(outputs.stdout!, /^ +█ THRESHOLDS/m);
    assert.match(outputs.stdout!, /✓ 'p\(95\)<5000'/);
    assert.match(outputs.stdout!, /✗ 'rate>2'/);
    assert.match(outputs.stdout!, /http_reqs\.+: 3 /);
    assert.equal(
      outputs["junit.xml"],
      `<?xml version="1.0"?>\n<testsuites tests="2" failures="1">\n` +
        `<testsuite name="k6 thresholds" tests="2" failures="1">` +
        `<testcase name="checks - rate&gt;2"><failure message="failed" /></testcase>\n` +
        `<testcase name="http_req_duration - p(95)&lt;5000" />\n</testsuite >\n</testsuites >`,
    );
  } finally {
    await target.close();
  }
});
