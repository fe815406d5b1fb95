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

Deno.test("DriftEngine previews the open window without closing it, once a reference exists", () => {
  const { engine, store } = makeEngine({ m: model });
  try {
    engine.ingest(records(10));
    assert.equal(engine.previewOpenWindow("m"), null, "no reference yet");
    engine.setReference("m", profile());
    engine.ingest(records(60, (i) => (i % 100) + 60));
    const preview = engine.previewOpenWindow("m", 5_000);
    assert.equal(preview?.window.reason, "open");
    assert.equal(preview?.window.n, 70);
    assert.equal(preview?.features[0]?.severity, "critical", "70 records reach the minimum of 50");
    assert.deepEqual(engine.openWindow("m").n, 70);
    assert.equal(engine.report("m"), null, "nothing was closed");
  } finally {
    store.close();
  }
});

Deno.test("DriftEngine.predictionHistory() buckets classes and confidences and counts labels per segment", () => {
  let now = 60_000;
  const { engine, store } = makeEngine({ m: model }, { clock: () => now });
  try {
    engine.ingest([
      record("m", { x: 1 }, { requestId: "a", segment: "web", prediction: { label: "a", confidence: 0.95 } }),
      record("m", { x: 1 }, { requestId: "b", segment: "app", prediction: { label: "b", confidence: 0.5 } }),
    ]);
    now = 61_000;
    engine.feedback("a", "a");
    engine.feedback("b", "a");
    const history = engine.predictionHistory("m", { since: 0, until: 120_000, bucketMs: 60_000 });
    assert.equal(history.lowConfidenceThreshold, 0.7);
    assert.deepEqual(
      history.buckets.map((b) => [b.index, b.label, b.confidenceBucket, b.count, b.lowConfidence]),
      [[1, "a", 9, 1, 0], [1, "b", 4, 1, 1]],
    );
    assert.deepEqual(history.segments, [
      { segment: "app", labelled: 1, correct: 0 },
      { segment: "web", labelled: 1, correct: 1 },
    ]);
  } finally {
    store.close();
  }
});

Deno.test("DriftEngine.predictionHistory() reads complete buckets once and still counts every prediction", () => {
  let now = 60_000;
  const { engine, store } = makeEngine({ m: model }, { clock: () => now });
  try {
    const query = { since: 0, until: 180_000, bucketMs: 60_000 };
    const counts = () =>
      engine.predictionHistory("m", query).buckets.reduce<Record<number, number>>((out, b) => {
        out[b.index] = (out[b.index] ?? 0) + b.count;
        return out;
      }, {});
    engine.ingest(records(3));
    assert.deepEqual(counts(), { 1: 3 });
    now = 125_000;
    engine.ingest(records(2));
    assert.deepEqual(counts(), { 1: 3, 2: 2 }, "bucket 1 is complete and kept");
    now = 130_000;
    engine.ingest(records(4));
    assert.deepEqual(counts(), { 1: 3, 2: 6 }, "the current bucket is read again");
    const direct = store.predictionTimeline("m", {
      ...query,
      confidenceBounds: [0.5, 1],
      lowConfidence: 0.7,
    }).reduce((sum, b) => sum + b.count, 0);
    assert.equal(direct, 9);
    assert.deepEqual(
      engine.predictionHistory("m", { since: 60_000, until: 180_000, bucketMs: 60_000 }).buckets
        .map((b) => [b.index, b.count]),
      [[0, 3], [1, 6]],
      "a later span counts from its own start",
    );
  } finally {
    store.close();
  }
});
