/**
 * How many requests run at once, as in k6: `http.batch` within the `batch` and `batchPerHost` options
 * (lib/netext/httpext/batch.go), `http.asyncRequest` without a per-host cap (Go's MaxConnsPerHost is 0).
 * And the "Request Failed" warning a request that got no answer gives.
 */
import assert from "assert";
import { runScript, serveTarget } from "../_helpers/load.ts";

/** A target answering after 50 ms that records the most requests it held at once. */
function concurrencyTarget() {
  let active = 0;
  let most = 0;
  const target = serveTarget(async () => {
    most = Math.max(most, ++active);
    await new Promise((resolve) => setTimeout(resolve, 50));
    active--;
    return new Response("ok");
  });
  return { ...target, most: () => most, reset: () => (most = 0) };
}

const script = (options: string, body: string) =>
  `import http from "k6/http";\n` +
  `export const options = { iterations: 1, ${options} };\n` +
  `export default function () { ${body} }\n`;

Deno.test("http.batch runs at most batchPerHost requests to a host at once, and at most batch in all", async () => {
  const target = concurrencyTarget();
  const ten = `const r = http.batch(Array.from({ length: 10 }, (_, i) => __ENV.TARGET + "/" + i));\n` +
    `if (r.length !== 10 || r.some((x) => x.status !== 200)) throw new Error("batch");`;
  const run = async (options: string) => {
    target.reset();
    const result = await runScript(script(options, ten), { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.equal(result.summary?.metrics.http_reqs?.values.count, 10);
    return target.most();
  };
  try {
    assert.equal(await run(""), 6, "k6's default batchPerHost is 6");
    assert.equal(await run("batchPerHost: 1"), 1);
    assert.equal(await run("batchPerHost: 20"), 10);
    assert.equal(await run("batchPerHost: 0, batch: 3"), 3, "batch limits the whole batch");
  } finally {
    await target.close();
  }
});

Deno.test("http.asyncRequest has no per-host cap: ten at once go at once", async () => {
  const target = concurrencyTarget();
  const body =
    `return Promise.all(Array.from({ length: 10 }, () => http.asyncRequest("GET", __ENV.TARGET)));`;
  try {
    const result = await runScript(script("", body), { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.equal(target.most(), 10);
  } finally {
    await target.close();
  }
});

Deno.test("a request that got no answer says why, the first few one by one, then how many more", async () => {
  const logs: string[] = [];
  const body = `for (let i = 0; i < 12; i++) http.get("http://u:secret@127.0.0.1:1/down");`;
  const result = await runScript(script("", body), { env: {}, log: (line) => logs.push(line) });
  assert.equal(result.exitCode, 0, result.error ?? "");
  const failed = logs.filter((line) => line.startsWith("Request Failed"));
  assert.equal(failed.length, 11, logs.join("\n"));
  assert.equal(failed[0], "Request Failed: GET http://****:****@127.0.0.1:1/down: dial: connection refused");
  assert.equal(failed[10], "Request Failed: 2 more requests failed (http_req_failed counts them all)");
});

Deno.test("http.batch under the throw option runs every request, then throws the first error", async () => {
  const target = concurrencyTarget();
  const body = `try { http.batch(["http://127.0.0.1:1/refused", __ENV.TARGET + "/slow"]); }\n` +
    `  catch (e) { if (!String(e).includes("connection refused")) throw new Error("wrong error " + e); }`;
  const logs: string[] = [];
  try {
    const result = await runScript(script("throw: true", body), {
      env: { TARGET: target.url },
      log: (line) => logs.push(line),
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.equal(result.summary?.metrics.http_reqs?.values.count, 2, "the slow request finished too");
    assert.deepEqual(logs.filter((line) => /still running/.test(line)), []);
  } finally {
    await target.close();
  }
});
