/** Builders for probe and target configs in tests, with the loader's defaults. */
import type { ProbeConfig, TargetConfig } from "../../src/config/types.ts";

export function makeTarget(url: string, name = "model"): TargetConfig {
  return { name, url, headers: {} };
}

export function makeProbe(overrides: Partial<ProbeConfig> = {}): ProbeConfig {
  return {
    name: "p",
    target: "model",
    method: "GET",
    path: "/",
    headers: {},
    intervalMs: 1000,
    timeoutMs: 1000,
    jitter: 0,
    assert: { status: [200], json: [] },
    ...overrides,
  };
}

/** A raw TCP server on 127.0.0.1 whose connections are handled by `onConnection`; close() frees all. */
export function rawServer(onConnection: (conn: Deno.Conn) => Promise<void> | void) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const pending: Promise<void>[] = [];
  const loop = (async () => {
    try {
      for await (const conn of listener) {
        conns.add(conn);
        pending.push(Promise.resolve(onConnection(conn)).catch(() => {}));
      }
    } catch {
      // listener closed
    }
  })();
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    async close() {
      listener.close();
      for (const conn of conns) {
        try {
          conn.close();
        } catch {
          // already closed
        }
      }
      await loop;
      await Promise.all(pending);
    },
  };
}
