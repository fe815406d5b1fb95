import assert from "assert";
import { defineModel } from "../../src/drift/model.ts";
import { ProfileBuilder } from "../../src/drift/profile.ts";
import { UnknownModelError } from "../../src/drift/engine.ts";
import { makeEngine, record } from "./_setup.ts";

const model = defineModel("m", { x: "numeric" }, { window: { size: 100, min_samples: 50, max_age: "1m" } });

function profile() {
  const builder = new ProfileBuilder(model);
  for (let i = 0; i < 1000; i++) {
    builder.add({ features: { x: i % 100 }, label: "a", value: null, confidence: 0.9 });
  }
  return builder.finish(0);
}

const records = (n: number, x = (i: number) => i % 100) =>
  Array.from({ length: n }, (_, i) => record("m", { x: x(i) }, { requestId: `r${i}` }));

Deno.test("DriftEngine closes a window at its size and evaluates it against the reference", () => {
  const { engine, store } = makeEngine({ m: model });
  try {
    engine.setReference("m", profile());
    engine.ingest(records(150, (i) => (i % 100) + 60));
    const latest = engine.report("m");
    assert.equal(latest?.seq, 1);
    assert.equal(latest?.report.window.n, 100);
    assert.equal(latest?.report.features[0]?.severity, "critical");
    assert.equal(engine.stats("m").openWindow, 50);
    assert.deepEqual(store.windowCounts("m"), { closed: 1, evaluated: 1 });
  } finally {
    store.close();
  }
});

Deno.test("DriftEngine closes a window past its time cap on tick", () => {
  let now = 1_000_000;
  const { engine, store } = makeEngine({ m: model }, { clock: () => now });
  try {
    engine.setReference("m", profile());
    engine.ingest(records(60));
    assert.equal(engine.tick(), 0);
    now += 60_000;
    assert.equal(engine.tick(), 1);
    assert.equal(engine.report("m")?.report.window.reason, "max_age");
    assert.equal(engine.report("m")?.report.window.n, 60);
  } finally {
    store.close();
  }
});

Deno.test("DriftEngine evaluates only the newest window when they close faster than they are evaluated", () => {
  const queue: (() => void)[] = [];
  const { engine, store, registry } = makeEngine({ m: model }, { defer: (run) => queue.push(run) });
  try {
    engine.setReference("m", profile());
    engine.ingest(records(350));
    assert.equal(queue.length, 1);
    queue.shift()!();
    assert.equal(engine.report("m")?.seq, 3);
    assert.deepEqual(store.windowCounts("m"), { closed: 3, evaluated: 1 });
    return registry.metrics().then((text) => {
      assert.match(text, /vigil_drift_windows_total\{model="m",outcome="skipped"\} 2/);
      assert.match(text, /vigil_drift_windows_total\{model="m",outcome="evaluated"\} 1/);
    });
  } finally {
    store.close();
  }
});

Deno.test("DriftEngine counts windows closed without a reference and evaluates none", () => {
  const { engine, store } = makeEngine({ m: model });
  try {
    engine.ingest(records(200));
    assert.equal(engine.report("m"), null);
    assert.deepEqual(store.windowCounts("m"), { closed: 2, evaluated: 0 });
  } finally {
    store.close();
  }
});

Deno.test("DriftEngine restores reference, latest report, open window and accuracy from the store", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-engine-" });
  const path = `${dir}/vigil.db`;
  try {
    const first = makeEngine({ m: model }, { path });
    first.engine.setReference("m", profile());
    first.engine.ingest(
      records(130).map((r, i) => ({ ...r, time: Date.now(), segment: i % 2 ? "eu" : "us" })),
    );
    assert.equal(first.engine.feedback("r1", "a").status, "joined");
    assert.equal(first.engine.feedback("r2", "b").status, "joined");
    first.engine.close();
    first.store.close();

    const second = makeEngine({ m: model }, { path });
    try {
      const stats = second.engine.stats("m");
      assert.equal(stats.recordsStored, 130);
      assert.equal(stats.openWindow, 30);
      assert.equal(stats.windowsClosed, 1);
      assert.equal(stats.reference?.rows, 1000);
      assert.equal(stats.accuracy.overall, 0.5);
      assert.deepEqual(stats.accuracy.bySegment, { eu: 1, us: 0 });
      assert.notEqual(stats.lastLabelAt, null);
      assert.equal(second.engine.report("m")?.seq, 1);
      // The rebuilt window carries on: 70 more records close it at exactly 100.
      second.engine.ingest(records(70));
      assert.equal(second.engine.report("m")?.seq, 2);
      assert.equal(second.engine.report("m")?.report.window.n, 100);
    } finally {
      second.store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("DriftEngine refuses undeclared models by name", () => {
  const { engine, store } = makeEngine({ m: model });
  try {
    assert.throws(() => engine.stats("fraud"), UnknownModelError);
    assert.throws(() => engine.ingest([record("fraud", {})]), /Unknown model "fraud" \(declared: m\)/);
    assert.equal(engine.stats("m").recordsStored, 0);
  } finally {
    store.close();
  }
});
