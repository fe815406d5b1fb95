import assert from "assert";
import { defineModel } from "../../src/drift/model.ts";
import { WindowAccumulator } from "../../src/drift/window.ts";
import { record } from "./_setup.ts";

Deno.test("WindowAccumulator fills to its size, hands out copies, and starts again empty", () => {
  const model = defineModel("m", { x: "numeric", c: "categorical" }, { window: { size: 3, min_samples: 1 } });
  const window = new WindowAccumulator(model);
  assert.equal(window.add(record("m", { x: 1, c: "a" }), 10, 100), false);
  assert.equal(window.add(record("m", { x: null, c: "a" }), 11, 101), false);
  assert.equal(window.add(record("m", { x: 3, c: null }), 12, 102), true);
  assert.throws(() => window.add(record("m", { x: 4, c: "b" }), 13, 103), /is full/);
  const closed = window.close(105, "size");
  assert.deepEqual([closed.firstId, closed.lastId, closed.data.n, closed.data.start, closed.data.end], [
    10,
    12,
    3,
    100,
    105,
  ]);
  const x = closed.data.columns.get("x");
  assert.ok(x?.type === "numeric");
  assert.deepEqual([...x.values], [1, 3]);
  assert.equal(x.missing, 1);
  assert.deepEqual(closed.data.columns.get("c"), {
    type: "categorical",
    counts: new Map([["a", 2]]),
    missing: 1,
  });
  assert.equal(window.n, 0);
  window.add(record("m", { x: 9, c: "z" }), 14, 200);
  assert.deepEqual([...x.values], [1, 3], "the closed window's data is its own");
});

Deno.test("WindowAccumulator expires after its time cap counted from its first record", () => {
  const model = defineModel("m", { x: "numeric" }, { window: { size: 1000, max_age: "1m" } });
  const window = new WindowAccumulator(model);
  assert.equal(window.expired(1e12), false, "an empty window never expires");
  window.add(record("m", { x: 1 }), 1, 1_000);
  assert.equal(window.expired(60_999), false);
  assert.equal(window.expired(61_000), true);
});

Deno.test("WindowAccumulator.snapshot() copies the open window and leaves it filling", () => {
  const model = defineModel("m", { x: "numeric", c: "categorical" }, { window: { size: 3, min_samples: 1 } });
  const window = new WindowAccumulator(model);
  window.add(record("m", { x: 1, c: "a" }), 10, 100);
  const snapshot = window.snapshot(150);
  window.add(record("m", { x: 2, c: "a" }), 11, 160);
  assert.equal(snapshot.reason, "open");
  assert.deepEqual([snapshot.n, snapshot.start, snapshot.end], [1, 100, 150]);
  const x = snapshot.columns.get("x");
  assert.ok(x?.type === "numeric");
  assert.deepEqual([...x.values], [1]);
  assert.deepEqual(snapshot.columns.get("c"), {
    type: "categorical",
    counts: new Map([["a", 1]]),
    missing: 0,
  });
  assert.equal(window.n, 2);
});
