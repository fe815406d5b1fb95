/**
 * A scriptable HTTP/1.1 server over raw TCP for client tests: each request (head and `Content-Length`
 * body) is handed to a script that writes whatever bytes it likes — chunked, close-delimited, garbage,
 * half a body — so the client meets every framing and fault a real target can produce. It counts
 * connections and the bytes each request and response took on the wire, and closes everything it
 * opened.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One request as the server read it off the wire. */
export interface RawRequest {
  /** Request line and headers, as text. */
  head: string;
  /** Body bytes (by `Content-Length`). */
  body: Uint8Array;
  /** Bytes the request took on the wire. */
  bytes: number;
  /** Which accepted connection it came on, from 0. */
  connection: number;
  /** Header value by lower-case name (last one wins). */
  header(name: string): string | undefined;
}

/** What a script does with the connection after answering (nothing returned means close). */
export type After = "keep" | "close" | void;

/** Answers one request. */
export type Script = (request: RawRequest, reply: Reply) => Promise<After>;

/** What a script gets to answer a request with. */
export interface Reply {
  /** Writes text or bytes, counting them. */
  write(data: string | Uint8Array): Promise<void>;
  /** Resolves when the server is closing (for scripts that stall). */
  closing: Promise<void>;
  /** The raw connection (to close it or leave the request unread). */
  conn: Deno.Conn;
}

/** A running raw server. */
export interface RawServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Connections accepted so far. */
  accepted: number;
  /** Requests read so far. */
  requests: RawRequest[];
  /** Response bytes written per request, in request order. */
  responseBytes: number[];
  /** Stops listening, closes every connection and waits for the scripts to finish. */
  close(): Promise<void>;
}

/**
 * Starts a raw server on 127.0.0.1 and a free port.
 *
 * @param script answers one request; returns whether to keep the connection open
 * @param options `raw: true` hands each new connection to `script` before reading anything
 * @returns the server
 */
export function rawServer(
  script: Script,
  options: { raw?: boolean } = {},
): RawServer {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const loops: Promise<void>[] = [];
  let signalClosing!: () => void;
  const closing = new Promise<void>((resolve) => signalClosing = resolve);
  let closed = false;
  const server: RawServer = {
    url: `http://127.0.0.1:${listener.addr.port}`,
    accepted: 0,
    requests: [],
    responseBytes: [],
    async close() {
      closed = true;
      signalClosing();
      listener.close();
      for (const conn of conns) {
        try {
          conn.close();
        } catch {
          // already closed by a script
        }
      }
      await acceptLoop;
      await Promise.allSettled(loops);
    },
  };

  async function serve(conn: Deno.Conn, index: number): Promise<void> {
    const buf = new Uint8Array(256 * 1024);
    let have = 0;
    const reply = (slot: number): Reply => ({
      conn,
      closing,
      async write(data) {
        const bytes = typeof data === "string" ? encoder.encode(data) : data;
        let off = 0;
        while (off < bytes.length) off += await conn.write(bytes.subarray(off));
        server.responseBytes[slot] = (server.responseBytes[slot] ?? 0) + bytes.length;
      },
    });
    if (options.raw === true) {
      const slot = server.requests.length;
      const request = makeRequest("", new Uint8Array(0), 0, index);
      server.requests.push(request);
      await script(request, reply(slot));
      return;
    }
    for (;;) {
      let headEnd = indexOfHeadEnd(buf, have);
      while (headEnd === -1) {
        const n = await conn.read(buf.subarray(have));
        if (n === null) return;
        have += n;
        headEnd = indexOfHeadEnd(buf, have);
      }
      const head = decoder.decode(buf.subarray(0, headEnd));
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      while (have < headEnd + length) {
        const n = await conn.read(buf.subarray(have));
        if (n === null) return;
        have += n;
      }
      const body = buf.slice(headEnd, headEnd + length);
      const used = headEnd + length;
      buf.copyWithin(0, used, have);
      have -= used;
      const slot = server.requests.length;
      const request = makeRequest(head, body, used, index);
      server.requests.push(request);
      server.responseBytes[slot] = 0;
      const after = await script(request, reply(slot));
      if (after !== "keep") {
        conn.close();
        conns.delete(conn);
        return;
      }
    }
  }

  const acceptLoop = (async () => {
    let index = 0;
    while (!closed) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      conns.add(conn);
      server.accepted++;
      const current = index++;
      loops.push(
        serve(conn, current).catch(() => {}).finally(() => {
          if (conns.delete(conn)) {
            try {
              conn.close();
            } catch {
              // closed by the script
            }
          }
        }),
      );
    }
  })();
  return server;
}

function makeRequest(head: string, body: Uint8Array, bytes: number, connection: number): RawRequest {
  return {
    head,
    body,
    bytes,
    connection,
    header(name) {
      let value: string | undefined;
      for (const line of head.split("\r\n").slice(1)) {
        const colon = line.indexOf(":");
        if (colon > 0 && line.slice(0, colon).toLowerCase() === name) value = line.slice(colon + 1).trim();
      }
      return value;
    },
  };
}

function indexOfHeadEnd(buf: Uint8Array, have: number): number {
  for (let i = 3; i < have; i++) {
    if (buf[i] === 10 && buf[i - 1] === 13 && buf[i - 2] === 10 && buf[i - 3] === 13) return i + 1;
  }
  return -1;
}

/**
 * Resolves after `ms` milliseconds.
 *
 * @param ms delay
 * @returns a promise
 */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
