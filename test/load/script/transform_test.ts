/** The script transform's handling of k6's per-VU globals `__VU` and `__ITER`. */
import assert from "assert";
import { transformScript } from "../../../src/load/script/transform.ts";

const options = { fileName: "s.js", resolveImport: (s: string) => s, vuGlobals: "vigil:globals" };

function importedGlobals(code: string): string | null {
  return /import \{ ([^}]*) \} from "vigil:globals"/.exec(code)?.[1]?.trim() ?? null;
}

Deno.test("transformScript() imports the per-VU globals a module reads", () => {
  const { code } = transformScript("export default function () { console.log(__VU, __ITER); }", options);
  assert.equal(importedGlobals(code), "__VU, __ITER");
  assert.equal(
    importedGlobals(transformScript("export default () => `${__ITER}`;", options).code),
    "__ITER",
  );
});

Deno.test("transformScript() leaves property names and the module's own declarations alone", () => {
  assert.equal(importedGlobals(transformScript("const o = { __VU: 1 }; o.__VU;", options).code), null);
  assert.equal(
    importedGlobals(transformScript("let __VU = 1; export default () => __VU;", options).code),
    null,
  );
  assert.equal(
    importedGlobals(
      transformScript("const { __ITER } = { __ITER: 2 }; export default () => [__ITER, __VU];", options).code,
    ),
    "__VU",
  );
  assert.equal(importedGlobals(transformScript("function __VU() {} __VU();", options).code), null);
  assert.equal(
    importedGlobals(
      transformScript("export default function () { return __VU; }", {
        fileName: "s.js",
        resolveImport: (s: string) => s,
      }).code,
    ),
    null,
    "without vuGlobals the names stay global",
  );
});

Deno.test("transformScript() leaves a global the module assigns to as the global (an import is read-only)", () => {
  assert.equal(
    importedGlobals(
      transformScript("__ENV = Object.assign({}, __ENV, { A: 1 }); export default () => __VU;", options).code,
    ),
    "__VU",
  );
});

Deno.test("transformScript() routes callbacks that block through __vigil_each, and leaves pure ones alone", () => {
  const { code } = transformScript(
    `import http from "k6/http";\n` +
      `export default function () {\n` +
      `  urls().forEach((u) => http.get(u));\n` +
      `  const doubled = [1, 2].map((x) => x * 2);\n` +
      `  maybe?.forEach((u) => http.get(u));\n` +
      `}\n`,
    options,
  );
  assert.match(
    code,
    /\(await __vigil_each\(urls\(\), "forEach", async \(u\) => \(await http\.get\(u\)\)\)\)/,
  );
  assert.match(code, /const doubled = \[1, 2\]\.map\(\(x\) => x \* 2\);/, "a pure callback stays as it was");
  // `a?.forEach` cannot pass its receiver on: left for the engine's wait for stray requests.
  assert.match(code, /maybe\?\.forEach\(async \(u\) => \(await http\.get\(u\)\)\)/);
  assert.equal(importedGlobals(code), "__vigil_each");
});

Deno.test("transformScript() awaits a local function's calls of a parameter that some call hands an async function", () => {
  const { code } = transformScript(
    `import http from "k6/http";\n` +
      `function retry(fn, n) { return fn(n); }\n` +
      `function twice(fn) { return retry(fn, 2); }\n` +
      `function apply(fn, x) { return fn(x); }\n` +
      `export default function () { twice(() => http.get("u")); apply((x) => x + 1, 1); }\n`,
    options,
  );
  assert.match(code, /async function retry\(fn, n\) \{ return \(await fn\(n\)\); \}/);
  assert.match(
    code,
    /async function twice\(fn\) \{ return \(await retry\(fn, 2\)\); \}/,
    "handed on counts too",
  );
  assert.match(
    code,
    /function apply\(fn, x\) \{ return fn\(x\); \}/,
    "only given pure callbacks: stays sync",
  );
  assert.doesNotMatch(code, /async function apply/);
});

Deno.test("transformScript() keeps a helper plain when any call hands it a plain function (a check may use it)", () => {
  const { code } = transformScript(
    `import http from "k6/http";\nimport { check } from "k6";\n` +
      `function attempt(fn, fallback) { try { return fn(); } catch (e) { return fallback; } }\n` +
      `export function retry(fn) { return fn(); }\n` +
      `function local(fn) { return fn(); }\n` +
      `const alias = local;\n` +
      `export default function () {\n` +
      `  attempt(() => http.get("u"));\n` +
      `  check(1, { ok: () => attempt(() => true, false) });\n` +
      `  retry(() => http.get("u"));\n` +
      `  local(() => http.get("u"));\n` +
      `}\n`,
    options,
  );
  assert.match(code, /^function attempt\(fn, fallback\)/m, "mixed calls: stays plain");
  assert.match(code, /ok: \(\) => attempt\(\(\) => true, false\)/);
  // (The script's exports become async anyway: the engine may call one as a scenario's exec.)
  assert.match(
    code,
    /function retry\(fn\) \{ return fn\(\); \}/,
    "exported: other modules may call it with anything",
  );
  assert.match(code, /^function local\(fn\)/m, "passed around as a value: its callers are unknown");
});

Deno.test("transformScript() leaves optional chains, callbacks written async and shadowed names as they are", () => {
  const { code } = transformScript(
    `import http from "k6/http";\n` +
      `function run(step, this2) { if (step) { const step = () => http.get("a"); step(); } }\n` +
      `function typed(this: void, fn: () => unknown) { return fn(); }\n` +
      `export default function () {\n` +
      `  data?.items.forEach((u) => http.get(u));\n` +
      `  const pending = ["u"].map(async (u) => http.get(u));\n` +
      `  ["u"].forEach(http.get);\n` +
      `  run(true, 1);\n` +
      `  typed(() => http.get("t"));\n` +
      `}\n`,
    { ...options, fileName: "s.ts" },
  );
  assert.match(
    code,
    /data\?\.items\.forEach\(async \(u\) => \(await http\.get\(u\)\)\);/,
    "the chain short-circuits",
  );
  assert.match(
    code,
    /const pending = \["u"\]\.map\(async \(u\) => \(await http\.get\(u\)\)\);/,
    "promises, as in k6",
  );
  assert.match(code, /\(await __vigil_each\(\["u"\], "forEach", http\.get\)\);/);
  assert.match(
    code,
    /const step = async \(\) => \(await http\.get\("a"\)\);\s*\(await step\(\)\);/,
    "the inner step",
  );
  assert.match(
    code,
    /async function typed\(fn\) \{ return \(await fn\(\)\); \}/,
    "a `this` parameter takes no position",
  );
});

Deno.test("transformScript() refuses a blocking call where no await can go, naming the place", () => {
  const refuse = (body: string) =>
    assert.throws(
      () => transformScript(`import http from "k6/http";\n${body}\n`, options),
      (error: Error) => {
        assert.match(error.message, /^Cannot run s\.js:\d+:\d+: a blocking k6 call/);
        return true;
      },
    );
  refuse(`class A { constructor(urls) { urls.forEach((u) => http.get(u)); } }`);
  refuse(`const o = { get warm() { http.get("u"); return true; } };`);
  refuse(`class B { res = http.get("u"); }`);
  refuse(`function f(r = http.get("u")) { return r; }`);
  refuse(`function* g() { yield http.get("u"); }`);
  assert.throws(
    () =>
      transformScript(`import http from "k6/http";\nclass A { constructor() { http.get("u"); } }\n`, options),
    /in a constructor cannot be awaited/,
  );
});

Deno.test("transformScript() awaits res.submitForm() and res.clickLink(), which make requests, but not res.json()", () => {
  const { code, asyncNames } = transformScript(
    `import http from "k6/http";\n` +
      `function next(res) { return res.clickLink({ selector: "a.next" }); }\n` +
      `function title(res) { return res.json("title"); }\n` +
      `export function login(page) { return page.submitForm({ fields: { user: "ann" } }).status; }\n` +
      `export default function () {\n` +
      `  const page = http.get("u").submitForm();\n` +
      `  next(page); title(page);\n` +
      `}\n`,
    { ...options, entry: false },
  );
  assert.match(
    code,
    /async function next\(res\) \{ return \(await res\.clickLink\(\{ selector: "a\.next" \}\)\); \}/,
  );
  assert.match(code, /function title\(res\) \{ return res\.json\("title"\); \}/, "res.json() does not block");
  assert.doesNotMatch(code, /async function title/);
  assert.match(code, /return \(await page\.submitForm\(\{ fields: \{ user: "ann" \} \}\)\)\.status;/);
  assert.match(code, /const page = \(await \(await http\.get\("u"\)\)\.submitForm\(\)\);/);
  assert.match(code, /\(await next\(page\)\);\s*title\(page\);/);
  assert.deepEqual(asyncNames.sort(), ["default", "login", "next"]);
  // By name alone it may be the script's own method: where no await can go it is left as written, not
  // refused (a script's form helper with a submitForm method used in a constructor kept loading).
  const own = transformScript(
    `class Form { submitForm() { return 1; } }\nclass A { constructor(f) { this.r = f.submitForm(); } }\n`,
    options,
  ).code;
  assert.match(own, /this\.r = f\.submitForm\(\);/);
});

Deno.test("transformScript() turns a top-level require() into an import, keeping line numbers", () => {
  const source = `const http = require('k6/http');\nconst { sleep: pause,\n  check } = require("k6");\n` +
    `export default function () { http.get("u"); pause(1); }\n`;
  const { code } = transformScript(source, options);
  assert.match(code, /import \* as http from "k6\/http";/);
  assert.match(code, /import \{ sleep as pause, check \} from "k6";/);
  assert.match(code, /\(await http\.get\("u"\)\); \(await pause\(1\)\);/, "the analysis sees k6's functions");
  // Messages still name the line as written: the require spanning lines 2-3 kept its line break.
  assert.throws(
    () => transformScript(source.replace('http.get("u");', "http.get(;"), options),
    /s\.js:4:\d+/,
  );
});

Deno.test("transformScript() reports a nested function as a member only when its factory returns it as one", () => {
  const lib = transformScript(
    `import http from "k6/http";\n` +
      `export function login(base) { function get(path) { return http.get(base + path); } return get("/x").status; }\n` +
      `export const api = function (base) { const fetch = function () { return http.get(base); }; return { fetch, again: fetch }; };\n`,
    { ...options, entry: false },
  );
  assert.ok(lib.asyncNames.includes("*.fetch") && lib.asyncNames.includes("*.again"), lib.asyncNames.join());
  assert.ok(
    !lib.asyncNames.includes("*.get"),
    "login's inner get is never handed out: URLSearchParams.get stays sync",
  );
  const main = transformScript(
    `import { login, api } from "./lib.js";\n` +
      `class Ctx { constructor(p) { this.user = p.fetch("user"); } }\n` +
      `export default function () { const r = api("u").fetch(); login("u"); new URL("http://a/?x=5").searchParams.get("x"); }\n`,
    { ...options, localAsync: { "./lib.js": lib.asyncNames } },
  );
  assert.match(main.code, /const r = \(await api\("u"\)\.fetch\(\)\);/);
  assert.match(main.code, /searchParams\.get\("x"\);/);
  assert.doesNotMatch(main.code, /await new URL/);
  // Only suspected (an imported method name) in a constructor: left as written, not refused.
  assert.match(main.code, /this\.user = p\.fetch\("user"\);/);
});

Deno.test("transformScript() leaves a require() whose binding is assigned again to the runtime's message", () => {
  const { code } = transformScript(
    `let http = require("k6/http");\nconst { check } = require("k6");\nhttp = { get() {} };\nexport default function () {}\n`,
    options,
  );
  assert.match(code, /let http = require\("k6\/http"\);/);
  assert.match(code, /import \{ check \} from "k6";/);
});

Deno.test("transformScript() turns a CommonJS module into an ES module, and leaves ES modules alone", () => {
  const cjs = transformScript(
    `const http = require("k6/http");\nfunction ping(u) { return http.get(u); }\nconst pong = 1;\n` +
      `module.exports = { ping, pong: pong + 1 };\nexports.later = () => 2;\n`,
    { ...options, entry: false },
  );
  assert.match(cjs.code, /const module = \{ exports: \{\} \};\s*let exports = module\.exports;/);
  assert.match(cjs.code, /export default \(module\.exports\.default \?\? module\.exports\);/);
  assert.match(cjs.code, /export \{ ping \};/);
  assert.match(cjs.code, /export \{ __vigil_cjs_pong as pong \};/);
  assert.ok(cjs.asyncNames.includes("ping"), "importers await lib.ping()");
  const esm = transformScript(`export const exports = 1;\nmodule.exports = 2;\n`, {
    ...options,
    entry: false,
  });
  assert.doesNotMatch(esm.code, /export default \(module/);
});

Deno.test("transformScript() gives a module that uses k6's timers the VU's own, unless it declares its own", () => {
  assert.equal(
    importedGlobals(
      transformScript("export default () => { setTimeout(() => {}, 1); clearInterval(1); };", options).code,
    ),
    "setTimeout, clearInterval",
  );
  assert.equal(
    importedGlobals(transformScript("function setTimeout() {}\nsetTimeout();", options).code),
    null,
  );
});
