/**
 * k6/http's argument forms against a real loopback target: what is sent (headers, form bodies,
 * methods) and how each request's samples are tagged.
 */
import assert from "assert";
import { runLoad } from "../../src/load/engine.ts";
import type { Tags } from "../../src/load/metrics.ts";
import { fixture, runScript, serveTarget } from "../_helpers/load.ts";

interface Seen {
  method: string;
  path: string;
  contentType: string | null;
  model: string | null;
  count: string | null;
  body: string;
}

/**
 * Runs a fixture against a target that answers "ok" to everything and records the paths it was asked
 * for; the run must pass. Returns the paths and the checks, in order.
 */
async function runRecorded(
  name: string,
): Promise<{ paths: string[]; checks: { check: string; value: number }[] }> {
  const paths: string[] = [];
  const target = serveTarget((request) => {
    paths.push(new URL(request.url).pathname);
    return new Response("ok");
  });
  const checks: { check: string; value: number }[] = [];
  try {
    const result = await runLoad({
      scriptPath: fixture(name),
      env: { TARGET: target.url },
      log: () => {},
      onSample: (metric, value, tags) => {
        if (metric === "checks") checks.push({ check: tags.check ?? "", value });
      },
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await target.close();
  }
  return { paths, checks };
}

Deno.test("k6/http sends each argument form as k6 does and tags its samples", async () => {
  const seen: Seen[] = [];
  const target = serveTarget(async (request) => {
    const path = new URL(request.url).pathname;
    seen.push({
      method: request.method,
      path,
      contentType: request.headers.get("content-type"),
      model: request.headers.get("x-model"),
      count: request.headers.get("x-count"),
      body: await request.text(),
    });
    return new Response("ok", { status: path === "/missing" ? 404 : 200 });
  });
  const samples: { value: number; tags: Tags }[] = [];
  try {
    const result = await runLoad({
      scriptPath: fixture("request_forms.js"),
      env: { TARGET: target.url },
      log: () => {},
      onSample: (metric, value, tags) => {
        if (metric === "http_reqs" || metric === "checks") samples.push({ value, tags: { metric, ...tags } });
      },
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await target.close();
  }
  const byPath = new Map(seen.map((s) => [s.path, s]));
  assert.equal(seen.filter((s) => s.path === "/plain").length, 2);
  assert.deepEqual(byPath.get("/plain"), {
    method: "GET",
    path: "/plain",
    contentType: null,
    model: null,
    count: null,
    body: "",
  });
  assert.equal(byPath.get("/headers")?.model, "nb");
  assert.equal(byPath.get("/headers")?.count, "3", "header values are sent as strings");
  assert.equal(byPath.get("/form")?.contentType, "application/x-www-form-urlencoded");
  assert.equal(byPath.get("/form")?.body, "label=positive&score=0.9");
  assert.equal(byPath.get("/form-array")?.body, "tags=a&tags=b&n=1", "an array repeats the field, as in k6");
  assert.equal(byPath.get("/form-with-headers")?.contentType, "application/x-www-form-urlencoded");
  assert.equal(byPath.get("/form-with-headers")?.model, "nb");
  assert.equal(byPath.get("/form-typed")?.contentType, "text/plain", "a Content-Type the script set is kept");
  assert.equal(byPath.get("/json")?.body, '{"x":1}');
  assert.equal(byPath.get("/lowercase-method")?.method, "DELETE");

  const reqs = samples.filter((s) => s.tags.metric === "http_reqs");
  const tagsOf = (path: string) => reqs.find((s) => s.tags.url === `${target.url}${path}`)?.tags;
  assert.equal(tagsOf("/plain")?.name, `${target.url}/plain`);
  assert.equal(tagsOf("/plain")?.status, "200");
  assert.equal(tagsOf("/plain")?.expected_response, "true");
  // Every interpolation is a placeholder in the name, and the url tag is the name too (k6 ≥ 0.41), so a
  // templated URL is one series.
  const named = reqs.find((s) => s.tags.name === "${}/items/${}")?.tags;
  assert.equal(named?.url, "${}/items/${}", "http.url names the series by its template, url tag included");
  assert.equal(tagsOf("/tagged")?.kind, "tagged");
  assert.equal(tagsOf("/plain")?.kind, undefined, "a request's tags do not leak into the next one's");
  assert.equal(tagsOf("/missing")?.status, "404");
  assert.equal(tagsOf("/missing")?.expected_response, "true", "the request's responseCallback judged it");
  assert.equal(tagsOf("/missing")?.error_code, "1404");
  const checks = samples.filter((s) => s.tags.metric === "checks");
  assert.deepEqual(checks.map((s) => [s.tags.check, s.value]), [["404 is expected here", 1]]);
});

Deno.test("blocking calls return a Response in arrow bodies, groups, aliases and object methods", async () => {
  const { paths, checks } = await runRecorded("call_forms.js");
  assert.deepEqual(paths, ["/arrow", "/group-arrow", "/alias", "/destructured", "/method"]);
  assert.deepEqual(checks.filter((c) => c.value !== 1), [], "every check saw a Response");
  assert.equal(checks.length, 5);
});

Deno.test("helpers from local modules: async ones are awaited, plain ones are not (a check sees their value)", async () => {
  const { paths, checks } = await runRecorded("imported_calls.js");
  assert.deepEqual(paths, ["/lib", "/lib", "/health", "/default", "/lib"]);
  assert.deepEqual(checks.map((c) => c.value), [1, 0, 1, 1, 1, 1, 1, 1], JSON.stringify(checks));
});

Deno.test("Response.json() selectors: dotted paths, indexes, and GJSON's # for length and for each element", async () => {
  const target = serveTarget(() =>
    Response.json({ items: [{ label: "a", score: 1 }, { label: "b" }], meta: { total: 2 } })
  );
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { once: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
    `export default function () {\n` +
    `  const r = http.get(__ENV.TARGET);\n` +
    `  check(r, {\n` +
    `    "path": (x) => x.json("meta.total") === 2 && x.json("items.1.label") === "b",\n` +
    `    "count": (x) => x.json("items.#") === 2,\n` +
    `    "each": (x) => JSON.stringify(x.json("items.#.label")) === '["a","b"]',\n` +
    `    "each, missing skipped": (x) => JSON.stringify(x.json("items.#.score")) === "[1]",\n` +
    `    "nowhere": (x) => x.json("meta.nope.deeper") === undefined,\n` +
    `  });\n` +
    `}\n`;
  const failed: string[] = [];
  try {
    const result = await runScript(source, {
      env: { TARGET: target.url },
      log: () => {},
      onSample: (metric, value, tags) => {
        if (metric === "checks" && value !== 1) failed.push(tags.check ?? "");
      },
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await target.close();
  }
  assert.deepEqual(failed, []);
});

Deno.test("Response.json() takes gjson paths; with a selector a body that is not JSON is undefined, without one it throws", async () => {
  // gjson's SYNTAX.md example document, served as text so its key order is the wire's.
  const syntaxDoc = `{"name": {"first": "Tom", "last": "Anderson"}, "age": 37,
    "children": ["Sara", "Alex", "Jack"], "fav.movie": "Deer Hunter",
    "friends": [
      {"first": "Dale", "last": "Murphy", "age": 44, "nets": ["ig", "fb", "tw"]},
      {"first": "Roger", "last": "Craig", "age": 68, "nets": ["fb", "tw"]},
      {"first": "Jane", "last": "Murphy", "age": 47, "nets": ["ig", "tw"]}]}`;
  const target = serveTarget((request) =>
    new URL(request.url).pathname === "/doc"
      ? new Response(syntaxDoc, { headers: { "content-type": "application/json" } })
      : new Response("<html>not json</html>")
  );
  const same = (a: string, b: string) => `JSON.stringify(${a}) === ${JSON.stringify(b)}`;
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { once: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
    `export default function () {\n` +
    `  const r = http.get(__ENV.TARGET + "/doc");\n` +
    `  const html = http.get(__ENV.TARGET + "/page");\n` +
    `  check(r, {\n` +
    `    "escape": (x) => x.json("fav\\\\.movie") === "Deer Hunter",\n` +
    `    "wildcard": (x) => x.json("c?ildren.0") === "Sara",\n` +
    `    "query": (x) => x.json('friends.#(last=="Murphy").first') === "Dale",\n` +
    `    "query all": (x) => ${same(`x.json("friends.#(age>45)#.last")`, '["Craig","Murphy"]')},\n` +
    `    "nested query": (x) => ${
      same(`x.json('friends.#(nets.#(=="fb"))#.first')`, '["Dale","Roger"]')
    },\n` +
    `    "pipe": (x) => x.json('friends.#(last="Murphy")#|#') === 2,\n` +
    `    "dot": (x) => ${same(`x.json('friends.#(last="Murphy")#.#')`, "[]")},\n` +
    `    "modifier": (x) => x.json("children|@reverse|0") === "Jack",\n` +
    `    "keys in order": (x) => ${
      same(`x.json("@keys")`, '["name","age","children","fav.movie","friends"]')
    },\n` +
    `    "multipath": (x) => ${same(`x.json('{name.first,"n":friends.#}')`, '{"first":"Tom","n":3}')},\n` +
    `    "missing": (x) => x.json("friends.#(last==\\"Nobody\\").first") === undefined,\n` +
    `    "null is not missing": (x) => x.json("!null") === null,\n` +
    `    "whole body": (x) => x.json().age === 37,\n` +
    `  });\n` +
    `  check(html, {\n` +
    `    "not JSON, selector": (x) => x.json("age") === undefined && x.json("@this") === undefined,\n` +
    `    "not JSON, no selector": (x) => { try { x.json(); return false; } catch { return true; } },\n` +
    `  });\n` +
    `}\n`;
  const passed: string[] = [];
  const failed: string[] = [];
  try {
    const result = await runScript(source, {
      env: { TARGET: target.url },
      log: () => {},
      onSample: (metric, value, tags) => {
        if (metric === "checks") (value === 1 ? passed : failed).push(tags.check ?? "");
      },
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await target.close();
  }
  assert.deepEqual(failed, []);
  assert.equal(passed.length, 15);
});

Deno.test("a URL that does not parse gives an error response and no sample, as in k6", async () => {
  const target = serveTarget(() => new Response("ok"));
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { once: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
    `export default function () {\n` +
    `  check(http.get("not a url"), { "error response": (r) => r.status === 0 && r.error_code === 1020 });\n` +
    `  http.get(__ENV.TARGET);\n` +
    `}\n`;
  const samples: string[] = [];
  try {
    const result = await runScript(source, {
      env: { TARGET: target.url },
      log: () => {},
      onSample: (metric, value) => {
        if (metric === "http_reqs" || metric === "http_req_failed" || metric === "checks") {
          samples.push(`${metric}=${value}`);
        }
      },
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await target.close();
  }
  assert.deepEqual(samples, ["checks=1", "http_reqs=1", "http_req_failed=0"]);
});

Deno.test("helpers from local modules: renamed exports, namespace re-exports, exported instances; Map.get stays sync", async () => {
  const { paths, checks } = await runRecorded("imported_calls2.js");
  assert.deepEqual(paths, ["/client", "/instance", "/login", "/lib", "/health"]);
  assert.deepEqual(checks.map((c) => c.value), [0, 1, 1, 1, 1, 1], "the Map check fails, as its value says");
});

Deno.test("a request the script did not await, failing after its iteration, does not end the process without a summary", async () => {
  const target = serveTarget(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return new Response("late");
  });
  // The object's method calls its callback without returning it, so nothing awaits the request; the
  // iteration waits for it (see callbacks_test.ts) until maxDuration interrupts the VU, which cuts it off:
  // its promise never settles, as a stopped VU's k6 calls do not (see halted() in load/context.ts).
  const source = `import http from "k6/http";\n` +
    `export const options = { scenarios: { once: { executor: "shared-iterations", vus: 1, iterations: 1,\n` +
    `  maxDuration: "1s", gracefulStop: "0s" } } };\n` +
    `const util = { later(fn) { fn(); } };\n` +
    `export default function () { util.later(() => http.get(__ENV.TARGET)); }\n`;
  const logged: string[] = [];
  try {
    const result = await runScript(source, {
      env: { TARGET: target.url },
      log: (l) => logged.push(l),
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.ok(result.summary !== null);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(logged.some((line) => /ended with 1 request\(s\) still running/.test(line)), logged.join("\n"));
    assert.ok(!logged.some((line) => /nobody awaited failed/.test(line)), logged.join("\n"));
  } finally {
    await target.close();
  }
});

Deno.test("helpers from local modules on receivers the analysis cannot name are still awaited", async () => {
  const { paths, checks } = await runRecorded("imported_calls3.js");
  assert.deepEqual(paths, [
    "/login",
    "/factory",
    "/nested",
    "/health",
    "/health",
    "/health",
    "/field",
    "/closure",
  ]);
  assert.deepEqual(checks.map((c) => c.value), [1, 1, 1, 1, 1, 1, 1, 1]);
});

Deno.test("a check handed a promise (a request the transform could not await) fails and says why", async () => {
  const target = serveTarget(() => new Response("ok"));
  // An object's retry() calls what it is given: the transform follows plain functions of the script,
  // not methods, so it cannot know that fn() makes a request.
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { once: { executor: "shared-iterations", vus: 1, iterations: 1 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `const util = { retry(fn) { return fn(); } };\n` +
    `export default function () { check(util.retry(() => http.get(__ENV.TARGET)), { "has body": (r) => r.body !== null }); }\n`;
  const logged: string[] = [];
  try {
    const result = await runScript(source, {
      env: { TARGET: target.url },
      log: (l) => logged.push(l),
    });
    assert.equal(result.exitCode, 99, "the check failed, so the threshold did");
    assert.ok(logged.some((line) => /a check was handed a promise/.test(line)), logged.join("\n"));
  } finally {
    await target.close();
  }
});

Deno.test("setResponseCallback is each VU's own, as in k6, and does not outlive its run", async () => {
  const target = serveTarget(() => new Response("ok"));
  const perVu = `import http from "k6/http";\n` +
    `export const options = { scenarios: { s: { executor: "per-vu-iterations", vus: 2, iterations: 1 } } };\n` +
    `if (__VU === 1) http.setResponseCallback(http.expectedStatuses(200));\n` +
    `else http.setResponseCallback(http.expectedStatuses(300));\n` +
    `export default function () { http.get(__ENV.TARGET); }\n`;
  const plain = `import http from "k6/http";\n` +
    `export const options = { scenarios: { s: { executor: "per-vu-iterations", vus: 2, iterations: 1 } } };\n` +
    `export default function () { if (__VU === 2) http.setResponseCallback(null); http.get(__ENV.TARGET); }\n`;
  try {
    const first = await runScript(perVu, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(first.exitCode, 0, first.error ?? "");
    assert.equal(
      first.summary?.metrics.http_req_failed?.values.rate,
      0.5,
      "VU 1 expects 200, VU 2 expects 300",
    );
    const second = await runScript(plain, { env: { TARGET: target.url }, log: () => {} });
    const failed = second.summary?.metrics.http_req_failed?.values;
    // VU 1 uses k6's default (the first run's callbacks are gone); VU 2 judges nothing after setting null.
    assert.equal(failed?.fails, 1, JSON.stringify(failed));
    assert.equal(failed?.passes, 0);
  } finally {
    await target.close();
  }
});
