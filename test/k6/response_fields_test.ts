/**
 * Response fields and warnings k6 gives that scripts and users read: `remote_ip`/`remote_port`, and the
 * warning when the default redirect limit cut a chain (js/modules/k6/http/request.go).
 */
import assert from "assert";
import { runScript, serveTarget } from "../_helpers/load.ts";

Deno.test("res.remote_ip and res.remote_port name the server; a request that got no connection has none", async () => {
  const target = serveTarget(() => new Response("ok"));
  const port = Number(new URL(target.url).port);
  const source = `import http from "k6/http";\nimport { Counter } from "k6/metrics";\n` +
    `const good = new Counter("good");\n` +
    `export const options = { iterations: 1, thresholds: { good: ["count==2"] } };\n` +
    `export default function () {\n` +
    `  const r = http.get(__ENV.TARGET);\n` +
    `  if (r.remote_ip === "127.0.0.1" && r.remote_port === ${port}) good.add(1);\n` +
    `  const down = http.get("http://127.0.0.1:1/");\n` +
    `  if (down.remote_ip === "" && down.remote_port === 0) good.add(1);\n` +
    `}\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await target.close();
  }
});

Deno.test("a redirect chain cut by the default limit warns as k6 does; a limit the script set does not", async () => {
  const target = serveTarget((request) => {
    const n = Number(new URL(request.url).pathname.slice(1));
    return new Response(null, { status: 302, headers: { location: `/${n + 1}` } });
  });
  const run = async (options: string, params = "") => {
    const logs: string[] = [];
    const source = `import http from "k6/http";\n` +
      `export const options = { iterations: 1, ${options} };\n` +
      `export default function () { http.get(__ENV.TARGET + "/0"${params}); }\n`;
    const result = await runScript(source, { env: { TARGET: target.url }, log: (line) => logs.push(line) });
    assert.equal(result.exitCode, 0, result.error ?? "");
    return logs.filter((line) => line.includes("Stopped after"));
  };
  try {
    const warned = await run("");
    assert.equal(warned.length, 1);
    assert.match(
      warned[0]!,
      /^Warning: Stopped after 11 redirects and returned the redirection; pass \{ redirects: n \}/,
    );
    assert.deepEqual(await run("maxRedirects: 3"), []);
    assert.deepEqual(await run("", ", { redirects: 2 }"), []);
  } finally {
    await target.close();
  }
});
