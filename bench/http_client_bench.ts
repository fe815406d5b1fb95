/**
 * The client's own CPU cost per request, without the network: `HttpClient.request()` over an in-memory
 * connection that answers every write with a canned Deno.serve-shaped response, next to the parsing
 * steps alone. The socket-level comparison with wrk, autocannon and fetch is
 * `bench/load_client/compare.ts`.
 *
 * @module
 */

import { CANNED_RESPONSE as response, cannedConnect } from "./canned_conn.ts";
import { HttpClient } from "../src/load/http_client.ts";
import { findHeadEnd, parseResponseHead, scanResponseHead } from "../src/load/http/response_parser.ts";

const client = new HttpClient({
  connect: cannedConnect,
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
