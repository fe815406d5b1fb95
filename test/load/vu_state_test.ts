/** What a VU sees of itself: __VU, __ITER and exec.vu as k6 numbers them, and its own module state. */
import assert from "assert";
import { EXIT } from "../../src/load/engine.ts";
import { runFixture, serveTarget } from "../_helpers/load.ts";

async function queries(fixtureName: string): Promise<Record<string, string>[]> {
  const seen: Record<string, string>[] = [];
  const target = serveTarget((request) => {
    seen.push(Object.fromEntries(new URL(request.url).searchParams));
    return new Response("ok");
  });
  try {
    const result = await runFixture(fixtureName, { TARGET: target.url });
    assert.equal(result.exitCode, EXIT.ok, `${result.error}\n${result.logs.join("\n")}`);
  } finally {
    await target.close();
  }
  return seen;
}

Deno.test("__VU, __ITER and exec.vu count as in k6, and every VU has its own copy of each module", async () => {
  const seen = await queries("vu_state.js");
  const rows = seen.map((q) => `${q.vu}:${q.iter}:${q.exec}:${q.lib}:${q.init}:${q.setup}:${q.prop}`).sort();
  assert.deepEqual(rows, [
    // VU : __ITER (0-based) : exec.vu.iterationInScenario : the VU's own library counter : __VU in its
    // init code : __VU in setup() (0) : a property named __VU is left alone.
    "1:0:0:1:1:0:26",
    "1:1:1:2:1:0:26",
    "2:0:0:1:2:0:26",
    "2:1:1:2:2:0:26",
    "3:0:0:1:3:0:26",
    "3:1:1:2:3:0:26",
  ]);
});

Deno.test("a script's own top-level __ITER is its own variable", async () => {
  const seen = await queries("own_vu_name.js");
  assert.deepEqual(seen, [{ iter: "mine", vu: "1" }]);
});
