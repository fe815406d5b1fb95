import assert from "assert";
import { lookup } from "../../src/probe/json_path.ts";

Deno.test("lookup() finds nested values, null included", () => {
  assert.deepEqual(lookup({ a: { b: [null, { c: false }] } }, "a.b[1].c"), { found: true, value: false });
  assert.deepEqual(lookup({ a: null }, "a"), { found: true, value: null });
  assert.deepEqual(lookup([1, 2], "$[1]"), { found: true, value: 2 });
});

Deno.test("lookup() does not walk into strings, arrays by key or inherited properties", () => {
  assert.equal(lookup({ a: "text" }, "a.length").found, false);
  assert.equal(lookup({ a: [1] }, "a.0").found, false);
  assert.equal(lookup({}, "constructor").found, false);
});
