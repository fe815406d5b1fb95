/**
 * The HTTP/1.1 client behind the load engine's k6 `http.*` calls: keep-alive connections over
 * `Deno.connect` / `Deno.startTls`, pooled per origin, one request at a time per connection, k6's
 * timings, byte counts and error codes, and a result instead of an exception for anything the target
 * does. `fetch` reached a quarter of wrk's request rate here and can hang under load (PLATFORM.md); a
 * hand-written client over sockets reaches wrk's level and exposes the connect and TLS phases.
 *
 * One `HttpClient` per VU, as k6 keeps connections per VU.
 *
 * Faithful to k6 (grafana/k6 `lib/netext/httpext`): error codes and messages (`error_codes.go`, see
 * `K6_ERROR_CODES`; the HTTP/2 codes 1600–1650 cannot occur here), which code a timeout gets
 * (`transport.go`: 1211 in the dial, else 1050), `1000 + status` for 4xx/5xx, timings (`tracer.go`:
 * `blocked` runs from asking for a connection to having one, so a new connection's dial and handshake
 * are inside it), transparent gzip/deflate/br/zstd decoding (`compression.go`), repeated headers
 * joined with `", "`. Go's transport habits kept: one replay of an idempotent request whose reused
 * connection turns out closed, `Content-Length: 0` on an empty POST/PUT/PATCH.
 *
 * Known limits: a deadline fires up to 5 ms late (one shared timer, not one per request); `bytesSent`
 * of https requests counts plaintext (Deno's TLS hides record overhead, which k6 counts); Deno can skip
 * only the hostname check for `insecureSkipTLSVerify`; the request is written before the response is
 * read, so a server that answers early and stops reading a large upload times out instead of returning
 * its early answer; a stale answer a server sent on an idle connection is taken as the next response.
 *
 * @example
 * ```ts
 * import { HttpClient } from "./http_client.ts";
 * import assert from "node:assert/strict";
 * const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () => Response.json({ ok: true }));
 * const client = new HttpClient();
 * const res = await client.request({ method: "GET", url: `http://127.0.0.1:${server.addr.port}/`, timeoutMs: 5000 });
 * assert.equal(res.status, 200);
 * assert.deepEqual(JSON.parse(res.body as string), { ok: true });
 * client.close();
 * await server.shutdown();
 * ```
 *
 * @module
 */

import { Connection, encodeBodyless, type ExchangeState, type ResponseType } from "./http/connection.ts";
import { DeadlineWatch, type Expirable } from "./http/deadline_watch.ts";
import { SlotBag } from "./http/slot_bag.ts";
import type { EventTimer } from "./http/event_timer.ts";
import {
  classifyNetworkError,
  type HttpErrorType,
  type HttpFailure,
  type HttpPhase,
  K6_ERROR_CODES,
  PeerClosedError,
} from "./http/error_codes.ts";
import {
  buildHead,
  type HeadFlags,
  parseTarget,
  type RequestHeaders,
  type RequestTarget,
} from "./http/request_head.ts";
import { parseResponseHeadText, type ResponseFraming, type ResponseHead } from "./http/response_parser.ts";

export type { HttpErrorType } from "./http/error_codes.ts";
export type { ResponseType } from "./http/connection.ts";
export type { RequestHeaders } from "./http/request_head.ts";
export { K6_ERROR_CODES } from "./http/error_codes.ts";

/** k6's default request timeout (`timeout` param, 60 s). */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default cap on a stored (decoded) response body; k6 has none, but a VU must not hold gigabytes. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Default connections per origin per client, as k6's `batchPerHost` default. */
export const DEFAULT_MAX_CONNS_PER_ORIGIN = 6;

/** Deadlines are checked this often; a timeout fires up to this much (plus timer lag) late. */
const DEADLINE_TICK_MS = 5;
const watch = new DeadlineWatch(DEADLINE_TICK_MS);
/** Parsed URLs per client; scripts hit a handful of URLs, so this stays tiny. */
const TARGET_CACHE_SIZE = 256;
/** Go's transport replays these on a fresh connection when a reused one turns out to be closed. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);
const SEND_LENGTH = new Set(["POST", "PUT", "PATCH"]);

/** Options of a client (one per VU). */
export interface HttpClientOptions {
  /** Connections kept and opened per origin (scheme, host, port); more requests wait. Default 6. */
  maxConnsPerOrigin?: number;
  /** Extra root certificates (PEM) for https targets, as Deno's `caCerts`. */
  caCerts?: string[];
  /**
   * k6's `insecureSkipTLSVerify`. Deno's TLS API can only skip the hostname check
   * (`unsafelyDisableHostnameVerification`); an untrusted chain also needs the process flag
   * `--unsafely-ignore-certificate-errors`.
   */
  insecureSkipTLSVerify?: boolean;
  /** `User-Agent` sent unless a request sets one; `""` sends none. */
  userAgent?: string;
  /** k6's `noConnectionReuse`: close every connection after its response. */
  noConnectionReuse?: boolean;
  /**
   * Opens plain TCP connections; defaults to `Deno.connect`. Benchmarks substitute an in-memory
   * connection to measure the client's own cost without the network.
   */
  connect?: (options: Deno.ConnectOptions) => Promise<Deno.TcpConn>;
}

/** One request. */
export interface HttpRequest {
  /** Method, e.g. `GET` (sent as given; k6 upper-cases in its API layer). */
  method: string;
  /** Absolute `http:` or `https:` URL. */
  url: string;
  /**
   * Request headers; `Host` overrides the URL's, `Content-Length` is computed. Leave it out when there
   * are none: a body-less request without headers is encoded once per URL and method, not per request.
   */
  headers?: RequestHeaders | undefined;
  /** Request body; strings are sent as UTF-8. */
  body?: string | Uint8Array | null | undefined;
  /** One deadline for waiting for a connection, connecting, sending and the whole response. */
  timeoutMs?: number;
  /** How to return the body, as k6's `responseType`. Default `text`. */
  responseType?: ResponseType;
  /** Aborts the request; the result then has error `context canceled`. */
  signal?: AbortSignal;
  /** A stored (decoded) body larger than this fails the request as malformed. */
  maxBodyBytes?: number;
  /**
   * Times server-sent events: a `text/event-stream` response is then read piece by piece and its
   * result's `events` holds the time to the first event and the gaps between events.
   */
  timeEvents?: boolean;
}

/** The events of a server-sent event stream, timed as they arrived (see `HttpRequest.timeEvents`). */
export interface HttpEventTimes {
  /** From the request's start to the first complete event, ms; null when none arrived. */
  readonly firstMs: number | null;
  /** Between consecutive events, ms. */
  readonly gapsMs: readonly number[];
}

/** k6's request timings (`lib/netext/httpext/tracer.go`), in milliseconds. */
export interface HttpTimings {
  /** From the request's start until a connection was in hand: a wait for a free one, or a new one's dial and TLS handshake. */
  blocked: number;
  /** TCP connect (and name resolution) of a new connection; 0 on a reused one. */
  connecting: number;
  /** TLS handshake of a new https connection; 0 otherwise. */
  tlsHandshaking: number;
  /** Writing the request. */
  sending: number;
  /** From the request written to the first response byte (time to first byte). */
  waiting: number;
  /** From the first response byte to the last, decoding included. */
  receiving: number;
  /** `sending + waiting + receiving`: k6's `http_req_duration`. */
  duration: number;
}

/**
 * The outcome of a request; target-side failures are data here, never exceptions.
 *
 * `headers` and `setCookies` are parsed from the response head's text on first access (most load
 * scripts never read them, and building the map is the costliest part of reading a small response);
 * `toJSON()` includes them. A caller that copies results should copy these lazily too.
 */
export interface HttpResult {
  /** Status code, or 0 when no complete response arrived (as k6). */
  readonly status: number;
  /** Status as k6's `status_text`, e.g. `200 OK`; `""` on failure. */
  readonly statusText: string;
  /** Protocol of the response, e.g. `HTTP/1.1`; `""` on failure. */
  readonly proto: string;
  /** Response headers by lower-case name; repeats joined with `", "` as k6 joins them, `set-cookie` too. */
  readonly headers: Record<string, string>;
  /** Each `Set-Cookie` value separately (the joined header is ambiguous: cookie dates hold commas). */
  readonly setCookies: string[];
  /** Whether `setCookies` has any: known without parsing the head, which a cookie jar skips then. */
  readonly hasSetCookie: boolean;
  /** Body as `responseType` asked: a string, a standalone `Uint8Array` (offset 0), or null (`none` or failure). */
  readonly body: string | Uint8Array | null;
  /** Request bytes written to the socket (k6's `data_sent`; for https, before TLS framing). */
  readonly bytesSent: number;
  /** Response bytes read from the socket, head and framing included (k6's `data_received`). */
  readonly bytesReceived: number;
  /** k6's timings. */
  readonly timings: HttpTimings;
  /** Whether the request went over a connection that had served an earlier one. */
  readonly connectionReused: boolean;
  /** Failure message as k6 words it, or null. */
  readonly error: string | null;
  /** k6's error code: a network/protocol code, `1000 + status` for a 4xx/5xx answer, or null. */
  readonly errorCode: number | null;
  /** Coarse failure class, or null when a response arrived. */
  readonly errorType: HttpErrorType | null;
  /** Event times of an event-stream response when `timeEvents` asked for them, else null. */
  readonly events: HttpEventTimes | null;
  /** The peer the request went to (its connection's remote address); null when it got no connection. */
  readonly remote: Deno.NetAddr | null;
}

const identity = <T>(value: T): T => value;
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_COOKIES: string[] = Object.freeze([]) as unknown as string[];

/** Where a request is, and what the deadline watch must interrupt when it fires. */
class Exchange implements ExchangeState, Expirable {
  method: string;
  responseType: ResponseType;
  maxBodyBytes: number;
  deadline: number;
  bytesSent = 0;
  bytesReceived = 0;
  wrote = 0;
  firstByte = 0;
  head: ResponseFraming | null = null;
  rawHead: string | null = null;
  body: string | Uint8Array | null = null;
  timeEvents = false;
  events: EventTimer | null = null;

  start: number;
  gotConn = 0;
  connectStart = 0;
  connectDone = 0;
  tlsStart = 0;
  tlsDone = 0;
  reused = false;
  phase: HttpPhase = "dial";
  timedOut = false;
  aborted = false;
  connection: Connection | null = null;
  /** The address of the connection the request went out on; null if it never got one. */
  remote: Deno.NetAddr | null = null;
  dialAbort: AbortController | null = null;
  waiter: Waiter | null = null;
  /** Positions in the deadline watch and in the client's running set (see slot_bag.ts). */
  watchSlot = -1;
  runSlot = -1;

  constructor(
    method: string,
    responseType: ResponseType,
    maxBodyBytes: number,
    start: number,
    timeoutMs: number,
  ) {
    this.method = method;
    this.responseType = responseType;
    this.maxBodyBytes = maxBodyBytes;
    this.start = start;
    this.deadline = start + timeoutMs;
  }

  expire(): void {
    this.timedOut = true;
    this.interrupt();
  }

  abort(): void {
    this.aborted = true;
    this.interrupt();
  }

  /** Unblocks whatever the request awaits; the awaiting code sees `timedOut`/`aborted` and gives up. */
  interrupt(): void {
    this.waiter?.cancel();
    this.dialAbort?.abort();
    this.connection?.close();
  }

  /** Clears per-attempt marks before a retry on a fresh connection. */
  resetAttempt(): void {
    this.wrote = 0;
    this.firstByte = 0;
    this.head = null;
    this.rawHead = null;
    this.body = null;
    this.events = null;
    this.connectStart =
      this.connectDone =
      this.tlsStart =
      this.tlsDone =
        0;
    this.connection = null;
  }
}

/** A request waiting for a connection of a full pool. */
class Waiter {
  readonly #resolve: (value: Connection | "dial" | null) => void;
  readonly #pool: Pool;
  readonly promise: Promise<Connection | "dial" | null>;

  constructor(pool: Pool) {
    this.#pool = pool;
    let resolve!: (value: Connection | "dial" | null) => void;
    this.promise = new Promise((r) => resolve = r);
    this.#resolve = resolve;
  }

  /** Hands over an idle connection, or the right to dial one. */
  grant(value: Connection | "dial"): void {
    this.#resolve(value);
  }

  /** Gives up waiting (timeout or abort). */
  cancel(): void {
    const index = this.#pool.waiters.indexOf(this);
    if (index !== -1) this.#pool.waiters.splice(index, 1);
    this.#resolve(null);
  }
}

/** A parsed URL and its encoded body-less requests by method. */
interface CachedTarget {
  target: RequestTarget;
  bodyless: Map<string, Uint8Array>;
}

/** Connections to one origin. */
class Pool {
  /** Connections ready for a request, most recently used last (reused first: least likely stale). */
  readonly idle: Connection[] = [];
  /** Every established connection, idle or busy (a handful: capped by `maxConnsPerOrigin`). */
  readonly all: Connection[] = [];
  readonly waiters: Waiter[] = [];
  /** Connections open or being opened; the cap applies to this. */
  open = 0;
}

/**
 * A VU's HTTP/1.1 client: a pool of keep-alive connections per origin and k6-shaped results.
 */
export class HttpClient {
  readonly #pools = new Map<string, Pool>();
  readonly #targets = new Map<string, CachedTarget>();
  readonly #maxConns: number;
  readonly #caCerts: string[] | undefined;
  readonly #skipVerify: boolean;
  readonly #userAgent: string;
  readonly #noReuse: boolean;
  readonly #connect: (options: Deno.ConnectOptions) => Promise<Deno.TcpConn>;
  readonly #flags: HeadFlags = { close: false };
  #closed = false;
  /** Exchanges in flight, for `abortInFlight`. */
  readonly #running = new SlotBag<Exchange>("runSlot");

  /**
   * Creates a client with no connections yet.
   *
   * @param options pool size, TLS and default headers
   */
  constructor(options: HttpClientOptions = {}) {
    this.#maxConns = Math.max(1, options.maxConnsPerOrigin ?? DEFAULT_MAX_CONNS_PER_ORIGIN);
    this.#caCerts = options.caCerts;
    this.#skipVerify = options.insecureSkipTLSVerify ?? false;
    this.#userAgent = options.userAgent ?? "";
    this.#noReuse = options.noConnectionReuse ?? false;
    this.#connect = options.connect ?? Deno.connect;
  }

  /** Connections currently open, idle or busy, over all origins. */
  get openConnections(): number {
    let n = 0;
    for (const pool of this.#pools.values()) n += pool.all.length;
    return n;
  }

  /**
   * Sends a request and reads the whole response. Never rejects for anything the target or the network
   * does: those come back as `status: 0` with k6's error code.
   *
   * @param request method, URL, headers, body and limits
   * @returns the response or the failure, with timings and byte counts
   */
  request(request: HttpRequest): Promise<HttpResult> {
    return this.exchange(request, identity);
  }

  /**
   * Sends a request and hands its result to `finish` before the returned promise settles: a caller that
   * turns results into something else (metrics, k6's Response) saves a promise hop per request.
   *
   * @param request method, URL, headers, body and limits
   * @param finish turns the result into what the promise resolves to; if it throws, the promise rejects
   * @returns what `finish` returned
   */
  async exchange<T>(request: HttpRequest, finish: (result: HttpResult) => T): Promise<T> {
    const start = performance.now();
    const method = request.method;
    const ex = new Exchange(
      method,
      request.responseType ?? "text",
      request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      start,
      request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    ex.timeEvents = request.timeEvents ?? false;

    let cached: CachedTarget;
    let head: string | Uint8Array;
    try {
      cached = this.#target(request.url);
    } catch {
      return finish(this.#result(ex, {
        code: K6_ERROR_CODES.invalidURLErrorCode,
        message: "invalid URL",
        type: "other",
      }, performance.now()));
    }
    const target = cached.target;
    const body = request.body ?? undefined;
    const sendLength = SEND_LENGTH.has(method);
    const bodyless = request.headers === undefined && (body === undefined || body.length === 0);
    let closeAfter = this.#noReuse;
    try {
      const encoded = bodyless ? cached.bodyless.get(method) : undefined;
      if (encoded !== undefined) {
        head = encoded;
      } else {
        head = buildHead(method, target, request.headers, { userAgent: this.#userAgent, flags: this.#flags });
        closeAfter ||= this.#flags.close;
        if (bodyless) {
          // Same URL, method and no headers: the bytes never change, so encode them once.
          head = encodeBodyless(head, sendLength);
          if (cached.bodyless.size < 16) cached.bodyless.set(method, head);
        }
      }
    } catch (error) {
      return finish(this.#result(ex, {
        code: K6_ERROR_CODES.defaultErrorCode,
        message: (error as Error).message,
        type: "other",
      }, performance.now()));
    }

    const signal = request.signal;
    if (this.#closed || signal?.aborted) return finish(this.#result(ex, canceled(), performance.now()));
    let onAbort: (() => void) | undefined;
    if (signal !== undefined) {
      onAbort = () => ex.abort();
      signal.addEventListener("abort", onAbort, { once: true });
    }
    watch.add(ex);
    this.#running.add(ex);

    let pool = this.#pools.get(target.key);
    if (pool === undefined) {
      pool = new Pool();
      this.#pools.set(target.key, pool);
    }

    let failure: HttpFailure | null = null;
    let lastByte = 0;
    for (let attempt = 0;; attempt++) {
      let connection: Connection | undefined;
      try {
        connection = pool.idle.pop();
        if (connection !== undefined) {
          // Taken synchronously: no wait to report (k6 measures the same as GetConn..GotConn, ~0).
          ex.reused = true;
          ex.gotConn = attempt === 0 ? start : performance.now();
        } else {
          connection = await this.#acquire(pool, target, ex);
          if (ex.timedOut || ex.aborted || this.#closed) {
            // The deadline fired just as a connection was handed over: give it back unused.
            this.#release(pool, connection);
            connection = undefined;
            throw new Error("Request was interrupted");
          }
        }
        ex.connection = connection;
        ex.remote = connection.remote;
        ex.phase = "write";
        // The exchange's steps are awaited here, not in a Connection method: one async frame fewer.
        const bytes = connection.encodeRequest(head, body, sendLength);
        const written = await connection.conn.write(bytes);
        ex.bytesSent += written;
        if (written < bytes.length || connection.hasTail) await connection.writeRest(ex, bytes, written);
        ex.wrote = performance.now();
        ex.phase = "read";
        let keepAlive = connection.firstRead(ex, await connection.conn.read(connection.readBuffer()));
        // A response that came whole in the first read ended when it arrived: parsing it is not
        // receiving, and the clock read it would take costs ~1% of a request. (A response read in
        // several parts ends after its last part is parsed.)
        if (keepAlive !== undefined) lastByte = ex.firstByte;
        else keepAlive = await connection.readRest(ex);
        connection.finish();
        ex.connection = null;
        if (ex.timedOut || ex.aborted) {
          // The deadline fired as the last byte arrived; the response is complete, so keep it.
          this.#discard(pool, connection);
        } else if (keepAlive && !closeAfter) {
          this.#release(pool, connection);
        } else {
          this.#discard(pool, connection);
        }
        break;
      } catch (error) {
        const reused = connection !== undefined && connection.served > 0;
        if (connection !== undefined) this.#discard(pool, connection);
        ex.connection = null;
        if (ex.timedOut || ex.aborted || this.#closed) {
          failure = ex.timedOut ? timeoutFailure(ex) : canceled();
          break;
        }
        if (attempt === 0 && reused && IDEMPOTENT.has(method) && isStaleConnection(error, ex)) {
          // The server closed an idle keep-alive connection as we reused it; Go's transport retries.
          ex.resetAttempt();
          ex.reused = false;
          lastByte = 0;
          continue;
        }
        failure = classifyNetworkError(error, ex.phase);
        break;
      }
    }
    const end = lastByte !== 0 && failure === null ? lastByte : performance.now();
    watch.delete(ex);
    this.#running.delete(ex);
    if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
    if (this.#closed) watch.stopIfIdle();
    return finish(this.#result(ex, failure, end));
  }

  /**
   * Ends every request in flight as cancelled, keeping the client usable. Cheaper for a caller that
   * interrupts rarely than an AbortSignal on every request (an EventTarget listener costs about a
   * microsecond to add and remove).
   */
  abortInFlight(): void {
    for (const ex of [...this.#running.items]) ex.abort();
  }

  /** Closes the idle connections, so the next request opens a new one (k6's `noVUConnectionReuse`). */
  closeIdle(): void {
    for (const pool of this.#pools.values()) {
      for (const connection of pool.idle.splice(0)) this.#discard(pool, connection);
    }
  }

  /**
   * Closes every connection, idle or busy; requests in flight end with `context canceled`. Call it
   * when the VU ends.
   */
  close(): void {
    this.#closed = true;
    for (const pool of this.#pools.values()) {
      // Busy connections close under their requests, which then end as cancelled.
      for (const connection of pool.all) connection.close();
      for (const waiter of [...pool.waiters]) waiter.cancel();
      pool.idle.length = 0;
    }
    watch.stopIfIdle();
  }

  #target(url: string): CachedTarget {
    let cached = this.#targets.get(url);
    if (cached === undefined) {
      cached = { target: parseTarget(url), bodyless: new Map() };
      if (this.#targets.size >= TARGET_CACHE_SIZE) this.#targets.clear();
      this.#targets.set(url, cached);
    }
    return cached;
  }

  async #acquire(pool: Pool, target: RequestTarget, ex: Exchange): Promise<Connection> {
    if (pool.open >= this.#maxConns) {
      ex.phase = "dial";
      const waiter = new Waiter(pool);
      pool.waiters.push(waiter);
      ex.waiter = waiter;
      const granted = await waiter.promise;
      ex.waiter = null;
      if (granted === null) throw new Error("Waiting for a connection was interrupted");
      if (granted !== "dial") {
        ex.reused = true;
        ex.gotConn = performance.now();
        return granted;
      }
    } else {
      pool.open++;
    }
    try {
      const connection = await this.#dial(target, ex);
      if (this.#closed) {
        connection.close();
        throw new Error("Client closed");
      }
      pool.all.push(connection);
      return connection;
    } catch (error) {
      pool.open--;
      this.#wakeDialer(pool);
      throw error;
    }
  }

  async #dial(target: RequestTarget, ex: Exchange): Promise<Connection> {
    ex.phase = "dial";
    ex.connectStart = performance.now();
    const dialAbort = new AbortController();
    ex.dialAbort = dialAbort;
    let tcp: Deno.TcpConn;
    try {
      tcp = await this.#connect({ hostname: target.hostname, port: target.port, signal: dialAbort.signal });
    } finally {
      ex.dialAbort = null;
    }
    if (ex.timedOut || ex.aborted) {
      tcp.close();
      throw new Error("Dial was interrupted");
    }
    tcp.setNoDelay(true);
    ex.connectDone = performance.now();
    if (!target.tls) {
      ex.gotConn = ex.connectDone;
      return new Connection(tcp);
    }
    ex.phase = "tls";
    ex.tlsStart = ex.connectDone;
    let tlsConn: Deno.TlsConn;
    try {
      tlsConn = await Deno.startTls(tcp, {
        hostname: target.hostname,
        ...(this.#caCerts === undefined ? {} : { caCerts: this.#caCerts }),
        unsafelyDisableHostnameVerification: this.#skipVerify,
      });
    } catch (error) {
      tcp.close();
      throw error;
    }
    const connection = new Connection(tlsConn);
    ex.connection = connection;
    if (ex.timedOut || ex.aborted) {
      connection.close();
      throw new Error("TLS handshake was interrupted");
    }
    try {
      await tlsConn.handshake();
    } catch (error) {
      connection.close();
      throw error;
    }
    ex.tlsDone = performance.now();
    ex.gotConn = ex.tlsDone;
    return connection;
  }

  #release(pool: Pool, connection: Connection): void {
    if (pool.waiters.length > 0) {
      (pool.waiters.shift() as Waiter).grant(connection);
    } else {
      pool.idle.push(connection);
    }
  }

  #discard(pool: Pool, connection: Connection): void {
    connection.close();
    const index = pool.all.indexOf(connection);
    if (index !== -1) {
      pool.all.splice(index, 1);
      pool.open--;
      this.#wakeDialer(pool);
    }
  }

  /** A slot freed up: let the first waiter dial a new connection. */
  #wakeDialer(pool: Pool): void {
    if (this.#closed) return;
    const waiter = pool.waiters.shift();
    if (waiter !== undefined) {
      pool.open++;
      waiter.grant("dial");
    }
  }

  #result(ex: Exchange, failure: HttpFailure | null, end: number): HttpResult {
    // k6 `Tracer.Done()`: each phase is measured between trace events; a phase never reached is 0.
    const gotConn = ex.gotConn;
    const blocked = gotConn > 0 ? gotConn - ex.start : 0;
    const connecting = ex.connectDone > 0 ? ex.connectDone - ex.connectStart : 0;
    const tlsHandshaking = ex.tlsDone > 0 ? ex.tlsDone - ex.tlsStart : 0;
    let sending = 0;
    let waiting = 0;
    let receiving = 0;
    if (ex.wrote > 0) {
      sending = ex.wrote - gotConn;
      if (ex.firstByte > 0) {
        if (ex.firstByte > ex.wrote) waiting = ex.firstByte - ex.wrote;
      } else {
        waiting = end - ex.wrote;
      }
    }
    if (ex.firstByte > 0) receiving = end - ex.firstByte;
    const timings: HttpTimings = {
      blocked,
      connecting,
      tlsHandshaking,
      sending,
      waiting,
      receiving,
      duration: sending + waiting + receiving,
    };
    const head = ex.head;
    if (failure !== null || head === null) {
      failure ??= { code: K6_ERROR_CODES.defaultErrorCode, message: "unknown error", type: "other" };
      return new Result(0, "", null, null, ex, timings, failure.message, failure.code, failure.type);
    }
    // k6 `measureAndEmitMetrics`: a 4xx/5xx answer carries error_code 1000 + status, no message.
    const errorCode = head.status >= 400 ? 1000 + head.status : null;
    return new Result(head.status, head.proto, ex.rawHead, ex.body, ex, timings, null, errorCode, null);
  }
}

/** `HttpResult` with the header map built on first access from the head's text. */
class Result implements HttpResult {
  readonly status: number;
  readonly proto: string;
  readonly body: string | Uint8Array | null;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly timings: HttpTimings;
  readonly connectionReused: boolean;
  readonly error: string | null;
  readonly errorCode: number | null;
  readonly errorType: HttpErrorType | null;
  readonly events: HttpEventTimes | null;
  readonly hasSetCookie: boolean;
  readonly remote: Deno.NetAddr | null;
  #raw: string | null;
  #head: ResponseHead | null = null;

  constructor(
    status: number,
    proto: string,
    raw: string | null,
    body: string | Uint8Array | null,
    ex: Exchange,
    timings: HttpTimings,
    error: string | null,
    errorCode: number | null,
    errorType: HttpErrorType | null,
  ) {
    this.status = status;
    this.proto = proto;
    this.#raw = raw;
    this.body = body;
    this.bytesSent = ex.bytesSent;
    this.bytesReceived = ex.bytesReceived;
    this.timings = timings;
    this.connectionReused = ex.reused;
    this.error = error;
    this.errorCode = errorCode;
    this.errorType = errorType;
    this.events = ex.events;
    this.hasSetCookie = ex.head?.setCookie ?? false;
    this.remote = ex.remote;
  }

  get headers(): Record<string, string> {
    return this.#parsed()?.headers ?? NO_HEADERS;
  }

  get setCookies(): string[] {
    return this.#parsed()?.setCookies ?? NO_COOKIES;
  }

  get statusText(): string {
    const raw = this.#raw;
    if (raw === null) return this.#head?.statusText ?? "";
    // The status line alone, without building the header map: "HTTP/1.1 200 OK" -> "200 OK".
    const lf = raw.indexOf("\n");
    const line = raw.slice(0, lf > 0 && raw.charCodeAt(lf - 1) === 13 ? lf - 1 : lf);
    return line.slice(line.indexOf(" ") + 1).trimStart();
  }

  /** A plain object with every field, the lazy ones included. */
  toJSON(): Record<string, unknown> {
    return {
      status: this.status,
      statusText: this.statusText,
      proto: this.proto,
      headers: this.headers,
      setCookies: this.setCookies,
      body: this.body instanceof Uint8Array ? `<${this.body.length} bytes>` : this.body,
      bytesSent: this.bytesSent,
      bytesReceived: this.bytesReceived,
      timings: this.timings,
      connectionReused: this.connectionReused,
      error: this.error,
      errorCode: this.errorCode,
      errorType: this.errorType,
      events: this.events === null ? null : { firstMs: this.events.firstMs, gapsMs: [...this.events.gapsMs] },
    };
  }

  #parsed(): ResponseHead | null {
    const raw = this.#raw;
    if (raw === null) return this.#head;
    this.#raw = null;
    try {
      this.#head = parseResponseHeadText(raw);
    } catch {
      // The same bytes passed the framing scan; a stricter full parse must not throw from a getter.
      this.#head = null;
    }
    return this.#head;
  }
}

function canceled(): HttpFailure {
  // A cancelled Go context surfaces as "context canceled", which k6 maps to the generic 1000.
  return { code: K6_ERROR_CODES.defaultErrorCode, message: "context canceled", type: "other" };
}

function timeoutFailure(ex: Exchange): HttpFailure {
  // k6 `transport.RoundTrip`: a timeout in the dial is 1211, anywhere else 1050.
  return ex.phase === "dial" && ex.connectStart > 0 && ex.connectDone === 0
    ? { code: K6_ERROR_CODES.tcpDialTimeoutErrorCode, message: "dial: i/o timeout", type: "timeout" }
    : { code: K6_ERROR_CODES.requestTimeoutErrorCode, message: "request timeout", type: "timeout" };
}

function isStaleConnection(error: unknown, ex: Exchange): boolean {
  if (ex.firstByte !== 0) return false;
  return (error instanceof PeerClosedError && error.beforeResponse) ||
    error instanceof Deno.errors.ConnectionReset ||
    error instanceof Deno.errors.BrokenPipe;
}
