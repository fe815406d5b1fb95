/**
 * The `compression` request param against a real loopback target: what arrives (bytes that decode to
 * the script's body, `Content-Encoding`, `Content-Length`), and k6's answers to what it cannot do.
 */
import assert from "assert";
import { brotliDecompressSync, gunzipSync, inflateSync, zstdDecompressSync } from "node:zlib";
import { runScript, serveTarget } from "../_helpers/load.ts";

interface Arrival {
  path: string;
  contentEncoding: string | null;
  contentLength: string | null;
  contentType: string | null;
  bytes: Uint8Array;
}

/** Undoes the codings named in a Content-Encoding, last applied first. */
function decode(bytes: Uint8Array, contentEncoding: string): string {
  const undo: Record<string, (b: Uint8Array) => Uint8Array> = {
    gzip: gunzipSync,
    deflate: inflateSync,
    br: brotliDecompressSync,
    zstd: zstdDecompressSync,
  };
  let out = bytes;
  for (const coding of contentEncoding.split(",").reverse()) out = undo[coding.trim()]!(out);
  return new TextDecoder().decode(out);
}

/** Runs one iteration of `body` against a target that records what arrives; `options` adds to k6's options. */
async function run(body: string, options = "") {
  const arrivals: Arrival[] = [];
  const target = serveTarget(async (request) => {
    arrivals.push({
      path: new URL(request.url).pathname,
      contentEncoding: request.headers.get("content-encoding"),
      contentLength: request.headers.get("content-length"),
      contentType: request.headers.get("content-type"),
      bytes: new Uint8Array(await request.arrayBuffer()),
    });
    return new Response("ok");
  });
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } },\n` +
    `  thresholds: { checks: ["rate==1"] }, ${options} };\n` +
    `export default function () {\n${body}\n}\n`;
  const logs: string[] = [];
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: (line) => logs.push(line) });
    return { result, arrivals, logs };
  } finally {
    await target.close();
  }
}

const TEXT = "the quick brown fox jumps over the lazy dog ".repeat(20);

Deno.test("compression: each algorithm and a chain of them, applied in order, with k6's headers", async () => {
  const { result, arrivals, logs } = await run(
    `  const body = ${JSON.stringify(TEXT)};\n` +
      `  for (const c of ["gzip", "deflate", "br", "zstd", "gzip, br", " deflate ,zstd,gzip "]) {\n` +
      `    const res = http.post(__ENV.TARGET + "/" + c.trim(), body, { compression: c });\n` +
      `    check(res, { [c]: (r) => r.status === 200 && r.request.body === body });\n` +
      `  }\n` +
      `  http.post(__ENV.TARGET + "/form", { q: "tea" }, { compression: "gzip" });\n` +
      `  http.get(__ENV.TARGET + "/nobody", { compression: "gzip" });\n` +
      `  http.post(__ENV.TARGET + "/empty", "", { compression: "" });\n`,
  );
  assert.equal(result.exitCode, 0, `${result.error ?? ""}\n${logs.join("\n")}`);
  const expected = [
    ["/gzip", "gzip"],
    ["/deflate", "deflate"],
    ["/br", "br"],
    ["/zstd", "zstd"],
    ["/gzip, br", "gzip, br"],
    ["/deflate ,zstd,gzip", "deflate, zstd, gzip"],
  ];
  for (const [i, [path, encoding]] of expected.entries()) {
    const arrival = arrivals[i]!;
    assert.equal(decodeURIComponent(arrival.path), path);
    assert.equal(arrival.contentEncoding, encoding);
    assert.equal(arrival.contentLength, String(arrival.bytes.length), "the compressed body's length");
    assert.ok(arrival.bytes.length < TEXT.length, `${encoding} compressed`);
    assert.equal(decode(arrival.bytes, encoding!), TEXT);
  }
  const form = arrivals[6]!;
  assert.equal(form.contentType, "application/x-www-form-urlencoded");
  assert.equal(decode(form.bytes, form.contentEncoding!), "q=tea");
  assert.deepEqual(
    arrivals.slice(7).map((a) => [a.path, a.contentEncoding, a.bytes.length]),
    [["/nobody", null, 0], ["/empty", null, 0]],
    "nothing to compress without a body, and an empty compression is none",
  );
});

Deno.test("compression: a script's own Content-Encoding wins, with k6's warning when it differs", async () => {
  const { result, arrivals, logs } = await run(
    `  http.post(__ENV.TARGET + "/same", "abc", { compression: "gzip", headers: { "content-encoding": "gzip" } });\n` +
      `  http.post(__ENV.TARGET + "/other", "abc", { compression: "gzip", headers: { "Content-Encoding": "br" } });\n`,
  );
  assert.equal(result.exitCode, 0, result.error ?? "");
  assert.deepEqual(arrivals.map((a) => a.contentEncoding), ["gzip", "br"]);
  assert.equal(gunzipSync(arrivals[1]!.bytes).toString(), "abc", "compressed all the same, as k6 does");
  const warnings = logs.filter((line) => line.includes("mismatch between the desired `compression`"));
  assert.equal(warnings.length, 1, logs.join("\n"));
  assert.match(warnings[0]!, /the POST request for 'http:\/\/127\.0\.0\.1:\d+\/other'/);
});

Deno.test("compression: an unknown algorithm fails the request as k6 does, or throws under the throw option", async () => {
  const message = "unknown compression algorithm xz, supported algorithms are [gzip deflate zstd br]";
  const quoted = JSON.stringify(message);
  const { result, arrivals, logs } = await run(
    `  const res = http.post(__ENV.TARGET + "/", "abc", { compression: "gzip, xz" });\n` +
      `  check(res, { "status 0": (r) => r.status === 0, "error": (r) => r.error === ${quoted},\n` +
      `    "no code": (r) => r.error_code === 0 });\n`,
  );
  assert.equal(result.exitCode, 0, `${result.error ?? ""}\n${logs.join("\n")}`);
  assert.equal(arrivals.length, 0, "nothing is sent");
  assert.deepEqual(logs.filter((line) => line.includes("Request Failed")), [
    `Warning: Request Failed: ${message}`,
  ]);

  const strict = await run(
    `  let thrown = "";\n` +
      `  try { http.post(__ENV.TARGET + "/", "abc", { compression: "lzw" }); } catch (e) { thrown = e.message; }\n` +
      `  check(thrown, { "thrown": (m) => m === ${JSON.stringify(message.replace("xz", "lzw"))} });\n`,
    "throw: true",
  );
  assert.equal(strict.result.exitCode, 0, `${strict.result.error ?? ""}\n${strict.logs.join("\n")}`);
  assert.equal(strict.arrivals.length, 0);
});
