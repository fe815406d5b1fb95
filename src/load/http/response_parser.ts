/**
 * Byte-level parsing of HTTP/1.1 responses: finding the end of the header section, reading the status
 * line and headers, and decoding `Transfer-Encoding: chunked`. Pure and synchronous, so the client
 * awaits only socket reads and a response that arrives in one read is parsed without a single promise.
 *
 * Lines may end in CRLF or a bare LF (Go's textproto, which k6 uses, accepts both).
 *
 * @module
 */

const LF = 10;
const CR = 13;
const SP = 32;
const HTAB = 9;

/** The header section may not exceed this many bytes (Go's net/http default is 1 MiB; browsers 64 KiB–256 KiB). */
export const MAX_HEADER_BYTES = 64 * 1024;

/** A chunk-size line (size plus extensions) longer than this is garbage, not HTTP. */
export const MAX_CHUNK_LINE_BYTES = 4096;

/** The status line and headers of a response, with the framing facts the client needs. */
export interface ResponseHead {
  /** HTTP version as sent, e.g. `HTTP/1.1`. */
  proto: string;
  /** Status code, e.g. 200. */
  status: number;
  /** Status code and reason phrase as k6's `status_text` shows them, e.g. `200 OK`. */
  statusText: string;
  /**
   * Headers by lower-case name. Repeated headers are joined with `", "`, as k6 does
   * (`strings.Join(vs, ", ")` in `httpext.MakeRequest`) — `set-cookie` included; see `setCookies`.
   */
  headers: Record<string, string>;
  /** Every `Set-Cookie` value on its own, since joining them with commas is ambiguous. */
  setCookies: string[];
  /** Declared body length, or -1 when there is no (usable) `Content-Length`. */
  contentLength: number;
  /** Whether the body is `Transfer-Encoding: chunked`. */
  chunked: boolean;
  /** Whether the server allows another request on this connection. */
  keepAlive: boolean;
  /** The `Content-Encoding` header, lower-cased, or `""`. */
  contentEncoding: string;
}

const NO_COOKIES: string[] = [];
Object.freeze(NO_COOKIES);

const utf8 = new TextDecoder();
const latin1 = new TextDecoder("latin1");
const encoder = new TextEncoder();

/**
 * Finds the end of the header section: the index just past the empty line that ends it.
 *
 * @param buf the bytes received so far
 * @param from where to start scanning (a previous scan's `end - 3` resumes without rescanning)
 * @param end one past the last valid byte
 * @returns the index of the first body byte, or -1 when the section is not complete yet
 * @example
 * ```ts
 * import { findHeadEnd } from "./response_parser.ts";
 * import assert from "node:assert/strict";
 * const bytes = new TextEncoder().encode("HTTP/1.1 204 No Content\r\n\r\nrest");
 * assert.equal(findHeadEnd(bytes, 0, bytes.length), bytes.length - 4);
 * assert.equal(findHeadEnd(bytes, 0, 10), -1);
 * ```
 */
export function findHeadEnd(buf: Uint8Array, from: number, end: number): number {
  // A plain loop: `indexOf` cannot stop at `end` and would scan the stale rest of a reused buffer.
  for (let i = from; i < end; i++) {
    if (buf[i] !== LF) continue;
    // An empty line is LF LF or LF CR LF.
    const next = i + 1;
    if (next < end) {
      const b = buf[next];
      if (b === LF) return next + 1;
      if (b === CR && next + 1 < end && buf[next + 1] === LF) return next + 2;
    }
  }
  return -1;
}

/** Index of the first LF in `buf[from, end)`, or -1. */
function indexOfLF(buf: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (buf[i] === LF) return i;
  }
  return -1;
}

/**
 * Decodes a header section to a string with one character per byte: ASCII decodes fastest as UTF-8;
 * any other byte makes the lengths differ, and then latin1 is used (Go keeps header bytes as they are).
 *
 * @param buf the bytes holding the section
 * @param start index of its first byte
 * @param end index just past it
 * @returns the text
 * @example
 * ```ts
 * import { decodeHead } from "./response_parser.ts";
 * import assert from "node:assert/strict";
 * assert.equal(decodeHead(new Uint8Array([72, 0xe9, 10]), 0, 3), "H\u00e9\n");
 * ```
 */
export function decodeHead(buf: Uint8Array, start: number, end: number): string {
  const view = buf.subarray(start, end);
  const text = utf8.decode(view);
  return isOneCharPerByte(text, view.length) ? text : latin1.decode(view);
}

/**
 * Whether UTF-8 decoding turned `bytes` bytes into `text` one character per byte, i.e. the bytes were
 * ASCII: a multi-byte sequence shortens the text, and an invalid byte shows as U+FFFD.
 *
 * @param text the UTF-8 decoding of the bytes
 * @param bytes how many bytes were decoded
 * @returns true when byte and string indices agree
 * @example
 * ```ts
 * import { isOneCharPerByte } from "./response_parser.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isOneCharPerByte("abc", 3), true);
 * assert.equal(isOneCharPerByte("\u00e9", 2), false);
 * assert.equal(isOneCharPerByte("a\ufffd", 2), false);
 * ```
 */
export function isOneCharPerByte(text: string, bytes: number): boolean {
  return text.length === bytes && text.indexOf("\ufffd") === -1;
}

/**
 * Parses a status line and header section into a `ResponseHead`.
 *
 * @param buf the bytes holding the section
 * @param start index of the status line's first byte
 * @param end index just past the empty line (as `findHeadEnd` returns)
 * @returns the parsed head
 * @throws {SyntaxError} for a malformed status line, header line or framing header
 * @example
 * ```ts
 * import { parseResponseHead } from "./response_parser.ts";
 * import assert from "node:assert/strict";
 * const text = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nVary: a\r\nVary: b\r\n\r\n";
 * const bytes = new TextEncoder().encode(text);
 * const head = parseResponseHead(bytes, 0, bytes.length);
 * assert.equal(head.status, 200);
 * assert.equal(head.statusText, "200 OK");
 * assert.equal(head.contentLength, 2);
 * assert.equal(head.headers["content-type"], "application/json");
 * assert.equal(head.headers["vary"], "a, b");
 * assert.equal(head.keepAlive, true);
 * assert.throws(() => parseResponseHead(new TextEncoder().encode("garbage\r\n\r\n"), 0, 11), SyntaxError);
 * ```
 */
export function parseResponseHead(buf: Uint8Array, start: number, end: number): ResponseHead {
  return parseResponseHeadText(decodeHead(buf, start, end));
}

/**
 * Parses a header section already decoded by `decodeHead` (the client keeps that string and builds the
 * header map only when asked).
 *
 * @param text the status line and headers, up to and including the empty line
 * @returns the parsed head
 * @throws {SyntaxError} for a malformed status line, header line or framing header
 * @example
 * ```ts
 * import { parseResponseHeadText } from "./response_parser.ts";
 * import assert from "node:assert/strict";
 * const head = parseResponseHeadText("HTTP/1.1 404 Not Found\nSet-Cookie: a=1\nSet-Cookie: b=2\n\n");
 * assert.equal(head.statusText, "404 Not Found");
 * assert.deepEqual(head.setCookies, ["a=1", "b=2"]);
 * assert.equal(head.headers["set-cookie"], "a=1, b=2");
 * ```
 */
export function parseResponseHeadText(text: string): ResponseHead {
  let lineEnd = text.indexOf("\n");
  if (lineEnd === -1) throw new SyntaxError("Malformed HTTP response: no status line");
  const statusLine = trimCR(text, 0, lineEnd);
  if (!statusLine.startsWith("HTTP/")) {
    throw new SyntaxError(`Malformed HTTP response ${quote(statusLine)}`);
  }
  const space = statusLine.indexOf(" ");
  if (space === -1) throw new SyntaxError(`Malformed HTTP response ${quote(statusLine)}`);
  const proto = statusLine.slice(0, space);
  const http10 = proto === "HTTP/1.0";
  if (!http10 && proto !== "HTTP/1.1") {
    throw new SyntaxError(`Malformed HTTP version ${quote(proto)}`);
  }
  const statusText = statusLine.slice(space + 1).trimStart();
  const status = threeDigits(statusText);
  if (status < 100 || (statusText.length > 3 && statusText.charCodeAt(3) !== SP)) {
    throw new SyntaxError(`Malformed HTTP status code ${quote(statusText.split(" ")[0] ?? "")}`);
  }

  const headers: Record<string, string> = {};
  let setCookies = NO_COOKIES;
  let contentLength = -1;
  let chunked = false;
  let transferEncoded = false;
  let connection = "";
  let contentEncoding = "";

  let pos = lineEnd + 1;
  for (;;) {
    lineEnd = text.indexOf("\n", pos);
    if (lineEnd === -1) break;
    const stop = lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
    if (stop === pos) break; // the empty line
    const colon = text.indexOf(":", pos);
    const first = text.charCodeAt(pos);
    if (
      colon === -1 || colon >= stop || colon === pos || isWhitespace(text.charCodeAt(colon - 1)) ||
      isWhitespace(first)
    ) {
      throw new SyntaxError(`Malformed MIME header line ${quote(text.slice(pos, stop))}`);
    }
    const name = text.slice(pos, colon).toLowerCase();
    let vs = colon + 1;
    let ve = stop;
    while (vs < ve && isWhitespace(text.charCodeAt(vs))) vs++;
    while (ve > vs && isWhitespace(text.charCodeAt(ve - 1))) ve--;
    const value = text.slice(vs, ve);
    pos = lineEnd + 1;

    switch (name) {
      case "content-length": {
        const n = parseContentLength(value);
        if (contentLength !== -1 && contentLength !== n) {
          throw new SyntaxError(`Malformed HTTP response: conflicting Content-Length ${quote(value)}`);
        }
        contentLength = n;
        break;
      }
      case "transfer-encoding":
        transferEncoded = true;
        chunked = lastToken(value) === "chunked";
        break;
      case "connection":
        connection = connection === "" ? value.toLowerCase() : `${connection}, ${value.toLowerCase()}`;
        break;
      case "content-encoding":
        contentEncoding = value.toLowerCase();
        break;
      case "set-cookie":
        if (setCookies === NO_COOKIES) setCookies = [];
        setCookies.push(value);
        break;
      case "__proto__":
        continue; // would replace the object's prototype
    }
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
  }

  // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length; a non-chunked coding reads to close.
  if (transferEncoded) contentLength = -1;
  const keepAlive = http10 ? hasToken(connection, "keep-alive") : !hasToken(connection, "close");
  return {
    proto,
    status,
    statusText,
    headers,
    setCookies,
    contentLength,
    chunked,
    keepAlive,
    contentEncoding,
  };
}

/** What the client must know of a response head to read its body and keep or drop the connection. */
export interface ResponseFraming {
  /** `HTTP/1.1` or `HTTP/1.0`. */
  proto: string;
  /** Status code, e.g. 200. */
  status: number;
  /** Declared body length, or -1 when there is no (usable) `Content-Length`. */
  contentLength: number;
  /** Whether the body is `Transfer-Encoding: chunked`. */
  chunked: boolean;
  /** Whether the server allows another request on this connection. */
  keepAlive: boolean;
  /** The `Content-Encoding` header, lower-cased, or `""`. */
  contentEncoding: string;
  /** Whether a `Set-Cookie` header came (the cookie jar then parses the head; most responses have none). */
  setCookie: boolean;
}

const CONTENT_LENGTH = encoder.encode("content-length");
const TRANSFER_ENCODING = encoder.encode("transfer-encoding");
const CONNECTION = encoder.encode("connection");
const CONTENT_ENCODING = encoder.encode("content-encoding");
const SET_COOKIE = encoder.encode("set-cookie");
const CLOSE = encoder.encode("close");
const KEEP_ALIVE = encoder.encode("keep-alive");

/**
 * Validates a status line and header section and extracts only the framing facts, without turning
 * any header into a string: the load loop's hot path. `parseResponseHead` builds the header map when
 * somebody asks for it.
 *
 * @param buf the bytes holding the section
 * @param start index of the status line's first byte
 * @param end index just past the empty line (as `findHeadEnd` returns)
 * @returns status and framing
 * @throws {SyntaxError} for a malformed status line, header line or framing header
 * @example
 * ```ts
 * import { scanResponseHead } from "./response_parser.ts";
 * import assert from "node:assert/strict";
 * const bytes = new TextEncoder().encode("HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\n");
 * assert.deepEqual(scanResponseHead(bytes, 0, bytes.length), {
 *   proto: "HTTP/1.0",
 *   status: 200,
 *   contentLength: 12,
 *   chunked: false,
 *   keepAlive: false,
 *   contentEncoding: "",
 *   setCookie: false,
 * });
 * ```
 */
export function scanResponseHead(buf: Uint8Array, start: number, end: number): ResponseFraming {
  const lineEnd = indexOfLF(buf, start, end);
  // "HTTP/1.x SP 3DIGIT [SP reason]", checked byte by byte; anything else goes to the full parser for
  // its precise message.
  const d0 = (buf[start + 9] as number) - 48;
  const d1 = (buf[start + 10] as number) - 48;
  const d2 = (buf[start + 11] as number) - 48;
  const after = buf[start + 12];
  const minor = buf[start + 7];
  if (
    lineEnd === -1 || lineEnd < start + 12 || buf[start] !== 72 || buf[start + 1] !== 84 ||
    buf[start + 2] !== 84 || buf[start + 3] !== 80 || buf[start + 4] !== 47 || buf[start + 5] !== 49 ||
    buf[start + 6] !== 46 || (minor !== 49 && minor !== 48) || buf[start + 8] !== SP || d0 < 1 || d0 > 9 ||
    d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || (after !== SP && after !== CR && after !== LF)
  ) {
    return framingOf(parseResponseHead(buf, start, end));
  }
  const http10 = minor === 48;
  const status = d0 * 100 + d1 * 10 + d2;
  let contentLength = -1;
  let chunked = false;
  let transferEncoded = false;
  let close = false;
  let keepAlive = false;
  let contentEncoding = "";
  let setCookie = false;
  let pos = lineEnd + 1;
  while (pos < end) {
    let colon = -1;
    let lf = pos;
    for (; lf < end; lf++) {
      const b = buf[lf];
      if (b === LF) break;
      if (b === 58 && colon === -1) colon = lf;
    }
    const stop = lf > pos && buf[lf - 1] === CR ? lf - 1 : lf;
    if (stop === pos) break; // the empty line
    const first = buf[pos] as number;
    if (colon === -1 || colon === pos || isWhitespace(buf[colon - 1] as number) || isWhitespace(first)) {
      // Let the full parser word the error.
      return framingOf(parseResponseHead(buf, start, end));
    }
    let vs = colon + 1;
    let ve = stop;
    while (vs < ve && isWhitespace(buf[vs] as number)) vs++;
    while (ve > vs && isWhitespace(buf[ve - 1] as number)) ve--;
    switch (colon - pos) {
      case 14:
        if (equalsLower(buf, pos, CONTENT_LENGTH)) {
          const n = digitsValue(buf, vs, ve);
          if (n === -1 || (contentLength !== -1 && n !== contentLength)) {
            // Lists ("5, 5") and errors: the full parser accepts or words them.
            return framingOf(parseResponseHead(buf, start, end));
          }
          contentLength = n;
        }
        break;
      case 17:
        if (equalsLower(buf, pos, TRANSFER_ENCODING)) {
          transferEncoded = true;
          chunked = lastToken(latin1.decode(buf.subarray(vs, ve))) === "chunked";
        }
        break;
      case 10:
        if (equalsLower(buf, pos, SET_COOKIE)) {
          setCookie = true;
        } else if (equalsLower(buf, pos, CONNECTION)) {
          if (ve - vs === 5 && equalsLower(buf, vs, CLOSE)) close = true;
          else if (ve - vs === 10 && equalsLower(buf, vs, KEEP_ALIVE)) keepAlive = true;
          else {
            const value = latin1.decode(buf.subarray(vs, ve)).toLowerCase();
            if (hasToken(value, "close")) close = true;
            if (hasToken(value, "keep-alive")) keepAlive = true;
          }
        }
        break;
      case 16:
        if (equalsLower(buf, pos, CONTENT_ENCODING)) {
          contentEncoding = latin1.decode(buf.subarray(vs, ve)).toLowerCase();
        }
        break;
    }
    pos = lf + 1;
  }
  if (transferEncoded) contentLength = -1;
  return {
    proto: http10 ? "HTTP/1.0" : "HTTP/1.1",
    status,
    contentLength,
    chunked,
    keepAlive: http10 ? keepAlive && !close : !close,
    contentEncoding,
    setCookie,
  };
}

function framingOf(head: ResponseHead): ResponseFraming {
  return {
    proto: head.proto,
    status: head.status,
    contentLength: head.contentLength,
    chunked: head.chunked,
    keepAlive: head.keepAlive,
    contentEncoding: head.contentEncoding,
    setCookie: head.setCookies.length > 0,
  };
}

/** Whether `buf` at `from` holds `lower` (lower-case ASCII), ignoring ASCII case. */
function equalsLower(buf: Uint8Array, from: number, lower: Uint8Array): boolean {
  for (let i = 0; i < lower.length; i++) {
    let b = buf[from + i] as number;
    if (b >= 65 && b <= 90) b += 32;
    if (b !== lower[i]) return false;
  }
  return true;
}

/** The decimal number in `buf[from, to)`, or -1 when it is not 1–15 plain digits. */
function digitsValue(buf: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = (buf[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Where a chunked body is being decoded. */
const enum ChunkState {
  Size,
  Data,
  DataEnd,
  Trailer,
  Done,
}

/**
 * Incremental decoder for `Transfer-Encoding: chunked`: feed it whatever bytes have arrived and it hands
 * out the data they contain, keeping its place across reads. Trailers are read and skipped (k6 does not
 * expose them either).
 *
 * @example
 * ```ts
 * import { ChunkedDecoder } from "./response_parser.ts";
 * import assert from "node:assert/strict";
 * const bytes = new TextEncoder().encode("4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n");
 * const decoder = new ChunkedDecoder();
 * let body = "";
 * const sink = (b: Uint8Array, from: number, to: number) => {
 *   body += new TextDecoder().decode(b.subarray(from, to));
 * };
 * assert.equal(decoder.feed(bytes, 0, 10, sink), 9); // stops inside the second size line
 * assert.equal(decoder.feed(bytes, 9, bytes.length, sink), bytes.length);
 * assert.equal(body, "Wikipedia");
 * assert.equal(decoder.done, true);
 * ```
 */
export class ChunkedDecoder {
  #state: ChunkState = ChunkState.Size;
  #remaining = 0;
  #trailerBytes = 0;

  /** Whether the last chunk and the trailer section have been read. */
  get done(): boolean {
    return this.#state === ChunkState.Done;
  }

  /** Prepares the decoder for the next response on the same connection. */
  reset(): void {
    this.#state = ChunkState.Size;
    this.#remaining = 0;
    this.#trailerBytes = 0;
  }

  /**
   * Decodes as much of `buf[start, end)` as possible, passing each run of body bytes to `sink`.
   *
   * @param buf bytes received
   * @param start first unconsumed byte
   * @param end one past the last received byte
   * @param sink receives body bytes as `(buf, from, to)`; it may throw to stop decoding
   * @returns the index of the first byte not consumed (bytes of an incomplete line are left in place)
   * @throws {SyntaxError} for a bad chunk size or missing CRLF after a chunk
   */
  feed(
    buf: Uint8Array,
    start: number,
    end: number,
    sink: (buf: Uint8Array, from: number, to: number) => void,
  ): number {
    let i = start;
    while (i < end) {
      switch (this.#state) {
        case ChunkState.Size: {
          const lf = indexOfLF(buf, i, end);
          if (lf === -1) {
            if (end - i > MAX_CHUNK_LINE_BYTES) {
              throw new SyntaxError("Malformed chunked encoding: size line too long");
            }
            return i;
          }
          const size = parseChunkSize(buf, i, lf);
          i = lf + 1;
          if (size === 0) {
            this.#state = ChunkState.Trailer;
          } else {
            this.#remaining = size;
            this.#state = ChunkState.Data;
          }
          break;
        }
        case ChunkState.Data: {
          const take = Math.min(this.#remaining, end - i);
          sink(buf, i, i + take);
          i += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#state = ChunkState.DataEnd;
          break;
        }
        case ChunkState.DataEnd: {
          const b = buf[i];
          if (b === LF) {
            i += 1;
          } else if (b === CR) {
            if (i + 1 >= end) return i;
            if (buf[i + 1] !== LF) {
              throw new SyntaxError("Malformed chunked encoding: missing CRLF after chunk data");
            }
            i += 2;
          } else {
            throw new SyntaxError("Malformed chunked encoding: missing CRLF after chunk data");
          }
          this.#state = ChunkState.Size;
          break;
        }
        case ChunkState.Trailer: {
          const lf = indexOfLF(buf, i, end);
          if (lf === -1) {
            if (this.#trailerBytes + end - i > MAX_HEADER_BYTES) {
              throw new SyntaxError("Malformed chunked encoding: trailer section too large");
            }
            return i;
          }
          const empty = lf === i || (lf === i + 1 && buf[i] === CR);
          this.#trailerBytes += lf + 1 - i;
          if (this.#trailerBytes > MAX_HEADER_BYTES) {
            throw new SyntaxError("Malformed chunked encoding: trailer section too large");
          }
          i = lf + 1;
          if (empty) {
            this.#state = ChunkState.Done;
            return i;
          }
          break;
        }
        case ChunkState.Done:
          return i;
      }
    }
    return i;
  }
}

/**
 * Parses the hexadecimal size at the start of a chunk-size line, ignoring chunk extensions.
 *
 * @param buf bytes holding the line
 * @param start first byte of the line
 * @param lf index of the line's LF
 * @returns the chunk size in bytes
 * @throws {SyntaxError} when the line does not start with a hex number
 * @example
 * ```ts
 * import { parseChunkSize } from "./response_parser.ts";
 * import assert from "node:assert/strict";
 * const line = new TextEncoder().encode("1aF;name=value\r\n");
 * assert.equal(parseChunkSize(line, 0, line.length - 1), 0x1af);
 * assert.throws(() => parseChunkSize(new TextEncoder().encode("zz\r\n"), 0, 3), SyntaxError);
 * ```
 */
export function parseChunkSize(buf: Uint8Array, start: number, lf: number): number {
  let size = 0;
  let digits = 0;
  let i = start;
  for (; i < lf; i++) {
    const b = buf[i] as number;
    let d: number;
    if (b >= 48 && b <= 57) d = b - 48;
    else if (b >= 97 && b <= 102) d = b - 87;
    else if (b >= 65 && b <= 70) d = b - 55;
    else break;
    // 13 hex digits stay below 2^53; anything longer is no real body.
    if (++digits > 13) throw new SyntaxError("Malformed chunked encoding: chunk size too large");
    size = size * 16 + d;
  }
  if (digits === 0) {
    throw new SyntaxError(
      `Malformed chunked encoding: bad chunk size ${quote(latin1.decode(buf.subarray(start, lf)))}`,
    );
  }
  // After the digits only whitespace, extensions (";...") or the CR may follow.
  for (; i < lf; i++) {
    const b = buf[i];
    if (b === 59) break; // ';'
    if (b !== SP && b !== HTAB && b !== CR) {
      throw new SyntaxError(
        `Malformed chunked encoding: bad chunk size ${quote(latin1.decode(buf.subarray(start, lf)))}`,
      );
    }
  }
  return size;
}

/**
 * Spells a header name the way Go's `http.CanonicalHeaderKey` does, as k6 scripts see response
 * header names (`res.headers["Content-Type"]`).
 *
 * @param name a header name in any case
 * @returns the canonical spelling
 * @example
 * ```ts
 * import { canonicalHeaderKey } from "./response_parser.ts";
 * import assert from "node:assert/strict";
 * assert.equal(canonicalHeaderKey("content-type"), "Content-Type");
 * assert.equal(canonicalHeaderKey("x-REQUEST-id"), "X-Request-Id");
 * ```
 */
export function canonicalHeaderKey(name: string): string {
  let out = "";
  let upper = true;
  for (let i = 0; i < name.length; i++) {
    const c = name[i] as string;
    // Go leaves keys with spaces or other non-token bytes as they are.
    if (c === " ") return name;
    out += upper ? c.toUpperCase() : c.toLowerCase();
    upper = c === "-";
  }
  return out;
}

function parseContentLength(value: string): number {
  let fast = 0;
  const n = value.length;
  if (n > 0 && n <= 15) {
    for (let i = 0; i < n; i++) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) {
        fast = -1;
        break;
      }
      fast = fast * 10 + d;
    }
    if (fast >= 0) return fast;
  }
  // "5, 5" (a repeated header folded by a proxy) is accepted when all parts agree, as RFC 9110 §8.6
  // allows.
  let result = -1;
  for (const part of value.split(",")) {
    const digits = part.trim();
    if (digits.length === 0 || digits.length > 15 || !/^\d+$/.test(digits)) {
      throw new SyntaxError(`Malformed HTTP response: bad Content-Length ${quote(value)}`);
    }
    const n = Number(digits);
    if (result !== -1 && n !== result) {
      throw new SyntaxError(`Malformed HTTP response: conflicting Content-Length ${quote(value)}`);
    }
    result = n;
  }
  return result;
}

function threeDigits(text: string): number {
  if (text.length < 3) return -1;
  let n = 0;
  for (let i = 0; i < 3; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function lastToken(value: string): string {
  const comma = value.lastIndexOf(",");
  return (comma === -1 ? value : value.slice(comma + 1)).trim().toLowerCase();
}

function hasToken(list: string, token: string): boolean {
  if (list === "") return false;
  if (list === token) return true;
  for (const part of list.split(",")) {
    if (part.trim() === token) return true;
  }
  return false;
}

function isWhitespace(c: number): boolean {
  return c === SP || c === HTAB;
}

function trimCR(text: string, start: number, lf: number): string {
  return text.slice(start, lf > start && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
