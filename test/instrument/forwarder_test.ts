import assert from "assert";
import { type ForwardedPrediction, PredictionForwarder } from "../../src/instrument/forwarder.ts";
import { seededRandom } from "../../src/stats/random.ts";

const prediction = (i: number): ForwardedPrediction => ({
  model: "m",
  request_id: String(i),
  features: { x: i },
  prediction: { label: "a" },
});

const ok = () => Promise.resolve(new Response("{}", { status: 200 }));

Deno.test("PredictionForwarder sends full batches at once and the rest on the flush interval", async () => {
  const sizes: number[] = [];
  const forwarder = new PredictionForwarder({
    url: "http://vigil.internal",
    batchSize: 3,
    flushIntervalMs: 30,
    fetch: (_url, init) => {
      sizes.push(JSON.parse(String(init.body)).length);
      return ok();
    },
  });
  for (let i = 0; i < 4; i++) forwarder.offer(prediction(i));
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(sizes, [3]);
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(sizes, [3, 1]);
  await forwarder.close();
  assert.equal(forwarder.counts.sent, 4);
});

Deno.test("PredictionForwarder forwards about the sampled share", async () => {
  const forwarder = new PredictionForwarder({
    url: "http://vigil.internal",
    sampleRate: 0.1,
    random: seededRandom(5),
    fetch: ok,
  });
  for (let i = 0; i < 10_000; i++) forwarder.offer(prediction(i));
  await forwarder.close();
  assert.equal(forwarder.counts.offered, 10_000);
  assert.ok(forwarder.counts.sent > 900 && forwarder.counts.sent < 1100, String(forwarder.counts.sent));
});

Deno.test("PredictionForwarder drops and counts what does not fit its bounded queue, without blocking", async () => {
  const { promise: hold, resolve } = Promise.withResolvers<void>();
  const dropped: number[] = [];
  const forwarder = new PredictionForwarder({
    url: "http://vigil.internal",
    batchSize: 10,
    maxQueue: 25,
    fetch: async () => {
      await hold;
      return new Response("{}");
    },
    onResult: (result, count) => {
      if (result === "dropped_queue_full") dropped.push(count);
    },
  });
  // The first 10 leave in a batch that hangs; 25 more fill the queue; the last 5 are dropped.
  const started = performance.now();
  const queued = Array.from({ length: 40 }, (_, i) => forwarder.offer(prediction(i)));
  assert.ok(performance.now() - started < 50);
  assert.equal(queued.filter((q) => !q).length, 5);
  assert.equal(forwarder.counts.droppedQueueFull, 5);
  assert.equal(dropped.length, 5);
  resolve();
  await forwarder.close();
  assert.equal(forwarder.counts.sent, 35);
});

Deno.test("PredictionForwarder retries with backoff on 5xx and network errors, not on a rejected batch", async () => {
  const statuses = [503, 0, 200, 400];
  const seen: number[] = [];
  const forwarder = new PredictionForwarder({
    url: "http://vigil.internal",
    batchSize: 1,
    backoffMs: 5,
    fetch: () => {
      const status = statuses.shift()!;
      seen.push(status);
      return status === 0
        ? Promise.reject(new TypeError("refused"))
        : Promise.resolve(new Response("{}", { status }));
    },
  });
  forwarder.offer(prediction(1));
  await forwarder.flush();
  assert.deepEqual(seen, [503, 0, 200]);
  assert.equal(forwarder.counts.sent, 1);
  forwarder.offer(prediction(2));
  await forwarder.flush();
  // 400: the batch itself is refused, so retrying cannot help.
  assert.deepEqual(seen, [503, 0, 200, 400]);
  assert.equal(forwarder.counts.droppedRejected, 1);
  await forwarder.close();
});

Deno.test("PredictionForwarder.close() gives up on an unreachable Vigil after its grace period and counts the loss", async () => {
  const forwarder = new PredictionForwarder({
    url: "http://vigil.internal",
    batchSize: 2,
    backoffMs: 10_000,
    fetch: () => Promise.resolve(new Response("", { status: 503 })),
  });
  for (let i = 0; i < 5; i++) forwarder.offer(prediction(i));
  const started = performance.now();
  await forwarder.close(50);
  assert.ok(performance.now() - started < 1_000);
  assert.equal(forwarder.counts.sent, 0);
  assert.equal(forwarder.counts.droppedRetries, 5);
  assert.equal(forwarder.offer(prediction(9)), false);
});
