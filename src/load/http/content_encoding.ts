/**
 * Response body decompression by `Content-Encoding`, as k6 does it transparently (`readResponseBody` in
 * k6's `lib/netext/httpext/compression.go`: gzip, deflate as zlib, br and zstd, undone in reverse order
 * of application; unknown codings are left alone).
 *
 * node:zlib's synchronous functions are used rather than `DecompressionStream`: model responses are
 * small, and a stream costs several promises per body where one native call suffices.
 *
 * @module
 */

import { brotliDecompressSync, gunzipSync, inflateSync, zstdDecompressSync } from "node:zlib";
import { K6_ERROR_CODES, MalformedResponseError } from "./error_codes.ts";

/**
 * Undoes the codings named in a `Content-Encoding` value.
 *
 * @param body the body as received
 * @param encoding the header value, lower case, e.g. `gzip` or `deflate, br`
 * @param maxBytes limit on the decoded size (a small gzip can expand a thousandfold)
 * @returns the decoded bytes, or `body` itself when no coding applies
 * @throws {MalformedResponseError} with k6's code 1701 when a coding does not decode
 * @example
 * ```ts
 * import { decodeContent } from "./content_encoding.ts";
 * import { gzipSync } from "node:zlib";
 * import assert from "node:assert/strict";
 * const packed = gzipSync(new TextEncoder().encode("hello"));
 * assert.equal(new TextDecoder().decode(decodeContent(packed, "gzip", 1024)), "hello");
 * assert.throws(() => decodeContent(new Uint8Array([1, 2, 3]), "gzip", 1024), { code: 1701 });
 * ```
 */
export function decodeContent(body: Uint8Array, encoding: string, maxBytes: number): Uint8Array {
  const codings = encoding.includes(",") ? encoding.split(",") : [encoding];
  let bytes = body;
  for (let i = codings.length - 1; i >= 0; i--) {
    const coding = (codings[i] as string).trim();
    // zlib's option is an integer byte count; beyond 2^31 it is as good as unlimited here.
    const options = { maxOutputLength: Math.min(maxBytes, 2 ** 31 - 1) };
    try {
      switch (coding) {
        case "gzip":
        case "x-gzip":
          bytes = gunzipSync(bytes, options);
          break;
        case "deflate":
          bytes = inflateSync(bytes, options);
          break;
        case "br":
          bytes = brotliDecompressSync(bytes, options);
          break;
        case "zstd":
          bytes = zstdDecompressSync(bytes, options);
          break;
        default:
          // k6 leaves a coding it does not know as it is.
          break;
      }
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const tooBig = (error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE";
      throw tooBig
        ? new MalformedResponseError(
          `Response body exceeds maxBodyBytes (${maxBytes} bytes) when decompressed`,
        )
        : new MalformedResponseError(
          `error decompressing response body (${detail})`,
          K6_ERROR_CODES.responseDecompressionErrorCode,
        );
    }
  }
  return bytes;
}
