import assert from "assert";
import {
  canonicalHeaderKey,
  ChunkedDecoder,
  findHeadEnd,
  parseResponseHead,
  scanResponseHead,
} from "../../../src/load/http/response_parser.ts";

const encode = (text: string) => new TextEncoder().encode(text);

function decodeChunked(wire: Uint8Array, splits: number[]): string {
  const decoder = new ChunkedDecoder();
  const out: number[] = [];
  const sink = (buf: Uint8Array, from: number, to: number) => out.push(...buf.subarray(from, to));
  // Feed the wire in pieces, keeping unconsumed bytes in front as the client's buffer does.
  let pending = new Uint8Array(0);
  let previous = 0;
  for (const split of [...splits, wire.length]) {
    const merged = new Uint8Array(pending.length + split - previous);
    merged.set(pending);
    merged.set(wire.subarray(previous, split), pending.length);
    previous = split;
    const used = decoder.feed(merged, 0, merged.length, sink);
    pending = merged.slice(used);
  }
  assert.equal(decoder.done, true);
  return new TextDecoder().decode(new Uint8Array(out));
}

Deno.test("ChunkedDecoder gives the same body wherever the wire is split", () => {
  const wire = encode("3;a=b\r\nabc\r\n10\r\n0123456789abcdef\r\n1\nZ\n0\r\nTrailer: x\r\nOther: y\r\n\r\n");
  const expected = "abc0123456789abcdefZ";
  for (let i = 1; i < wire.length; i++) {
    assert.equal(decodeChunked(wire, [i]), expected, `split at ${i}`);
    for (let j = i + 1; j < wire.length; j += 7) {
      assert.equal(decodeChunked(wire, [i, j]), expected, `split at ${i}, ${j}`);
    }
  }
});

Deno.test("ChunkedDecoder rejects a bad size, missing CRLF and an endless size line", () => {
  const sink = () => {};
  assert.throws(() => new ChunkedDecoder().feed(encode("g\r\n"), 0, 3, sink), SyntaxError);
  assert.throws(() => new ChunkedDecoder().feed(encode("2\r\nabXY"), 0, 8, sink), SyntaxError);
  assert.throws(() => new ChunkedDecoder().feed(encode("1".repeat(20) + "\r\n"), 0, 22, sink), SyntaxError);
  const endless = encode("a".repeat(5000));
  assert.throws(() => new ChunkedDecoder().feed(endless, 0, endless.length, sink), SyntaxError);
});

Deno.test("scanResponseHead() agrees with parseResponseHead() on framing", () => {
  const heads = [
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 5\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
    "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n",
    "HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Upgrade\r\nContent-Encoding: GZIP\r\n\r\n",
    "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.0 200\r\n\r\n",
    "HTTP/1.1 301 Moved\nLocation: /x\ncontent-length: 7, 7\n\n",
    "HTTP/1.1 100 Continue\r\n\r\n",
    "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2; Expires=Wed, 21 Oct 2099 07:28:00 GMT\r\n\r\n",
  ];
  for (const text of heads) {
    const bytes = encode(text);
    const full = parseResponseHead(bytes, 0, bytes.length);
    const scan = scanResponseHead(bytes, 0, bytes.length);
    assert.deepEqual(scan, {
      proto: full.proto,
      status: full.status,
      contentLength: full.contentLength,
      chunked: full.chunked,
      keepAlive: full.keepAlive,
      contentEncoding: full.contentEncoding,
      setCookie: full.setCookies.length > 0,
    }, text);
  }
});

Deno.test("scanResponseHead() rejects what parseResponseHead() rejects", () => {
  const bad = [
    "HTTP/1.1 20 OK\r\n\r\n",
    "HTTP/2 200 OK\r\n\r\n",
    "HTTP/1.1 200 OK\r\n Folded: x\r\n\r\n",
    "HTTP/1.1 200 OK\r\nName : x\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
    "<html>\r\n\r\n",
  ];
  for (const text of bad) {
    const bytes = encode(text);
    assert.throws(() => parseResponseHead(bytes, 0, bytes.length), SyntaxError, text);
    assert.throws(() => scanResponseHead(bytes, 0, bytes.length), SyntaxError, text);
  }
});

Deno.test("findHeadEnd() stops at end and ignores stale bytes beyond it", () => {
  const buf = new Uint8Array(64);
  buf.set(encode("HTTP/1.1 200 OK\r\n"));
  buf.set(encode("\r\n\r\n"), 40); // stale bytes from an earlier response
  assert.equal(findHeadEnd(buf, 0, 17), -1);
});

Deno.test("canonicalHeaderKey() spells names as Go does", () => {
  assert.equal(canonicalHeaderKey("www-authenticate"), "Www-Authenticate");
  assert.equal(canonicalHeaderKey("ETAG"), "Etag");
  assert.equal(canonicalHeaderKey("has space"), "has space");
});
