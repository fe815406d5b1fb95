/**
 * Ingest end to end over HTTP: batches of 500 records × 20 features POSTed to a `serve` subprocess with
 * a SQLite file, each acknowledged only once committed. Windows close and are evaluated against a
 * reference meanwhile, as in production.
 *
 *   deno bench -A bench/ingest_bench.ts                       per-batch latency (records/s = 2000 / time)
 *   deno run -A bench/ingest_bench.ts --measure 5000000       throughput and server RSS over 5M records
 *
 * Client and server are separate processes, so each has a core of its own on the 2-core machine.
 */
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const FEATURES = 20;
const BATCH = 500;
const CONCURRENCY = 4;

const CONFIG = `
storage: { retention: 35d }
models:
  bench:
    features: { ${Array.from({ length: FEATURES }, (_, f) => `f${f}: numeric`).join(", ")} }
    window: { size: 1000, min_samples: 500 }
`;

interface Server {
  url: string;
  pid: number;
  dir: string;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const dir = await Deno.makeTempDir({ prefix: "vigil-ingest-bench-" });
  await Deno.writeTextFile(`${dir}/vigil.yaml`, CONFIG);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "serve",
      "--config",
      `${dir}/vigil.yaml`,
      "--db",
      `${dir}/vigil.db`,
      "--port",
      String(port),
    ],
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const response = await fetch(`${url}/readyz`);
      await response.body?.cancel();
      if (response.ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  // A reference, so every window is also evaluated (at most once a second per model).
  const rows = Array.from({ length: 10_000 }, (_, i) => row(i)).map((r) => JSON.stringify(r.features)).join(
    "\n",
  );
  const uploaded = await fetch(`${url}/v1/models/bench/reference`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: rows,
  });
  if (uploaded.status !== 201) {
    throw new Error(`reference upload: ${uploaded.status} ${await uploaded.text()}`);
  }
  return {
    url,
    pid: child.pid,
    dir,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function row(i: number) {
  const features: Record<string, number> = {};
  // Cheap deterministic values spread like a real feature (not constants, which compress unrealistically).
  for (let f = 0; f < FEATURES; f++) features[`f${f}`] = ((i * 2654435761 + f * 40503) % 100_000) / 1000;
  return {
    model: "bench",
    request_id: `r-${i}`,
    features,
    prediction: { label: i % 3 === 0 ? "yes" : "no", confidence: 0.5 + (i % 50) / 100 },
  };
}

function batchBody(offset: number): string {
  return JSON.stringify(Array.from({ length: BATCH }, (_, i) => row(offset + i)));
}

async function post(url: string, body: string): Promise<void> {
  const response = await fetch(`${url}/v1/predictions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  if (response.status !== 200) {
    throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  }
  await response.body?.cancel();
}

function rssMiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function measure(total: number): Promise<void> {
  const server = await startServer();
  try {
    let next = 0;
    let done = 0;
    const started = performance.now();
    let lastReport = started;
    let lastDone = 0;
    console.log("records    elapsed_s  records/s(interval)  records/s(overall)  server_rss_MiB");
    const report = () => {
      const now = performance.now();
      const interval = (done - lastDone) / ((now - lastReport) / 1000);
      const overall = done / ((now - started) / 1000);
      console.log(
        `${String(done).padEnd(10)} ${((now - started) / 1000).toFixed(1).padStart(9)}  ${
          interval.toFixed(0).padStart(19)
        }  ${overall.toFixed(0).padStart(18)}  ${rssMiB(server.pid).toFixed(1).padStart(14)}`,
      );
      lastReport = now;
      lastDone = done;
    };
    const step = Math.max(BATCH * CONCURRENCY, Math.floor(total / 20 / BATCH) * BATCH);
    let nextReport = step;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const offset = next;
        next += BATCH;
        await post(server.url, batchBody(offset));
        done += BATCH;
        if (done >= nextReport) {
          nextReport += step;
          report();
        }
      }
    }));
    const stats = await (await fetch(`${server.url}/v1/models/bench/stats`)).json();
    console.log(
      `stored ${stats.records_stored} of ${done} acknowledged; windows closed ${stats.windows_closed}, evaluated ${stats.windows_evaluated}`,
    );
  } finally {
    await server.stop();
  }
}

if (Deno.args[0] === "--measure") {
  await measure(Number(Deno.args[1] ?? 1_000_000));
} else {
  const server = await startServer();
  let offset = 0;
  const bodies = Array.from({ length: 64 }, () => {
    const body = batchBody(offset);
    offset += BATCH;
    return body;
  });
  let i = 0;
  Deno.bench(
    `HTTP ingest: ${CONCURRENCY} concurrent batches of ${BATCH} records x ${FEATURES} features, committed`,
    async () => {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, () => post(server.url, bodies[i++ % bodies.length]!)),
      );
    },
  );
  globalThis.addEventListener("unload", () => {
    try {
      Deno.kill(server.pid, "SIGTERM");
      Deno.removeSync(server.dir, { recursive: true });
    } catch {
      // already gone
    }
  });
}
