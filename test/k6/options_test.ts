/** k6 options that change what requests and iterations do, and redirects, against a real target. */
import assert from "assert";
import { EXIT, type LoadRunResult } from "../../src/load/engine.ts";
import { runScript, serveTarget } from "../_helpers/load.ts";

interface Seen {
  referer: string | null;
  method: string;
  path: string;
  body: string;
  auth: string | null;
  contentType: string | null;
}

/** Redirects: /r/N → /r/N-1 … → /ok; /see-other (303), /temporary (307), /moved-away (other host). */
function target() {
  const seen: Seen[] = [];
  const server = serveTarget(async (request) => {
    const url = new URL(request.url);
    seen.push({
      referer: request.headers.get("referer"),
      method: request.method,
      path: url.pathname,
      body: await request.text(),
      auth: request.headers.get("authorization"),
      contentType: request.headers.get("content-type"),
    });
    const hop = /^\/r\/(\d+)$/.exec(url.pathname);
    if (hop) {
      const n = Number(hop[1]);
      return new Response(null, { status: 302, headers: { location: n > 1 ? `/r/${n - 1}` : "/ok" } });
    }
    if (url.pathname === "/see-other") {
      return new Response(null, { status: 303, headers: { location: "ok" } });
    }
    if (url.pathname === "/slow-hop" || url.pathname === "/slow-end") {
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (url.pathname === "/slow-hop") {
        return new Response(null, { status: 302, headers: { location: "/slow-end" } });
      }
    }
    if (url.pathname === "/temporary") {
      return new Response(null, { status: 307, headers: { location: "/ok" } });
    }
    if (url.pathname === "/moved-away") {
      // The same server under another host name: credentials must not follow.
      return new Response(null, { status: 301, headers: { location: `http://localhost:${url.port}/ok` } });
    }
    return new Response(JSON.stringify({ path: url.pathname }), {
      headers: { "content-type": "application/json" },
    });
  });
  return { seen, server };
}

async function run(script: string, env: Record<string, string>, log: string[] = []) {
  const samples: { metric: string; tags: Record<string, string>; value: number }[] = [];
  const result: LoadRunResult = await runScript(script, {
    env,
    log: (line) => log.push(line),
    onSample: (metric, value, tags) => samples.push({ metric, value, tags: { ...tags } }),
  });
  return { result, samples };
}

const ONCE = `scenarios: { once: { executor: "shared-iterations", vus: 1, iterations: 1 } }`;

Deno.test("redirects are followed as k6 follows them, each hop a request of its own", async () => {
  const { seen, server } = target();
  try {
    const { result, samples } = await run(
      `import http from "k6/http";\nimport { check } from "k6";\n` +
        `export const options = { ${ONCE}, maxRedirects: 2 };\n` +
        `export default function () {\n` +
        `  const T = __ENV.TARGET.replace(/\\/$/, "");\n` +
        `  const a = http.get(T + "/r/2");\n` +
        `  check(a, { "followed to the end": (r) => r.status === 200 && r.url === T + "/ok" && r.json().path === "/ok" });\n` +
        `  const b = http.get(T + "/r/3");\n` +
        `  check(b, { "maxRedirects stops the chain": (r) => r.status === 302 });\n` +
        `  const c = http.get(T + "/r/1", { redirects: 0 });\n` +
        `  check(c, { "redirects: 0 returns the 3xx": (r) => r.status === 302 && r.headers["Location"] === "/ok" });\n` +
        `  const d = http.post(T + "/see-other", "payload", { headers: { "Content-Type": "text/plain" } });\n` +
        `  check(d, { "303 after POST is a GET": (r) => r.status === 200 && r.url === T + "/ok" });\n` +
        `  check(d.request, { "res.request is the script's own request, as in k6": (q) => q.method === "POST" &&\n` +
        `    q.url === T + "/see-other" && q.body === "payload" && q.headers["Content-Type"][0] === "text/plain" });\n` +
        `  const e = http.post(T + "/temporary", "again", { headers: { "Content-Type": "text/plain" } });\n` +
        `  check(e, { "307 repeats the POST": (r) => r.status === 200 && r.request.method === "POST" });\n` +
        `  http.get(T + "/moved-away", { headers: { Authorization: "Bearer secret" } });\n` +
        `  const slow = http.get(T + "/slow-hop", { timeout: "450ms" });\n` +
        `  check(slow, { "the timeout covers the whole chain": (r) => r.status === 0 && r.error_code === 1050 });\n` +
        `  const f = http.get(T + "/ok", { cookies: { session: "s1" } });\n` +
        `  check(f.request, { "res.request lists its cookies": (q) => q.cookies.session[0].value === "s1" &&\n` +
        `    q.headers.Cookie[0] === "session=s1" });\n` +
        `}\n`,
      { TARGET: server.url },
    );
    assert.equal(result.exitCode, EXIT.ok, result.error ?? "");
    const failed = samples.filter((s) => s.metric === "checks" && s.value !== 1).map((s) => s.tags.check);
    assert.deepEqual(failed, []);
    // /r/2 → /r/1 → /ok; /r/3 → /r/2 → /r/1 (stopped); /r/1; /see-other → /ok; /temporary → /ok; moved
    assert.deepEqual(seen.map((s) => `${s.method} ${s.path}`), [
      "GET /r/2",
      "GET /r/1",
      "GET /ok",
      "GET /r/3",
      "GET /r/2",
      "GET /r/1",
      "GET /r/1",
      "POST /see-other",
      "GET /ok",
      "POST /temporary",
      "POST /ok",
      "GET /moved-away",
      "GET /ok",
      "GET /slow-hop",
      "GET /slow-end",
      "GET /ok",
    ]);
    assert.equal(seen[8]!.body, "", "the 303's GET has no body");
    assert.equal(seen[8]!.contentType, null, "nor the POST's Content-Type");
    assert.equal(seen[10]!.body, "again", "the 307 repeats the body");
    assert.equal(seen[11]!.auth, "Bearer secret");
    assert.equal(seen[12]!.auth, null, "credentials stay on the original host");
    assert.equal(
      seen[1]!.referer,
      `${server.url}/r/2`,
      "a hop names the page it came from, as Go's client does",
    );
    assert.equal(seen[0]!.referer, null);
    assert.equal(samples.filter((s) => s.metric === "http_reqs").length, seen.length, "one sample per hop");
  } finally {
    await server.close();
  }
});

Deno.test("tags, discardResponseBodies, throw, noSetup and minIterationDuration apply; unknown options warn", async () => {
  const { seen, server } = target();
  const log: string[] = [];
  try {
    const { result, samples } = await run(
      `import http from "k6/http";\nimport { check } from "k6";\n` +
        `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 2 } },\n` +
        `  tags: { team: "ml" }, discardResponseBodies: true, throw: true, noSetup: true,\n` +
        `  minIterationDuration: "300ms", bogusOption: 1,\n` +
        `  thresholds: { "http_reqs{team:ml}": ["count>=2"] } };\n` +
        `export function setup() { http.get(__ENV.TARGET + "/setup"); }\n` +
        `export default function () {\n` +
        `  const r = http.get(__ENV.TARGET + "/work");\n` +
        `  check(r, { "body discarded": (res) => res.body === null });\n` +
        `  http.get("http://127.0.0.1:1/refused");\n` +
        `  http.get(__ENV.TARGET + "/never");\n` +
        `}\n`,
      { TARGET: server.url },
      log,
    );
    assert.equal(result.exitCode, EXIT.ok, result.error ?? log.join("\n"));
    assert.deepEqual(
      seen.map((s) => s.path),
      ["/work", "/work"],
      "no setup(), and throw ended each iteration",
    );
    assert.ok(log.some((l) => /Unknown option "bogusOption"/.test(l)), log.join("\n"));
    assert.ok(log.some((l) => /refused/.test(l)), "the thrown error is logged");
    const reqs = samples.filter((s) => s.metric === "http_reqs");
    assert.ok(reqs.length > 0 && reqs.every((s) => s.tags.team === "ml"), "test-wide tags on every request");
    assert.ok(samples.filter((s) => s.metric === "vus").every((s) => s.tags.team === "ml"));
    assert.deepEqual(samples.filter((s) => s.metric === "checks").map((s) => s.value), [1, 1]);
    // Two iterations of a few ms each, padded to 300 ms: the run takes at least 600 ms of iterations,
    // while iteration_duration stays the iteration's own time.
    const durations = samples.filter((s) => s.metric === "iteration_duration").map((s) => s.value);
    assert.equal(durations.length, 2);
    assert.ok(durations.every((d) => d < 300), `iteration_duration ${durations}`);
    assert.ok(
      result.summary!.testRunDurationMs >= 595,
      `ran ${result.summary!.testRunDurationMs} ms`,
    );
  } finally {
    await server.close();
  }
});

Deno.test("teardown() runs after exec.test.abort(), as in k6; noTeardown skips it", async () => {
  const { seen, server } = target();
  try {
    const script = (noTeardown: boolean) =>
      `import http from "k6/http";\nimport exec from "k6/execution";\n` +
      `export const options = { ${ONCE}, noTeardown: ${noTeardown} };\n` +
      `export default function () { exec.test.abort("enough"); }\n` +
      `export function teardown() { http.get(__ENV.TARGET + "/teardown"); }\n`;
    const aborted = await run(script(false), { TARGET: server.url });
    assert.equal(aborted.result.exitCode, EXIT.scriptAborted);
    assert.deepEqual(seen.map((s) => s.path), ["/teardown"]);
    const skipped = await run(script(true), { TARGET: server.url });
    assert.equal(skipped.result.exitCode, EXIT.scriptAborted);
    assert.deepEqual(seen.map((s) => s.path), ["/teardown"], "noTeardown: no second call");
  } finally {
    await server.close();
  }
});
