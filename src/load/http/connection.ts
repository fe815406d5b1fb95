/**
 * One keep-alive HTTP/1.1 connection: its socket, its reusable read, write and body buffers, and one
 * request/response exchange at a time (no pipelining). A response that arrives in one read costs one
 * write op and one read op, and no promise besides theirs.
 *
 * @module
 */

import { MalformedResponseError, PeerClosedError } from "./error_codes.ts";
import { decodeContent } from "./content_encoding.ts";
import { EventTimer } from "./event_timer.ts";
import {
  ChunkedDecoder,
  decodeHead,
  findHeadEnd,
  MAX_HEADER_BYTES,
  type ResponseFraming,
  scanResponseHead,
} from "./response_parser.ts";

/** Initial read buffer: most model responses (JSON, a few KiB) arrive in one read. */
const READ_BUFFER_BYTES = 16 * 1024;
/** Initial write buffer: a request head plus a small JSON body. */
const WRITE_BUFFER_BYTES = 4 * 1024;
/** Buffers that grew beyond this for one big exchange are dropped afterwards, not kept per connection. */
const KEEP_BUFFER_BYTES = 1024 * 1024;
/** Bodies up to this size are copied behind the head and sent in one write. */
const COALESCE_BODY_BYTES = 256 * 1024;

/** How the response body is returned, as k6's `responseType`. */
export type ResponseType = "text" | "binary" | "none";

/** Everything one exchange measures and receives; the client owns it, the connection fills it in. */
export interface ExchangeState {
  /** Where the exchange is; the connection moves it from `write` to `read`. */
  phase: "dial" | "tls" | "write" | "read";
  /** Request method, upper case. */
  method: string;
  /** How to return the body. */
  responseType: ResponseType;
  /** Limit on a stored (decoded) body. */
  maxBodyBytes: number;
  /** Bytes written to the socket. */
  bytesSent: number;
  /** Bytes read from the socket. */
  bytesReceived: number;
  /** `performance.now()` when the request was fully written, 0 until then. */
  wrote: number;
  /** `performance.now()` when the first response byte arrived, 0 until then. */
  firstByte: number;
  /** Status and framing of the final (non-1xx) response. */
  head: ResponseFraming | null;
  /** The final response's status line and headers as text, parsed into a map only on demand. */
  rawHead: string | null;
  /** The body in the requested form. */
  body: string | Uint8Array | null;
  /** `performance.now()` when the request started: the origin of event times. */
  start: number;
  /**
   * Whether to time server-sent events. The connection then gives a `text/event-stream` response an
   * `events` timer that sees each piece of the (de-chunked) body as it arrives.
   */
  timeEvents: boolean;
  /** The event timer of an event-stream response, or null. */
  events: EventTimer | null;
}

const utf8 = new TextDecoder();
const EVENT_STREAM = /^content-type:[ \t]*text\/event-stream/im;
const EMPTY = new Uint8Array(0);

/** A connection to one origin, owned by a pool; not safe for two exchanges at once. */
export class Connection {
  /** The socket. */
  readonly conn: Deno.Conn;
  /** How many exchanges completed on it; more than 0 means the next one reuses it. */
  served = 0;
  /** Closed, by us or after an error; never used again. */
  closed = false;

  #rbuf = new Uint8Array(READ_BUFFER_BYTES);
  #rstart = 0;
  #rend = 0;
  #wbuf = new Uint8Array(WRITE_BUFFER_BYTES);
  #store = new Uint8Array(0);
  #stored = 0;
  #storeLimit = 0;
  #tail: Uint8Array | null = null;
  #chunked = new ChunkedDecoder();

  /**
   * Wraps a connected socket.
   *
   * @param conn a TCP or TLS connection
   */
  constructor(conn: Deno.Conn) {
    this.conn = conn;
    this.remote = (conn.remoteAddr as Deno.NetAddr | undefined) ?? null;
  }

  /** The peer's address, read once per connection (k6's `res.remote_ip`/`remote_port`). */
  readonly remote: Deno.NetAddr | null;

  /** Closes the socket; a pending read or write then rejects. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.conn.close();
    } catch {
      // Already closed by the runtime.
    }
  }

  /*
   * One exchange, in the order the client drives it (the steps are separate so that the client's own
   * async function awaits the socket directly — one async frame per request instead of two):
   *
   *   const bytes = connection.encodeRequest(head, body, sendLength);
   *   const written = await connection.conn.write(bytes);
   *   if (written < bytes.length || connection.hasTail) await connection.writeRest(state, bytes, written);
   *   let keepAlive = connection.firstRead(state, await connection.conn.read(connection.readBuffer()));
   *   keepAlive ??= await connection.readRest(state);
   *   connection.finish();
   */

  /**
   * Encodes a request into the connection's write buffer.
   *
   * @param head request line and headers without `Content-Length` and the empty line, or a whole
   *   encoded body-less request (see `encodeBodyless`), sent as it is
   * @param body request body
   * @param sendLength whether to send `Content-Length` even for an empty body
   * @returns the bytes for the first write; a large binary body follows in `writeRest`
   */
  encodeRequest(
    head: string | Uint8Array,
    body: string | Uint8Array | undefined,
    sendLength: boolean,
  ): Uint8Array {
    if (typeof head !== "string") return head;
    const length = this.#encode(head, body, sendLength);
    return length === this.#wbuf.length ? this.#wbuf : this.#wbuf.subarray(0, length);
  }

  /** Whether a large binary body still has to be written after the encoded head. */
  get hasTail(): boolean {
    return this.#tail !== null;
  }

  /**
   * Finishes writing: the part of `first` a short write left, then a large binary body.
   *
   * @param state the exchange, for byte counts
   * @param first what `encodeRequest` returned
   * @param written how much of it the first write took
   * @returns when everything is written
   */
  async writeRest(state: ExchangeState, first: Uint8Array, written: number): Promise<void> {
    if (written < first.length) await this.#writeAll(state, first, written, first.length);
    const tail = this.#tail;
    if (tail !== null) {
      this.#tail = null;
      await this.#writeAll(state, tail, 0, tail.length);
    }
  }

  /**
   * The buffer for the first read of a response. Nothing is buffered between exchanges (a connection
   * with unexpected leftover bytes is never reused), so the whole buffer is free.
   *
   * @returns the read buffer
   */
  readBuffer(): Uint8Array {
    this.#rstart = this.#rend = 0;
    return this.#rbuf;
  }

  /**
   * Takes the result of the first read and completes the exchange when the whole response came in it.
   *
   * @param state the exchange to fill in
   * @param n what the read returned
   * @returns whether the connection may be reused, or undefined when `readRest` must continue
   * @throws PeerClosedError when the peer closed before answering; SyntaxError for a malformed head
   */
  firstRead(state: ExchangeState, n: number | null): boolean | undefined {
    if (n === null) throw new PeerClosedError(true);
    state.firstByte = performance.now();
    state.bytesReceived += n;
    this.#rend = n;
    return this.#completeInBuffer(state);
  }

  /**
   * Reads the rest of a response the first read did not complete.
   *
   * @param state the exchange to fill in
   * @returns whether the connection may carry another request
   * @throws network errors, `SyntaxError` for malformed responses, `MalformedResponseError`, `PeerClosedError`
   */
  readRest(state: ExchangeState): Promise<boolean> {
    return this.#readResponse(state);
  }

  /** Counts a completed exchange and drops buffers one big exchange grew. */
  finish(): void {
    this.served++;
    if (this.#wbuf.length > KEEP_BUFFER_BYTES) this.#wbuf = new Uint8Array(WRITE_BUFFER_BYTES);
    if (this.#store.length > KEEP_BUFFER_BYTES) this.#store = new Uint8Array(0);
  }

  /**
   * Encodes the request into the write buffer; a large binary body is left in `#tail` to be written
   * after it.
   */
  #encode(head: string, body: string | Uint8Array | undefined, sendLength: boolean): number {
    // Reserve room for the head at the front (3 bytes per UTF-16 unit bounds UTF-8), encode the body
    // behind it first (its byte length goes into Content-Length), then the head, then close the gap.
    const reserve = head.length * 3 + 64;
    if (typeof body === "string" && body.length > 0) {
      this.#ensureWrite(reserve + body.length * 3);
      // Optimistically assume ASCII (JSON usually is): then the byte length is the string length and
      // one encode call covers head and body. Any other character makes UTF-8 longer than the string,
      // which `written` reveals, and the exact path below runs instead.
      const whole = finishHead(head, body.length, true) + body;
      const written = textEncoder.encodeInto(whole, this.#wbuf).written;
      if (written === whole.length) return written;
      const bodyLength = textEncoder.encodeInto(body, this.#wbuf.subarray(reserve)).written;
      const headLength = this.#encodeHead(head, bodyLength, true);
      this.#wbuf.copyWithin(headLength, reserve, reserve + bodyLength);
      return headLength + bodyLength;
    }
    if (body instanceof Uint8Array && body.length > 0) {
      const bodyLength = body.length;
      if (bodyLength <= COALESCE_BODY_BYTES) {
        this.#ensureWrite(reserve + bodyLength);
        const headLength = this.#encodeHead(head, bodyLength, true);
        this.#wbuf.set(body, headLength);
        return headLength + bodyLength;
      }
      this.#ensureWrite(reserve);
      this.#tail = body;
      return this.#encodeHead(head, bodyLength, true);
    }
    this.#ensureWrite(reserve);
    return this.#encodeHead(head, 0, sendLength);
  }

  /**
   * Finishes the exchange from the bytes already buffered when they hold a whole final response with
   * a `Content-Length` (or no) body; otherwise leaves the buffer untouched and returns undefined.
   */
  #completeInBuffer(state: ExchangeState): boolean | undefined {
    const start = this.#rstart;
    const end = this.#rend;
    const headEnd = findHeadEnd(this.#rbuf, start, end);
    if (headEnd === -1 || headEnd - start > MAX_HEADER_BYTES) return undefined;
    const head = scanResponseHead(this.#rbuf, start, headEnd);
    const status = head.status;
    if (status < 200 || head.chunked) return undefined;
    const noBody = state.method === "HEAD" || status === 204 || status === 304;
    const length = noBody ? 0 : head.contentLength;
    if (length < 0 || headEnd + length > end) return undefined;
    if (length > state.maxBodyBytes && state.responseType !== "none") return undefined;
    state.head = head;
    this.#rstart = headEnd + length;
    if (length > 0 && state.responseType === "text" && !isEncoded(state)) {
      // One native decode for head and body together; it is valid to split only when every byte
      // became one character (ASCII), which is the common JSON case.
      const text = utf8.decode(this.#rbuf.subarray(start, headEnd + length));
      if (text.length === headEnd + length - start) {
        // Every byte became one character, so the split is exact; a header byte that was not valid
        // UTF-8 (U+FFFD) gets the head decoded again as latin1.
        const rawHead = text.slice(0, headEnd - start);
        state.rawHead = rawHead.indexOf("\ufffd") === -1 ? rawHead : decodeHead(this.#rbuf, start, headEnd);
        state.body = text.slice(headEnd - start);
        return head.keepAlive && this.#rstart === end;
      }
    }
    state.rawHead = decodeHead(this.#rbuf, start, headEnd);
    if (noBody) {
      this.#emptyBody(state);
    } else if (state.responseType === "none") {
      state.body = null;
    } else {
      this.#finishBody(state, this.#rbuf, headEnd, headEnd + length, false);
    }
    return head.keepAlive && this.#rstart === end;
  }

  #encodeHead(head: string, bodyLength: number, sendLength: boolean): number {
    return textEncoder.encodeInto(finishHead(head, bodyLength, sendLength), this.#wbuf).written;
  }

  #ensureWrite(bytes: number): void {
    if (this.#wbuf.length < bytes) this.#wbuf = new Uint8Array(Math.max(bytes, this.#wbuf.length * 2));
  }

  async #writeAll(state: ExchangeState, buf: Uint8Array, from: number, to: number): Promise<void> {
    let offset = from;
    while (offset < to) {
      const n = await this.conn.write(offset === 0 && to === buf.length ? buf : buf.subarray(offset, to));
      offset += n;
      state.bytesSent += n;
    }
  }

  /** Reads more bytes into the read buffer; false at end of stream. */
  async #fill(state: ExchangeState): Promise<boolean> {
    if (this.#rstart === this.#rend) {
      this.#rstart = 0;
      this.#rend = 0;
    } else if (this.#rend === this.#rbuf.length) {
      if (this.#rstart > 0) {
        this.#rbuf.copyWithin(0, this.#rstart, this.#rend);
        this.#rend -= this.#rstart;
        this.#rstart = 0;
      } else {
        const bigger = new Uint8Array(this.#rbuf.length * 2);
        bigger.set(this.#rbuf);
        this.#rbuf = bigger;
      }
    }
    const n = await this.conn.read(this.#rend === 0 ? this.#rbuf : this.#rbuf.subarray(this.#rend));
    if (n === null) return false;
    if (state.firstByte === 0) state.firstByte = performance.now();
    state.bytesReceived += n;
    this.#rend += n;
    return true;
  }

  async #readResponse(state: ExchangeState): Promise<boolean> {
    let head: ResponseFraming;
    let headStart: number;
    for (;;) {
      let headEnd = findHeadEnd(this.#rbuf, this.#rstart, this.#rend);
      while (headEnd === -1) {
        if (this.#rend - this.#rstart > MAX_HEADER_BYTES) {
          throw new MalformedResponseError(`Response header section exceeds ${MAX_HEADER_BYTES} bytes`);
        }
        const scanned = Math.max(0, this.#rend - this.#rstart - 3);
        if (!(await this.#fill(state))) throw new PeerClosedError(state.firstByte === 0);
        headEnd = findHeadEnd(this.#rbuf, this.#rstart + scanned, this.#rend);
      }
      if (headEnd - this.#rstart > MAX_HEADER_BYTES) {
        throw new MalformedResponseError(`Response header section exceeds ${MAX_HEADER_BYTES} bytes`);
      }
      head = scanResponseHead(this.#rbuf, this.#rstart, headEnd);
      headStart = this.#rstart;
      this.#rstart = headEnd;
      if (head.status >= 200) break;
      if (head.status === 101) {
        throw new MalformedResponseError("Unsupported response status: 101 Switching Protocols");
      }
      // 1xx interim responses (100 Continue, 103 Early Hints) precede the real one.
    }
    state.head = head;
    state.rawHead = decodeHead(this.#rbuf, headStart, this.#rstart);
    // Only event streams are timed piece by piece; every other body takes the fast whole-body path
    // (`includes` first: the regular expression costs more than most responses' whole parse).
    if (state.timeEvents && state.rawHead.includes("event-stream") && EVENT_STREAM.test(state.rawHead)) {
      state.events = new EventTimer(state.start);
    }

    const method = state.method;
    const status = head.status;
    let keepAlive = head.keepAlive;
    if (method === "HEAD" || status === 204 || status === 304) {
      this.#emptyBody(state);
    } else if (head.chunked) {
      await this.#readChunked(state);
    } else if (head.contentLength >= 0) {
      await this.#readFixed(state, head.contentLength);
    } else {
      await this.#readUntilClose(state);
      keepAlive = false;
    }
    // Bytes beyond the response were never asked for (no pipelining): the stream cannot be trusted.
    if (this.#rstart !== this.#rend) keepAlive = false;
    return keepAlive;
  }

  #emptyBody(state: ExchangeState): void {
    state.body = state.responseType === "text"
      ? ""
      : state.responseType === "binary"
      ? new Uint8Array(0)
      : null;
  }

  async #readFixed(state: ExchangeState, length: number): Promise<void> {
    if (state.events !== null) return await this.#readFixedStreaming(state, length);
    const store = state.responseType !== "none";
    if (store && length > state.maxBodyBytes) throw tooLarge(state.maxBodyBytes);
    const available = this.#rend - this.#rstart;
    if (available >= length) {
      // The common case: the whole body came with the head; decode it in place.
      const from = this.#rstart;
      this.#rstart += length;
      if (store) this.#finishBody(state, this.#rbuf, from, from + length, false);
      return;
    }
    if (!store) {
      let remaining = length - available;
      this.#rstart = this.#rend = 0;
      while (remaining > 0) {
        const window = Math.min(remaining, this.#rbuf.length);
        const n = await this.conn.read(
          window === this.#rbuf.length ? this.#rbuf : this.#rbuf.subarray(0, window),
        );
        if (n === null) throw new PeerClosedError(false);
        state.bytesReceived += n;
        remaining -= n;
      }
      state.body = null;
      return;
    }
    // Read the rest straight into its final place; binary bodies get their own exact-size array.
    const own = state.responseType === "binary" && !isEncoded(state);
    let target: Uint8Array;
    if (own) {
      target = new Uint8Array(length);
    } else {
      if (this.#store.length < length) this.#store = new Uint8Array(length);
      target = this.#store;
    }
    target.set(this.#rbuf.subarray(this.#rstart, this.#rend));
    let filled = available;
    this.#rstart = this.#rend = 0;
    while (filled < length) {
      const n = await this.conn.read(target.subarray(filled, length));
      if (n === null) throw new PeerClosedError(false);
      state.bytesReceived += n;
      filled += n;
    }
    this.#finishBody(state, target, 0, length, own);
  }

  /** The body sink, wrapped to tell the event timer about each piece of an event stream. */
  #sink(state: ExchangeState): (buf: Uint8Array, from: number, to: number) => void {
    const sink = state.responseType === "none" ? this.#discard : this.#append;
    const onBody = state.events?.onBody;
    if (onBody === undefined) return sink;
    return (buf, from, to) => {
      if (to > from) onBody(buf.subarray(from, to));
      sink(buf, from, to);
    };
  }

  /** A fixed-length body read piece by piece, for a listener that times the pieces. */
  async #readFixedStreaming(state: ExchangeState, length: number): Promise<void> {
    this.#beginStore(state);
    const sink = this.#sink(state);
    let remaining = length;
    for (;;) {
      const take = Math.min(remaining, this.#rend - this.#rstart);
      sink(this.#rbuf, this.#rstart, this.#rstart + take);
      this.#rstart += take;
      remaining -= take;
      if (remaining === 0) break;
      if (!(await this.#fill(state))) throw new PeerClosedError(false);
    }
    this.#endStore(state);
  }

  async #readChunked(state: ExchangeState): Promise<void> {
    const decoder = this.#chunked;
    decoder.reset();
    this.#beginStore(state);
    const sink = this.#sink(state);
    for (;;) {
      this.#rstart = decoder.feed(this.#rbuf, this.#rstart, this.#rend, sink);
      if (decoder.done) break;
      if (!(await this.#fill(state))) throw new PeerClosedError(false);
    }
    this.#endStore(state);
  }

  async #readUntilClose(state: ExchangeState): Promise<void> {
    this.#beginStore(state);
    const sink = this.#sink(state);
    for (;;) {
      sink(this.#rbuf, this.#rstart, this.#rend);
      this.#rstart = this.#rend;
      if (!(await this.#fill(state))) break;
    }
    this.#endStore(state);
  }

  #beginStore(state: ExchangeState): void {
    this.#stored = 0;
    this.#storeLimit = state.maxBodyBytes;
  }

  #endStore(state: ExchangeState): void {
    if (state.responseType === "none") {
      state.body = null;
    } else {
      this.#finishBody(state, this.#store, 0, this.#stored, false);
    }
  }

  #append = (buf: Uint8Array, from: number, to: number): void => {
    const n = to - from;
    const need = this.#stored + n;
    if (need > this.#storeLimit) throw tooLarge(this.#storeLimit);
    if (need > this.#store.length) {
      const bigger = new Uint8Array(Math.max(need, this.#store.length * 2, 16 * 1024));
      bigger.set(this.#store.subarray(0, this.#stored));
      this.#store = bigger;
    }
    this.#store.set(buf.subarray(from, to), this.#stored);
    this.#stored = need;
  };

  #discard = (): void => {
    // responseType "none": the bytes were counted as received; nothing is kept.
  };

  /** Turns body bytes into the requested form: decoded text, a standalone copy, or decompressed bytes. */
  #finishBody(state: ExchangeState, buf: Uint8Array, from: number, to: number, owned: boolean): void {
    let bytes = from === 0 && to === buf.length ? buf : buf.subarray(from, to);
    let standalone = owned;
    if (isEncoded(state)) {
      const decoded = decodeContent(
        bytes,
        (state.head as ResponseFraming).contentEncoding,
        state.maxBodyBytes,
      );
      if (decoded !== bytes) {
        bytes = decoded;
        standalone = false;
      }
    }
    if (state.responseType === "text") {
      state.body = bytes.length === 0 ? "" : utf8.decode(bytes);
    } else if (standalone) {
      state.body = bytes;
    } else {
      state.body = bytes.length === 0 ? EMPTY.slice() : bytes.slice();
    }
  }
}

const textEncoder = new TextEncoder();

function finishHead(head: string, bodyLength: number, sendLength: boolean): string {
  return sendLength ? `${head}Content-Length: ${bodyLength}\r\n\r\n` : `${head}\r\n`;
}

/**
 * Encodes a whole request that has no body, for callers that send the same one repeatedly (the
 * client caches it per URL and method when no headers are given).
 *
 * @param head request line and headers without `Content-Length` and the empty line
 * @param sendLength whether to send `Content-Length: 0` (POST, PUT and PATCH)
 * @returns the request bytes, to pass as `head` to `Connection.exchange`
 * @example
 * ```ts
 * import { encodeBodyless } from "./connection.ts";
 * import assert from "node:assert/strict";
 * const bytes = encodeBodyless("POST / HTTP/1.1\r\nHost: h\r\n", true);
 * assert.equal(new TextDecoder().decode(bytes), "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
 * ```
 */
export function encodeBodyless(head: string, sendLength: boolean): Uint8Array {
  return textEncoder.encode(finishHead(head, 0, sendLength));
}

function isEncoded(state: ExchangeState): boolean {
  const head = state.head;
  return head !== null && head.contentEncoding !== "" && head.contentEncoding !== "identity";
}

function tooLarge(limit: number): MalformedResponseError {
  return new MalformedResponseError(`Response body exceeds maxBodyBytes (${limit} bytes)`);
}
