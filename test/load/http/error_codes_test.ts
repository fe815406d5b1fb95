import assert from "assert";
import { classifyNetworkError, PeerClosedError } from "../../../src/load/http/error_codes.ts";

Deno.test("classifyNetworkError() maps Deno errors to k6's codes and messages", () => {
  const cases: [unknown, Parameters<typeof classifyNetworkError>[1], number, string, string][] = [
    [
      new Deno.errors.ConnectionRefused("Connection refused (os error 111)"),
      "dial",
      1212,
      "dial: connection refused",
      "refused",
    ],
    [
      new Error("failed to lookup address information: Name or service not known"),
      "dial",
      1101,
      "lookup: no such host",
      "dns",
    ],
    [
      new Error("failed to lookup address information: Temporary failure in name resolution"),
      "dial",
      1100,
      "lookup: failed to lookup address information: Temporary failure in name resolution",
      "dns",
    ],
    [
      new Deno.errors.ConnectionReset("Connection reset by peer (os error 104)"),
      "read",
      1220,
      "read: connection reset by peer",
      "reset",
    ],
    [
      new Deno.errors.ConnectionReset("Connection reset by peer (os error 104)"),
      "write",
      1220,
      "write: connection reset by peer",
      "reset",
    ],
    [new Deno.errors.BrokenPipe("Broken pipe (os error 32)"), "write", 1201, "write: broken pipe", "reset"],
    [new PeerClosedError(true), "read", 1000, "EOF", "reset"],
    [new PeerClosedError(false), "read", 1000, "unexpected EOF", "reset"],
    [
      new SyntaxError('Malformed HTTP response "x"'),
      "read",
      1000,
      'malformed HTTP response "x"',
      "malformed",
    ],
    [
      new Deno.errors.InvalidData("invalid peer certificate: UnknownIssuer"),
      "tls",
      1310,
      "x509: unknown authority",
      "tls",
    ],
    [
      new Error("Network is unreachable (os error 101)"),
      "dial",
      1213,
      "dial: unknown errno 101 error with msg `network is unreachable`",
      "other",
    ],
  ];
  for (const [error, phase, code, message, type] of cases) {
    assert.deepEqual(classifyNetworkError(error, phase), { code, message, type });
  }
});
