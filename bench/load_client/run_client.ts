/**
 * Runs one client measurement in its own process and prints its counts as JSON, so each client starts
 * with a cold, unshared isolate.
 *
 * Usage: `deno run --allow-net --allow-read bench/load_client/run_client.ts KIND URL CONNECTIONS SECONDS [WORKERS]`
 *
 * @module
 */

import { type ClientKind, type LoopCount, runLoops } from "./client_loop.ts";

const [kind, url, connections, seconds, workers] = Deno.args;
const options = { url: url as string, connections: Number(connections), seconds: Number(seconds) };
const workerCount = Number(workers ?? 1);
let count: LoopCount;
if (workerCount <= 1) {
  count = await runLoops(kind as ClientKind, options);
} else {
  const parts = await Promise.all(Array.from({ length: workerCount }, (_, i) => {
    const worker = new Worker(new URL("./client_worker.ts", import.meta.url), { type: "module" });
    const share = Math.floor(options.connections / workerCount) +
      (i < options.connections % workerCount ? 1 : 0);
    return new Promise<LoopCount>((resolve) => {
      worker.onmessage = (event: MessageEvent<LoopCount>) => resolve(event.data);
      worker.postMessage({ kind, ...options, connections: share });
    });
  }));
  count = {
    ok: parts.reduce((sum, part) => sum + part.ok, 0),
    errors: parts.reduce((sum, part) => sum + part.errors, 0),
    seconds: Math.max(...parts.map((part) => part.seconds)),
  };
}
console.log(JSON.stringify(count));
