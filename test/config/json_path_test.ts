import assert from "assert";
import { normalizeJsonPath, parseJsonPath } from "../../src/config/json_path.ts";

Deno.test("parseJsonPath() splits dotted keys and array indices", () => {
  assert.deepEqual(parseJsonPath("label"), ["label"]);
  assert.deepEqual(parseJsonPath("probabilities.positive"), ["probabilities", "positive"]);
  assert.deepEqual(parseJsonPath("items[0].label"), ["items", 0, "label"]);
  assert.deepEqual(parseJsonPath("matrix[1][2]"), ["matrix", 1, 2]);
  assert.deepEqual(parseJsonPath("[0].label"), [0, "label"]);
});

Deno.test("parseJsonPath() ignores a leading $.", () => {
  assert.deepEqual(parseJsonPath("$.items[0].label"), ["items", 0, "label"]);
  assert.deepEqual(parseJsonPath("$[0]"), [0]);
});

Deno.test("parseJsonPath() rejects malformed paths with SyntaxError", () => {
  for (const path of ["", "$.", "a..b", "a.", ".a", "a[x]", "a[0", "a]", "a[0]b", "a.[0]"]) {
    assert.throws(() => parseJsonPath(path), SyntaxError, path);
  }
  assert.throws(() => parseJsonPath("$.a..b"), {
    message: 'Cannot parse JSON path "$.a..b": expected a key at 5',
  });
});

Deno.test("normalizeJsonPath() strips $. and keeps the rest as written", () => {
  assert.equal(normalizeJsonPath("$.items[0].label"), "items[0].label");
  assert.equal(normalizeJsonPath("items[0].label"), "items[0].label");
});
