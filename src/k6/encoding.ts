/**
 * k6/encoding: base64 as k6 does it with Go's encoding/base64 (RFC 4648) — `std` and `url` alphabets, with
 * (`std`, `url`) or without (`rawstd`, `rawurl`) `=` padding, strict about padding as Go's decoder is,
 * ignoring only CR and LF. A decoding error throws, as k6 throws Go's error.
 *
 * @module
 */
import { bytesOf } from "./bytes.ts";

/** k6's encodings. */
export type Base64Variant = "std" | "rawstd" | "url" | "rawurl";

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function variant(encoding: string | undefined): { alphabet: string; padded: boolean } {
  switch (encoding) {
    case "rawstd":
      return { alphabet: STD, padded: false };
    case "url":
      return { alphabet: URL_SAFE, padded: true };
    case "rawurl":
      return { alphabet: URL_SAFE, padded: false };
    default: // "std", and anything else, as in k6
      return { alphabet: STD, padded: true };
  }
}

/**
 * Encodes a string (as UTF-8) or bytes in base64.
 *
 * @param input what to encode
 * @param encoding `std` (default), `rawstd`, `url` or `rawurl`
 * @returns the base64 text
 * @example
 * ```ts
 * import { b64encode } from "./encoding.ts";
 * import assert from "node:assert/strict";
 * assert.equal(b64encode("hello world"), "aGVsbG8gd29ybGQ=");
 * assert.equal(b64encode("hello world", "rawurl"), "aGVsbG8gd29ybGQ");
 * ```
 */
export function b64encode(input: string | ArrayBuffer, encoding?: Base64Variant): string {
  const bytes = bytesOf(input, "b64encode");
  const { alphabet, padded } = variant(encoding);
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (padded ? "==" : "");
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (padded ? "=" : "");
  }
  return out;
}

/**
 * Decodes base64 text.
 *
 * @param input the base64 text
 * @param encoding `std` (default), `rawstd`, `url` or `rawurl`
 * @param format `"s"` for a string (the bytes read as UTF-8); otherwise an ArrayBuffer
 * @returns the decoded bytes or string
 * @throws Error naming the first byte that is not valid for the encoding, as Go's decoder does
 * @example
 * ```ts
 * import { b64decode } from "./encoding.ts";
 * import assert from "node:assert/strict";
 * assert.equal(b64decode("aGVsbG8gd29ybGQ=", "std", "s"), "hello world");
 * assert.equal(new Uint8Array(b64decode("aGk", "rawstd")).length, 2);
 * assert.throws(() => b64decode("aGk", "std"), /illegal base64 data at input byte 0/);
 * ```
 */
export function b64decode(input: string, encoding?: Base64Variant): ArrayBuffer;
export function b64decode(input: string, encoding: Base64Variant, format: "s"): string;
export function b64decode(input: string, encoding?: Base64Variant, format?: string): ArrayBuffer | string {
  const bytes = decode(String(input), variant(encoding));
  return format === "s" ? new TextDecoder().decode(bytes) : bytes.buffer as ArrayBuffer;
}

function decode(text: string, { alphabet, padded }: { alphabet: string; padded: boolean }): Uint8Array {
  const illegal = (at: number) => new Error(`illegal base64 data at input byte ${at}`);
  // Go's decoder skips CR and LF anywhere; positions in errors count them.
  const values: number[] = [];
  const positions: number[] = [];
  let padding = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\r" || c === "\n") continue;
    if (c === "=") {
      if (!padded) throw illegal(i);
      if (padding === -1) padding = values.length;
      positions.push(i);
      values.push(-1);
      continue;
    }
    const value = alphabet.indexOf(c);
    if (value === -1 || padding !== -1) throw illegal(i);
    positions.push(i);
    values.push(value);
  }
  const data = padding === -1 ? values.length : padding;
  if (padded) {
    // Whole quantums of 4, with padding only to fill the last one (2 or 1 data characters short).
    // As Go's decodeQuantum reports it: an unpadded last quantum at its start, a half-padded one at the end.
    if (values.length % 4 !== 0) {
      throw illegal(
        padding === -1 ? positions[values.length - (values.length % 4)] ?? text.length : text.length,
      );
    }
    const pads = values.length - data;
    if (pads > 2 || (pads > 0 && (data % 4) + pads !== 4)) throw illegal(positions[data] ?? text.length);
  }
  if (data % 4 === 1) throw illegal(positions[data - 1] ?? text.length);
  const out = new Uint8Array(Math.floor((data * 6) / 8));
  let o = 0;
  for (let i = 0; i < data; i += 4) {
    const a = values[i]!;
    const b = values[i + 1]!;
    const c = i + 2 < data ? values[i + 2]! : 0;
    const d = i + 3 < data ? values[i + 3]! : 0;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    if (i + 2 < data) out[o++] = (n >> 8) & 255;
    if (i + 3 < data) out[o++] = n & 255;
  }
  return out;
}

export default { b64encode, b64decode };
