/**
 * Request body compression, k6's `compression` param (`compressBody` in k6's
 * `lib/netext/httpext/compression.go`): gzip, deflate (zlib's format, as Go's `compress/zlib`), br and
 * zstd, applied in the order named, with the `Content-Encoding` they add up to.
 *
 * node:zlib's synchronous functions do the work: request bodies are small, and one native call costs
 * less than a stream's promises. Deno's node:zlib has all four, zstd included.
 *
 * @module
 */
import { brotliCompressSync, deflateSync, gzipSync, zstdCompressSync } from "node:zlib";

/** k6's compression types, in the order its error message lists them. */
const ALGORITHMS = ["gzip", "deflate", "zstd", "br"] as const;

/** A compression algorithm k6 accepts. */
export type CompressionAlgorithm = typeof ALGORITHMS[number];

const COMPRESS: Record<CompressionAlgorithm, (bytes: Uint8Array) => Uint8Array> = {
  gzip: gzipSync,
  deflate: deflateSync,
  zstd: zstdCompressSync,
  br: brotliCompressSync,
};

/**
 * Reads a `compression` param as k6 does: the value as a string, trimmed; empty means none; else
 * algorithms separated by commas, each trimmed and named exactly (`"gzip, br"`).
 *
 * @param value the param's value
 * @returns the algorithms in order, none for an empty value
 * @throws {Error} with k6's message for a name it does not know
 * @example
 * ```ts
 * import { parseCompression } from "./request_compression.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseCompression(" gzip , br"), ["gzip", "br"]);
 * assert.deepEqual(parseCompression(""), []);
 * assert.throws(() => parseCompression("xz"), {
 *   message: "unknown compression algorithm xz, supported algorithms are [gzip deflate zstd br]",
 * });
 * ```
 */
export function parseCompression(value: unknown): CompressionAlgorithm[] {
  const text = String(value).trim();
  if (text === "") return [];
  return text.split(",").map((name) => {
    const algorithm = name.trim();
    if (!(ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw new Error(
        `unknown compression algorithm ${algorithm}, supported algorithms are [${ALGORITHMS.join(" ")}]`,
      );
    }
    return algorithm as CompressionAlgorithm;
  });
}

/**
 * Compresses a body with each algorithm in turn, as k6's `compressBody`.
 *
 * @param body the body as the script gave it (a string is UTF-8)
 * @param algorithms from `parseCompression`, at least one
 * @returns the compressed bytes and the `Content-Encoding` naming what was applied, e.g. `gzip, br`
 * @example
 * ```ts
 * import { compressBody } from "./request_compression.ts";
 * import { brotliDecompressSync, gunzipSync } from "node:zlib";
 * import assert from "node:assert/strict";
 * const { body, contentEncoding } = compressBody("hello", ["gzip", "br"]);
 * assert.equal(contentEncoding, "gzip, br");
 * assert.equal(gunzipSync(brotliDecompressSync(body)).toString(), "hello");
 * ```
 */
export function compressBody(
  body: string | Uint8Array,
  algorithms: readonly CompressionAlgorithm[],
): { body: Uint8Array; contentEncoding: string } {
  let bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  for (const algorithm of algorithms) bytes = COMPRESS[algorithm](bytes);
  return { body: bytes, contentEncoding: algorithms.join(", ") };
}
