/** Helpers for load-engine tests: run a fixture script in-process against a loopback target. */
import { fileURLToPath } from "node:url";
import { type LoadRunOptions, type LoadRunResult, runLoad } from "../../src/load/engine.ts";

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/k6/${name}`, import.meta.url));
}

/** Runs a fixture script with `TARGET` and extra env; collects the log lines. */
export async function runFixture(
  name: string,
  env: Record<string, string>,
  options: { queueLate?: boolean; signal?: AbortSignal; onSample?: (metric: string, value: number) => void } =
    {},
): Promise<LoadRunResult & { logs: string[] }> {
  const logs: string[] = [];
  const result = await runLoad({
    scriptPath: fixture(name),
    env,
    log: (line) => logs.push(line),
    ...(options.queueLate ? { queueLate: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onSample ? { onSample: options.onSample } : {}),
  });
  return { ...result, logs };
}

/** Runs an inline k6 script with runLoad: written to a temporary file, removed afterwards. */
export async function runScript(
  source: string,
  options: Omit<LoadRunOptions, "scriptPath">,
): Promise<LoadRunResult> {
  const path = await Deno.makeTempFile({ suffix: ".js" });
  try {
    await Deno.writeTextFile(path, source);
    return await runLoad({ ...options, scriptPath: path });
  } finally {
    await Deno.remove(path);
  }
}

/** A Deno.serve target on a free loopback port. */
export function serveTarget(handler: Deno.ServeHandler<Deno.NetAddr>) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

/** k6-style quantile (linear interpolation between closest ranks) of a sample. */
export function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
