/**
 * "A 2xx means durably stored": Vigil is killed with SIGKILL right after acknowledging ingest batches,
 * then restarted on the same SQLite file; every accepted record is there, and the open window is rebuilt.
 */
import assert from "assert";
import { freePort } from "../_helpers/cli.ts";
import { startServe } from "../_helpers/serve.ts";

const CONFIG = `
storage: { path: .vigil/unused.db }
models:
  churn:
    features: { age: numeric, plan: categorical }
    window: { size: 1000, min_samples: 500 }
`;

function batch(offset: number, size: number) {
  return Array.from({ length: size }, (_, i) => ({
    model: "churn",
    request_id: `r-${offset + i}`,
    features: { age: (offset + i) % 90, plan: (offset + i) % 3 === 0 ? "pro" : "free" },
    prediction: { label: (offset + i) % 2 === 0 ? "stay" : "churn", confidence: 0.8 },
  }));
}

Deno.test("kill -9 right after 2xx ingest answers, then restart: every accepted record is there", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-durability-" });
  const config = `${dir}/vigil.yaml`;
  const db = `${dir}/vigil.db`;
  await Deno.writeTextFile(config, CONFIG);
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  let served = await startServe(config, db, port);
  try {
    // Concurrent batches; the process dies the moment the last acknowledgement is in.
    const sizes = Array.from({ length: 24 }, (_, i) => 100 + i * 7);
    let offset = 0;
    const responses = await Promise.all(sizes.map((size) => {
      const body = JSON.stringify(batch(offset, size));
      offset += size;
      return fetch(`${url}/v1/predictions`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
      });
    }));
    Deno.kill(served.child.pid, "SIGKILL");
    let accepted = 0;
    for (const response of responses) {
      assert.equal(response.status, 200);
      accepted += (await response.json()).accepted;
    }
    const { code, signal } = await served.child.status;
    assert.equal(signal, "SIGKILL", `exit code ${code}`);

    served = await startServe(config, db, port);
    const stats = await (await fetch(`${url}/v1/models/churn/stats`)).json();
    assert.equal(accepted, offset);
    assert.equal(stats.records_stored, accepted);
    assert.equal(stats.records_accepted, accepted);
    assert.deepEqual(stats.predictions_by_class, {
      stay: Math.ceil(accepted / 2),
      churn: Math.floor(accepted / 2),
    });
    // Windows are rebuilt from the stored records: every full window closed, the rest open.
    assert.equal(stats.windows_closed, Math.floor(accepted / 1000));
    assert.equal(stats.open_window, accepted % 1000);
    // And the feedback join finds a record acknowledged just before the kill.
    const feedback = await fetch(`${url}/v1/feedback`, {
      method: "POST",
      body: JSON.stringify({ request_id: `r-${accepted - 1}`, label: "stay" }),
    });
    assert.equal(feedback.status, 200, await feedback.text());
  } finally {
    await served.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
