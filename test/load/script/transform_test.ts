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
