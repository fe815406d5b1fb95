/**
 * An in-memory connection for benchmarks that measure CPU cost without the network: every write is
 * answered by one canned Deno.serve-shaped JSON response on the next read.
 *
 * @module
 */

const body = JSON.stringify({ label: "positive", confidence: 0.93, model_version: "nb-1a2b" });
/** The canned answer: a small model response with Deno.serve's headers. */
export const CANNED_RESPONSE = new TextEncoder().encode(
  `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n` +
    `date: Thu, 26 Nov 2026 04:31:50 GMT\r\n\r\n${body}`,
);

/** A connection whose every read returns one canned response after a write. */
export class CannedConn {
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
    buf.set(CANNED_RESPONSE);
    return Promise.resolve(CANNED_RESPONSE.length);
  }
}

/** The client's `connect` option that hands out canned connections. */
export const cannedConnect = (): Promise<Deno.TcpConn> =>
  Promise.resolve(new CannedConn() as unknown as Deno.TcpConn);
