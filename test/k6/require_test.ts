/** CommonJS require() in k6 scripts: the top-level forms run; any other says what to write instead. */
import assert from "assert";
import { runLoad } from "../../src/load/engine.ts";
import { runFixture, runScript, serveTarget } from "../_helpers/load.ts";

Deno.test("a script loading k6 with require() runs; a require() elsewhere fails with what to write", async () => {
  const target = serveTarget(() => new Response("ok"));
  const source = `const http = require("k6/http");\nconst { check } = require("k6");\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 2 } } };\n` +
    `export default function () {\n` +
    `  check(http.get(__ENV.TARGET), { ok: (r) => r.status === 200 });\n` +
    `  if (__ITER === 1) require("k6/metrics");\n` +
    `}\n`;
  const logs: string[] = [];
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: (line) => logs.push(line) });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.equal(result.summary?.metrics.http_reqs?.values.count, 2);
    assert.equal(result.summary?.metrics.checks?.values.rate, 1);
    assert.ok(
      logs.some((line) => /require\("k6\/metrics"\): Vigil loads modules with import/.test(line)),
      logs.join("\n"),
    );
  } finally {
    await target.close();
  }
});

Deno.test("CommonJS modules run as in k6: module.exports and exports members, requests awaited, values kept", async () => {
  const paths: string[] = [];
  const target = serveTarget((request) => {
    paths.push(`${request.method} ${new URL(request.url).pathname}`);
    return new Response("ok");
  });
  try {
    const result = await runFixture("commonjs.js", { TARGET: target.url });
    assert.equal(result.exitCode, 0, `${result.error ?? ""}\n${result.logs.join("\n")}`);
    assert.deepEqual(paths, ["GET /ping", "POST /post", "GET /get"]);
  } finally {
    await target.close();
  }
});

Deno.test("a vendored UMD bundle (assigning module.exports inside a function) is reached through import x from, as in k6", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/slug.js`,
      `(function (root, factory) {\n` +
        `  if (typeof module === "object" && module.exports) module.exports = factory();\n` +
        `  else root.slug = factory();\n` +
        `})(this, function () { return { slugify: (s) => s.toLowerCase().replace(/ /g, "-") }; });\n`,
    );
    await Deno.writeTextFile(
      `${dir}/main.js`,
      `import slug from "./slug.js";\nimport { check } from "k6";\n` +
        `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } },\n` +
        `  thresholds: { checks: ["rate==1"] } };\n` +
        `export default function () { check(slug.slugify("Hello World"), { slug: (s) => s === "hello-world" }); }\n`,
    );
    const result = await runLoad({ scriptPath: `${dir}/main.js`, env: {}, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
