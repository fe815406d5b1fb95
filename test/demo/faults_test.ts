import assert from "assert";
import {
  createFaults,
  describeFaults,
  faultsToJson,
  MAX_LATENCY_MS,
  parseFaultsPatch,
} from "../../src/demo/faults.ts";

Deno.test("createFaults() defaults to a healthy service", () => {
  assert.deepEqual(createFaults(), { latencyMs: 0, errorRatio: 0, drift: false });
});

Deno.test("createFaults() rejects out-of-range values naming the setting", () => {
  assert.throws(() => createFaults({ latencyMs: -1 }), /Invalid latencyMs "-1"/);
  assert.throws(() => createFaults({ latencyMs: MAX_LATENCY_MS + 1 }), RangeError);
  assert.throws(
    () => createFaults({ errorRatio: 1.5 }),
    /Invalid errorRatio "1.5": expected a number from 0 to 1/,
  );
  assert.throws(() => createFaults({ errorRatio: Number.NaN }), RangeError);
});

Deno.test("parseFaultsPatch() maps wire names and keeps only the fields given", () => {
  assert.deepEqual(parseFaultsPatch({}), {});
  assert.deepEqual(parseFaultsPatch({ latency_ms: 250, error_ratio: 1, drift: true }), {
    latencyMs: 250,
    errorRatio: 1,
    drift: true,
  });
});

Deno.test("parseFaultsPatch() rejects bad values naming the field", () => {
  assert.throws(
    () => parseFaultsPatch({ error_ratio: "0.5" }),
    { name: "TypeError", message: 'Invalid field "error_ratio": expected a number from 0 to 1, got "0.5"' },
  );
  assert.throws(() => parseFaultsPatch({ drift: "yes" }), /Invalid field "drift": expected true or false/);
  assert.throws(() => parseFaultsPatch({ latency_ms: null }), /Invalid field "latency_ms"/);
  assert.throws(() => parseFaultsPatch({ latency: 5 }), /Unknown field "latency"/);
  assert.throws(() => parseFaultsPatch([1]), /Invalid body \[1\]: expected a JSON object/);
});

Deno.test("parseFaultsPatch() shortens long bad values in its message", () => {
  assert.throws(
    () => parseFaultsPatch({ drift: "x".repeat(1000) }),
    (error: Error) => error.message.length < 120,
  );
});

Deno.test("faultsToJson() and describeFaults() render a fault state", () => {
  const faults = createFaults({ latencyMs: 120, errorRatio: 0.25, drift: true });
  assert.deepEqual(faultsToJson(faults), { latency_ms: 120, error_ratio: 0.25, drift: true });
  assert.equal(describeFaults(faults), "latency 120 ms, error ratio 0.25, drift on");
});
