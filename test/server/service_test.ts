/**
 * The service end to end on loopback: the real demo model, real probes on a schedule, a real SQLite
 * file, a restart on the same file.
 */
import assert from "assert";
import { parseConfig } from "../../src/config/load.ts";
import { startDemo } from "../../src/demo/server.ts";
import { startService } from "../../src/server/service.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function getJson(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

async function waitFor<T>(what: string, timeoutMs: number, poll: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await poll();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The shipped example config against a demo on a free port, with probes every 400 ms. */
async function exampleConfig(demoUrl: string) {
  const text = await Deno.readTextFile(new URL("../../vigil.example.yaml", import.meta.url));
  const config = parseConfig(text, { source: "vigil.example.yaml", env: { DEMO_URL: demoUrl } });
  config.probes = config.probes.map((probe) => ({ ...probe, intervalMs: 400, timeoutMs: 400 }));
  return config;
}

Deno.test("serve probes the demo, reports a stopped model, and keeps its results across a restart", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-service-" });
  const dbPath = `${dir}/vigil.db`;
  const demo = await startDemo({ port: 0 });
  const config = await exampleConfig(demo.url);
  const logs: string[] = [];
  let service = startService({ config, port: 0, dbPath, log: (line) => logs.push(line) });
  try {
    // Every probe reports success, the golden example among them.
    const metrics = await waitFor("probe_success for every probe", 10_000, async () => {
      const text = await (await fetch(`${service.url}/metrics`)).text();
      const ok = config.probes.every((probe) =>
        text.includes(`probe_success{probe="${probe.name}",target="demo"} 1`)
      );
      return ok ? text : undefined;
    });
    assert.ok(config.probes.length >= 3);
    assert.ok(config.probes.some((probe) => probe.assert.model !== undefined));
    assert.match(
      metrics,
      /vigil_probe_runs_total\{probe="golden-positive",target="demo",result="success"\} \d+/,
    );

    // The model goes away: within an interval every probe reports 0 with a connection failure.
    await demo.shutdown();
    const probes = await waitFor("every probe to fail", 5_000, async () => {
      const { body } = await getJson(`${service.url}/v1/probes`);
      const all = body.probes as { last: { success: boolean; failure: string | null } | null }[];
      return all.every((p) => p.last?.success === false) ? all : undefined;
    });
    for (const probe of probes) assert.match(probe.last!.failure ?? "", /connection refused/);
    const text = await (await fetch(`${service.url}/metrics`)).text();
    assert.match(text, /probe_success\{probe="healthz",target="demo"\} 0/);
    assert.equal((await getJson(`${service.url}/healthz`)).status, 200);

    const before = await getJson(`${service.url}/v1/slo`);
    const counted = before.body.slos[0].windows["1h"].total as number;
    assert.ok(counted > 0);
    await service.shutdown();
    await service.finished;

    // Restart on the same database: the earlier results still count.
    service = startService({
      config: { ...config, probes: [] },
      port: 0,
      dbPath,
      log: (line) => logs.push(line),
    });
    const after = await getJson(`${service.url}/v1/slo`);
    assert.ok(after.body.slos[0].windows["1h"].total >= counted, JSON.stringify(after.body.slos[0].windows));
  } finally {
    await service.shutdown();
    await demo.shutdown().catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve answers 503 on /readyz once shutdown begins and closes the store", async () => {
  const demo = await startDemo({ port: 0 });
  const config = await exampleConfig(demo.url);
  const service = startService({ config, port: 0, dbPath: ":memory:", log: () => {} });
  assert.equal((await getJson(`${service.url}/readyz`)).status, 200);
  await service.shutdown();
  await service.finished;
  assert.throws(() => service.store.schemaVersion());
  await demo.shutdown();
});
