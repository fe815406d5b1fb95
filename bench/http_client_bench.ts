/**
 * The client's own CPU cost per request, without the network: `HttpClient.request()` over an in-memory
 * connection that answers every write with a canned Deno.serve-shaped response, next to the parsing
 * steps alone. The socket-level comparison with wrk, autocannon and fetch is
 * `bench/load_client/compare.ts`.
 *
 * @module
 */

import { HttpClient } from "../src/load/http_client.ts";
import { findHeadEnd, parseResponseHead, scanResponseHead } from "../src/load/http/response_parser.ts";

const body = JSON.stringify({ label: "positive", confidence: 0.93, model_version: "nb-1a2b" });
const response = new TextEncoder().encode(
  `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n` +
    `date: Thu, 26 Nov 2026 04:31:50 GMT\r\n\r\n${body}`,
);

/** A connection whose every read returns one canned response after a write. */
class CannedConn {
  #pending = 0;
  setNoDelay(): void {}
  close(): void {}
  write(buf: Uint8Array): Promise<number> {
    this.#pending++;
    return Promise.resolve(buf.length);
  }
  read(buf: Uint8Array): Promise<number | null> {
    if (this.#pending === 0) return Promise.resolve(null);
    this.#pending--;
    buf.set(response);
    return Promise.resolve(response.length);
  }
}

const client = new HttpClient({
  connect: () => Promise.resolve(new CannedConn() as unknown as Deno.TcpConn),
});
const url = "http://bench.invalid/predict";

Deno.bench("HttpClient.request() GET, canned response, text body", { group: "request" }, async () => {
  const res = await client.request({ method: "GET", url, timeoutMs: 5_000 });
  if (res.status !== 200) throw new Error(`status ${res.status}: ${res.error}`);
});

Deno.bench("HttpClient.request() POST JSON, canned response", { group: "request" }, async () => {
  const res = await client.request({
    method: "POST",
    url,
    headers: { "Content-Type": "application/json" },
    body: '{"text":"a fine movie"}',
    timeoutMs: 5_000,
  });
  if (res.status !== 200) throw new Error(`status ${res.status}: ${res.error}`);
});

Deno.bench("HttpClient.request() GET + read headers", { group: "request" }, async () => {
  const res = await client.request({ method: "GET", url, timeoutMs: 5_000 });
  if (res.headers["content-type"] !== "application/json") throw new Error("no content-type");
});

const headEnd = findHeadEnd(response, 0, response.length);

Deno.bench("findHeadEnd()", { group: "parse" }, () => {
  findHeadEnd(response, 0, response.length);
});

Deno.bench("scanResponseHead() (framing only)", { group: "parse" }, () => {
  scanResponseHead(response, 0, headEnd);
});

Deno.bench("parseResponseHead() (header map)", { group: "parse" }, () => {
  parseResponseHead(response, 0, headEnd);
});
