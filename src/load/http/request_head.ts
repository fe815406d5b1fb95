/**
 * Request targets and request heads: a URL resolved once into what a connection needs (origin key,
 * address, TLS, the request line's path and `Host`), and the per-request header block built as one
 * string so it is UTF-8 encoded in a single `encodeInto` call.
 *
 * @module
 */

/** Where a URL sends a request: the pool key, the address to dial and the fixed part of the head. */
export interface RequestTarget {
  /** Pool key: scheme, host and port, e.g. `http://127.0.0.1:8080`. */
  key: string;
  /** Whether to speak TLS (https). */
  tls: boolean;
  /** Host name or IP to dial (IPv6 without brackets). */
  hostname: string;
  /** Port to dial. */
  port: number;
  /** Request target for the request line: path and query, `/` when empty. */
  path: string;
  /** `Host` header value: host plus the port when it is not the scheme's default. */
  host: string;
  /** `Authorization` value from credentials in the URL (k6 sends them as basic auth), or `""`. */
  authorization: string;
}

/** Header names for which a request header must be dropped or treated specially. */
const HOST = "host";
const CONTENT_LENGTH = "content-length";
const USER_AGENT = "user-agent";
const CONNECTION = "connection";
const TRANSFER_ENCODING = "transfer-encoding";

/** Request headers as a plain object or anything iterable as pairs (such as `Headers`). */
export type RequestHeaders = Record<string, string> | Iterable<readonly [string, string]>;

/**
 * Resolves a URL into a request target.
 *
 * @param url an absolute `http:` or `https:` URL
 * @returns the target
 * @throws {TypeError} for an unparsable URL or another scheme
 * @example
 * ```ts
 * import { parseTarget } from "./request_head.ts";
 * import assert from "node:assert/strict";
 * const target = parseTarget("http://[::1]:8080/predict?x=1");
 * assert.equal(target.key, "http://[::1]:8080");
 * assert.equal(target.hostname, "::1");
 * assert.equal(target.path, "/predict?x=1");
 * assert.equal(parseTarget("https://example.com").port, 443);
 * assert.throws(() => parseTarget("ftp://example.com/"), TypeError);
 * ```
 */
export function parseTarget(url: string): RequestTarget {
  const parsed = new URL(url);
  const tls = parsed.protocol === "https:";
  if (!tls && parsed.protocol !== "http:") {
    throw new TypeError(`Unsupported protocol scheme ${JSON.stringify(parsed.protocol)}`);
  }
  if (parsed.hostname === "") throw new TypeError(`Invalid URL ${JSON.stringify(url)}: no host`);
  const port = parsed.port === "" ? (tls ? 443 : 80) : Number(parsed.port);
  const bracketed = parsed.hostname.startsWith("[");
  const hostname = bracketed ? parsed.hostname.slice(1, -1) : parsed.hostname;
  let authorization = "";
  if (parsed.username !== "" || parsed.password !== "") {
    const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
    authorization = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(credentials)))}`;
  }
  return {
    key: `${parsed.protocol}//${parsed.hostname}:${port}`,
    tls,
    hostname,
    port,
    path: `${parsed.pathname || "/"}${parsed.search}`,
    host: parsed.host,
    authorization,
  };
}

/** What `buildHead` found in the caller's headers that changes how the request is sent. */
export interface HeadFlags {
  /** The caller asked for `Connection: close`. */
  close: boolean;
}

const validNames = new Set<string>();

/**
 * Builds the request line and headers, without `Content-Length` and the final empty line (the body's
 * encoded length is known only later). A caller's `Host` replaces the URL's; a caller's
 * `Content-Length` and `Transfer-Encoding` are dropped, since the client frames the body itself (k6
 * likewise ignores a `Content-Length` that disagrees with the body).
 *
 * @param method the request method, e.g. `GET`
 * @param target the resolved URL
 * @param headers caller's headers
 * @param options default `User-Agent` (sent unless the caller sets one) and flags to fill in
 * @returns the head text, each line ending in CRLF
 * @throws {TypeError} for a header name or value that would break the framing (CR, LF, colon in a name)
 * @example
 * ```ts
 * import { buildHead, parseTarget } from "./request_head.ts";
 * import assert from "node:assert/strict";
 * const flags = { close: false };
 * const head = buildHead("GET", parseTarget("http://h:81/a"), { Accept: "*\/*" }, { userAgent: "vigil", flags });
 * assert.equal(head, "GET /a HTTP/1.1\r\nHost: h:81\r\nAccept: *\/*\r\nUser-Agent: vigil\r\n");
 * assert.throws(() => buildHead("GET", parseTarget("http://h/"), { "X-A": "1\r\nX-B: 2" }, { userAgent: "", flags }), TypeError);
 * ```
 */
export function buildHead(
  method: string,
  target: RequestTarget,
  headers: RequestHeaders | undefined,
  options: { userAgent: string; flags: HeadFlags },
): string {
  let host = target.host;
  let lines = "";
  let userAgent = options.userAgent;
  let authorization = target.authorization;
  options.flags.close = false;
  if (headers !== undefined) {
    if (isIterable(headers)) {
      for (const [name, value] of headers) {
        lines = addHeader(lines, name, value);
      }
    } else {
      for (const name in headers) {
        const value = headers[name];
        if (value !== undefined) lines = addHeader(lines, name, value);
      }
    }
  }
  return `${method} ${target.path} HTTP/1.1\r\nHost: ${host}\r\n${lines}${
    userAgent === "" ? "" : `User-Agent: ${userAgent}\r\n`
  }${authorization === "" ? "" : `Authorization: ${authorization}\r\n`}`;

  function addHeader(acc: string, name: string, value: string): string {
    checkHeader(name, value);
    // Only names of the right length are lower-cased, so the usual headers cost no allocation here.
    switch (name.length) {
      case 4:
        if (name.toLowerCase() === HOST) {
          host = value;
          return acc;
        }
        break;
      case 10:
        if (name.toLowerCase() === USER_AGENT) {
          userAgent = value;
          return acc;
        }
        if (name.toLowerCase() === CONNECTION && value.toLowerCase().includes("close")) {
          options.flags.close = true;
        }
        break;
      case 13:
        if (name.toLowerCase() === "authorization") authorization = "";
        break;
      case 14:
        if (name.toLowerCase() === CONTENT_LENGTH) return acc;
        break;
      case 17:
        if (name.toLowerCase() === TRANSFER_ENCODING) return acc;
        break;
    }
    return `${acc}${name}: ${value}\r\n`;
  }
}

function checkHeader(name: string, value: string): void {
  if (!validNames.has(name)) {
    if (name === "" || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
      throw new TypeError(`Invalid header field name ${JSON.stringify(name)}`);
    }
    // Bounded, so a script that invents header names cannot grow it without limit.
    if (validNames.size < 4096) validNames.add(name);
  }
  if (value.indexOf("\n") !== -1 || value.indexOf("\r") !== -1 || value.indexOf("\0") !== -1) {
    throw new TypeError(`Invalid header field value for ${JSON.stringify(name)}`);
  }
}

function isIterable(headers: RequestHeaders): headers is Iterable<readonly [string, string]> {
  return typeof (headers as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}
