/**
 * The one conversion k6's modules share (`common.ToBytes` in k6): a string as UTF-8, an ArrayBuffer or a
 * typed array as its bytes.
 *
 * @module
 */

/**
 * The bytes of a k6 data argument.
 *
 * @param input a string, ArrayBuffer or view
 * @param caller named in the error (`b64encode`, `http.file`, …)
 * @returns the bytes (a view, not a copy, of a buffer given)
 * @throws TypeError naming the caller for anything else
 * @example
 * ```ts
 * import { bytesOf } from "./bytes.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(bytesOf("hé", "x"), new Uint8Array([104, 195, 169]));
 * assert.throws(() => bytesOf(42 as unknown as string, "b64encode"), /b64encode: expected a string/);
 * ```
 */
export function bytesOf(input: string | ArrayBuffer | ArrayBufferView, caller: string): Uint8Array {
  if (typeof input === "string") return new TextEncoder().encode(input);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError(`${caller}: expected a string or an ArrayBuffer, got ${typeof input}`);
}
