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
