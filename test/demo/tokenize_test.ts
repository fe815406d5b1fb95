import assert from "assert";
import { tokenize } from "../../src/demo/tokenize.ts";

Deno.test("tokenize() lowercases and drops punctuation and stop words", () => {
  assert.deepEqual(tokenize("The Battery is GREAT!!! Charges fast."), [
    "battery",
    "great",
    "charges",
    "fast",
  ]);
});

Deno.test("tokenize() marks the words a negation governs", () => {
  assert.deepEqual(tokenize("not good"), ["not", "not_good"]);
  assert.deepEqual(tokenize("It doesn't work at all"), ["doesn't", "not_work"]);
  assert.deepEqual(tokenize("never worked properly again since"), [
    "never",
    "not_worked",
    "not_properly",
    "not_again",
    "since",
  ]);
});

Deno.test("tokenize() ends a negation at punctuation and at but", () => {
  assert.deepEqual(tokenize("not cheap, good"), ["not", "not_cheap", "good"]);
  assert.deepEqual(tokenize("not cheap but good"), ["not", "not_cheap", "but", "good"]);
});

Deno.test("tokenize() treats typographic and missing apostrophes alike", () => {
  assert.deepEqual(tokenize("don\u2019t like"), ["don't", "not_like"]);
  assert.deepEqual(tokenize("dont like"), ["dont", "not_like"]);
});

Deno.test("tokenize() returns nothing for text without words", () => {
  assert.deepEqual(tokenize("  ?!  "), []);
  assert.deepEqual(tokenize(""), []);
});
