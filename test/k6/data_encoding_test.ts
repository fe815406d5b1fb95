/**
 * k6/encoding against RFC 4648's vectors and Go's strict decoder; k6/data's SharedArray built once per run
 * and read-only; http.asyncRequest awaited by the script itself.
 */
import assert from "assert";
import { Buffer } from "node:buffer";
import { b64decode, b64encode } from "../../src/k6/encoding.ts";
import { fixture, runScript, serveTarget } from "../_helpers/load.ts";

Deno.test("b64encode() and b64decode() give RFC 4648's vectors in k6's four encodings", () => {
  const vectors: [string, string][] = [
    ["", ""],
    ["f", "Zg=="],
    ["fo", "Zm8="],
    ["foo", "Zm9v"],
    ["foob", "Zm9vYg=="],
    ["fooba", "Zm9vYmE="],
    ["foobar", "Zm9vYmFy"],
  ];
  for (const [plain, encoded] of vectors) {
    assert.equal(b64encode(plain), encoded);
    assert.equal(b64encode(plain, "rawstd"), encoded.replace(/=+$/, ""));
    assert.equal(b64decode(encoded, "std", "s"), plain);
    assert.equal(b64decode(encoded.replace(/=+$/, ""), "rawstd", "s"), plain);
  }
  const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x00, 0xe9]);
  assert.equal(b64encode(bytes.buffer), Buffer.from(bytes).toString("base64"));
  assert.equal(b64encode(bytes.buffer, "url"), "-_-_AOk=");
  assert.equal(b64encode(bytes.buffer, "rawurl"), Buffer.from(bytes).toString("base64url"));
  assert.deepEqual(new Uint8Array(b64decode("-_-_AOk", "rawurl")), bytes);
  assert.ok(b64decode("Zm9v") instanceof ArrayBuffer, 'an ArrayBuffer unless format is "s"');
  assert.equal(b64encode("héllo ✓"), Buffer.from("héllo ✓").toString("base64"), "strings are UTF-8");
  assert.equal(b64decode(b64encode("héllo ✓"), "std", "s"), "héllo ✓");
});

Deno.test("b64decode() is as strict as Go's decoder: padding per encoding, alphabet, CR/LF skipped", () => {
  const rejects = (input: string, encoding: "std" | "rawstd" | "url" | "rawurl") =>
    assert.throws(() => b64decode(input, encoding), /^Error: illegal base64 data at input byte \d+$/, input);
  rejects("Zg", "std"); // padding missing
  rejects("Zg=", "std"); // half the padding
  rejects("Zg==", "rawstd"); // padding where there must be none
  rejects("-_8=", "std"); // the URL alphabet in std
  rejects("+/8=", "url");
  rejects("Z", "rawstd"); // one character cannot hold a byte
  rejects("Zm9v=", "std");
  rejects("Zg==Zg==", "std"); // data after padding
  assert.equal(b64decode("Zm9v\r\nYmFy", "std", "s"), "foobar");
  assert.throws(() => b64decode("Zm9v!", "std"), /input byte 4/);
  // Where Go's decodeQuantum points: an unpadded last quantum at its start, half padding at the end.
  assert.throws(() => b64decode("Zm9vYg", "std"), /input byte 4$/);
  assert.throws(() => b64decode("Zg=", "std"), /input byte 3$/);
});

Deno.test("SharedArray: built once per run and shared by every VU, read-only; a later run builds its own", async () => {
  const source = (label: string) =>
    `import { SharedArray } from "k6/data";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { s: { executor: "per-vu-iterations", vus: 3, iterations: 2 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `const users = new SharedArray("users", function () {\n` +
    `  globalThis.__builds = (globalThis.__builds ?? 0) + 1;\n` +
    `  return [{ name: "${label}-a" }, { name: "${label}-b" }];\n` +
    `});\n` +
    `export default function () {\n` +
    `  let frozen = false;\n` +
    `  try { users[0].name = "changed"; } catch (e) { frozen = e instanceof TypeError; }\n` +
    `  check(users, {\n` +
    `    "the run's data": (u) => u.length === 2 && u[1].name === "${label}-b" && u[0].name === "${label}-a",\n` +
    `    "read-only": () => frozen,\n` +
    `  });\n` +
    `}\n`;
  const g = globalThis as { __builds?: number };
  delete g.__builds;
  const first = await runScript(source("one"), { env: {}, log: () => {} });
  assert.equal(first.exitCode, 0, first.error ?? "");
  // The init context and the 3 VUs all ran their init code: the callback ran once.
  assert.equal(g.__builds, 1);
  const second = await runScript(source("two"), { env: {}, log: () => {} });
  assert.equal(second.exitCode, 0, second.error ?? "the second run sees its own data");
  assert.equal(g.__builds, 2);
  delete g.__builds;
});

Deno.test("http.asyncRequest returns a promise the script awaits itself, as in k6", async () => {
  const seen: string[] = [];
  const target = serveTarget((request) => {
    seen.push(new URL(request.url).pathname);
    return new Response("ok");
  });
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `export default async function () {\n` +
    `  const pending = http.asyncRequest("GET", __ENV.TARGET + "/a");\n` +
    `  check(null, { "a promise": () => typeof pending.then === "function" });\n` +
    `  const [a, b] = await Promise.all([pending, http.asyncRequest("POST", __ENV.TARGET + "/b", "x")]);\n` +
    `  check([a, b], { "both answered": ([x, y]) => x.status === 200 && y.status === 200 });\n` +
    `}\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.deepEqual(seen.sort(), ["/a", "/b"]);
  } finally {
    await target.close();
  }
});

Deno.test("http.file() in a form body sends multipart/form-data as k6 does, parsed back by a real server", async () => {
  const seen: {
    type: string;
    raw: string;
    fields: [string, string][];
    files: { field: string; name: string; type: string; text: string }[];
  }[] = [];
  const target = serveTarget(async (request) => {
    const raw = await request.clone().text();
    const form = await request.formData();
    const fields: [string, string][] = [];
    const files: { field: string; name: string; type: string; text: string }[] = [];
    for (const [key, value] of form.entries()) {
      if (typeof value === "string") fields.push([key, value]);
      else files.push({ field: key, name: value.name, type: value.type, text: await value.text() });
    }
    seen.push({ type: request.headers.get("content-type") ?? "", raw, fields, files });
    return new Response("ok");
  });
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `export default function () {\n` +
    `  const upload = http.file("col1,col2\\n1,2\\n", "data \\"q\\".csv", "text/csv");\n` +
    `  const res = http.post(__ENV.TARGET, { title: "report", tags: ["a", "b"], file: upload,\n` +
    `    blob: http.file(new Uint8Array([104, 105]).buffer) });\n` +
    `  check(res, { sent: (r) => r.status === 200 });\n` +
    `  check(http.file("x"), { "k6's defaults": (f) => /^\\d{16,}$/.test(f.filename) &&\n` +
    `    f.content_type === "application/octet-stream" && f.data.length === 1 });\n` +
    `}\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.equal(seen.length, 1);
    assert.match(seen[0]!.type, /^multipart\/form-data; boundary=[0-9a-f]{60}$/);
    // An array is one field written as Go's %v writes it, as k6 sends it.
    assert.deepEqual(seen[0]!.fields, [["title", "report"], ["tags", "[a b]"]]);
    assert.deepEqual(seen[0]!.files[0], {
      field: "file",
      name: '"data \\"q\\".csv"', // Deno's parser keeps Go's backslash escapes as they are
      type: "text/csv",
      text: "col1,col2\n1,2\n",
    });
    assert.ok(
      seen[0]!.raw.includes('Content-Disposition: form-data; name="file"; filename="data \\"q\\".csv"\r\n'),
      "the filename's quotes are escaped as Go's quoteEscaper does for k6",
    );
    assert.ok(seen[0]!.raw.endsWith("--\r\n"));
    assert.equal(seen[0]!.files[1]!.type, "application/octet-stream");
    assert.equal(seen[0]!.files[1]!.text, "hi");
  } finally {
    await target.close();
  }
});

Deno.test("SharedArray outside the init context fails as in k6", async () => {
  const logs: string[] = [];
  const result = await runScript(
    `import { SharedArray } from "k6/data";\n` +
      `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
      `export default function () { new SharedArray("late", () => [1]); }\n`,
    { env: {}, log: (line) => logs.push(line) },
  );
  assert.equal(result.exitCode, 0, result.error ?? "");
  assert.ok(
    logs.some((line) => /new SharedArray must be called in the init context/.test(line)),
    logs.join("\n"),
  );
});

Deno.test("SharedArray filled by jslib's papaparse from a CSV: each VU posts its own row, as in k6's docs", async () => {
  const posted: string[] = [];
  const target = serveTarget(async (request) => {
    posted.push(await request.text());
    return new Response("ok");
  });
  const csv = fixture("data/users.csv");
  // Inline (a fixture file would make the linter and type checker fetch the jslib URL).
  const source =
    `import http from "k6/http";\nimport { check } from "k6";\nimport { SharedArray } from "k6/data";\n` +
    `import papaparse from "https://jslib.k6.io/papaparse/5.1.1/index.js";\n` +
    `const users = new SharedArray("users", function () {\n` +
    `  return papaparse.parse(open(${JSON.stringify(csv)}), { header: true, skipEmptyLines: true }).data;\n` +
    `});\n` +
    `export const options = { scenarios: { s: { executor: "per-vu-iterations", vus: 3, iterations: 1 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `export default function () {\n` +
    `  const user = users[(__VU - 1) % users.length];\n` +
    `  const res = http.post(__ENV.TARGET + "/login", { user: user.user, password: user.password });\n` +
    `  check(res, { "logged in": (r) => r.status === 200 });\n` +
    `}\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.deepEqual(posted.sort(), ["user=ann&password=a1", "user=bob&password=b2", "user=cid&password=c3"]);
  } finally {
    await target.close();
  }
});
