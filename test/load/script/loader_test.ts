/** The script loader: its errors name the file and the cause, and the TypeScript compiler stays in its worker. */
import assert from "assert";
import { loadScript } from "../../../src/load/script/loader.ts";
import { ScriptError } from "../../../src/load/script/script_error.ts";

async function withScript(source: string, body: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/script.js`, source);
    await body(`${dir}/script.js`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadScript() reports a syntax error with the file, line and column", async () => {
  await withScript("export default function () {\n  let x = ;\n}\n", async (path) => {
    await assert.rejects(loadScript(path), (error: Error) => {
      assert.ok(error instanceof ScriptError);
      assert.match(error.message, new RegExp(`Cannot parse ${path}:2:11: Expression expected`));
      return true;
    });
  });
});

Deno.test("loadScript() refuses unsupported and remote modules, naming them", async () => {
  await withScript('import ws from "k6/ws";\nexport default function () {}\n', async (path) => {
    await assert.rejects(
      loadScript(path),
      /module "k6\/ws" is not supported by Vigil \(supported: k6, k6\/http/,
    );
  });
  await withScript(
    'import x from "https://example.com/x.js";\nexport default function () {}\n',
    async (path) => {
      await assert.rejects(
        loadScript(path),
        /remote module "https:\/\/example.com\/x.js" cannot be fetched offline/,
      );
    },
  );
  await withScript('import x from "lodash";\nexport default function () {}\n', async (path) => {
    await assert.rejects(loadScript(path), /cannot import "lodash": only k6 modules and relative files/);
  });
});

Deno.test("loadScript() gives each VU its own instance of the script", async () => {
  await withScript(
    "let n = 0;\nexport function next() { return ++n; }\nexport default function () {}\n",
    async (path) => {
      const script = await loadScript(path);
      try {
        const a = await script.instantiate(1);
        const b = await script.instantiate(2);
        // The transform may make an exported function async: await what it returns.
        const next = async (m: typeof a.module) => await (m.next as () => number | Promise<number>)();
        assert.deepEqual([await next(a.module), await next(a.module), await next(b.module)], [1, 2, 1]);
      } finally {
        await script.cleanup();
      }
    },
  );
});

Deno.test("the engine's module graph does not include the TypeScript compiler (it runs in a worker)", async () => {
  const engine = new URL("../../../src/load/engine.ts", import.meta.url).pathname;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", engine],
    stdout: "piped",
  }).output();
  const graph = JSON.parse(new TextDecoder().decode(output.stdout)) as { modules: { specifier: string }[] };
  assert.ok(graph.modules.length > 10, "deno info listed the graph");
  const compiler = graph.modules.filter((m) =>
    /typescript/.test(m.specifier) && !m.specifier.includes("/src/")
  );
  assert.deepEqual(compiler, []);
});
