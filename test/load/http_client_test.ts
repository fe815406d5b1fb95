import assert from "assert";
import { gzipSync } from "node:zlib";
import { HttpClient, type HttpResult, K6_ERROR_CODES } from "../../src/load/http_client.ts";
import { delay, type RawServer, rawServer, type Script } from "./http/raw_server.ts";
import { TEST_CA_CERT, TEST_SERVER_CERT, TEST_SERVER_KEY } from "./http/tls_fixture.ts";

const JSON_ANSWER = { label: "positive", confidence: 0.93 };

/** Runs `body` with a client and a server and always closes both. */
async function withRaw(
  script: Script,
  body: (server: RawServer, client: HttpClient) => Promise<void>,
  options: { raw?: boolean; client?: ConstructorParameters<typeof HttpClient>[0] } = {},
): Promise<void> {
  const server = rawServer(script, options.raw === undefined ? {} : { raw: options.raw });
  const client = new HttpClient(options.client);
  try {
    await body(server, client);
  } finally {
    client.close();
    await server.close();
  }
}

/** A Deno.serve target that records the remote port of every request (one port per connection). */
async function withServe(
  handler: (request: Request) => Response | Promise<Response>,
  body: (url: string, client: HttpClient, ports: number[]) => Promise<void>,
  options: ConstructorParameters<typeof HttpClient>[0] = {},
): Promise<void> {
  const ports: number[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request, info) => {
    ports.push(info.remoteAddr.port);
    return handler(request);
  });
  const client = new HttpClient(options);
  try {
    await body(`http://127.0.0.1:${server.addr.port}`, client, ports);
  } finally {
    client.close();
    await server.shutdown();
  }
}

function assertTimingsSane(res: HttpResult): void {
  const t = res.timings;
  for (const [name, value] of Object.entries(t)) {
    assert.ok(Number.isFinite(value) && value >= 0, `${name} = ${value}`);
  }
  assert.ok(Math.abs(t.duration - (t.sending + t.waiting + t.receiving)) < 1e-9, "duration is the sum");
  assert.ok(
    t.blocked + 1e-9 >= t.connecting + t.tlsHandshaking,
    "blocked covers connecting and TLS (k6 tracer)",
  );
}

function ok(res: HttpResult, status = 200): void {
  assert.equal(res.error, null, `unexpected error ${res.error} (${res.errorCode})`);
  assert.equal(res.status, status);
  assertTimingsSane(res);
}

const http = (status: string, headers: string, body = "") => `HTTP/1.1 ${status}\r\n${headers}\r\n${body}`;

Deno.test("request() GETs JSON from Deno.serve with lower-case headers and k6 status text", async () => {
  await withServe(
    () => Response.json(JSON_ANSWER, { headers: { "X-Model-Version": "nb-1" } }),
    async (url, client) => {
      const res = await client.request({ method: "GET", url: `${url}/predict?x=1`, timeoutMs: 5000 });
      ok(res);
      assert.deepEqual(JSON.parse(res.body as string), JSON_ANSWER);
      assert.equal(res.statusText, "200 OK");
      assert.equal(res.proto, "HTTP/1.1");
      assert.equal(res.headers["content-type"], "application/json");
      assert.equal(res.headers["x-model-version"], "nb-1");
      assert.equal(res.errorCode, null);
      assert.equal(res.errorType, null);
      assert.equal(res.connectionReused, false);
      assert.ok(res.timings.connecting > 0, "a new connection was made");
      assert.equal(JSON.parse(JSON.stringify(res)).headers["x-model-version"], "nb-1");
    },
  );
});

Deno.test("request() POSTs a JSON body byte-exactly, with Content-Length and caller headers", async () => {
  const payload = JSON.stringify({ text: "ein schöner Film ✓" });
  await withRaw(async (_request, reply) => {
    await reply.write(http("201 Created", "Content-Length: 2\r\n", "{}"));
    return "keep";
  }, async (server, client) => {
    const res = await client.request({
      method: "POST",
      url: `${server.url}/predict`,
      headers: { "Content-Type": "application/json", "X-Trace": "abc" },
      body: payload,
      timeoutMs: 5000,
    });
    ok(res, 201);
    const request = server.requests[0];
    assert.ok(request !== undefined);
    assert.ok(request.head.startsWith("POST /predict HTTP/1.1\r\n"));
    assert.equal(request.header("host"), server.url.slice("http://".length));
    assert.equal(request.header("content-type"), "application/json");
    assert.equal(request.header("x-trace"), "abc");
    assert.equal(new TextDecoder().decode(request.body), payload);
    assert.equal(Number(request.header("content-length")), new TextEncoder().encode(payload).length);
  });
});

Deno.test("request() sends Uint8Array bodies, small and larger than one coalesced write", async () => {
  await withServe(async (request) => {
    const bytes = new Uint8Array(await request.arrayBuffer());
    let sum = 0;
    for (const b of bytes) sum = (sum + b) % 65521;
    return Response.json({ length: bytes.length, sum });
  }, async (url, client) => {
    for (const size of [10, 300 * 1024, 2 * 1024 * 1024]) {
      const body = new Uint8Array(size).map((_, i) => (i * 7) % 251);
      let sum = 0;
      for (const b of body) sum = (sum + b) % 65521;
      const res = await client.request({ method: "PUT", url, body, timeoutMs: 10_000 });
      ok(res);
      assert.deepEqual(JSON.parse(res.body as string), { length: size, sum });
    }
  });
});

Deno.test("request() reuses a keep-alive connection: connecting is 0 and the server sees one connection", async () => {
  await withServe(() => Response.json(JSON_ANSWER), async (url, client, ports) => {
    const first = await client.request({ method: "GET", url, timeoutMs: 5000 });
    const second = await client.request({ method: "GET", url, timeoutMs: 5000 });
    ok(first);
    ok(second);
    assert.ok(first.timings.connecting > 0);
    assert.equal(second.timings.connecting, 0);
    assert.equal(second.timings.blocked, 0);
    assert.equal(second.connectionReused, true);
    assert.equal(new Set(ports).size, 1);
    assert.equal(client.openConnections, 1);
  });
});

Deno.test("request() decodes chunked bodies split across writes, with extensions and trailers, and keeps the connection", async () => {
  await withRaw(async (_request, reply) => {
    await reply.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n");
    await reply.write("5;name=x\r\nhello\r");
    await delay(5);
    await reply.write("\nD");
    await delay(5);
    await reply.write("\r\n, world! 0123\r\n");
    await reply.write("0\r\nX-Checksum: 42\r\n\r\n");
    return "keep";
  }, async (server, client) => {
    const res = await client.request({ method: "GET", url: server.url, timeoutMs: 5000 });
    ok(res);
    assert.equal(res.body, "hello, world! 0123");
    assert.equal(res.headers["transfer-encoding"], "chunked");
    const again = await client.request({ method: "GET", url: server.url, timeoutMs: 5000 });
    ok(again);
    assert.equal(again.body, "hello, world! 0123");
    assert.equal(again.connectionReused, true);
    assert.equal(server.accepted, 1);
  });
});

Deno.test("request() reads an HTTP/1.0-style body until close and does not reuse that connection", async () => {
  await withRaw(async (_request, reply) => {
    await reply.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst part, ");
    await delay(5);
    await reply.write("second part");
    return "close";
  }, async (server, client) => {
    const res = await client.request({ method: "GET", url: server.url, timeoutMs: 5000 });
    ok(res);
    assert.equal(res.body, "first part, second part");
    assert.equal(res.proto, "HTTP/1.0");
    const again = await client.request({ method: "GET", url: server.url, timeoutMs: 5000 });
    ok(again);
    assert.equal(again.connectionReused, false);
    assert.ok(again.timings.connecting > 0);
    assert.equal(server.accepted, 2);
  });
});

Deno.test("request() reads no body for HEAD, 204 and 304 even when Content-Length is set", async () => {
  await withRaw(async (request, reply) => {
    const path = request.head.split(" ")[1];
    if (request.head.startsWith("HEAD")) await reply.write(http("200 OK", "Content-Length: 1000\r\n"));
    else if (path === "/204") await reply.write(http("204 No Content", ""));
    else await reply.write(http("304 Not Modified", 'Content-Length: 50\r\nETag: "x"\r\n'));
    return "keep";
  }, async (server, client) => {
    const head = await client.request({ method: "HEAD", url: server.url, timeoutMs: 2000 });
    ok(head);
    assert.equal(head.body, "");
    assert.equal(head.headers["content-length"], "1000");
    const noContent = await client.request({ method: "GET", url: `${server.url}/204`, timeoutMs: 2000 });
    ok(noContent, 204);
    assert.equal(noContent.body, "");
    const notModified = await client.request({
      method: "GET",
      url: `${server.url}/304`,
      timeoutMs: 2000,
      responseType: "binary",
    });
    ok(notModified, 304);
    assert.deepEqual(notModified.body, new Uint8Array(0));
    assert.equal(server.accepted, 1, "all three on one connection");
  });
});

Deno.test("request() reads large bodies as text, as standalone binary, and discards them with responseType none", async () => {
  const size = 5 * 1024 * 1024 + 17;
  const big = new Uint8Array(size).map((_, i) => 97 + (i % 26));
  await withServe(() => new Response(big), async (url, client) => {
    const text = await client.request({ method: "GET", url, timeoutMs: 10_000 });
    ok(text);
    assert.equal((text.body as string).length, size);
    assert.equal((text.body as string).slice(0, 3), "abc");
    const binary = await client.request({ method: "GET", url, timeoutMs: 10_000, responseType: "binary" });
    ok(binary);
    const bytes = binary.body as Uint8Array;
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(bytes.byteOffset, 0);
    assert.equal(bytes.buffer.byteLength, size, "owns its buffer, so .buffer is the body");
    assert.deepEqual(bytes, big);
    const none = await client.request({ method: "GET", url, timeoutMs: 10_000, responseType: "none" });
    ok(none);
    assert.equal(none.body, null);
    assert.ok(none.bytesReceived > size);
    assert.equal(none.connectionReused, true);
  });
});

Deno.test("request() lower-cases header names, joins repeats like k6 and keeps each Set-Cookie", async () => {
  await withRaw(async (_request, reply) => {
    await reply.write(
      "HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\nX-Mixed-Case:  padded value \t\r\nVary: a\r\nvary: b\r\n" +
        "Set-Cookie: a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT\r\nSet-Cookie: b=2\r\n\r\nok",
    );
    return "keep";
  }, async (server, client) => {
    const res = await client.request({ method: "GET", url: server.url, timeoutMs: 2000 });
    ok(res);
    assert.equal(res.body, "ok");
    assert.equal(res.headers["content-length"], "2");
    assert.equal(res.headers["x-mixed-case"], "padded value");
    assert.equal(res.headers["vary"], "a, b");
    assert.deepEqual(res.setCookies, ["a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT", "b=2"]);
    assert.equal(res.headers["set-cookie"], "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b=2");
  });
});

Deno.test("request() keeps non-ASCII header bytes as latin1 and decodes the body as UTF-8", async () => {
  await withRaw(async (_request, reply) => {
    const body = new TextEncoder().encode('{"word":"café"}');
    await reply.write(
      new Uint8Array([
        ...new TextEncoder().encode(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nX-Name: caf`),
        0xe9,
        ...new TextEncoder().encode("\r\n\r\n"),
        ...body,
      ]),
    );
    return "keep";
  }, async (server, client) => {
    const res = await client.request({ method: "GET", url: server.url, timeoutMs: 2000 });
    ok(res);
    assert.equal(res.headers["x-name"], "caf\u00e9");
    assert.deepEqual(JSON.parse(res.body as string), { word: "café" });
  });
});

Deno.test("request() times out a server that never answers, at about timeoutMs, with k6 code 1050", async () => {
  await withRaw(async (_request, reply) => {
    await reply.closing;
    return "close";
  }, async (server, client) => {
    const started = performance.now();
    const res = await client.request({ method: "GET", url: server.url, timeoutMs: 200 });
    const elapsed = performance.now() - started;
    assert.equal(res.status, 0);
    assert.equal(res.errorType, "timeout");
    assert.equal(res.errorCode, K6_ERROR_CODES.requestTimeoutErrorCode);
    assert.equal(res.error, "request timeout");
    assert.ok(elapsed >= 200 && elapsed < 1000, `elapsed ${elapsed}`);
    assertTimingsSane(res);
    assert.ok(res.timings.waiting >= 150, "the wait for the answer is in waiting");
    assert.equal(client.openConnections, 0, "the timed-out connection is closed");
  });
});

Deno.test("request() times out a server that stalls mid-body and closes the connection", async () => {
  await withRaw(async (_request, reply) => {
    await reply.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
    await reply.closing;
    return "close";
  }, async (server, client) => {
    const started = performance.now();
    const res = await client.request({ method: "GET", url: server.url, timeoutMs: 200 });
    const elapsed = performance.now() - started;
    assert.equal(res.status, 0);
    assert.equal(res.errorType, "timeout");
    assert.equal(res.errorCode, 1050);
    assert.ok(elapsed >= 200 && elapsed < 1000, `elapsed ${elapsed}`);
    assert.ok(res.timings.receiving >= 150, "the stall is in receiving");
    assert.equal(res.body, null);
    const again = await client.request({ method: "GET", url: server.url, timeoutMs: 100 });
    assert.equal(again.connectionReused, false, "the stalled connection was discarded");
  });
});

Deno.test("request() reports a refused connection as k6's 1212 dial: connection refused", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const client = new HttpClient();
  try {
    const res = await client.request({ method: "GET", url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 });
    assert.equal(res.status, 0);
    assert.equal(res.errorType, "refused");
    assert.equal(res.errorCode, 1212);
    assert.equal(res.error, "dial: connection refused");
    assert.equal(res.body, null);
    assertTimingsSane(res);
  } finally {
    client.close();
  }
});

Deno.test("request() reports a connection reset mid-response as reset", async () => {
  await withRaw(async (_request, reply) => {
    // Leave the request unread: closing with unread data makes the kernel send RST instead of FIN.
    await delay(30);
    await reply.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial");
    await delay(10);
    reply.conn.close();
  }, async (server, client) => {
    const res = await client.request({ method: "GET", url: server.url, timeoutMs: 2000 });
    assert.equal(res.status, 0);
    assert.equal(res.errorType, "reset");
    assert.ok(res.errorCode === 1220 || res.errorCode === 1000, `code ${res.errorCode}`);
    assert.ok(
      res.error === "read: connection reset by peer" || res.error === "unexpected EOF",
      `${res.error}`,
    );
  }, { raw: true });
});

Deno.test("request() turns garbage, bad chunks, huge heads and oversize bodies into malformed results and goes on", async () => {
  const answers: Record<string, string> = {
    "/garbage": "SSH-2.0-OpenSSH_9.6\r\n\r\n",
    "/status": "HTTP/1.1 2x0 OK\r\n\r\n",
    "/chunk": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    "/header": "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
    "/length": "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n",
    "/huge": `HTTP/1.1 200 OK\r\n${"X-Filler: " + "a".repeat(1000) + "\r\n"}`.repeat(70),
    "/big": `HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n${"b".repeat(2000)}`,
    "/ok": "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
  };
  await withRaw(async (request, reply) => {
    const path = request.head.split(" ")[1] ?? "";
    await reply.write(answers[path] ?? "");
    return path === "/ok" ? "keep" : "close";
  }, async (server, client) => {
    for (const path of ["/garbage", "/status", "/chunk", "/header", "/length", "/huge", "/big"]) {
      const res = await client.request({
        method: "GET",
        url: server.url + path,
        timeoutMs: 2000,
        maxBodyBytes: 1000,
      });
      assert.equal(res.status, 0, path);
      assert.equal(res.errorType, "malformed", `${path}: ${res.error}`);
      assert.equal(res.errorCode, 1000, path);
      assert.ok(typeof res.error === "string" && res.error.length > 0);
      assertTimingsSane(res);
    }
    const fine = await client.request({ method: "GET", url: `${server.url}/ok`, timeoutMs: 2000 });
    ok(fine);
    assert.equal(fine.body, "ok");
    assert.equal(client.openConnections, 1, "every malformed connection was discarded");
  });
});

Deno.test("request() honours Connection: close from the server and from the caller", async () => {
  await withRaw(async (request, reply) => {
    const close = request.head.includes("/close");
    await reply.write(http("200 OK", `Content-Length: 2\r\n${close ? "Connection: close\r\n" : ""}`, "ok"));
    return close ? "close" : "keep";
  }, async (server, client) => {
    ok(await client.request({ method: "GET", url: `${server.url}/close`, timeoutMs: 2000 }));
    assert.equal(client.openConnections, 0);
    const second = await client.request({ method: "GET", url: `${server.url}/keep`, timeoutMs: 2000 });
    ok(second);
    assert.equal(second.connectionReused, false);
    assert.equal(server.accepted, 2);
    const third = await client.request({
      method: "GET",
      url: `${server.url}/keep`,
      headers: { Connection: "close" },
      timeoutMs: 2000,
    });
    ok(third);
    assert.equal(third.connectionReused, true);
    assert.equal(client.openConnections, 0, "the caller asked to close it");
  });
});

Deno.test("request() runs concurrent requests on separate pooled connections, up to the cap", async () => {
  await withRaw(async (_request, reply) => {
    await delay(50);
    await reply.write(http("200 OK", "Content-Length: 2\r\n", "ok"));
    return "keep";
  }, async (server, client) => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => client.request({ method: "GET", url: server.url, timeoutMs: 5000 })),
    );
    for (const res of results) ok(res);
    assert.equal(server.accepted, 2, "capped at maxConnsPerOrigin");
    const queued = results.filter((res) => res.connectionReused);
    assert.equal(queued.length, 2);
    for (const res of queued) {
      assert.ok(res.timings.blocked >= 40, `waited for a free connection: blocked ${res.timings.blocked}`);
      assert.equal(res.timings.connecting, 0);
    }
    const other = new HttpClient({ maxConnsPerOrigin: 8 });
    try {
      const parallel = await Promise.all(
        Array.from({ length: 4 }, () => other.request({ method: "GET", url: server.url, timeoutMs: 5000 })),
      );
      for (const res of parallel) ok(res);
      assert.equal(server.accepted, 6, "four more connections, one per concurrent request");
    } finally {
      other.close();
    }
  }, { client: { maxConnsPerOrigin: 2 } });
});

Deno.test("request() times out while waiting for a free connection with 1050 and leaves the pool usable", async () => {
  await withRaw(async (request, reply) => {
    if (request.head.includes("/slow")) await delay(300);
    await reply.write(http("200 OK", "Content-Length: 2\r\n", "ok"));
    return "keep";
  }, async (server, client) => {
    const slow = client.request({ method: "GET", url: `${server.url}/slow`, timeoutMs: 5000 });
    const queued = await client.request({ method: "GET", url: `${server.url}/fast`, timeoutMs: 100 });
    assert.equal(queued.status, 0);
    assert.equal(queued.errorCode, 1050);
    assert.equal(queued.errorType, "timeout");
    assert.equal(queued.bytesSent, 0);
    ok(await slow);
    const after = await client.request({ method: "GET", url: `${server.url}/fast`, timeoutMs: 1000 });
    ok(after);
    assert.equal(after.connectionReused, true);
    assert.equal(server.accepted, 1);
  }, { client: { maxConnsPerOrigin: 1 } });
});

Deno.test("request() counts bytesSent and bytesReceived exactly as they crossed the wire", async () => {
  await withRaw(async (request, reply) => {
    if (request.head.includes("/chunked")) {
      await reply.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    } else {
      await reply.write(http("100 Continue", ""));
      await reply.write(http("200 OK", "Content-Length: 5\r\n", "hello"));
    }
    return "keep";
  }, async (server, client) => {
    const post = await client.request({
      method: "POST",
      url: `${server.url}/x`,
      body: "héllo",
      timeoutMs: 2000,
    });
    const chunked = await client.request({ method: "GET", url: `${server.url}/chunked`, timeoutMs: 2000 });
    ok(post);
    ok(chunked);
    assert.equal(post.body, "hello", "the 100 Continue was skipped");
    assert.equal(post.bytesSent, server.requests[0]?.bytes);
    assert.equal(post.bytesReceived, server.responseBytes[0]);
    assert.equal(chunked.bytesSent, server.requests[1]?.bytes);
    assert.equal(chunked.bytesReceived, server.responseBytes[1]);
  });
});

Deno.test("request() timings follow k6's tracer: waiting holds the server's think time", async () => {
  await withServe(async () => {
    await delay(60);
    return Response.json(JSON_ANSWER);
  }, async (url, client) => {
    const first = await client.request({ method: "GET", url, timeoutMs: 5000 });
    ok(first);
    assert.ok(first.timings.waiting >= 55, `waiting ${first.timings.waiting}`);
    assert.ok(first.timings.blocked >= first.timings.connecting);
    const second = await client.request({ method: "GET", url, timeoutMs: 5000 });
    ok(second);
    assert.equal(second.timings.connecting, 0);
    assert.equal(second.timings.tlsHandshaking, 0);
    assert.ok(second.timings.duration >= 55);
  });
});

Deno.test("request() gives 4xx/5xx answers k6's error code 1000 + status and no error message", async () => {
  await withServe(
    (request) => new Response("nope", { status: request.url.endsWith("/404") ? 404 : 503 }),
    async (url, client) => {
      const missing = await client.request({ method: "GET", url: `${url}/404`, timeoutMs: 2000 });
      ok(missing, 404);
      assert.equal(missing.errorCode, 1404);
      assert.equal(missing.errorType, null);
      const down = await client.request({ method: "GET", url: `${url}/503`, timeoutMs: 2000 });
      assert.equal(down.errorCode, 1503);
      assert.equal(down.body, "nope");
    },
  );
});

Deno.test("request() decompresses gzip bodies like k6 and reports a corrupt one as 1701", async () => {
  const packed = new Uint8Array(gzipSync(new TextEncoder().encode(JSON.stringify(JSON_ANSWER))));
  await withServe((request) => {
    const corrupt = request.url.endsWith("/corrupt");
    return new Response(corrupt ? packed.subarray(0, 10) : packed, {
      headers: { "Content-Encoding": "gzip" },
    });
  }, async (url, client) => {
    const res = await client.request({ method: "GET", url, timeoutMs: 2000 });
    ok(res);
    assert.deepEqual(JSON.parse(res.body as string), JSON_ANSWER);
    assert.equal(res.bytesReceived > packed.length, true);
    const bad = await client.request({ method: "GET", url: `${url}/corrupt`, timeoutMs: 2000 });
    assert.equal(bad.status, 0);
    assert.equal(bad.errorCode, K6_ERROR_CODES.responseDecompressionErrorCode);
    assert.equal(bad.errorType, "malformed");
    assert.match(bad.error ?? "", /^error decompressing response body/);
  });
});

Deno.test("request() retries an idempotent request once when the server closed the idle connection", async () => {
  await withRaw(async (_request, reply) => {
    await reply.write(http("200 OK", "Content-Length: 2\r\n", "ok"));
    return "close"; // closes without saying so: the client's pooled connection is stale
  }, async (server, client) => {
    ok(await client.request({ method: "GET", url: server.url, timeoutMs: 2000 }));
    await delay(20);
    const res = await client.request({ method: "GET", url: server.url, timeoutMs: 2000 });
    ok(res);
    assert.equal(res.body, "ok");
    assert.equal(server.accepted, 2);
    const post = await client.request({ method: "POST", url: server.url, body: "x", timeoutMs: 2000 });
    assert.equal(post.status, 0, "a POST is not replayed");
    assert.equal(post.errorType, "reset");
  });
});

Deno.test("request() returns invalid URLs, bad headers and aborts as results, never throws", async () => {
  const client = new HttpClient();
  try {
    const badUrl = await client.request({ method: "GET", url: "not a url", timeoutMs: 1000 });
    assert.equal(badUrl.errorCode, K6_ERROR_CODES.invalidURLErrorCode);
    assert.equal(badUrl.error, "invalid URL");
    const ftp = await client.request({ method: "GET", url: "ftp://127.0.0.1/", timeoutMs: 1000 });
    assert.equal(ftp.errorCode, 1020);
    const badHeader = await client.request({
      method: "GET",
      url: "http://127.0.0.1:9/",
      headers: { "X-Evil": "a\r\nInjected: 1" },
      timeoutMs: 1000,
    });
    assert.equal(badHeader.errorCode, 1000);
    assert.match(badHeader.error ?? "", /Invalid header field value/);
    const aborted = await client.request({
      method: "GET",
      url: "http://127.0.0.1:9/",
      signal: AbortSignal.abort(),
      timeoutMs: 1000,
    });
    assert.equal(aborted.error, "context canceled");
  } finally {
    client.close();
  }
  await withRaw(async (_request, reply) => {
    await reply.closing;
    return "close";
  }, async (server, client) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const res = await client.request({
      method: "GET",
      url: server.url,
      signal: controller.signal,
      timeoutMs: 5000,
    });
    assert.equal(res.status, 0);
    assert.equal(res.error, "context canceled");
    assert.equal(res.errorCode, 1000);
  });
});

Deno.test("close() ends a request in flight as cancelled and closes its connection", async () => {
  await withRaw(async (_request, reply) => {
    await reply.closing;
    return "close";
  }, async (server, client) => {
    const pending = client.request({ method: "GET", url: server.url, timeoutMs: 5000 });
    await delay(50);
    client.close();
    const res = await pending;
    assert.equal(res.error, "context canceled");
    assert.equal(client.openConnections, 0);
    const after = await client.request({ method: "GET", url: server.url, timeoutMs: 5000 });
    assert.equal(after.error, "context canceled");
  });
});

Deno.test("request() times out a dial that gets no answer with k6's 1211 dial: i/o timeout", async () => {
  // A listener that never accepts fills its backlog; after that the kernel drops new SYNs, so a
  // connect hangs — on loopback, without touching any other address.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  const fillers: Deno.Conn[] = [];
  const client = new HttpClient();
  try {
    let hung = false;
    for (let i = 0; i < 4096 && !hung; i++) {
      try {
        fillers.push(await Deno.connect({ hostname: "127.0.0.1", port, signal: AbortSignal.timeout(100) }));
      } catch {
        hung = true;
      }
    }
    assert.ok(hung, "the backlog never filled");
    const res = await client.request({ method: "GET", url: `http://127.0.0.1:${port}/`, timeoutMs: 150 });
    assert.equal(res.status, 0);
    assert.equal(res.errorType, "timeout");
    assert.equal(res.errorCode, K6_ERROR_CODES.tcpDialTimeoutErrorCode);
    assert.equal(res.error, "dial: i/o timeout");
  } finally {
    client.close();
    for (const conn of fillers) conn.close();
    listener.close();
  }
});

Deno.test("request() speaks TLS with caCerts, times the handshake, and maps certificate failures to k6 codes", async () => {
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    cert: TEST_SERVER_CERT,
    key: TEST_SERVER_KEY,
    onListen() {},
  }, () => Response.json(JSON_ANSWER));
  const port = server.addr.port;
  const trusted = new HttpClient({ caCerts: [TEST_CA_CERT] });
  const untrusted = new HttpClient();
  const lenient = new HttpClient({ caCerts: [TEST_CA_CERT], insecureSkipTLSVerify: true });
  try {
    const res = await trusted.request({ method: "GET", url: `https://localhost:${port}/`, timeoutMs: 5000 });
    ok(res);
    assert.deepEqual(JSON.parse(res.body as string), JSON_ANSWER);
    assert.ok(res.timings.tlsHandshaking > 0);
    assert.ok(res.timings.blocked >= res.timings.connecting + res.timings.tlsHandshaking);
    const again = await trusted.request({
      method: "GET",
      url: `https://localhost:${port}/`,
      timeoutMs: 5000,
    });
    ok(again);
    assert.equal(again.timings.tlsHandshaking, 0);
    assert.equal(again.connectionReused, true);

    const unknown = await untrusted.request({
      method: "GET",
      url: `https://localhost:${port}/`,
      timeoutMs: 5000,
    });
    assert.equal(unknown.errorType, "tls");
    assert.equal(unknown.errorCode, K6_ERROR_CODES.x509UnknownAuthorityErrorCode);
    assert.equal(unknown.error, "x509: unknown authority");

    const mismatch = await trusted.request({
      method: "GET",
      url: `https://127.0.0.1:${port}/`,
      timeoutMs: 5000,
    });
    assert.equal(mismatch.errorCode, K6_ERROR_CODES.x509HostnameErrorCode, mismatch.error ?? "");
    assert.equal(mismatch.error, "x509: certificate doesn't match hostname");

    const skipped = await lenient.request({
      method: "GET",
      url: `https://127.0.0.1:${port}/`,
      timeoutMs: 5000,
    });
    ok(skipped);
  } finally {
    trusted.close();
    untrusted.close();
    lenient.close();
    await server.shutdown();
  }
});

Deno.test("HttpClient times server-sent events when asked, and only event streams", async () => {
  const encoder = new TextEncoder();
  await withServe((request) => {
    if (new URL(request.url).pathname === "/json") return Response.json(JSON_ANSWER);
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const token of ["a", "b", "c"]) {
          controller.enqueue(encoder.encode(`data: ${token}\n\n`));
          await delay(30);
        }
        controller.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  }, async (url, client) => {
    const stream = await client.request({ method: "GET", url: `${url}/stream`, timeEvents: true });
    assert.equal(stream.body, "data: a\n\ndata: b\n\ndata: c\n\n");
    assert.ok(stream.events !== null && stream.events.firstMs !== null);
    assert.equal(stream.events.gapsMs.length, 2);
    for (const gap of stream.events.gapsMs) assert.ok(gap >= 20, `gap ${gap} ms`);
    assert.ok(stream.events.firstMs <= stream.timings.duration);

    const untimed = await client.request({ method: "GET", url: `${url}/stream` });
    assert.equal(untimed.events, null, "not asked");
    const json = await client.request({ method: "GET", url: `${url}/json`, timeEvents: true });
    assert.equal(json.events, null, "not an event stream");
    assert.deepEqual(JSON.parse(json.body as string), JSON_ANSWER);
  });
});
