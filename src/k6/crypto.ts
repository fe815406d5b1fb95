/**
 * k6/crypto: hashes, HMAC and random bytes, as k6 gives them, over Node's crypto (which Deno provides).
 * Scripts sign requests with it (`crypto.hmac("sha256", secret, payload, "base64")`).
 *
 * @module
 */
import { createHash as nodeHash, createHmac as nodeHmac, randomBytes as nodeRandomBytes } from "node:crypto";
import type { Buffer } from "node:buffer";
import { bytesOf } from "./bytes.ts";

/** k6's algorithm names. */
export type Algorithm =
  | "md4"
  | "md5"
  | "sha1"
  | "sha256"
  | "sha384"
  | "sha512"
  | "sha512_224"
  | "sha512_256"
  | "ripemd160";

/** `hex`, `base64`, `base64url` (padded), `base64rawurl` (unpadded) give text; `binary` an ArrayBuffer. */
export type OutputEncoding = "hex" | "base64" | "base64url" | "base64rawurl" | "binary";

const NODE_NAMES: Record<string, string> = {
  md4: "md4",
  md5: "md5",
  sha1: "sha1",
  sha256: "sha256",
  sha384: "sha384",
  sha512: "sha512",
  sha512_224: "sha512-224",
  sha512_256: "sha512-256",
  ripemd160: "ripemd160",
};

function algorithmOf(name: string): string {
  const algorithm = NODE_NAMES[String(name).toLowerCase()];
  if (algorithm === undefined) throw new Error(`invalid algorithm: ${name}`);
  return algorithm;
}

function encode(digest: Buffer, encoding: string | undefined): string | ArrayBuffer {
  switch (encoding ?? "binary") {
    case "hex":
      return digest.toString("hex");
    case "base64":
      return digest.toString("base64");
    case "base64url": // Go's URLEncoding, padded, as k6 uses it
      return digest.toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    case "base64rawurl":
      return digest.toString("base64url");
    case "binary":
      return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) as ArrayBuffer;
    default:
      throw new Error(`invalid output encoding: ${encoding}`);
  }
}

/** An incremental hash or HMAC (k6's Hasher). */
export class Hasher {
  readonly #hash: ReturnType<typeof nodeHash>;

  /** @internal */
  constructor(hash: ReturnType<typeof nodeHash>) {
    this.#hash = hash;
  }

  /** Adds data (a string is hashed as UTF-8). */
  update(input: string | ArrayBuffer): void {
    this.#hash.update(bytesOf(input, "k6/crypto"));
  }

  /** The digest in an encoding (see OutputEncoding). */
  digest(encoding?: OutputEncoding): string | ArrayBuffer {
    return encode(this.#hash.digest() as Buffer, encoding);
  }
}

/**
 * A hasher for `algorithm`.
 *
 * @param algorithm one of k6's names (`sha256`, `sha512_256`, …)
 * @returns the hasher
 */
export function createHash(algorithm: Algorithm): Hasher {
  return new Hasher(nodeHash(algorithmOf(algorithm)));
}

/**
 * An HMAC hasher for `algorithm` with `secret`.
 *
 * @param algorithm one of k6's names
 * @param secret the key
 * @returns the hasher
 */
export function createHMAC(algorithm: Algorithm, secret: string | ArrayBuffer): Hasher {
  return new Hasher(
    nodeHmac(algorithmOf(algorithm), bytesOf(secret, "k6/crypto")) as unknown as ReturnType<typeof nodeHash>,
  );
}

/**
 * The HMAC of `data` with `secret`, in `outputEncoding`.
 *
 * @example
 * ```ts
 * import { hmac } from "./crypto.ts";
 * import assert from "node:assert/strict";
 * // RFC 4231 test case 2
 * assert.equal(
 *   hmac("sha256", "Jefe", "what do ya want for nothing?", "hex"),
 *   "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
 * );
 * ```
 */
export function hmac(
  algorithm: Algorithm,
  secret: string | ArrayBuffer,
  data: string | ArrayBuffer,
  outputEncoding: OutputEncoding,
): string | ArrayBuffer {
  const hasher = createHMAC(algorithm, secret);
  hasher.update(data);
  return hasher.digest(outputEncoding);
}

function hashWith(algorithm: Algorithm) {
  return (input: string | ArrayBuffer, outputEncoding: OutputEncoding): string | ArrayBuffer => {
    const hasher = createHash(algorithm);
    hasher.update(input);
    return hasher.digest(outputEncoding);
  };
}

/** MD4 of the input. */
export const md4 = hashWith("md4");
/** MD5 of the input. */
export const md5 = hashWith("md5");
/** SHA-1 of the input. */
export const sha1 = hashWith("sha1");
/** SHA-256 of the input. */
export const sha256 = hashWith("sha256");
/** SHA-384 of the input. */
export const sha384 = hashWith("sha384");
/** SHA-512 of the input. */
export const sha512 = hashWith("sha512");
/** SHA-512/224 of the input. */
export const sha512_224 = hashWith("sha512_224");
/** SHA-512/256 of the input. */
export const sha512_256 = hashWith("sha512_256");
/** RIPEMD-160 of the input. */
export const ripemd160 = hashWith("ripemd160");

/**
 * Cryptographically random bytes.
 *
 * @param size how many
 * @returns them, in an ArrayBuffer
 */
export function randomBytes(size: number): ArrayBuffer {
  const bytes = nodeRandomBytes(size);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export default {
  createHash,
  createHMAC,
  hmac,
  md4,
  md5,
  sha1,
  sha256,
  sha384,
  sha512,
  sha512_224,
  sha512_256,
  ripemd160,
  randomBytes,
};
