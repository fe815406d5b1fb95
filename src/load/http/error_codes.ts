/**
 * k6's HTTP error codes and the mapping from Deno's network errors to them, so a failed request carries
 * the same `error_code` a k6 run would report for the same fault.
 *
 * The numbers and messages are ported from k6's `lib/netext/httpext/error_codes.go` (grafana/k6, v2
 * tree); which code a timeout gets follows `lib/netext/httpext/transport.go` (`RoundTrip`), and the
 * `1000 + status` code for HTTP errors follows `measureAndEmitMetrics` in the same file.
 *
 * @module
 */

/** k6's error codes (`lib/netext/httpext/error_codes.go`), by the name k6 gives the constant. */
export const K6_ERROR_CODES = {
  /** Anything not more specific, e.g. a malformed response (Go's net/http reports those untyped). */
  defaultErrorCode: 1000,
  defaultNetNonTCPErrorCode: 1010,
  invalidURLErrorCode: 1020,
  /** A timeout anywhere but in the dial (k6 `RoundTrip`: timeout and `Op != "dial"`). */
  requestTimeoutErrorCode: 1050,
  defaultDNSErrorCode: 1100,
  dnsNoSuchHostErrorCode: 1101,
  blackListedIPErrorCode: 1110,
  blockedHostnameErrorCode: 1111,
  defaultTCPErrorCode: 1200,
  tcpBrokenPipeErrorCode: 1201,
  netUnknownErrnoErrorCode: 1202,
  tcpDialErrorCode: 1210,
  tcpDialTimeoutErrorCode: 1211,
  tcpDialRefusedErrorCode: 1212,
  tcpDialUnknownErrnoCode: 1213,
  tcpResetByPeerErrorCode: 1220,
  defaultTLSErrorCode: 1300,
  tlsHeaderErrorCode: 1301,
  x509UnknownAuthorityErrorCode: 1310,
  x509HostnameErrorCode: 1311,
  responseDecompressionErrorCode: 1701,
} as const;

/** Coarse class of a failure, for dashboards and test assertions that should not match on text. */
export type HttpErrorType = "timeout" | "refused" | "reset" | "malformed" | "tls" | "dns" | "other";

/** A classified request failure: k6's code and message plus our coarse type. */
export interface HttpFailure {
  /** k6's error code, e.g. 1212. */
  code: number;
  /** k6's error message where k6 has a fixed one, e.g. `dial: connection refused`. */
  message: string;
  /** Coarse class. */
  type: HttpErrorType;
}

/** The phase a network error happened in; it decides between k6's `dial` and `read`/`write` codes. */
export type HttpPhase = "dial" | "tls" | "write" | "read";

/**
 * Thrown inside the client for a response that breaks HTTP/1.1 framing; it becomes code 1000 with type
 * `malformed`, as Go's net/http reports such responses with untyped errors that k6 maps to 1000.
 */
export class MalformedResponseError extends Error {
  /** The k6 code to report; 1701 for a body that does not decompress. */
  readonly code: number;

  /**
   * Creates the error.
   *
   * @param message what was wrong, e.g. `malformed HTTP status code "abc"`
   * @param code the k6 code to report
   */
  constructor(message: string, code: number = K6_ERROR_CODES.defaultErrorCode) {
    super(message);
    this.name = "MalformedResponseError";
    this.code = code;
  }
}

/** A peer that closed the connection mid-exchange (Go: `EOF` or `unexpected EOF`, both code 1000). */
export class PeerClosedError extends Error {
  /** Whether no byte of a response had arrived: the request may be retried on a fresh connection. */
  readonly beforeResponse: boolean;

  /**
   * Creates the error.
   *
   * @param beforeResponse true when not a single response byte was read
   */
  constructor(beforeResponse: boolean) {
    super(beforeResponse ? "EOF" : "unexpected EOF");
    this.name = "PeerClosedError";
    this.beforeResponse = beforeResponse;
  }
}

const OS_ERROR = /\(os error (\d+)\)/;

/**
 * Maps an error thrown by Deno's network APIs (or by our parser) to k6's code, message and our type.
 *
 * Timeouts and aborts are decided by the caller (it knows its deadline fired); this sees only the
 * error. Messages follow k6's constants (`dial: connection refused`, `read: connection reset by peer`).
 *
 * @param error what was thrown
 * @param phase where it was thrown
 * @returns the classified failure
 * @example
 * ```ts
 * import { classifyNetworkError } from "./error_codes.ts";
 * import assert from "node:assert/strict";
 * const refused = new Deno.errors.ConnectionRefused("Connection refused (os error 111)");
 * assert.deepEqual(classifyNetworkError(refused, "dial"), {
 *   code: 1212,
 *   message: "dial: connection refused",
 *   type: "refused",
 * });
 * const reset = new Deno.errors.ConnectionReset("Connection reset by peer (os error 104)");
 * assert.equal(classifyNetworkError(reset, "read").code, 1220);
 * ```
 */
export function classifyNetworkError(error: unknown, phase: HttpPhase): HttpFailure {
  const codes = K6_ERROR_CODES;
  if (error instanceof MalformedResponseError) {
    return { code: error.code, message: error.message, type: "malformed" };
  }
  if (error instanceof SyntaxError) {
    // The response parser's verdict on a status line, header or chunk that is not HTTP/1.1, worded as
    // Go's net/http words it for k6 (`malformed HTTP status code "abc"`): lower case.
    const text = error.message;
    return {
      code: codes.defaultErrorCode,
      message: text.charAt(0).toLowerCase() + text.slice(1),
      type: "malformed",
    };
  }
  if (error instanceof PeerClosedError) {
    return { code: codes.defaultErrorCode, message: error.message, type: "reset" };
  }
  const message = error instanceof Error ? error.message : String(error);
  const op = phase === "write" ? "write" : "read";
  if (error instanceof Deno.errors.ConnectionRefused) {
    return { code: codes.tcpDialRefusedErrorCode, message: "dial: connection refused", type: "refused" };
  }
  if (error instanceof Deno.errors.ConnectionReset || error instanceof Deno.errors.ConnectionAborted) {
    return { code: codes.tcpResetByPeerErrorCode, message: `${op}: connection reset by peer`, type: "reset" };
  }
  if (error instanceof Deno.errors.BrokenPipe) {
    return { code: codes.tcpBrokenPipeErrorCode, message: `${op}: broken pipe`, type: "reset" };
  }
  if (error instanceof Deno.errors.UnexpectedEof) {
    return { code: codes.defaultErrorCode, message: "unexpected EOF", type: "reset" };
  }
  if (phase === "dial" && message.startsWith("failed to lookup address")) {
    // Go's resolver says "no such host" for NXDOMAIN; getaddrinfo says EAI_NONAME / EAI_NODATA.
    const noSuchHost = /not known|no address associated|nodename nor servname/i.test(message);
    return noSuchHost
      ? { code: codes.dnsNoSuchHostErrorCode, message: "lookup: no such host", type: "dns" }
      : { code: codes.defaultDNSErrorCode, message: `lookup: ${message}`, type: "dns" };
  }
  if (phase === "tls" || error instanceof Deno.errors.InvalidData) {
    // rustls words certificate failures as "invalid peer certificate: <reason>".
    if (/UnknownIssuer|unknown issuer|BadSignature|UnknownCA/i.test(message)) {
      return { code: codes.x509UnknownAuthorityErrorCode, message: "x509: unknown authority", type: "tls" };
    }
    if (/NotValidForName|not valid for name/i.test(message)) {
      return {
        code: codes.x509HostnameErrorCode,
        message: "x509: certificate doesn't match hostname",
        type: "tls",
      };
    }
    if (phase === "tls" || /certificate|tls|handshake|alert/i.test(message)) {
      return { code: codes.defaultTLSErrorCode, message: `tls: ${message}`, type: "tls" };
    }
  }
  const errno = OS_ERROR.exec(message)?.[1];
  const text = message.replace(OS_ERROR, "").trim().toLowerCase();
  if (phase === "dial") {
    return errno === undefined ? { code: codes.tcpDialErrorCode, message: `dial: ${text}`, type: "other" } : {
      code: codes.tcpDialUnknownErrnoCode,
      message: `dial: unknown errno ${errno} error with msg \`${text}\``,
      type: "other",
    };
  }
  if (errno !== undefined) {
    return {
      code: codes.netUnknownErrnoErrorCode,
      message: `${op}: unknown errno \`${errno}\` on ${Deno.build.os} with message \`${text}\``,
      type: "other",
    };
  }
  return { code: codes.defaultErrorCode, message, type: "other" };
}
