/**
 * Reading request bodies with a size limit enforced while they stream, so an oversized body is refused
 * after `limit` bytes rather than after it has been buffered whole.
 *
 * @module
 */

/** A body over its limit; the routes answer 413. */
export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/**
 * Reads a request body as text, refusing it past `limit` bytes (by Content-Length up front, and by
 * counting while reading, for chunked bodies that declare none).
 *
 * @param request the request
 * @param limit the most bytes accepted
 * @returns the body text ("" for none)
 * @throws {BodyTooLargeError} past the limit
 * @example
 * ```ts
 * import { BodyTooLargeError, readBodyText } from "./body.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await readBodyText(new Request("http://x", { method: "POST", body: "hi" }), 10), "hi");
 * await assert.rejects(readBodyText(new Request("http://x", { method: "POST", body: "x".repeat(11) }), 10), BodyTooLargeError);
 * ```
 */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw tooLarge(limit);
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function tooLarge(limit: number): BodyTooLargeError {
  return new BodyTooLargeError(`Request body too large: expected at most ${limit} bytes`);
}
