/**
 * HTTP Digest authentication (RFC 7616) for k6's `auth: "digest"`: the challenge of a 401's
 * `WWW-Authenticate` and the `Authorization` that answers it, as Go's digest transport in k6 computes
 * it (MD5 by default, qop `auth`, nonce count 1, a fresh cnonce), plus the `-sess` and SHA-256 and
 * SHA-512-256 algorithms, `auth-int` and `userhash` of RFC 7616, and SHA-512 as recent k6 answers it.
 *
 * Pure apart from the random cnonce, which a caller may pass in.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** A Digest challenge from `WWW-Authenticate`, with its parameters as sent. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | undefined;
  /** As the server wrote it (`MD5`, `SHA-256-sess`, …); undefined when it named none (MD5). */
  algorithm: string | undefined;
  /** The qop values offered (`auth`, `auth-int`); empty for an RFC 2069 challenge without qop. */
  qop: string[];
  userhash: boolean;
}

/** What the answer to a challenge is computed from. */
export interface DigestRequest {
  method: string;
  /** The request target: path and query, as on the request line. */
  uri: string;
  username: string;
  password: string;
  /** The body as sent, for qop `auth-int`. */
  body?: Uint8Array | undefined;
  /** The client nonce; a random one by default. */
  cnonce?: string | undefined;
}

/** node:crypto's names of the hashes RFC 7616 allows, by the algorithm's name without `-sess`. */
const HASHES: Record<string, string> = {
  "MD5": "md5",
  "SHA-256": "sha256",
  "SHA-512-256": "sha512-256",
  // Not in RFC 7616, but the digest library of recent k6 answers it.
  "SHA-512": "sha512",
};

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;

/**
 * The auth-param lists of each challenge in a `WWW-Authenticate` value, which may hold several
 * (`Basic realm="a", Digest realm="b", nonce="n"`, as repeated headers are joined).
 */
function parseChallenges(header: string): { scheme: string; params: Map<string, string> }[] {
  const challenges: { scheme: string; params: Map<string, string> }[] = [];
  let at = 0;
  const skip = (chars: RegExp) => {
    while (at < header.length && chars.test(header[at]!)) at++;
  };
  const token = (): string | null => {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(header);
    if (match === null) return null;
    at += match[0].length;
    return match[0];
  };
  const value = (): string => {
    if (header[at] !== '"') return token() ?? "";
    let out = "";
    for (at++; at < header.length && header[at] !== '"'; at++) {
      if (header[at] === "\\" && at + 1 < header.length) at++;
      out += header[at];
    }
    at++; // the closing quote
    return out;
  };
  while (at < header.length) {
    skip(/[\s,]/);
    const scheme = token();
    if (scheme === null) {
      at++; // not a challenge: step over the character
      continue;
    }
    const params = new Map<string, string>();
    challenges.push({ scheme, params });
    for (;;) {
      skip(/[\s,]/);
      const start = at;
      const name = token();
      skip(/[ \t]/);
      if (name === null || header[at] !== "=") {
        at = start; // the next challenge's scheme
        break;
      }
      at++;
      skip(/[ \t]/);
      params.set(name.toLowerCase(), value());
      // Anything else up to the next comma (a token68's padding, say) is not a parameter.
      while (at < header.length && header[at] !== ",") at++;
    }
  }
  return challenges;
}

/** Whether Vigil can answer a challenge: a known algorithm, and qop `auth`, `auth-int` or none. */
function canAnswer(challenge: DigestChallenge): boolean {
  const algorithm = (challenge.algorithm ?? "MD5").toUpperCase().replace(/-SESS$/, "");
  if (!(algorithm in HASHES)) return false;
  return challenge.qop.length === 0 || challenge.qop.includes("auth") || challenge.qop.includes("auth-int");
}

/**
 * Finds the first Digest challenge Vigil can answer in a `WWW-Authenticate` value.
 *
 * @param header the header's value (repeated headers joined with ", ")
 * @returns the challenge, or null when there is none to answer
 * @example
 * ```ts
 * import { findDigestChallenge } from "./digest_auth.ts";
 * import assert from "node:assert/strict";
 * const challenge = findDigestChallenge('Basic realm="x", Digest realm="a, b", nonce="n1", qop="auth,auth-int"');
 * assert.equal(challenge?.realm, "a, b");
 * assert.deepEqual(challenge?.qop, ["auth", "auth-int"]);
 * assert.equal(findDigestChallenge('Digest realm="a", nonce="n", algorithm=SHA-1'), null);
 * ```
 */
export function findDigestChallenge(header: string): DigestChallenge | null {
  for (const { scheme, params } of parseChallenges(header)) {
    if (scheme.toLowerCase() !== "digest") continue;
    const challenge: DigestChallenge = {
      realm: params.get("realm") ?? "",
      nonce: params.get("nonce") ?? "",
      opaque: params.get("opaque"),
      algorithm: params.get("algorithm"),
      qop: (params.get("qop") ?? "").split(",").map((q) => q.trim()).filter((q) => q !== ""),
      userhash: params.get("userhash")?.toLowerCase() === "true",
    };
    if (canAnswer(challenge)) return challenge;
  }
  return null;
}

/** A quoted-string, its quotes and backslashes escaped. */
const quote = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * The `Authorization` value answering a challenge (RFC 7616 section 3.4): `response` is
 * H(HA1:nonce:nc:cnonce:qop:HA2) with qop, H(HA1:nonce:HA2) without (RFC 2069); HA1 is
 * H(user:realm:password), for a `-sess` algorithm H(that:nonce:cnonce); HA2 is H(method:uri), for
 * `auth-int` H(method:uri:H(body)). `auth` is preferred when both are offered; the nonce count is 1.
 *
 * @param challenge from `findDigestChallenge`
 * @param request the request's method, target, credentials (and body, cnonce)
 * @returns the header value, `Digest username="…", …`
 * @example
 * ```ts
 * import { digestAuthorization, findDigestChallenge } from "./digest_auth.ts";
 * import assert from "node:assert/strict";
 * // RFC 2617's example.
 * const challenge = findDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", ' +
 *   'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')!;
 * const header = digestAuthorization(challenge, {
 *   method: "GET", uri: "/dir/index.html", username: "Mufasa", password: "Circle Of Life", cnonce: "0a4f113b",
 * });
 * assert.match(header, /response="6629fae49393a05397450978507c4ef1"/);
 * ```
 */
export function digestAuthorization(challenge: DigestChallenge, request: DigestRequest): string {
  const name = (challenge.algorithm ?? "MD5").toUpperCase();
  const session = name.endsWith("-SESS");
  const hashName = HASHES[session ? name.slice(0, -5) : name];
  if (hashName === undefined) {
    throw new RangeError(
      `Unsupported digest algorithm "${challenge.algorithm}": expected MD5, SHA-256, SHA-512-256 or SHA-512`,
    );
  }
  const hash = (...parts: string[]) => createHash(hashName).update(parts.join(":")).digest("hex");
  const qop = challenge.qop.length === 0 ? undefined : challenge.qop.includes("auth") ? "auth" : "auth-int";
  const cnonce = request.cnonce ?? Array.from(
    crypto.getRandomValues(new Uint8Array(8)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  const nc = "00000001";
  let ha1 = hash(request.username, challenge.realm, request.password);
  if (session) ha1 = hash(ha1, challenge.nonce, cnonce);
  const ha2 = qop === "auth-int"
    ? hash(request.method, request.uri, createHash(hashName).update(request.body ?? "").digest("hex"))
    : hash(request.method, request.uri);
  const response = qop === undefined
    ? hash(ha1, challenge.nonce, ha2)
    : hash(ha1, challenge.nonce, nc, cnonce, qop, ha2);
  const username = challenge.userhash ? hash(request.username, challenge.realm) : request.username;
  const parts = [
    `username=${quote(username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(request.uri)}`,
    `response=${quote(response)}`,
  ];
  if (challenge.algorithm !== undefined) parts.push(`algorithm=${challenge.algorithm}`);
  if (qop !== undefined) parts.push(`cnonce=${quote(cnonce)}`);
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (qop !== undefined) parts.push(`qop=${qop}`, `nc=${nc}`);
  if (challenge.userhash) parts.push("userhash=true");
  return `Digest ${parts.join(", ")}`;
}
