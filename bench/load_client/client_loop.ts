/**
 * Closed-loop request drivers for the client comparison: `connections` concurrent loops, each sending
 * GET requests back to back until the duration is over. Shared by the main process and its workers.
 *
 * @module
 */

import { HttpClient } from "../../src/load/http_client.ts";

/**
 * Which client a loop drives: `ours` (HttpClient), `fetch`, or `raw` — Deno's own floor: a fixed
 * request written to a `Deno.connect` socket and its answer read back, with no parsing, timing or
 * metrics. No client written in JS on Deno can be faster than `raw`; it is the ceiling the others are
 * judged against.
 */
export type ClientKind = "ours" | "fetch" | "raw";

/** What one run counted. */
export interface LoopCount {
  /** Requests that got a 2xx answer. */
  ok: number;
  /** Requests that failed or got another status. */
  errors: number;
  /** Wall time of the run, in seconds. */
  seconds: number;
}

/**
 * Runs `connections` loops against `url` for `seconds`.
 *
 * @param kind `ours` (one HttpClient per loop, as one per VU) or `fetch` (one shared Deno.HttpClient)
 * @param options target, concurrency and duration
 * @returns the counts
 */
export async function runLoops(
  kind: ClientKind,
  options: { url: string; connections: number; seconds: number },
): Promise<LoopCount> {
  const { url, connections, seconds } = options;
  let ok = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  if (kind === "raw") {
    const target = new URL(url);
    const request = new TextEncoder().encode(
      `GET ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\n\r\n`,
    );
    const loops = Array.from({ length: connections }, async () => {
      const conn = await Deno.connect({ hostname: target.hostname, port: Number(target.port) });
      conn.setNoDelay(true);
      const buffer = new Uint8Array(16_384);
      let size = 0; // bytes of one whole answer, learnt from the first (the bench target's are all alike)
      while (performance.now() < end) {
        await conn.write(request);
        let got = 0;
        do {
          const n = await conn.read(buffer);
          if (n === null) throw new Error("the target closed the connection");
          got += n;
        } while (size !== 0 && got < size);
        if (size === 0) size = got;
        if (got === size) ok++;
        else errors++;
      }
      conn.close();
    });
    await Promise.all(loops);
  } else if (kind === "ours") {
    const loops = Array.from({ length: connections }, async () => {
      const client = new HttpClient();
      while (performance.now() < end) {
        const res = await client.request({ method: "GET", url, timeoutMs: 10_000 });
        if (res.status >= 200 && res.status < 300) ok++;
        else errors++;
      }
      client.close();
    });
    await Promise.all(loops);
  } else {
    const client = Deno.createHttpClient({ poolMaxIdlePerHost: 64 });
    const loops = Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        try {
          const res = await fetch(url, { client, signal: AbortSignal.timeout(10_000) });
          await res.text();
          if (res.status >= 200 && res.status < 300) ok++;
          else errors++;
        } catch {
          errors++;
        }
      }
    });
    await Promise.all(loops);
    client.close();
  }
  return { ok, errors, seconds: (performance.now() - start) / 1000 };
}
