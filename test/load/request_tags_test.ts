/**
 * A request's tags as k6's transport.go sets them: credentials masked in `url`/`name`, a named request's
 * `url` is its name, a failed request carries `error` and no `proto`; and connection reuse per k6's
 * `noVUConnectionReuse`.
 */
import assert from "assert";
import type { Tags } from "../../src/load/metrics.ts";
import { cleanUrl } from "../../src/config/clean_url.ts";
import { runScript, serveTarget } from "../_helpers/load.ts";

Deno.test("cleanUrl() masks user info as k6's URL.Clean() does", () => {
  assert.equal(
    cleanUrl("http://admin:s3cret@127.0.0.1:8080/a?b=c@d"),
    "http://****:****@127.0.0.1:8080/a?b=c@d",
  );
  assert.equal(cleanUrl("https://token@host/x"), "https://****@host/x");
  assert.equal(
    cleanUrl("http://host/path?mail=a@b"),
    "http://host/path?mail=a@b",
    "an @ after the host stays",
  );
  assert.equal(cleanUrl("http://host"), "http://host");
});

Deno.test("request tags: no password in url or name, a name is the url too, a failure has error and no proto", async () => {
  const target = serveTarget(() => new Response("ok"));
  const port = new URL(target.url).port;
  const samples: Tags[] = [];
  const source = `import http from "k6/http";\n` +
    `export const options = { iterations: 1 };\n` +
    `export default function () {\n` +
    `  http.get("http://admin:S3cret@127.0.0.1:${port}/private");\n` +
    `  http.get(__ENV.TARGET + "/items?id=123", { tags: { name: "Item" } });\n` +
    `  http.get("http://127.0.0.1:1/refused");\n` +
    `}\n`;
  try {
    const result = await runScript(source, {
      env: { TARGET: target.url },
      log: () => {},
      onSample: (metric, _value, tags) => {
        if (metric === "http_reqs") samples.push(tags);
      },
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await target.close();
  }
  assert.equal(samples.length, 3);
  const [secret, named, refused] = samples as [Tags, Tags, Tags];
  assert.equal(secret.url, `http://****:****@127.0.0.1:${port}/private`);
  assert.equal(secret.name, secret.url);
  assert.ok(!JSON.stringify(samples).includes("S3cret"));
  assert.equal(named.name, "Item");
  assert.equal(named.url, "Item", "k6 ≥ 0.41 sets url to a request's name: one series per name");
  assert.equal(refused.status, "0");
  assert.equal(refused.error, "dial: connection refused");
  assert.equal(refused.error_code, "1212");
  assert.equal(refused.proto, undefined, "a request that got no answer has no protocol");
  assert.equal(secret.proto, "HTTP/1.1");
  assert.equal(secret.error, undefined);
});

Deno.test("noVUConnectionReuse opens a new connection each iteration; by default a VU keeps its own", async () => {
  const connections = new Set<number>();
  const target = serveTarget((_request, info) => {
    connections.add(info.remoteAddr.port);
    return new Response("ok");
  });
  const script = (option: string) =>
    `import http from "k6/http";\n` +
    `export const options = { ${option} scenarios: { s: { executor: "per-vu-iterations", vus: 1, iterations: 3 } } };\n` +
    `export default function () { http.get(__ENV.TARGET + "/a"); http.get(__ENV.TARGET + "/b"); }\n`;
  try {
    const reused = await runScript(script(""), { env: { TARGET: target.url }, log: () => {} });
    assert.equal(reused.exitCode, 0, reused.error ?? "");
    assert.equal(connections.size, 1);
    connections.clear();
    const fresh = await runScript(script("noVUConnectionReuse: true,"), {
      env: { TARGET: target.url },
      log: () => {},
    });
    assert.equal(fresh.exitCode, 0, fresh.error ?? "");
    assert.equal(connections.size, 3, "one connection per iteration, shared by its two requests");
  } finally {
    await target.close();
  }
});
